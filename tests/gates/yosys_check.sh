#!/usr/bin/env bash
# yosys_check.sh LOG FLOW FILE...: the Yosys gate's check of one top (tests/gates/gate.sh), also
# run on known-bad fixtures by tests/gates/selftest.sh. After FLOW (a `synth` or `prep` script):
# no errors, no undriven or multiply driven nets (check -assert), no latches.
set -euo pipefail
log=$1 flow=$2
shift 2
yosys -q -l "$log" -p "read_verilog -defer -sv $*; $flow; check -assert; \
  select -assert-none t:\$dlatch t:\$_DLATCH_*; stat"
