#!/usr/bin/env bash
# selftest.sh WORKDIR: the gates find what they exist to find, on small fixtures (selftest/*.sv,
# each a `leaf` instantiated by `top`). Assemblies are checked hierarchically, inside one
# unconnected wrapper (gate.sh check_assemblies), so this shows that Yosys's hierarchical
# check still fails on
#   bad_*.sv       an undriven leaf output, an undriven net in the parent, two drivers on one
#                  parent net (an instance output and an assign), a latch inside the leaf;
# and that the Verilator -Wall lint gate fails on
#   lint_bad_*.sv  an instance input left open (`.a_i()`) or missing: Yosys does not see those
#                  without flattening, so the lint gate (zero warnings) is what catches them;
# that the Icarus gate (iverilog -Wall, icarus_check.sh) fails on
#   icarus_bad_*.sv  an unsized fill literal on a multi-bit port, which Verilator and Yosys
#                    accept and Icarus 11 sizes as one bit (it simulates another value);
# while good_*.sv (a leaf at two parameter sets) passes all three.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=yosys_flows.sh
. "$here/yosys_flows.sh"
work=${1:-$(mktemp -d)}
mkdir -p "$work"
fail=0
expect() {  # expect pass|fail WHAT COMMAND...
  local want=$1 what=$2 got=pass
  shift 2
  "$@" > "$work/out.log" 2>&1 || got=fail
  if [ "$got" = "$want" ]; then echo "ok: $what: $got"; else echo "FAIL: $what: expected $want, got $got"; cat "$work/out.log"; fail=1; fi
}
# As gate.sh checks assemblies: `top` inside an unconnected wrapper, one hierarchical prep.
"$here/assemblies_wrapper.sh" "$work/wrapper.sv" top
yosys_gate() { "$here/yosys_check.sh" "$work/yosys.log" "$(assemblies_gate_flow)" "$1" "$work/wrapper.sv"; }
# As gate.sh checks a block: `top` synthesized on its own, hierarchically.
block_gate() { "$here/yosys_check.sh" "$work/block.log" "$(block_gate_flow top)" "$1"; }
# As gate.sh lints a package: one run, every module nothing instantiates a top.
lint_gate() { verilator --lint-only -Wall -Wno-DECLFILENAME -Wno-MULTITOP "$1"; }
# As gate.sh compiles a top in Icarus.
icarus_gate() { "$here/icarus_check.sh" "$work/icarus.log" -o "$work/icarus.vvp" -s top "$1"; }
for f in "$here"/selftest/*.sv; do
  n=$(basename "$f" .sv)
  case $n in
    good_*)     expect pass "yosys $n" yosys_gate "$f"; expect pass "yosys block $n" block_gate "$f"
                expect pass "lint $n" lint_gate "$f"; expect pass "icarus $n" icarus_gate "$f" ;;
    bad_*)      expect fail "yosys $n" yosys_gate "$f"; expect fail "yosys block $n" block_gate "$f" ;;
    lint_bad_*) expect fail "lint $n" lint_gate "$f" ;;
    icarus_bad_*) expect pass "lint $n" lint_gate "$f"; expect fail "icarus $n" icarus_gate "$f" ;;
  esac
done
exit $fail
