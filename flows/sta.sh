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
sta -no_splash -exit "$script" > "$out/$top.sta.log" 2>&1 || { cat "$out/$top.sta.log" >&2; exit 1; }
# OpenSTA reports Tcl and SDC errors but may still exit 0: any "Error" fails, and the summary
# must be complete.
if grep -q '^Error' "$out/$top.sta.log"; then cat "$out/$top.sta.log" >&2; exit 1; fi
grep '^snapgen_sta ' "$out/$top.sta.log" > "$out/$top.sta.txt" || { cat "$out/$top.sta.log" >&2; exit 1; }
grep -q '^snapgen_sta whs_ns' "$out/$top.sta.txt" || { cat "$out/$top.sta.log" >&2; exit 1; }
cat "$out/$top.sta.txt"
