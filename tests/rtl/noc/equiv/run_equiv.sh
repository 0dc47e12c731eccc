#!/usr/bin/env bash
# The router primitives changed in issue 18 against what they replaced, by random simulation in
# Icarus: snap_rr_arbiter (one-hot) vs ref_rr_arbiter (index arithmetic), snap_shift_fifo vs
# snap_fifo; and the router itself at 1 to 4 VCs, XY and YX, source and per-hop VC allocation,
# against the self-checking scoreboard of tb_router.sv (Icarus once simulated the VC router wrongly
# while Verilator was right). Fails unless every run reports 0 mismatches (and the FIFO was seen
# full and empty).
#   tests/rtl/noc/equiv/run_equiv.sh <source root> <work dir>
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <source root> <work dir>" >&2; exit 2; }
root=$(cd "$1" && pwd) here=$root/tests/rtl/noc/equiv
mkdir -p "$2"; work=$(cd "$2" && pwd)
fail=0
check() {  # <log> <kind>
  local line; line=$(grep '^RESULT' "$1" || true)
  echo "${line:-RESULT missing ($2)}"
  case "$line" in
    *" mismatches=0") ;;
    *) fail=1 ;;
  esac
  case "$line" in *" full=0 "*|*" empty=0 "*) echo "  (fill level never reached full or empty)"; fail=1 ;; esac
}
for p in "1 1" "2 1" "3 2" "4 2" "5 3" "7 3"; do
  set -- $p
  iverilog -g2012 -P tb_rr_arbiter.N="$1" -P tb_rr_arbiter.IdxWidth="$2" -o "$work/arb_$1.vvp" \
    "$here/ref_rr_arbiter.sv" "$root/rtl/common/snap_onehot_index.sv" "$root/rtl/common/snap_rr_arbiter.sv" \
    "$here/tb_rr_arbiter.sv"
  vvp -n "$work/arb_$1.vvp" > "$work/arb_$1.log"
  check "$work/arb_$1.log" "rr_arbiter N=$1"
done
for p in "1 1" "2 2" "3 2" "4 3" "5 3" "8 4"; do
  set -- $p
  iverilog -g2012 -P tb_shift_fifo.Depth="$1" -P tb_shift_fifo.CountWidth="$2" -o "$work/fifo_$1.vvp" \
    "$root/rtl/common/snap_fifo.sv" "$root/rtl/common/snap_shift_fifo.sv" "$here/tb_shift_fifo.sv"
  vvp -n "$work/fifo_$1.vvp" > "$work/fifo_$1.log"
  check "$work/fifo_$1.log" "shift_fifo Depth=$1"
done
# Vcs VcBits RoutingYx VcPerHop
for p in "1 1 0 0" "1 1 1 0" "2 1 0 0" "3 2 1 0" "4 2 0 0" "2 1 0 1" "3 2 1 1" "4 2 0 1"; do
  set -- $p
  name="router_$1_$3_$4"
  iverilog -g2012 -P tb_router.Vcs="$1" -P tb_router.VcBits="$2" -P tb_router.RoutingYx="$3" \
    -P tb_router.VcPerHop="$4" -o "$work/$name.vvp" \
    "$root/rtl/common/snap_credit_counter.sv" "$root/rtl/common/snap_onehot_index.sv" "$root/rtl/common/snap_rr_arbiter.sv" \
    "$root/rtl/common/snap_shift_fifo.sv" "$root/rtl/noc/snap_noc_router.sv" "$here/tb_router.sv"
  vvp -n "$work/$name.vvp" > "$work/$name.log"
  check "$work/$name.log" "$name"
done
exit $fail
