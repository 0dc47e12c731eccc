#!/usr/bin/env bash
# EMIO benchmark: bench/emio/run.sh [OUT_DIR]   (default build/bench/emio)
# Bits on the wire per activation vector vs firing rate (0.5%..50%) for dense, bitmap, AER, Rice,
# adaptive (bitmap/AER/Rice) and rice_best_k (Rice with the best k per frame: what the RTL's
# spike-count k rule gives up), beside the
# entropy bound N*T*H(p); data-lane toggles and energy at 1 pJ/toggle (energy.d2d_pj_per_toggle
# default), and the RTL link's measured cycles/beats/utilization/toggles per vector. Two shapes: the default config (N=64, T=4, 8 lanes, CRC-16) and a wide one
# (N=256, T=8). Prints tables, writes CSV/JSON and a gnuplot PNG per shape.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup emio "${1:-}" bench_emio bench_emio_rtl_a bench_emio_rtl_c bench_emio_rtl_e bench_emio_rtl_f
"$build/bench/emio/bench_emio" "$out" 64 4 8 8 16 400 1.0 n64_t4
"$build/bench/emio/bench_emio" "$out" 256 8 8 8 16 200 1.0 n256_t8
for tag in n64_t4 n256_t8; do
  csv="$out/emio_bits_$tag.csv"
  # one data file per scheme (rate, frame bits, entropy bits) so gnuplot draws continuous lines
  for s in dense bitmap aer rice adaptive rice_best_k; do
    awk -F, -v s=$s '$1 == s {print $2, $4, $5}' "$csv" > "$out/.plot_$s.dat"
  done
  gnuplot <<GP
set terminal pngcairo size 900,600 noenhanced
set output "$out/emio_bits_$tag.png"
set logscale xy
set key bottom right
set grid
set xlabel "firing rate p (i.i.d. spikes)"
set ylabel "bits on the wire per activation vector"
set title "EMIO $tag: frame bits (payload + header + pad + CRC) vs entropy bound"
plot for [s in "bitmap aer rice adaptive rice_best_k"] "$out/.plot_".s.".dat" using 1:2 with linespoints title s, \
     "$out/.plot_bitmap.dat" using 1:3 with lines lw 2 dt 2 lc rgb "black" title "entropy N*T*H(p) (payload only)", \
     "$out/.plot_dense.dat" using 1:2 with lines lw 2 lc rgb "red" title "dense N*act_bits (frame)"
GP
  rm -f "$out"/.plot_*.dat
done
# RTL: cycles, beats, utilization and toggles per vector measured on four link models.
"$build/bench/emio/bench_emio_rtl_a" "$out" 400
"$build/bench/emio/bench_emio_rtl_e" "$out" 400
"$build/bench/emio/bench_emio_rtl_c" "$out" 400
"$build/bench/emio/bench_emio_rtl_f" "$out" 400
echo "wrote $out/emio_rtl_emio_{a,c,e,f}.json"
echo "wrote $out/emio_bits_{n64_t4,n256_t8}.{csv,json,png}"
