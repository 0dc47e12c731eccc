#!/usr/bin/env bash
# Soak bench (issue 17 item 6): bench/soak/run.sh [OUT_DIR]   (default build/bench/soak)
# 1. EMIO: FRAMES (default 10^6) messages per encoding through a generated link (TX -> wires ->
#    RX) with random bit errors on the data lanes and random backpressure at both ends, in runs of
#    50,000 from reset: CRC-16 links (dense, bitmap, AER, Rice, adaptive, dense_zc; bitmap also on
#    32 lanes) at BER 1e-3, the CRC-8 link (AER) at 1e-5 (at 1e-4 it
#    delivered 13 corrupt messages in 10^6: docs/emio.md 8b). Lost, duplicated and corrupt messages
#    are counted (goal 0 of each); flips, CRC errors and go-back-N rewinds are printed.
# 2. NoC: the 4x4 mesh at saturation with random sink backpressure (accept 0.5) for CYCLES
#    (default 10^6) cycles: scoreboard (exactly once, intact, in order), no 10,000-cycle stall,
#    drain within the NoC tests' bound.
# Prints one table, writes OUT_DIR/soak_emio_<model>.json, soak_noc_4x4.json and soak.json (all).
# Cost: 9 link models + the mesh (about 15 min of builds cold on 2 cores), then the runs.
# Exit 1 when any run is not clean.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
models="emio_a emio_e emio_f emio_g emio_h emio_i soak_dense soak_bitmap soak_aer"
targets=bench_soak_noc
for m in $models; do targets="$targets bench_soak_$m"; done
# shellcheck disable=SC2086
bench_setup soak "${1:-}" $targets
frames=${FRAMES:-1000000}
cycles=${CYCLES:-1000000}
status=0
printf '%-11s %-9s %3s %4s %7s %9s %11s %9s %9s %8s %5s %5s %7s %5s %7s\n' model encoding ln crc ber frames \
  cycles flips crc_err rewinds lost dup corrupt hung seconds
for m in $models; do "$build/bench/soak/bench_soak_$m" "$out" "$frames" || status=1; done
echo
"$build/bench/soak/bench_soak_noc" "$out" "$cycles" 0.5 || status=1
# One JSON with every run.
{
  echo '{"date": "'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'", "emio": ['
  first=1
  for m in $models; do
    [ $first = 1 ] || echo ','
    first=0
    cat "$out/soak_emio_$m.json"
  done
  echo '], "noc": '
  cat "$out/soak_noc_4x4.json"
  echo '}'
} > "$out/soak.json"
echo "wrote $out/soak.json (and one JSON per run)"
exit $status
