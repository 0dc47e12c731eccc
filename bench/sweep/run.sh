#!/usr/bin/env bash
# Sweep throughput: bench/sweep/run.sh [OUT_DIR]  (default build/bench/sweep; SNAPGEN_BUILD_DIR overrides build/)
# Runs the 16-point sweep bench/sweep/sixteen.yaml three times and reports points per hour:
#   cold  empty model cache, -j 1   (includes building the 2 models: hnn_2die + dense baseline)
#   warm  models cached,     -j 1
#   j2    models cached,     -j 2
# Prints a table and writes OUT_DIR/sweep_bench.json. Takes several minutes; not part of ctest.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup sweep "${1:-}" snapgen
sweep_file=$root/bench/sweep/sixteen.yaml
find "$out" -mindepth 1 -maxdepth 1 ! -name build.log -exec rm -rf {} +
export SNAPGEN_CACHE=$out/cache  # private cache: "cold" really is cold

rows=()
json_rows=()
for mode in cold warm j2; do
  jobs=1
  [ "$mode" = j2 ] && jobs=2
  start=$(date +%s.%N)
  "$build/snapgen" sweep "$sweep_file" -o "$out/$mode" -j "$jobs" > "$out/$mode.log" 2>&1 \
    || { echo "bench/sweep: the $mode sweep failed; see $out/$mode.log" >&2; exit 1; }
  end=$(date +%s.%N)
  points=$(grep -o '"points": [0-9]*' "$out/$mode/results.json" | head -1 | grep -o '[0-9]*$')
  built=$(grep -o '"models_built": [0-9]*' "$out/$mode/results.json" | grep -o '[0-9]*$')
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  per_hour=$(awk -v n="$points" -v s="$seconds" 'BEGIN { printf "%.0f", n * 3600 / s }')
  rows+=("$(printf '%-6s %4d %6d %10s %12s' "$mode" "$jobs" "$built" "$seconds" "$per_hour")")
  json_rows+=("{\"mode\": \"$mode\", \"jobs\": $jobs, \"points\": $points, \"models_built\": $built, \"seconds\": $seconds, \"points_per_hour\": $per_hour}")
done

echo "snapgen sweep throughput, 16-point sweep of the hnn_2die system ($(nproc) cores, $(date -u +%Y-%m-%d))"
printf '%-6s %4s %6s %10s %12s\n' mode jobs builds seconds points/hour
printf '%s\n' "${rows[@]}"
{
  echo "{\"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"cores\": $(nproc), \"sweep\": \"bench/sweep/sixteen.yaml\", \"runs\": ["
  (IFS=$'\n'; echo "${json_rows[*]}" | sed '$!s/$/,/')
  echo "]}"
} > "$out/sweep_bench.json"
echo "wrote $out/sweep_bench.json"
