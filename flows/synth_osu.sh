#!/usr/bin/env bash
# Yosys synthesis of one top of a snapgen package mapped to the OSU 0.18 um standard cells.
#   flows/synth_osu.sh [--hier] [--stub <stub.v>]... <package_dir> <top> <liberty.lib> <out_dir> [period_ps]
# (get the liberty with flows/fetch_liberty.sh). --hier keeps the hierarchy (each distinct module
# mapped once; OpenSTA times the hierarchical netlist across module boundaries), as in
# synth_generic.sh; default flattened. --stub as in synth_generic.sh: the block stays a black box
# here, and its own mapped netlist (<block>.osu.v) is given to flows/sta.sh with --with.
# --from <top>.generic.il maps the design synth_generic.sh synthesized (same options) instead of
# reading the package and synthesizing it again (which was about 40% of a top's Yosys time).
# Writes into <out_dir>:
#   <top>.osu.v          mapped netlist (cell instances of the liberty), input of flows/sta.sh
#   <top>.osu.stat.txt   stat -liberty: cells per type and "Chip area" in um^2 (--hier: summed
#                        over the hierarchy)
#   <top>.osu.stat.json  the same as JSON
#   <top>.osu.log        full Yosys log
# Flops are mapped with dfflibmap, logic with abc -liberty. No hilomap: osu018 has no tie cells,
# constants stay as 1'b0/1'b1 connections (OpenSTA treats them as constants).
# `write_verilog -simple-lhs`: OpenSTA 2019's Verilog reader accepts only a net or a bit/part select
# on the left of an assign, never a concatenation, while Yosys by default writes one assign per
# connection, e.g. `assign { o[15], o[11] } = 2'h0;` for constant outputs or
# `assign { \u_router_0_0.in_credit_o [4:3], ... } = { ... };` for flattened internal aliases. With
# -simple-lhs every assign has a single net, bit or part select on its left (right-hand
# concatenations are fine for OpenSTA), so every netlist this flow writes reads in OpenSTA.
# abc runs flows/abc_osu.script, which buffers high-fanout nets (buffer -N 8) and sizes cells
# (upsize, dnsize), without which one flop driving hundreds of gates shows tens of ns of delay.
# Known gap (found 2026-12-05): Yosys replaces the script's {D} placeholders with "-D <period>"
# only in its built-in scripts, not in a -script file; ABC ignores the literal "{D}" arguments, so
# &nf, upsize and dnsize run without a delay target (they minimize delay), and the -D below has
# no effect. Substituting the period into a copy of the script is the fix; its effect on results
# and run time is not measured yet. The period defaults to the one in the package's SDC
# (create_clock -period, in ns).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=flows/flow_options.sh
source "$here/flow_options.sh"
parse_flow_options "$@"
set -- "${args[@]}"
[ $# -eq 4 ] || [ $# -eq 5 ] || {
  echo "usage: $0 [--hier] [--stub <stub.v>]... <package_dir> <top> <liberty.lib> <out_dir> [period_ps]" >&2; exit 2; }
pkg=$(cd "$1" && pwd) top=$2
# --hier: the netlist keeps the hierarchy; a flattened copy (no optimization) gives `stat` the
# totals over it (see synth_generic.sh).
if [ $hier -eq 1 ]; then
  synth="synth -top $top"; for_stat="flatten"
else
  synth="synth -flatten -top $top"; for_stat=""
fi
lib=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
mkdir -p "$4"; out=$(cd "$4" && pwd)
[ -f "$pkg/files.f" ] || { echo "$0: $pkg/files.f not found (not a snapgen package?)" >&2; exit 2; }
[ -f "$lib" ] || { echo "$0: liberty $lib not found (run flows/fetch_liberty.sh)" >&2; exit 2; }
mapfile -t files < "$pkg/files.f"
period_ps=${5:-}
if [ -z "$period_ps" ]; then
  period_ns=$(sed -n 's/^create_clock.*-period \([0-9.]*\).*/\1/p' "$pkg"/*.sdc | head -n1)
  [ -n "$period_ns" ] || { echo "$0: no create_clock -period in $pkg/*.sdc; pass period_ps" >&2; exit 2; }
  period_ps=$(awk -v p="$period_ns" 'BEGIN { printf "%d", p * 1000 }')
fi
cd "$pkg"
if [ -n "$from" ]; then
  design="read_rtlil $from"  # already synthesized, stubs included: the package is not read
else
  drop_stubbed_files  # files=(...) without the RTL of the --stub modules; read_stubs="read_verilog -lib ..."
  design="$read_stubs read_verilog -defer -sv ${files[*]}; $synth"
fi
yosys -q -l "$out/$top.osu.log" -p "
  $design;
  select -assert-none t:\$dlatch t:\$_DLATCH_*;
  dfflibmap -liberty $lib;
  abc -D $period_ps -liberty $lib -script $here/abc_osu.script;
  opt_clean -purge;
  setundef -zero;
  write_verilog -noattr -noexpr -simple-lhs $out/$top.osu.v;
  $for_stat;
  tee -q -o $out/$top.osu.stat.txt stat -liberty $lib;
  tee -q -o $out/$top.osu.stat.json stat -json -liberty $lib" >/dev/null
# Black-box instances (memory macros) keep their parameters in a design from --from: OpenSTA 2019
# cannot read a parameterized instance, and a black box has no timing inside, so the parameters
# are dropped (`snap_tile_sram #(...) u (` becomes `snap_tile_sram u (`).
awk '
  !inparams && /^  [^ ]+ #\($/ { type = $1; inparams = 1; next }
  inparams && /^  \) .* \($/ { sub(/^  \) /, "  " type " "); inparams = 0; print; next }
  inparams { next }
  { print }' "$out/$top.osu.v" > "$out/$top.osu.v.tmp"
mv "$out/$top.osu.v.tmp" "$out/$top.osu.v"
# The property OpenSTA needs, checked rather than assumed.
if grep -n '^ *assign {' "$out/$top.osu.v" | head -n 3 >&2; then
  echo "$0: $out/$top.osu.v has an assign to a concatenation, which OpenSTA 2019 cannot read" >&2; exit 1
fi
echo "synth_osu: $top -> $out/$top.osu.v"
