#!/usr/bin/env bash
# Accuracy vs traffic bench (issue 15 item 4): bench/train/run.sh [OUT_DIR]  (default build/bench/train)
# Trains the default Fashion-MNIST network over train.sparsity_weight x clp.timesteps
# (accuracy_vs_traffic.yaml, a `snapgen sweep`), runs each trained spike network and its dense
# baseline on the RTL (64 test images, bit-exact), and tabulates test accuracy (golden integer
# networks, all 10k test images) against die-to-die bits per image for the spike crossing (RTL
# frames: payload + headers + CRC), the dense 8-bit crossing (RTL frames) and the low-bit dense
# crossing (payload only: it has no RTL encoding), with energy per image from the run reports.
# Writes OUT_DIR/accuracy_vs_traffic.{txt,json,png} and the sweep in OUT_DIR/sweep.
# Cost: 9 trainings of about 2.5 min each plus 6 Verilator model builds: about 45 min on 2 cores.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup train "${1:-}" snapgen
"$build/snapgen" sweep "$root/bench/train/accuracy_vs_traffic.yaml" -o "$out/sweep" -j "${JOBS:-1}" > "$out/sweep.log" 2>&1 \
  || { tail -20 "$out/sweep.log"; exit 1; }
csv=$out/sweep/results.csv

# Column numbers by name (results.csv has a header row).
col() { head -1 "$csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
cw=$(col train.sparsity_weight) cT=$(col clp.timesteps) cn=$(col vectors) cex=$(col bit_exact)
cfr=$(col firing_rate) cb=$(col d2d_bits) cdb=$(col dense_d2d_bits) ce=$(col energy_pj) cde=$(col dense_energy_pj)
cas=$(col test_acc_spike) cad=$(col test_acc_dense) cal=$(col test_acc_lowbit) clb=$(col lowbit_bits) clp=$(col lowbit_payload_bits)
# The column numbers as awk variables, for the table and the JSON.
columns=(-v w="$cw" -v T="$cT" -v n="$cn" -v ex="$cex" -v fr="$cfr" -v b="$cb" -v db="$cdb" -v e="$ce" -v de="$cde"
         -v as="$cas" -v ad="$cad" -v al="$cal" -v lb="$clb" -v lp="$clp")

{
  echo "Accuracy vs D2D traffic, default Fashion-MNIST system, $(date -u +%Y-%m-%d); test accuracy = golden integer network on 10k test images;"
  echo "bits and energy per image from the RTL runs (64 images); low-bit: payload only, no RTL encoding"
  printf '%3s %8s %7s %9s | %9s %9s %10s | %9s %9s %10s | %4s %9s %9s\n' T sparsity firing bit_exact \
    spike_acc spike_bits spike_nJ dense_acc dense_bits dense_nJ k lowbit_acc low_bits
  awk -F, "${columns[@]}" 'NR > 1 {
    printf "%3s %8s %7.4f %9s | %9.4f %9.1f %10.2f | %9.4f %9.1f %10.2f | %4s %9.4f %9.1f\n", $T, $w, $fr, $ex,
      $as, $b / $n, $e / $n / 1000, $ad, $db / $n, $de / $n / 1000, $lb, $al, $lp }' "$csv" | sort -n -k1,1 -k2,2
} | tee "$out/accuracy_vs_traffic.txt"

awk -F, "${columns[@]}" '
  BEGIN { printf "{\"bench\": \"accuracy_vs_traffic\", \"points\": [" }
  NR > 1 { printf "%s\n  {\"timesteps\": %s, \"sparsity_weight\": %s, \"firing_rate\": %s, \"bit_exact\": %s, " \
    "\"spike\": {\"test_accuracy\": %s, \"d2d_bits_per_image\": %s, \"energy_pj_per_image\": %s}, " \
    "\"dense\": {\"test_accuracy\": %s, \"d2d_bits_per_image\": %s, \"energy_pj_per_image\": %s}, " \
    "\"lowbit\": {\"bits\": %s, \"test_accuracy\": %s, \"payload_bits_per_image\": %s}}",
    (NR > 2 ? "," : ""), $T, $w, $fr, $ex, $as, $b / $n, $e / $n, $ad, $db / $n, $de / $n, $lb, $al, $lp }
  END { print "\n]}" }' "$csv" > "$out/accuracy_vs_traffic.json"

gnuplot <<GP
set datafile separator ','
set terminal pngcairo size 900,550 font ',10'
set output '$out/accuracy_vs_traffic.png'
set title 'Fashion-MNIST test accuracy vs die-to-die bits per image (snapgen, default system)'
set xlabel 'D2D bits per image (log)'
set logscale x
set ylabel 'test accuracy (golden integer network, 10k images)'
set key bottom right
plot for [t in "2 4 8"] '$csv' every ::1 using (column($cT) == t ? column($cb) / column($cn) : 1/0):$cas with points pt 7 ps 1.5 title 'spike RTL, T='.t, \
     '$csv' every ::1 using (column($cdb) / column($cn)):$cad with points pt 5 ps 1.5 title 'dense 8-bit RTL', \
     '$csv' every ::1 using $clp:$cal with points pt 9 ps 1.5 title 'low-bit dense (payload only)'
GP
echo "bench/train: $out/accuracy_vs_traffic.{txt,json,png}"
