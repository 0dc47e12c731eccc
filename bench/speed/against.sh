#!/usr/bin/env bash
# Simulation speed of this tree against an earlier revision (issue 18 item 5):
#   bench/speed/against.sh [REV] [OUT_DIR]   (default REV HEAD~1, OUT_DIR build/bench/speed_against)
# Builds snapgen at REV in a git worktree (OUT_DIR/rev, its own build directory), then runs the
# default config's spike run (`snapgen run -j 1 --no-baseline`, 256 vectors) with both binaries:
# one warm-up each (trains once per machine, builds each revision's model), then REPEATS (default
# 3) alternating runs each. Prints the main run's simulated cycles/s (the report's own figure)
# per run and the ratio of the means; fails when the two reports differ outside their simulation
# section (a speed-up must not change a result). Writes OUT_DIR/against.json. Use it for RTL or
# harness changes whose effect is below this machine's run-to-run noise in separate sessions.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup speed_against "${2:-}" snapgen
rev=${1:-HEAD~1}
repeats=${REPEATS:-3}
sha=$(git -C "$root" rev-parse --short "$rev")
wt=$out/rev
if [ ! -d "$wt" ] || [ "$(git -C "$wt" rev-parse --short HEAD 2>/dev/null)" != "$sha" ]; then
  git -C "$root" worktree remove --force "$wt" 2> /dev/null || rm -rf "$wt"
  git -C "$root" worktree prune
  git -C "$root" worktree add --detach "$wt" "$rev" > /dev/null
fi
cmake -S "$wt" -B "$wt/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSNAPGEN_TESTS=OFF > "$out/rev_build.log" 2>&1
cmake --build "$wt/build" --target snapgen >> "$out/rev_build.log" 2>&1 || { tail "$out/rev_build.log"; exit 1; }
declare -A bin=([base]="$wt/build/snapgen" [this]="$build/snapgen")
for v in base this; do
  "${bin[$v]}" run -j 1 --no-baseline --json "$out/warm_$v.json" > "$out/warm_$v.log" 2>&1 || { tail "$out/warm_$v.log"; exit 1; }
done
for ((r = 1; r <= repeats; r++)); do
  for v in base this; do
    "${bin[$v]}" run -j 1 --no-baseline --json "$out/run_${v}_$r.json" > "$out/run_${v}_$r.log" 2>&1 || { tail "$out/run_${v}_$r.log"; exit 1; }
  done
done
python3 "$(dirname "$0")/reports.py" same bench/speed/against "$out/run_base_1.json" "$out/run_this_1.json"
PYTHONPATH="$(dirname "$0")" python3 - "$out" "$repeats" "$sha" "$(git -C "$root" rev-parse --short HEAD)" <<'PY'
import json, sys
from reports import cycles_per_second
out, repeats, base_rev, this_rev = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rate = {v: [cycles_per_second(f"{out}/run_{v}_{r}.json") for r in range(1, repeats + 1)] for v in ("base", "this")}
mean = {v: sum(x) / len(x) for v, x in rate.items()}
print(f"{'default spike run (256 vectors, -j 1)':40} {'revision':>10} {'cycles/s per run':>36} {'mean':>10} {'ratio':>7}")
for v, name in (("base", base_rev), ("this", this_rev + " (tree)")):
    per = " ".join(f"{x:,.0f}" for x in rate[v])
    print(f"{v:40} {name:>10} {per:>36} {mean[v]:>10,.0f} {mean[v] / mean['base']:>6.2f}x")
print(f"(alternating runs, {repeats} each; the reports agree outside the simulation section)")
json.dump({"base_rev": base_rev, "this_rev": this_rev, "repeats": repeats,
           "cycles_per_second": rate, "mean": mean, "ratio": mean["this"] / mean["base"]},
          open(f"{out}/against.json", "w"), indent=1)
print(f"wrote {out}/against.json")
PY
