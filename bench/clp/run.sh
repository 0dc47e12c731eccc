#!/usr/bin/env bash
# CLP benchmark: bench/clp/run.sh [OUT_DIR]  (default build/bench/clp; SNAPGEN_BUILD_DIR overrides build/)
# Builds bench_clp, runs the sweep (prints the table, writes clp_sweep.csv/.json) and plots
# firing rate and RMSE vs theta with gnuplot (clp_sweep.png).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup clp "${1:-}" bench_clp
"$build/bench/clp/bench_clp" "$out"
gnuplot <<GP
set datafile separator ','
set terminal pngcairo size 1100,450 font ',10'
set output '$out/clp_sweep.png'
set multiplot layout 1,2 title 'CLP encoder, ReLU-normal 8-bit activations (sigma 64), 64 channels, subtract reset, no leak'
set logscale x 2
set xlabel 'threshold theta'
set ylabel 'firing rate (spikes / neuron / timestep)'
set key top right
plot for [t in "2 4 8 16"] '$out/clp_sweep.csv' every ::1 using (\$1==t ? \$3 : 1/0):4 with linespoints title 'T='.t
set ylabel 'reconstruction RMSE (activation units)'
set key top left
plot for [t in "2 4 8 16"] '$out/clp_sweep.csv' every ::1 using (\$1==t ? \$3 : 1/0):7 with linespoints title 'T='.t
unset multiplot
GP
echo "wrote $out/clp_sweep.csv $out/clp_sweep.json $out/clp_sweep.png"
