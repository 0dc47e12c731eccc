#!/usr/bin/env bash
# OpenSTA timing + power of a mapped netlist (from flows/synth_osu.sh) with the package's SDC.
#   flows/sta.sh <liberty.lib> <netlist.osu.v> <top> <package.sdc> <out_dir> [activity_file]
# Environment: SNAPGEN_ACTIVITY (default 0.1): toggles per cycle for nets without a value.
# Writes <out_dir>/<top>.timing.txt (worst setup and hold paths), <top>.power.txt and
# <top>.sta.txt (the "snapgen_sta <key> <value>" summary: period, WNS, TNS, worst hold slack).
set -euo pipefail
[ $# -ge 5 ] && [ $# -le 6 ] || {
  echo "usage: $0 <liberty.lib> <netlist.osu.v> <top> <package.sdc> <out_dir> [activity_file]" >&2; exit 2; }
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
lib=$(abspath "$1") netlist=$(abspath "$2") top=$3 sdc=$(abspath "$4")
mkdir -p "$5"; out=$(cd "$5" && pwd)
activity=""
[ $# -eq 6 ] && activity=$(abspath "$6")
here=$(cd "$(dirname "$0")" && pwd)
script=$out/$top.sta.tcl
{
  echo "set lib {$lib}"
  echo "set netlist {$netlist}"
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
