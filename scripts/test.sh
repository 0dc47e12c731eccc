#!/usr/bin/env bash
# The whole test suite: installs missing dependencies, builds everything (Verilator models
# included), runs ctest (labels fast, sim, synth) on all cores, then fuzzes the config loader
# for FUZZ_SECONDS (default 60). Non-zero exit on any failure. .ci/run calls this script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
start=$(date +%s)
scripts/setup.sh
JOBS=$jobs scripts/build.sh
# Label `long` (the README synth of every default top, hours of CPU) is not part of the suite.
(cd build && ctest -j "$jobs" --output-on-failure -LE long ${CTEST_ARGS:-})
fuzz/run.sh "${FUZZ_SECONDS:-60}"
echo "test.sh: all passed in $(( $(date +%s) - start ))s"
