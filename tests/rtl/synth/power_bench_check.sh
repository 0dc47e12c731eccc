#!/usr/bin/env bash
# Test of bench/power/run.sh (issue 16 item 1) on a small input: power_bench_check.sh <build_dir> <work_dir>
# Runs the bench on configs/hnn_2die.yaml with 4 vectors and only the CLP block (encoder and
# decoder: the two smallest syntheses), then checks power_bench.json: the block has both
# methods for the spike run, finite and positive (synthesized energy, total and data-dependent;
# event model at both nodes, with and without the leakage share);
# both methods give 0 for the dense run, which has no CLP; every top was timed under its
# simulated activity (activity_entries > 0, power > 0) and its synthesized energy per vector is
# power x instances x cycles x period / vectors.
set -euo pipefail
build=$1 work=$2
root=$(cd "$(dirname "$0")/../../.." && pwd)
rm -rf "$work"
SNAPGEN_BUILD_DIR=$build SNAPGEN_BENCH_PREBUILT=1 COUNT=4 BLOCKS=clp CONFIG=$root/configs/hnn_2die.yaml \
  "$root/bench/power/run.sh" "$work"
json=$work/power_bench.json
fail() { echo "power_bench_check: FAIL: $*" >&2; exit 1; }
block=$(grep '"block": "clp"' "$json") || fail "no clp block in $json"
num() { sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" <<< "$2"; }
pos() { awk -v v="$1" 'BEGIN { exit !(v ~ /^[0-9.eE+-]+$/ && v + 0 > 0 && v + 0 < 1e30) }'; }
for k in synth_spike synth_data_spike model_spike model_dynamic_spike node_spike node_dynamic_spike; do
  v=$(num "$k" "$block"); pos "$v" || fail "$k = '$v' is not a finite positive number"
done
for k in synth_dense synth_data_dense model_dense node_dense; do
  v=$(num "$k" "$block"); [ "$(awk -v v="$v" 'BEGIN { print (v == "0") }')" = 1 ] || fail "$k = '$v', expected 0 (no CLP in the dense run)"
done
vectors=$(sed -n 's/.*"vectors": \([0-9]*\).*/\1/p' "$json" | head -1)
n=0
while read -r top; do
  n=$((n + 1))
  for k in instances cycles activity_entries power_mw idle_power_mw period_ns; do
    v=$(num "$k" "$top"); pos "$v" || fail "$k = '$v' in $top"
  done
  awk -v p="$(num power_mw "$top")" -v i="$(num instances "$top")" -v c="$(num cycles "$top")" \
      -v t="$(num period_ns "$top")" -v e="$(num synth_pj_per_vector "$top")" -v n="$vectors" \
      'BEGIN { x = p * i * c * t / n; exit !(e > 0 && (e - x) ^ 2 <= (1e-6 * x) ^ 2) }' ||
    fail "synth_pj_per_vector is not power x instances x cycles x period / vectors in $top"
done < <(grep '"run": "spike"' "$json")
[ "$n" -eq 2 ] || fail "expected 2 spike tops (clp_encoder, clp_decoder), found $n"
echo "power_bench_check: ok ($(num synth_spike "$block") pJ/vector synthesized, $(num model_spike "$block") event model)"
