#!/usr/bin/env bash
# Tile benchmark: bench/tile/run.sh [OUT_DIR]   (default build/bench/tile)
# 1. Verilator: cycles per layer vs ideal, utilization, simulation speed for 8x8 and 16x16 tiles
#    (bench_tile; every result checked bit-exact against the golden model).
# 2. Yosys: cells and logic depth (`ltp -noff`) of one PE, the 8x8 array and one requant lane
#    (synth -flatten, generic gates).
# Prints tables and writes OUT_DIR/tile_sim.json, OUT_DIR/tile_synth.json.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup tile "${1:-}" bench_tile
"$build/bench/tile/bench_tile" "$out"

# Synthesis of the PE (8-bit act, 8-bit weight, 32-bit acc) and the 8x8 array, parameters set
# with chparam on the RTL defaults.
synth_one() {  # name top "chparam args" files...
  local name=$1 top=$2 params=$3; shift 3
  yosys -q -l "$out/yosys_$name.log" -p "read_verilog -sv $*; chparam $params $top; \
    synth -flatten -top $top; tee -o $out/stat_$name.txt stat; tee -o $out/ltp_$name.txt ltp -noff" >/dev/null 2>&1
  local cells depth
  cells=$(grep -m1 "Number of cells" "$out/stat_$name.txt" | awk '{print $NF}')
  depth=$(grep -o "length=[0-9]*" "$out/ltp_$name.txt" | tail -1 | cut -d= -f2)
  printf '%-14s %8s %6s\n' "$name" "$cells" "$depth"
  printf '    {"unit": "%s", "cells": %s, "ltp_noff_depth": %s}' "$name" "$cells" "$depth" >> "$out/tile_synth.json.tmp"
}
rtl=$root/rtl/tile
printf '%-14s %8s %6s\n' unit cells depth
: > "$out/tile_synth.json.tmp"
synth_one pe_a8_w8_acc32 snap_tile_pe "-set ActBits 8 -set WeightBits 8 -set AccBits 32" "$rtl/snap_tile_pe.sv"
printf ',\n' >> "$out/tile_synth.json.tmp"
synth_one array_8x8 snap_tile_array "-set Rows 8 -set Cols 8 -set ActBits 8 -set WeightBits 8 -set AccBits 32" \
  "$rtl/snap_tile_pe.sv" "$rtl/snap_tile_array.sv"
printf ',\n' >> "$out/tile_synth.json.tmp"
synth_one requant_acc32 snap_tile_requant "-set ActBits 8 -set AccBits 32" "$rtl/snap_tile_requant.sv"
{ printf '{\n  "block": "tile",\n  "tool": "yosys synth -flatten (generic gates), ltp -noff",\n  "units": [\n'
  cat "$out/tile_synth.json.tmp"; printf '\n  ]\n}\n'; } > "$out/tile_synth.json"
rm -f "$out/tile_synth.json.tmp"
echo "wrote $out/tile_sim.json $out/tile_synth.json"
