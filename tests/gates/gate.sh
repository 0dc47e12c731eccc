#!/usr/bin/env bash
# Gate on one config's generated package: gate.sh <lint|iverilog|yosys> <snapgen> <config.yaml> <workdir> [ONLY]
# ONLY (optional): check just the tops whose name ends with this suffix (e.g. _router).
# Every top listed in manifest.json is checked on its own:
#   lint:     verilator --lint-only -Wall, zero warnings
#   iverilog: iverilog -g2012 compiles it
#   yosys:    read_verilog -sv + synth: no errors, no latches
set -euo pipefail
gate=$1 snapgen=$2 config=$3 work=$4 only=${5:-}
rm -rf "$work"
mkdir -p "$(dirname "$work")"
"$snapgen" generate "$config" -o "$work/pkg"
cd "$work/pkg"
tops=$(sed -n '/"tops"/,/]/p' manifest.json | grep -o '"[A-Za-z_0-9]*"' | grep -v '"tops"' | tr -d '"')
[ -n "$tops" ] || { echo "no tops in manifest.json"; exit 1; }
mapfile -t files < files.f
for top in $tops; do
  if [ -n "$only" ]; then case $top in *"$only") ;; *) continue ;; esac; fi
  case $gate in
    lint)
      verilator --lint-only -Wall -F files.f --top-module "$top" 2>&1 | tee "../lint_$top.log"
      if [ -s "../lint_$top.log" ]; then echo "FAIL: verilator printed warnings for $top"; exit 1; fi ;;
    iverilog)
      iverilog -g2012 -o "../$top.vvp" -s "$top" -c files.f ;;
    yosys)
      # Simulation-only tops (testbench assemblies of blocks that are gated on their own) and the
      # chiplets (all blocks + glue) are left to `snapgen synth`. Yosys 0.23 needs minutes and
      # gigabytes for a router and does not finish elaborating the EMIO encoder in 30 min
      # (docs/status.md): the router is gated once (default config, ctest gate_yosys_router),
      # the EMIO tops not at all yet.
      case $top in
        *_system|*_noc_system|*_emio_link|*_clp_loop|*_chiplet_r*c*|*_emio_tx|*_emio_rx|*_mesh)
          echo "gate yosys: $top skipped (simulation top or chiplet; see docs/synthesis.md)"; continue ;;
      esac
      if [ -z "$only" ] && [[ $top == *_router ]]; then echo "gate yosys: $top checked by gate_yosys_router"; continue; fi
      yosys -q -l "../yosys_$top.log" -p "read_verilog -defer -sv ${files[*]}; synth -flatten -top $top; \
        select -assert-none t:\$dlatch t:\$_DLATCH_*; stat" ;;
    *) echo "unknown gate $gate"; exit 2 ;;
  esac
  echo "gate $gate: $top ok"
done
