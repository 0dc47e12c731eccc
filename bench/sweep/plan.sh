#!/usr/bin/env bash
# Sweep planning time: bench/sweep/plan.sh [OUT_DIR] [SNAPGEN...]   (default build/bench/sweep_plan)
# Times `snapgen sweep --dry-run` (validate every point, elaborate it and its dense baseline, key
# their models; nothing is simulated) on a generated sweep of POINTS (default 400) points over
# runtime keys only (clp.threshold x workload.inputs.seed on the embedded default config: one
# hardware configuration and its baseline), and a hardware axis on top (d2d.lanes: 4 and 8, twice
# the points, 2 configurations). With several SNAPGEN binaries (e.g. an older build) each is timed
# in turn, REPEATS (default 2) alternating runs each; the listings must agree. Prints a table and
# writes OUT_DIR/sweep_plan.json. Seconds; not part of ctest.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup sweep_plan "${1:-}" snapgen
shift $(($# > 0 ? 1 : 0))
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$build/snapgen")
points=${POINTS:-400}
repeats=${REPEATS:-2}
side=$(awk -v n="$points" 'BEGIN { s = int(sqrt(n)); while (s * s < n) s++; print s }')
list() { seq "$1" "$2" | paste -sd, -; }
printf 'axes:\n  clp.threshold: [%s]\n  workload.inputs.seed: [%s]\n' "$(list 1 "$side")" "$(list 1 "$side")" > "$out/runtime.yaml"
printf 'axes:\n  d2d.lanes: [4, 8]\n  clp.threshold: [%s]\n  workload.inputs.seed: [%s]\n' \
  "$(list 1 "$side")" "$(list 1 "$side")" > "$out/hardware.yaml"
rows=() json_rows=()
for sweep in runtime hardware; do
  declare -A sum=()
  for ((r = 1; r <= repeats; r++)); do
    for i in "${!bins[@]}"; do
      t0=$(date +%s.%N)
      "${bins[$i]}" sweep "$out/$sweep.yaml" --dry-run -o "$out/plan_$sweep" > "$out/${sweep}_$i.txt"
      t1=$(date +%s.%N)
      sum[$i]=$(awk -v s="${sum[$i]:-0}" -v a="$t0" -v b="$t1" 'BEGIN { print s + b - a }')
      cmp -s "$out/${sweep}_0.txt" "$out/${sweep}_$i.txt" || { echo "bench/sweep/plan: listings differ: ${bins[0]} ${bins[$i]}" >&2; exit 1; }
    done
  done
  n=$(head -1 "$out/${sweep}_0.txt" | grep -o '[0-9]* points' | grep -o '[0-9]*')
  models=$(head -1 "$out/${sweep}_0.txt" | grep -o '[0-9]* distinct' | grep -o '[0-9]*')
  for i in "${!bins[@]}"; do
    secs=$(awk -v s="${sum[$i]}" -v r="$repeats" 'BEGIN { printf "%.2f", s / r }')
    ms=$(awk -v s="$secs" -v n="$n" 'BEGIN { printf "%.1f", 1000 * s / n }')
    rows+=("$(printf '%-9s %6d %6d %9s %11s  %s' "$sweep" "$n" "$models" "$secs" "$ms" "${bins[$i]}")")
    json_rows+=("{\"sweep\": \"$sweep\", \"points\": $n, \"models\": $models, \"seconds\": $secs, \"ms_per_point\": $ms, \"snapgen\": \"${bins[$i]}\"}")
  done
  unset sum
done
printf '%-9s %6s %6s %9s %11s  %s\n' sweep points models seconds ms/point snapgen
printf '%s\n' "${rows[@]}"
{
  echo "{\"bench\": \"sweep_plan\", \"repeats\": $repeats, \"rows\": ["
  printf '  %s,\n' "${json_rows[@]}" | sed '$ s/,$//'
  echo "]}"
} > "$out/sweep_plan.json"
echo "wrote $out/sweep_plan.json"
