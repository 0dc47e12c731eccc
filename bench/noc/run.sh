#!/usr/bin/env bash
# NoC benchmark: bench/noc/run.sh [OUT_DIR]   (default build/bench/noc; SNAPGEN_BUILD_DIR overrides build/)
# 1. Verilator, 4x4 and 8x8 meshes (32-bit flits, depth 4, XY, 4-flit packets): latency vs offered
#    load for uniform random and transpose traffic, zero-load latency vs the analytic
#    2(h+1)+(L-1), saturation throughput vs the uniform bisection bound, simulated cycles/s.
#    Every point is scoreboard-checked (exactly once, intact, in order).
#    8x8 also: the BookSim comparison (uniform random, 1-flit and 4-flit packets, 1, 2 and 4
#    virtual channels allocated at the source and per hop: saturation, zero-load latency,
#    cycles/s at half saturation beside BookSim2's numbers quoted in issue 18), one table.
# 2. Yosys: generic cells and logic depth (ltp -noff) of one router, flit_bits 64 and 128,
#    buffer_depth 4 (`snapgen synth --generic-only`).
# Writes OUT_DIR/noc_4x4.{csv,json}, noc_8x8.{csv,json}, noc_booksim.json (+ noc_booksim_vc{2,4}{,_per_hop}.json), noc_latency.png,
# noc_router_synth.json.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup noc "${1:-}" bench_noc_4 bench_noc_8 bench_noc_8v2 bench_noc_8v4 bench_noc_8v2h bench_noc_8v4h snapgen
# The VC runs first: bench_noc_8 prints their rows with its own in the BookSim table.
for k in 8v2 8v4 8v2h 8v4h 4 8; do "$build/bench/noc/bench_noc_$k" "$out"; echo; done

gnuplot <<GP
set datafile separator ','
set terminal pngcairo size 1100,450 font ',10'
set output '$out/noc_latency.png'
set multiplot layout 1,2 title 'snapgen NoC: latency vs offered load (32-bit flits, depth 4, XY, 4-flit packets)'
set xlabel 'offered load (flits / node / cycle)'
set ylabel 'mean packet latency (cycles, incl. source queue)'
set logscale y
set yrange [5:2000]
set key top left
set title '4x4'
plot for [p in "uniform transpose"] '$out/noc_4x4.csv' every ::1 using (strcol(2) eq p ? \$3 : 1/0):5 with linespoints title p
set title '8x8'
plot for [p in "uniform transpose"] '$out/noc_8x8.csv' every ::1 using (strcol(2) eq p ? \$3 : 1/0):5 with linespoints title p
unset multiplot
GP

printf '\n%-12s %10s %8s %6s\n' router flit_bits cells depth
echo "[" > "$out/noc_router_synth.json"
sep=""
for fb in 64 128; do
  dir="$out/router_synth_$fb"
  "$build/snapgen" synth "$root/configs/hnn_2die.yaml" -P die.router.flit_bits=$fb -P die.router.buffer_depth=4 --module hnn_2die_router \
    --generic-only -o "$dir" > "$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  cells=$(grep -o '"generic_cells": [0-9]*' "$dir/synth.json" | head -1 | grep -o '[0-9]*$')
  depth=$(grep -o '"logic_depth": [0-9]*' "$dir/synth.json" | head -1 | grep -o '[0-9]*$')
  printf '%-12s %10s %8s %6s\n' hnn_2die_router "$fb" "$cells" "$depth"
  printf '%s  {"module": "router", "flit_bits": %s, "buffer_depth": 4, "generic_cells": %s, "ltp_noff_depth": %s}' \
    "$sep" "$fb" "$cells" "$depth" >> "$out/noc_router_synth.json"
  sep=$',\n'
done
printf '\n]\n' >> "$out/noc_router_synth.json"
echo "wrote $out/noc_4x4.{csv,json} $out/noc_8x8.{csv,json} $out/noc_latency.png $out/noc_router_synth.json"
