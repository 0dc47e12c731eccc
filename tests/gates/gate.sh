#!/usr/bin/env bash
# Gate on one config's generated package: gate.sh <lint|iverilog|yosys|synth> <snapgen> <config.yaml> <workdir> [ONLY]
# ONLY (optional): check just the tops whose name ends with this suffix (e.g. _router).
# Every top listed in manifest.json is checked on its own:
#   lint:     verilator --lint-only -Wall, zero warnings
#   iverilog: iverilog -g2012 compiles it
#   yosys:    read_verilog -sv + synth (blocks) or prep (assemblies): no errors, no latches,
#             no undriven or multiply driven nets (check -assert); chiplets are checked inside
#             the flattened system top, not again on their own
#   synth:    as yosys, but full synthesis for every top (used for whole chiplets)
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
    yosys|synth)
      # Blocks get the full generic synthesis. Assemblies of blocks (meshes, chiplets, systems,
      # the CLP loop) get Yosys's elaboration, process and hierarchy checks (prep): that is where
      # latches, undriven nets and multiple drivers show up; their blocks are synthesized on their
      # own above, and a whole chiplet is synthesized by ctest synth_chiplet (2 min).
      # Gate `synth` runs the full synthesis on every selected top.
      flow="synth -flatten -top $top"
      # A chiplet is checked inside the flattened system top, with the same parameters: checking
      # it again on its own cost 20-90 s per chiplet and found nothing the system check does not.
      if [ "$gate" = yosys ] && [ -z "$only" ]; then
        case $top in *_chiplet_r*c*) if grep -q "\"${top%_chiplet_r*c*}_system\"" manifest.json; then
          echo "gate $gate: $top checked inside ${top%_chiplet_r*c*}_system"; continue; fi ;; esac
      fi
      if [ "$gate" = yosys ]; then
        case $top in *_system|*_noc_system|*_clp_loop|*_chiplet_r*c*|*_mesh) flow="prep -flatten -top $top" ;; esac
      fi
      yosys -q -l "../yosys_$top.log" -p "read_verilog -defer -sv ${files[*]}; $flow; check -assert; \
        select -assert-none t:\$dlatch t:\$_DLATCH_*; stat" ;;
    *) echo "unknown gate $gate"; exit 2 ;;
  esac
  echo "gate $gate: $top ok"
done
