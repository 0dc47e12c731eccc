#!/usr/bin/env bash
# Yosys generic synthesis of one top of a snapgen package.
#   flows/synth_generic.sh [--hier] [--stub <stub.v>]... <package_dir> <top> <out_dir>
# --hier keeps the hierarchy: each distinct module (each parameterization) is synthesized once, however
# often it is instantiated, which is what makes the assemblies (meshes, chiplets, systems) affordable;
# cells and flops are then the totals over the hierarchy and the depth is the longest path inside one
# module (paths through a module boundary are not joined: docs/synthesis.md). Default: flattened.
# --stub reads a block's interface (a <block>.stub.v this script wrote for that block) as a black
# box and leaves the block's own RTL unread: an assembly then reuses the block's netlist from its
# own run instead of synthesizing it again (`snapgen synth` adds the block's numbers; stat lists
# each black-box instance as one cell of the block's type).
# Writes into <out_dir>:
#   <top>.generic.v        netlist of Yosys internal gates (write_verilog -noattr), flattened unless
#                          --hier: the netlist that the netlist gate co-simulates against the RTL
#   <top>.generic.stat.json cell counts per gate type (stat -json)
#   <top>.ltp.txt          longest topological path (ltp -noff): logic depth in gates, flops cut paths
#   <top>.generic.log      full Yosys log
#   <top>.blackboxes.f     the package's black-box sources (absolute paths), for netlist simulation
#   <top>.stub.v           the top's interface as an empty module (what --stub reads)
#   <top>.generic.il       the synthesized design (RTLIL, hierarchy as synthesized): what
#                          synth_osu.sh --from maps without synthesizing again
# Fails (non-zero) on any Yosys error and if the design contains a latch.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=flows/flow_options.sh
source "$here/flow_options.sh"
parse_flow_options "$@"
set -- "${args[@]}"
[ -z "$from" ] || { echo "$0: --from is an option of synth_osu.sh" >&2; exit 2; }
[ $# -eq 3 ] || { echo "usage: $0 [--hier] [--stub <stub.v>]... <package_dir> <top> <out_dir>" >&2; exit 2; }
pkg=$(cd "$1" && pwd) top=$2
mkdir -p "$3"; out=$(cd "$3" && pwd)
[ -f "$pkg/files.f" ] || { echo "$0: $pkg/files.f not found (not a snapgen package?)" >&2; exit 2; }
mapfile -t files < "$pkg/files.f"
cd "$pkg"
drop_stubbed_files  # files=(...) without the RTL of the --stub modules; read_stubs="read_verilog -lib ..."
# Black boxes (memory macros such as snap_tile_sram) are read without -defer: Yosys then keeps
# their instances as `module #(params)` in the netlist instead of anonymous $paramod names, so a
# netlist simulation can link the behavioural model. Their files are listed in <top>.blackboxes.f.
blackboxes=() others=()
for f in "${files[@]}"; do
  if grep -q '(\* blackbox \*)' "$f"; then blackboxes+=("$f"); else others+=("$f"); fi
done
: > "$out/$top.blackboxes.f"
for f in "${blackboxes[@]}"; do echo "$pkg/$f" >> "$out/$top.blackboxes.f"; done
read_bb=""
[ ${#blackboxes[@]} -eq 0 ] || read_bb="read_verilog -sv ${blackboxes[*]};"
# Flat: one module, ltp over all of it. Hierarchical: ltp sees wires and gate cells only
# (w:* t:$_*): a submodule instance taken for one combinational node would join unrelated paths and
# can make false loops; the netlist is written with its hierarchy, then flattened (no optimization)
# for `stat`, whose totals are then those over the hierarchy (Yosys 0.23's `stat -json -top` mixes
# its text hierarchy listing into the JSON).
if [ $hier -eq 1 ]; then
  synth="synth -top $top"; ltp="ltp -noff w:* t:\$_*"; for_stat="flatten"
else
  synth="synth -flatten -top $top"; ltp="ltp -noff"; for_stat=""
fi
# -defer: only the modules below <top> are elaborated (each with the generator's parameters), so
# the other tops of the package cost nothing.
yosys -q -l "$out/$top.generic.log" -p "
  $read_stubs
  $read_bb
  read_verilog -defer -sv ${others[*]};
  $synth;
  select -assert-none t:\$dlatch t:\$_DLATCH_*;
  write_rtlil $out/$top.generic.il;
  tee -q -o $out/$top.ltp.txt $ltp;
  write_verilog -noattr $out/$top.generic.v;
  $for_stat;
  tee -q -o $out/$top.generic.stat.json stat -json;
  blackbox $top;
  select =$top;
  write_verilog -noattr -blackboxes -selected $out/$top.stub.v" >/dev/null
# An empty string parameter of a black box comes out as `{0{1'b0}}`, which simulators reject.
sed -i "s/^\(    \.[A-Za-z_0-9]*\)({0{1'b0}})/\1(\"\")/" "$out/$top.generic.v"
echo "synth_generic: $top -> $out/$top.generic.v"
