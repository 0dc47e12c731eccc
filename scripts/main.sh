#!/usr/bin/env bash
# The main job: installs missing dependencies, builds snapgen, generates the default
# configuration's RTL package into out/default, and checks it with every tool (Verilator lint,
# Icarus, Yosys), printing the package summary. Pass a config path and -P overrides to use another.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
TARGETS=snapgen scripts/build.sh
out=out/${OUT_NAME:-default}
build/snapgen validate "$@"
build/snapgen generate "$@" -o "$out"
cd "$out"
mapfile -t files < files.f
tops=$(sed -n '/"tops"/,/]/p' manifest.json | grep -o '"[A-Za-z_0-9]*"' | grep -v '"tops"' | tr -d '"')
printf '\n%-36s %-10s %-10s %-12s\n' "top" "verilator" "icarus" "yosys cells"
for top in $tops; do
  lint=$(verilator --lint-only -Wall -F files.f --top-module "$top" 2>&1 | head -1)
  [ -z "$lint" ] && lint=clean || lint=WARN
  iverilog -g2012 -o /dev/null -s "$top" -c files.f >/dev/null 2>&1 && ivl=ok || ivl=FAIL
  cells=$(yosys -q -p "read_verilog -sv ${files[*]}; synth -flatten -top $top; select -assert-none t:\$dlatch t:\$_DLATCH_*; tee -o /dev/stdout stat" 2>/dev/null \
          | awk '/Number of cells:/ {n=$4} END {print n ? n : "FAIL"}')
  printf '%-36s %-10s %-10s %-12s\n' "$top" "$lint" "$ivl" "$cells"
done
echo
echo "package: $root/$out (files.f, $(ls *.core), $(ls *.sdc), snapgen_config.hpp, manifest.json)"
