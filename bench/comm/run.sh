#!/usr/bin/env bash
# Communication-bound bench (issue 16 item 5): bench/comm/run.sh [OUT_DIR]  (default build/bench/comm)
# Runs configs/ffn_2die.yaml, configs/ffn_4die.yaml and configs/pipeline_1lane.yaml
# (each says what it models) as
# sweeps over T in {2, 4} and the four D2D PHY presets; every point is checked bit-exactly against
# the golden model and runs its three baselines (dense 8-bit, zero-compressed dense_zc, low-bit
# lowbit) in the same process, so each ratio comes from one run. Ratios are baseline / spike:
# > 1 means spikes win.
# Prints one table; writes OUT_DIR/comm.csv (all points, the sweeps' results.csv columns),
# OUT_DIR/comm_bench.json and the three sweep directories. About an hour cold on 2 cores (24 model
# builds of 1-4 min each, 2026-12-04), a few minutes warm. Configs are overridable: CONFIGS="ffn_2die" bench/comm/run.sh
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup comm "${1:-}" snapgen
snapgen=$build/snapgen
configs=${CONFIGS:-"ffn_2die ffn_4die pipeline_1lane"}

rm -f "$out/comm.csv"
for c in $configs; do
  "$snapgen" sweep "$root/bench/comm/$c.yaml" -o "$out/$c" -j "${JOBS:-2}" > "$out/$c.log" 2>&1 \
    || { echo "bench/comm: sweep of $c failed, see $out/$c.log" >&2; exit 1; }
  # One CSV for all configs: the header once, then every config's rows with its name first.
  if [ ! -f "$out/comm.csv" ]; then echo "config,$(head -1 "$out/$c/results.csv")" > "$out/comm.csv"; fi
  tail -n +2 "$out/$c/results.csv" | sed "s/^/$c,/" >> "$out/comm.csv"
done

# One row per point and baseline. The dense baseline's columns are dense_* and ratio_*, the
# others' <b>_* and ratio_<b>_* (docs/sweep.md).
awk -F, -v json="$out/comm_bench.json" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
  function v(name) { return (name in col) ? $col[name] : "" }
  function num(x) { return x == "" ? "null" : x }
  BEGIN { printf "%-15s %2s %-19s %6s %5s %-9s %-9s %-9s %8s %8s %8s %8s %8s\n", "config", "T", "PHY preset", "firing",
          "exact", "spike_bn", "baseline", "base_bn", "d2d_bits", "d2d_pJ", "energy", "thruput", "zero_lat"
          printf "{\n  \"date\": \"%s\",\n  \"ratios\": \"baseline / spike (> 1: spikes win)\",\n  \"points\": [\n", date > json
          nb = split("dense dense_zc lowbit", bases, " ") }
  NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
  {
    for (k = 1; k <= nb; ++k) {
      b = bases[k]; p = b "_"; r = (b == "dense") ? "ratio_" : "ratio_" b "_"
      if (v(r "energy") == "") continue  # this baseline did not run
      d2d = (v("energy_d2d_pj") > 0) ? v(p "energy_d2d_pj") / v("energy_d2d_pj") : 0
      printf "%-15s %2s %-19s %6.3f %5s %-9s %-9s %-9s %8.2f %8.2f %8.3f %8.3f %8.3f\n", v("config"), v("clp.timesteps"),
             v("energy.preset"), v("firing_rate"), v("bit_exact"), v("bottleneck"), b, v(p "bottleneck"),
             v(r "d2d_bits"), d2d, v(r "energy"), v(r "throughput"), v(r "zero_load_latency")
      printf "%s    {\"config\": \"%s\", \"timesteps\": %s, \"preset\": \"%s\", \"firing_rate\": %s, \"bit_exact\": %s, " \
             "\"bottleneck\": \"%s\", \"baseline\": \"%s\", \"baseline_bottleneck\": \"%s\", \"ratio_d2d_bits\": %s, " \
             "\"ratio_d2d_energy\": %.6f, \"ratio_energy\": %s, \"ratio_throughput\": %s, \"ratio_zero_load_latency\": %s}",
             (n++ ? ",\n" : ""), v("config"), v("clp.timesteps"), v("energy.preset"), num(v("firing_rate")), v("bit_exact"),
             v("bottleneck"), b, v(p "bottleneck"), num(v(r "d2d_bits")), d2d, num(v(r "energy")), num(v(r "throughput")),
             num(v(r "zero_load_latency")) > json
    }
  }
  END { printf "\n  ]\n}\n" > json }' "$out/comm.csv" | tee "$out/comm.txt"
echo "ratios: baseline / spike (> 1: spikes win); baselines: dense 8-bit, dense_zc (zero-compressed), lowbit (requantized); bn = bottleneck stage"
echo "wrote $out/comm.csv $out/comm.txt $out/comm_bench.json"
