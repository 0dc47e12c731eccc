#!/usr/bin/env bash
# OpenSTA timing + power of a mapped netlist (from flows/synth_osu.sh) with the package's SDC.
#   flows/sta.sh [--with <block.osu.v>]... <liberty.lib> <netlist.osu.v> <top> <package.sdc> <out_dir> [activity_file]
# --with adds the mapped netlist of a block that <netlist.osu.v> instantiates as a black box
# (synth_osu.sh --stub): OpenSTA links them into one hierarchical design.
# Environment: SNAPGEN_ACTIVITY (default 0.1): toggles per cycle for nets without a value.
# Writes <out_dir>/<top>.timing.txt (worst setup and hold paths), <top>.power.txt and
# <top>.sta.txt (the "snapgen_sta <key> <value>" summary: period, WNS, TNS, worst hold slack).
set -euo pipefail
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
extra=()
while [ "${1:-}" = --with ]; do
  [ $# -ge 2 ] && [ -f "$2" ] || { echo "$0: --with needs an existing netlist" >&2; exit 2; }
  extra+=("$(abspath "$2")"); shift 2
done
[ $# -ge 5 ] && [ $# -le 6 ] || {
  echo "usage: $0 [--with <block.osu.v>]... <liberty.lib> <netlist.osu.v> <top> <package.sdc> <out_dir> [activity_file]" >&2
  exit 2; }
lib=$(abspath "$1") netlist=$(abspath "$2") top=$3 sdc=$(abspath "$4")
mkdir -p "$5"; out=$(cd "$5" && pwd)
activity=""
[ $# -eq 6 ] && activity=$(abspath "$6")
here=$(cd "$(dirname "$0")" && pwd)
script=$out/$top.sta.tcl
{
  echo "set lib {$lib}"
  printf 'set netlist [list {%s}' "$netlist"
  for n in "${extra[@]}"; do printf ' {%s}' "$n"; done
  echo ']'
  echo "set top {$top}"
  echo "set sdc {$sdc}"
  echo "set out {$out/$top}"
  echo "set default_activity ${SNAPGEN_ACTIVITY:-0.1}"
  echo "set activity_file {$activity}"
  echo "source {$here/sta.tcl}"
} > "$script"
log=$out/$top.sta.log
# On failure: the whole log, then one line naming the first error (what a reader looks for).
fail() {
  cat "$log" >&2
  echo "sta.sh: OpenSTA failed on $top: $(grep -m1 '^Error' "$log" || echo "$1") (log: $log)" >&2
  exit 1
}
sta -no_splash -exit "$script" > "$log" 2>&1 || fail "exit status $?"
# OpenSTA reports Tcl and SDC errors but may still exit 0: any "Error" fails, and the summary
# must be complete.
if grep -q '^Error' "$log"; then fail "error"; fi
grep '^snapgen_sta ' "$log" > "$out/$top.sta.txt" || fail "no snapgen_sta summary"
grep -q '^snapgen_sta whs_ns' "$out/$top.sta.txt" || fail "incomplete snapgen_sta summary"
cat "$out/$top.sta.txt"
