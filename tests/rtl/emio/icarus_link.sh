#!/usr/bin/env bash
# Icarus cross-check of the EMIO link: icarus_link.sh <snapgen> <config.yaml> <workdir> <encodings> [-P k=v ...]
# Generates the package, compiles <name>_emio_link with icarus_link_tb.sv (iverilog -g2012) and
# runs it: every message must arrive unchanged, in order, and the encodings the frames went as
# must be exactly <encodings> (comma-separated from bitmap, aer, rice; each one seen at least
# once). ICARUS_MSGS sets the number of messages (default 240). Exits non-zero on any
# difference, timeout or Icarus error.
set -euo pipefail
snapgen=$1 config=$2 work=$3 encodings=$4
shift 4
mask=0
for e in ${encodings//,/ }; do
  case $e in
    bitmap) mask=$((mask | 1)) ;;
    aer) mask=$((mask | 2)) ;;
    rice) mask=$((mask | 4)) ;;
    *) echo "icarus_link.sh: unknown encoding '$e' (bitmap, aer, rice)" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
"$snapgen" generate "$config" "$@" -o "$work/pkg" > /dev/null
cd "$work/pkg"
num() { sed -n "s/.*constexpr [a-z0-9_:]* $1 = \([0-9]*\).*/\1/p" snapgen_config.hpp | head -1; }
top=$(ls *_emio_link.sv | sed 's/.sv$//')
spike=$(num kD2dSpikeBits) dense=$(num kD2dDenseBits) flit=$(num kD2dFlitBits) dest=$(num kD2dDestBits)
payload=$(printf '%s\n' "$spike" "$dense" "$flit" | sort -n | tail -1)
pack=()
[ "$(num kD2dPackVectors)" -gt 1 ] && pack=(-DPACK)
[ -n "${ICARUS_MSGS:-}" ] && pack+=(-DMSGS="$ICARUS_MSGS")
iverilog -g2012 -o ../link.vvp -s icarus_link_tb -DTOP="$top" -DPAYLOAD="$payload" -DSPIKE="$spike" \
  -DDEST="$dest" -DENC_MASK="$mask" "${pack[@]}" -c files.f "$here/icarus_link_tb.sv" > ../iverilog.log 2>&1 \
  || { cat ../iverilog.log; exit 1; }
vvp -n ../link.vvp | tee ../vvp.log
grep -q "delivered unchanged" ../vvp.log
