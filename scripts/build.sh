#!/usr/bin/env bash
# Configures and builds snapgen (and, unless SNAPGEN_TESTS=OFF, the test suite) into ./build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSNAPGEN_TESTS="${SNAPGEN_TESTS:-ON}" >/dev/null
cmake --build "$root/build" -j "$jobs" ${TARGETS:+--target $TARGETS}
