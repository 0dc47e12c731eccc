#!/usr/bin/env bash
# Builds the libFuzzer config-loader target with clang + ASan/UBSan and fuzzes it for a bounded
# time (default 60 s). Seeds: fuzz/corpus, configs/, tests/bad/. Exits non-zero on any finding.
# Usage: fuzz/run.sh [seconds] [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
build=${2:-$root/build-fuzz}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSNAPGEN_TESTS=OFF -DSNAPGEN_FUZZ=ON \
  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" >/dev/null
cmake --build "$build" --target config_fuzzer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp "$root"/fuzz/corpus/* "$root"/configs/*.yaml "$root"/tests/bad/*.yaml "$work/corpus/"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/fuzz/config_fuzzer" "$work/corpus" -dict="$root/fuzz/config.dict" -max_total_time="$seconds" \
  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" -print_final_stats=1
if compgen -G "$work/artifacts/*" >/dev/null; then
  echo "fuzz: findings:"; ls "$work/artifacts"; exit 1
fi
echo "fuzz: ${seconds}s, no findings"
