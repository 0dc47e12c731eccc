#!/usr/bin/env bash
# icarus_check.sh LOG IVERILOG-ARGS...: `iverilog -g2012 -Wall IVERILOG-ARGS...` compiles, and
# prints nothing but the notes Icarus 11 gives on constructs it accepts with less checking than
# the SystemVerilog they are (docs/architecture.md, "The SystemVerilog dialect"):
#   "sorry: Case unique/unique0 qualities are ignored."   it compiles `unique case` as `case`
#       (Verilator checks uniqueness: every model runs with --assert);
#   "sorry: constant selects in always_* processes ..."   an always_comb reading acc_q[0] is
#       sensitive to all of acc_q: the same values, evaluated more often;
#   "warning: output port X is coerced to inout."         a port that passes an input straight
#       through (snap_tile_ctrl's ld_addr_o when the widths are equal) becomes one net.
# Anything else (a port width mismatch, an implicit net, an index out of range) fails the check.
# The output is in LOG; the status is 0 when it compiled and said nothing else.
set -uo pipefail
log=${1:?usage: icarus_check.sh LOG IVERILOG-ARGS...}
shift
iverilog -g2012 -Wall "$@" > "$log" 2>&1
rc=$?
known='sorry: Case unique/unique0 qualities are ignored\.$'
known+='|sorry: constant selects in always_\* processes are not currently supported \(all bits will be included\)\.$'
known+='|warning: output port [A-Za-z_0-9]+ is coerced to inout\.$'
other=$(grep -Ev "$known" "$log")
if [ $rc -ne 0 ]; then cat "$log"; echo "FAIL: iverilog exited with $rc"; exit 1; fi
if [ -n "$other" ]; then printf '%s\n' "$other"; echo "FAIL: iverilog -Wall printed more than its known notes (tests/gates/icarus_check.sh)"; exit 1; fi
exit 0
