#!/usr/bin/env bash
# Yosys generic synthesis of one top of a snapgen package.
#   flows/synth_generic.sh <package_dir> <top> <out_dir>
# Writes into <out_dir>:
#   <top>.generic.v        flattened netlist of Yosys internal gates (write_verilog -noattr), the
#                          netlist that the netlist gate co-simulates against the RTL
#   <top>.generic.stat.json cell counts per gate type (stat -json)
#   <top>.ltp.txt          longest topological path (ltp -noff): logic depth in gates, flops cut paths
#   <top>.generic.log      full Yosys log
# Fails (non-zero) on any Yosys error and if the design contains a latch.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 <package_dir> <top> <out_dir>" >&2; exit 2; }
pkg=$(cd "$1" && pwd) top=$2
mkdir -p "$3"; out=$(cd "$3" && pwd)
[ -f "$pkg/files.f" ] || { echo "$0: $pkg/files.f not found (not a snapgen package?)" >&2; exit 2; }
mapfile -t files < "$pkg/files.f"
cd "$pkg"
# -defer: only the modules below <top> are elaborated (each with the generator's parameters), so
# the other tops of the package cost nothing.
yosys -q -l "$out/$top.generic.log" -p "
  read_verilog -defer -sv ${files[*]};
  synth -flatten -top $top;
  select -assert-none t:\$dlatch t:\$_DLATCH_*;
  tee -q -o $out/$top.ltp.txt ltp -noff;
  tee -q -o $out/$top.generic.stat.json stat -json;
  write_verilog -noattr $out/$top.generic.v" >/dev/null
echo "synth_generic: $top -> $out/$top.generic.v"
