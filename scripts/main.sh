#!/usr/bin/env bash
# The main job: installs missing dependencies, builds snapgen, then `snapgen run` on the default
# configuration (or CONFIG and -P overrides given as arguments): generates the RTL package,
# builds the Verilator model (cached), simulates the workload bit-exactly against the golden
# model, runs the dense baseline, and prints the report (also written to out/report.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
TARGETS=snapgen scripts/build.sh
mkdir -p out
build/snapgen run "$@" --json out/report.json
echo "report: $root/out/report.json"
