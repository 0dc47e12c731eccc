#!/usr/bin/env bash
# Fetches the OSU 0.18 um standard-cell library from Debian's qflow-tech-osu018 package (without
# installing qflow) and caches it; prints the cache directory on stdout. Never committed to git.
#   flows/fetch_liberty.sh            -> ${XDG_CACHE_HOME:-$HOME/.cache}/snapgen/osu018
# The directory holds:
#   osu018_stdcells.lib   the liberty (area, timing, power) used by synth_osu.sh and sta.sh
#   osu018_cells_sim.v    simulation models of its cells, written by Yosys from the liberty's
#                         functions (the package's own .v uses UDPs, which Verilator rejects)
# SNAPGEN_OSU018_DIR overrides the cache directory. Fails loudly (exit 1) if the package cannot
# be downloaded: tests that need the liberty must fail, not skip.
set -euo pipefail
dir=${SNAPGEN_OSU018_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/snapgen/osu018}
lib=$dir/osu018_stdcells.lib
sim=$dir/osu018_cells_sim.v
if [ -s "$lib" ] && [ -s "$sim" ]; then echo "$dir"; exit 0; fi
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# apt-get download needs the package lists; on a fresh machine (CI) they may be empty: update
# them once when we are root, then retry.
if ! apt-get download qflow-tech-osu018 >download.log 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >>download.log 2>&1 || true
    apt-get download qflow-tech-osu018 >>download.log 2>&1 || true
  fi
fi
deb=$(ls qflow-tech-osu018_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
  cat download.log >&2
  echo "fetch_liberty: ERROR: could not download Debian package qflow-tech-osu018" \
       "(needs apt and its package lists; as root this script runs apt-get update itself)" >&2
  exit 1
fi
dpkg-deb -x "$deb" x
src=x/usr/share/qflow/tech/osu018/osu018_stdcells.lib
[ -s "$src" ] || { echo "fetch_liberty: ERROR: $deb has no osu018_stdcells.lib" >&2; exit 1; }
cp "$src" "$tmp/osu018_stdcells.lib"
yosys -q -p "read_liberty -ignore_miss_func $tmp/osu018_stdcells.lib; write_verilog -noattr $tmp/cells_sim.v" \
  >/dev/null
# Publish atomically: parallel tests may fetch at the same time.
mv "$tmp/osu018_stdcells.lib" "$lib.$$" && mv "$lib.$$" "$lib"
mv "$tmp/cells_sim.v" "$sim.$$" && mv "$sim.$$" "$sim"
echo "$dir"
