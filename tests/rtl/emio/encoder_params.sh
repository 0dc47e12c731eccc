#!/usr/bin/env bash
# The EMIO encoder's elaboration check of its Rice window: Verilator (-Wall lint, the encoder as
# top at its default Channels = 64, SpikeBits = 256) accepts RiceWindow = 64, 128, 256 (multiples
# of Channels that divide SpikeBits) and rejects 96 and 32 with the check's message.
#   tests/rtl/emio/encoder_params.sh <source root>
set -uo pipefail
rtl=$(cd "${1:?usage: encoder_params.sh <source root>}" && pwd)/rtl
fail=0
lint() {  # lint RICE_WINDOW: prints Verilator's output, returns its status
  verilator --lint-only -Wall -GRiceWindow="$1" -GRiceCodes=2 --top-module snap_emio_encoder \
    "$rtl/emio/snap_emio_encoder.sv" "$rtl/emio/snap_emio_crc.sv" "$rtl/emio/snap_emio_rice_k.sv" \
    "$rtl/common/snap_lowest_one.sv" "$rtl/common/snap_onehot_index.sv" 2>&1
}
for w in 64 128 256; do
  if out=$(lint "$w") && [ -z "$out" ]; then echo "ok: RiceWindow=$w accepted"
  else echo "FAIL: RiceWindow=$w rejected:"; echo "$out"; fail=1; fi
done
for w in 96 32; do
  out=$(lint "$w")
  if [ $? -ne 0 ] && grep -q "RiceWindow must be a multiple of Channels that divides SpikeBits" <<< "$out"; then
    echo "ok: RiceWindow=$w rejected"
  else echo "FAIL: RiceWindow=$w not rejected by the check:"; echo "$out"; fail=1; fi
done
exit $fail
