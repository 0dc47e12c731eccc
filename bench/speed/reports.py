"""The speed benches' reading of `snapgen run --json` reports, shared by run.sh and against.sh.

A speed-up must not change a result, so two reports are compared with their "simulation" section
(wall time, cycles/s) left out; the main run's simulated cycles/s is that section's own figure.
  reports.py same WHO REPORT...   exits non-zero naming the first report that differs
  reports.py cps REPORT           prints the report's simulated cycles/s
"""
import json
import sys


def without_simulation(report):
    if isinstance(report, dict):
        return {k: without_simulation(v) for k, v in report.items() if k != "simulation"}
    if isinstance(report, list):
        return [without_simulation(x) for x in report]
    return report


def load(path):
    with open(path) as f:
        return json.load(f)


def check_same(who, paths):
    first, *rest = paths
    a = without_simulation(load(first))
    for p in rest:
        if without_simulation(load(p)) != a:
            sys.exit(f"{who}: {first} and {p} differ outside the simulation section")


def cycles_per_second(path):
    return load(path)["simulation"]["cycles_per_second"]


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "same":
        check_same(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 3 and sys.argv[1] == "cps":
        print(cycles_per_second(sys.argv[2]))
    else:
        sys.exit(__doc__)
