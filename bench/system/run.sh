#!/usr/bin/env bash
# System benchmark (issue 7): bench/system/run.sh [OUT_DIR]   (default build/bench/system)
# 1. Spike vs dense on the hnn_2die system across firing rates (CLP threshold, a runtime key) and
#    timesteps T (hardware: one model per T): `snapgen sweep bench/system/spike_vs_dense.yaml`.
#    Every point is checked bit-exactly against the golden model and runs its dense baseline in
#    the same process, so each ratio comes from one run. Ratios are dense / spike: > 1 = spike wins.
# 2. Simulation speed: the hnn_2die system in Verilator (cycles/s), and Verilator vs Icarus on the
#    smallest two-die system (configs/narrow_lanes.yaml, `snapgen run --icarus`: both simulators
#    in one run).
# Prints tables; writes OUT_DIR/spike_vs_dense.csv (the sweep's results.csv), system_bench.json and
# spike_vs_dense.png. Takes about 10-20 minutes cold (6 model builds), minutes warm.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup system "${1:-}" snapgen
snapgen=$build/snapgen

"$snapgen" sweep "$root/bench/system/spike_vs_dense.yaml" -o "$out/sweep" -j "${JOBS:-2}" > "$out/sweep.log" 2>&1 \
  || { echo "bench/system: sweep failed, see $out/sweep.log" >&2; exit 1; }
cp "$out/sweep/results.csv" "$out/spike_vs_dense.csv"

# Column numbers by name (results.csv has a header row).
col() { head -1 "$out/spike_vs_dense.csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
cT=$(col clp.timesteps) cth=$(col clp.threshold) cfr=$(col firing_rate) cex=$(col bit_exact)
cb=$(col ratio_d2d_bits) ce=$(col ratio_energy) cl=$(col ratio_latency)
echo "Spike vs dense, hnn_2die system (2 dies, 8 lanes, adaptive), 32 vectors per point; ratios dense/spike"
printf '%3s %9s %8s %9s %9s %9s %9s  %s\n' T threshold firing bit_exact d2d_bits energy latency verdict
awk -F, -v T="$cT" -v th="$cth" -v fr="$cfr" -v ex="$cex" -v b="$cb" -v e="$ce" -v l="$cl" 'NR > 1 {
  v = ($e > 1 && $l >= 1) ? "spike wins (energy and latency)" : ($e > 1) ? "spike wins energy, loses latency" : \
      ($l >= 1) ? "spike loses energy" : "spike loses";
  printf "%3s %9s %8.3f %9s %9.2f %9.3f %9.3f  %s\n", $T, $th, $fr, $ex, $b, $e, $l, v }' "$out/spike_vs_dense.csv" \
  | sort -n -k1,1 -k2,2 | tee "$out/spike_vs_dense.txt"

gnuplot <<GP
set datafile separator ','
set terminal pngcairo size 1100,450 font ',10'
set output '$out/spike_vs_dense.png'
set multiplot layout 1,2 title 'snapgen hnn_2die system: dense / spike ratios vs firing rate (> 1: spike wins)'
set xlabel 'firing rate (spikes / neuron / timestep)'
set key top right
set ylabel 'energy ratio (dense / spike)'
plot for [t in "2 4 8"] '$out/spike_vs_dense.csv' every ::1 using (column($cT) == t ? column($cfr) : 1/0):$ce with linespoints title 'T='.t, 1 with lines dt 2 notitle
set ylabel 'latency ratio (dense / spike)'
plot for [t in "2 4 8"] '$out/spike_vs_dense.csv' every ::1 using (column($cT) == t ? column($cfr) : 1/0):$cl with linespoints title 'T='.t, 1 with lines dt 2 notitle
unset multiplot
GP

# Simulation speed.
"$snapgen" run "$root/configs/hnn_2die.yaml" --no-baseline -P workload.inputs.count=64 --json "$out/speed_default.json" > "$out/speed_default.log" 2>&1
"$snapgen" run "$root/configs/narrow_lanes.yaml" --no-baseline --icarus -P workload.inputs.count=16 \
  --json "$out/speed_icarus.json" > "$out/speed_icarus.log" 2>&1
num() { grep -o "\"$2\": [0-9.e+-]*" "$1" | head -"${3:-1}" | tail -1 | awk '{print $2}'; }
vl_default=$(num "$out/speed_default.json" cycles_per_second)
# The report lists the "icarus" section before "simulation" (Verilator).
iv_narrow=$(num "$out/speed_icarus.json" cycles_per_second 1)
vl_narrow=$(num "$out/speed_icarus.json" cycles_per_second 2)
ratio=$(awk -v a="$vl_narrow" -v b="$iv_narrow" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')
echo
printf '%-44s %12s\n' "simulation speed" "cycles/s"
printf '%-44s %12.0f\n' "hnn_2die system, Verilator (64 vectors)" "$vl_default"
printf '%-44s %12.0f\n' "narrow_lanes system, Verilator (16 vectors)" "$vl_narrow"
printf '%-44s %12.0f\n' "narrow_lanes system, Icarus (same run)" "$iv_narrow"
echo "Verilator / Icarus speed ratio: ${ratio}x"

{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"cores\": $(nproc),"
  echo "  \"sweep\": \"bench/system/spike_vs_dense.yaml\", \"points_csv\": \"spike_vs_dense.csv\","
  echo "  \"speed\": {\"default_verilator_cycles_per_s\": $vl_default, \"narrow_verilator_cycles_per_s\": $vl_narrow,"
  echo "            \"narrow_icarus_cycles_per_s\": $iv_narrow, \"verilator_over_icarus\": $ratio}"
  echo "}"
} > "$out/system_bench.json"
echo "wrote $out/spike_vs_dense.csv $out/spike_vs_dense.png $out/system_bench.json"
