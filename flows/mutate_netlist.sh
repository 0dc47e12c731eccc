#!/usr/bin/env bash
# Changes exactly one gate of a Yosys generic netlist (write_verilog -noattr), to prove that the
# netlist gate detects a wrong netlist:
#   flows/mutate_netlist.sh <in.v> <out.v>
# The mutated gate is the first AND/OR that drives a primary output directly (an `assign <out> =
# a & b` line becomes `a | b`, or the reverse), so the change is observable at the ports; if no
# output is driven by such a gate, the first AND/OR gate of the netlist is changed instead.
# Prints the changed line; fails if nothing could be changed.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <in.v> <out.v>" >&2; exit 2; }
awk '
  function swap(line) {
    if (index(line, " & ")) { sub(/ & /, " | ", line) } else { sub(/ \| /, " \\& ", line) }
    return line
  }
  FNR == NR {
    if ($1 == "output") { name = $NF; sub(/;$/, "", name); out[name] = 1 }
    if ($1 == "assign" && ($0 ~ / & / || $0 ~ / \| /)) {
      if (out[$2] && !target) target = FNR
      if (!first) first = FNR
    }
    next
  }
  FNR == 1 { if (!target) target = first; if (!target) exit 1 }
  FNR == target { old = $0; $0 = swap($0); print "mutated line " FNR ": " old " -> " $0 > "/dev/stderr" }
  { print > OUTFILE }
' OUTFILE="$2" "$1" "$1"
cmp -s "$1" "$2" && { echo "$0: no AND/OR gate found to mutate in $1" >&2; exit 1; }
exit 0
