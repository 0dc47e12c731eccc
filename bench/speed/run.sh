#!/usr/bin/env bash
# Simulation speed (issue 18 item 5): bench/speed/run.sh [OUT_DIR]   (default build/bench/speed)
# 1. The default `snapgen run` (the README's main job: the spike run and its three baselines, 256
#    vectors each), trained and built beforehand so only simulation and checking are timed, four
#    ways: one process at a time (-j 1) or the baselines beside the main run (-j 2), with plain or
#    profile-guided models (--pgo), alternating, REPEATS (default 2) times each. Wall time of the
#    whole run, and the main run's simulated cycles/s from its report (-j 1: no other simulation
#    beside it). All reports must agree number for number (simulation section aside), or the bench
#    fails. "-j 1, plain" is the default run as it was when issue 18 was filed (but for the
#    runner's own speed-ups), so its ratios are the ones the issue asks for.
# 2. The 8x8 NoC at half saturation beside BookSim's ~11k cycles/s: bench_noc_8's BookSim table
#    (bench/noc/run.sh writes it; this script reads OUT_DIR/../noc/noc_booksim.json if present).
# Prints a table; writes OUT_DIR/speed.json. Ratios come from runs made in this one invocation.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup speed "${1:-}" snapgen
snapgen=$build/snapgen
repeats=${REPEATS:-2}
modes=(j1 j2 j1pgo j2pgo)
declare -A args=([j1]="-j 1" [j2]="-j 2" [j1pgo]="-j 1 --pgo" [j2pgo]="-j 2 --pgo")
declare -A label=([j1]="-j 1, plain models" [j2]="-j 2, plain models"
                  [j1pgo]="-j 1, profile-guided (--pgo)" [j2pgo]="-j 2, profile-guided (--pgo)")

# Warm-up: trains (once per machine) and builds the four plain and the four profile-guided models.
for m in j2 j2pgo; do
  # shellcheck disable=SC2086
  "$snapgen" run ${args[$m]} --json "$out/warm_$m.json" > "$out/warm_$m.log" 2>&1 || { tail "$out/warm_$m.log"; exit 1; }
done
declare -A wall sum
for m in "${modes[@]}"; do sum[$m]=0; done
for ((r = 1; r <= repeats; r++)); do
  for m in "${modes[@]}"; do
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$snapgen" run ${args[$m]} --json "$out/run_${m}_$r.json" > "$out/run_${m}_$r.log" 2>&1
    t1=$(date +%s.%N)
    wall[$m,$r]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    sum[$m]=$(awk -v s="${sum[$m]}" -v w="${wall[$m,$r]}" 'BEGIN { print s + w }')
  done
done
# The same numbers whichever way the runs were scheduled and the models compiled.
python3 "$(dirname "$0")/reports.py" same bench/speed "$out"/run_*_1.json
# The main run's cycles/s, mean over the repeats.
cps() {
  local m=$1 s=0
  for ((r = 1; r <= repeats; r++)); do
    s=$(awk -v s="$s" -v c="$(python3 "$(dirname "$0")/reports.py" cps "$out/run_${m}_$r.json")" 'BEGIN { print s + c }')
  done
  awk -v s="$s" -v n="$repeats" 'BEGIN { printf "%.0f", s / n }'
}
declare -A mean rate
printf '%-44s %10s %14s %12s %12s\n' "default snapgen run (4 simulations, 256 vectors)" "wall s" "main cycles/s" "wall ratio" "cycles ratio"
for m in "${modes[@]}"; do
  mean[$m]=$(awk -v s="${sum[$m]}" -v n="$repeats" 'BEGIN { printf "%.2f", s / n }')
  rate[$m]=$(cps "$m")
  printf '%-44s %10s %14s %11.2fx %11.2fx\n' "${label[$m]}" "${mean[$m]}" "${rate[$m]}" \
    "$(awk -v a="${mean[j1]}" -v b="${mean[$m]}" 'BEGIN { print a / b }')" \
    "$(awk -v a="${rate[$m]}" -v b="${rate[j1]}" 'BEGIN { print a / b }')"
done
echo "(ratios against '-j 1, plain models'; means of $repeats alternating runs each; cycles/s of the main run)"
# Build times of the warm-up's models, plain against profile-guided (each pair built the same way:
# two at a time beside each other); null where the model was cached before this bench.
builds=$(python3 - "$out/warm_j2.json" "$out/warm_j2pgo.json" <<'PY'
import json, sys
def times(path):
    j = json.load(open(path))
    runs = {"main": j["simulation"], **{b: r["simulation"] for b, r in j.get("baselines", {}).items()}}
    return {k: round(s["build_seconds"], 1) if s["model_built_now"] else None for k, s in runs.items()}
plain, pgo = (times(p) for p in sys.argv[1:])
print(json.dumps({k: {"plain": plain[k], "pgo": pgo.get(k)} for k in plain}))
for k in plain:
    f = lambda x: "cached" if x is None else f"{x} s"
    print(f"model build, {k}: {f(plain[k])} plain, {f(pgo.get(k))} profile-guided", file=sys.stderr)
PY
)

noc=$(realpath -m "$out/../noc/noc_booksim.json")
noc_json=null
if [ -f "$noc" ]; then
  noc_json=$(cat "$noc")
  grep -o '"snapgen_cycles_per_s_half_saturation": [0-9.e+]*\|"cycles_per_s_over_booksim": [0-9.e+]*' "$noc" | paste - - \
    | awk '{ printf "8x8 NoC at half saturation: %.0f cycles/s, %.2fx BookSim (11k cycles/s)\n", $2, $4 }'
else
  echo "(no $noc: run bench/noc/run.sh for the 8x8 NoC's speed beside BookSim)"
fi
runs_json=""
for m in "${modes[@]}"; do
  runs_json+="${runs_json:+, }\"$m\": {\"args\": \"${args[$m]}\", \"wall_seconds\": ${mean[$m]}, \"main_cycles_per_s\": ${rate[$m]}}"
done
cat > "$out/speed.json" <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "cores": $(nproc), "repeats": $repeats,
  "default_run": {$runs_json},
  "model_build_seconds": $builds,
  "noc_booksim": $noc_json
}
JSON
echo "wrote $out/speed.json"
