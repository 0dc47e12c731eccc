#!/usr/bin/env bash
# Simulation speed (issue 18 item 5): bench/speed/run.sh [OUT_DIR]   (default build/bench/speed)
# 1. The default `snapgen run` (the README's main job: the spike run and its three baselines, 256
#    vectors each), trained and built beforehand so only simulation and checking are timed: wall
#    time with one process at a time (-j 1) against the baselines beside the main run (-j 2),
#    alternating, REPEATS (default 2) times each; the main run's simulated cycles/s from its report.
#    Both reports must agree number for number (times aside), or the bench fails.
# 2. The 8x8 NoC at half saturation beside BookSim's ~11k cycles/s: bench_noc_8's BookSim table
#    (bench/noc/run.sh writes it; this script reads OUT_DIR/../noc/noc_booksim.json if present).
# Prints a table; writes OUT_DIR/speed.json. Ratios come from runs made in this one invocation.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup speed "${1:-}" snapgen
snapgen=$build/snapgen
repeats=${REPEATS:-2}

# Warm-up: trains (once per machine) and builds the four models.
"$snapgen" run -j 2 --json "$out/warm.json" > "$out/warm.log" 2>&1 || { tail "$out/warm.log"; exit 1; }
declare -A wall sum
for j in 1 2; do sum[$j]=0; done
for ((r = 1; r <= repeats; r++)); do
  for j in 1 2; do
    t0=$(date +%s.%N)
    "$snapgen" run -j "$j" --json "$out/run_j${j}_$r.json" > "$out/run_j${j}_$r.log" 2>&1
    t1=$(date +%s.%N)
    wall[$j,$r]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    sum[$j]=$(awk -v s="${sum[$j]}" -v w="${wall[$j,$r]}" 'BEGIN { print s + w }')
  done
done
# The same numbers whichever way the runs were scheduled.
python3 - "$out/run_j1_1.json" "$out/run_j2_1.json" <<'PY'
import json, sys
skip = {"sim_seconds", "cycles_per_second", "build_seconds", "model_built_now", "model_key", "result_file"}
def strip(j):
    if isinstance(j, dict): return {k: strip(v) for k, v in j.items() if k not in skip}
    if isinstance(j, list): return [strip(x) for x in j]
    return j
a, b = (strip(json.load(open(p))) for p in sys.argv[1:])
if a != b: sys.exit("bench/speed: -j 1 and -j 2 reports differ")
PY
cps() { grep -o '"cycles_per_second": [0-9.e+]*' "$1" | tail -1 | awk '{print $2}'; }
mean1=$(awk -v s="${sum[1]}" -v n="$repeats" 'BEGIN { printf "%.2f", s / n }')
mean2=$(awk -v s="${sum[2]}" -v n="$repeats" 'BEGIN { printf "%.2f", s / n }')
ratio=$(awk -v a="$mean1" -v b="$mean2" 'BEGIN { printf "%.2f", a / b }')
cps1=$(cps "$out/run_j1_1.json") cps2=$(cps "$out/run_j2_1.json")
printf '%-58s %10s %14s\n' "default snapgen run (4 simulations, 256 vectors each)" "wall s" "main cycles/s"
printf '%-58s %10s %14.0f\n' "-j 1: one simulation at a time" "$mean1" "$cps1"
printf '%-58s %10s %14.0f\n' "-j 2: baselines beside the main run" "$mean2" "$cps2"
echo "wall-time ratio -j1 / -j2: ${ratio}x (mean of $repeats alternating runs each)"

noc=$(realpath -m "$out/../noc/noc_booksim.json")
noc_json=null
if [ -f "$noc" ]; then
  noc_json=$(cat "$noc")
  grep -o '"snapgen_cycles_per_s_half_saturation": [0-9.e+]*\|"cycles_per_s_over_booksim": [0-9.e+]*' "$noc" | paste - - \
    | awk '{ printf "8x8 NoC at half saturation: %.0f cycles/s, %.2fx BookSim (11k cycles/s)\n", $2, $4 }'
else
  echo "(no $noc: run bench/noc/run.sh for the 8x8 NoC's speed beside BookSim)"
fi
cat > "$out/speed.json" <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "repeats": $repeats,
  "default_run": {"wall_seconds_j1": $mean1, "wall_seconds_j2": $mean2, "wall_ratio_j1_over_j2": $ratio,
                  "main_cycles_per_s_j1": $cps1, "main_cycles_per_s_j2": $cps2},
  "noc_booksim": $noc_json
}
JSON
echo "wrote $out/speed.json"
