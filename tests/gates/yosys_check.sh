#!/usr/bin/env bash
# yosys_check.sh LOG FLOW FILE...: the Yosys gate's check of one top (tests/gates/gate.sh), also
# run on known-bad fixtures by tests/gates/selftest.sh. After FLOW (a `synth` or `prep` script):
# no errors, no undriven or multiply driven nets, no latches. The final `check -assert` alone
# is not enough: `synth`'s own early `check` warns about an undriven net and its later `opt`
# passes tie it off, so the final check finds nothing (selftest.sh bad_undriven_*, block flow);
# any problem any `check` of the run reported fails the gate.
set -euo pipefail
log=$1 flow=$2
shift 2
yosys -q -l "$log" -p "read_verilog -defer -sv $*; $flow; check -assert; \
  select -assert-none t:\$dlatch t:\$_DLATCH_*; stat"
if grep -q "Found and reported [1-9][0-9]* problems" "$log"; then
  grep -B2 "Found and reported [1-9][0-9]* problems" "$log" >&2
  echo "FAIL: a Yosys check reported problems (log: $log)" >&2
  exit 1
fi
