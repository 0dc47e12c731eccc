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
# Yosys results are shared by content: a top whose reachable RTL (its module and everything it
# instantiates, comments stripped, the config's name prefix replaced) and flow equal a top that
# passed before (any config, this build tree: SNAPGEN_GATE_CACHE, default <workdir>/../.yosys-cache)
# is not synthesized again; the log says which check it reuses. Several configs share blocks
# (configs that differ only in their system or workload share their block checks), and Yosys is most of the CI time.
set -euo pipefail
gate=$1 snapgen=$2 config=$3 work=$4 only=${5:-}
rm -rf "$work"
mkdir -p "$(dirname "$work")"
cache=${SNAPGEN_GATE_CACHE:-$(dirname "$(realpath -m "$work")")/.yosys-cache}
"$snapgen" generate "$config" -o "$work/pkg"
cd "$work/pkg"
tops=$(sed -n '/"tops"/,/]/p' manifest.json | grep -o '"[A-Za-z_0-9]*"' | grep -v '"tops"' | tr -d '"')
name=$(grep -o '"name": *"[^"]*"' manifest.json | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
[ -n "$tops" ] || { echo "no tops in manifest.json"; exit 1; }
mapfile -t files < files.f

# Module -> file (one module per file); files without a module (the constants package) are
# part of every key.
declare -A file_of
always=()
for f in "${files[@]}"; do
  m=$(sed -n 's/^module \([A-Za-z_0-9]*\).*/\1/p' "$f" | head -1)
  if [ -n "$m" ]; then file_of[$m]=$f; else always+=("$f"); fi
done
modules_re=$(printf '%s\n' "${!file_of[@]}" | paste -sd'|')
# The modules a top reaches, itself included, sorted.
reach() {
  local todo=("$1") seen=" $1 " m d
  while ((${#todo[@]})); do
    m=${todo[0]} todo=("${todo[@]:1}")
    for d in $(sed 's://.*$::' "${file_of[$m]}" | grep -owE "$modules_re" | sort -u); do
      case $seen in *" $d "*) ;; *) seen+="$d " todo+=("$d") ;; esac
    done
  done
  tr ' ' '\n' <<< "$seen" | grep . | sort
}
normalized() { sed -e 's://.*$::' -e "s/\b${name}_/CFG_/g" "$@"; }
content_key() {  # content_key TOP FLOW
  local m
  {
    yosys -V
    sed "s/\b${name}_/CFG_/g" <<< "$2"
    for m in $(reach "$1"); do normalized "${file_of[$m]}"; done
    for f in "${always[@]}"; do normalized "$f"; done
  } | sha256sum | cut -c1-32
}

yosys_flow() {  # the Yosys script for a top, or nothing when the top is checked elsewhere
  local top=$1 flow="synth -flatten -top $1"
  # A chiplet is checked inside the flattened system top, with the same parameters: checking
  # it again on its own cost 20-90 s per chiplet and found nothing the system check does not.
  if [ "$gate" = yosys ] && [ -z "$only" ]; then
    case $top in *_chiplet_r*c*) if grep -q "\"${top%_chiplet_r*c*}_system\"" manifest.json; then return; fi ;; esac
  fi
  # Blocks get the full generic synthesis. Assemblies of blocks (meshes, chiplets, systems, the
  # CLP loop) get Yosys's elaboration, process and hierarchy checks (prep): that is where
  # latches, undriven nets and multiple drivers show up; their blocks are synthesized on their
  # own, and a whole chiplet is synthesized by ctest synth_chiplet (2 min).
  if [ "$gate" = yosys ]; then
    case $top in *_system|*_noc_system|*_clp_loop|*_chiplet_r*c*|*_mesh) flow="prep -flatten -top $top" ;; esac
    # GATE_YOSYS_PREP=1 (the regression configs of tests/regress/): prep for the blocks too. Those
    # configs reproduce one bug each (Verilator builds, simulation hangs) and are gated for
    # latches, undriven and multiply driven nets; full synthesis of their blocks (a 512-channel
    # EMIO receiver: over 20 min) is left to the configs in configs/.
    [ -z "${GATE_YOSYS_PREP:-}" ] || flow="prep -flatten -top $top"
  fi
  echo "$flow"
}

run_yosys() {  # run_yosys TOP FLOW KEY: synthesizes unless an identical top passed before
  local top=$1 flow=$2 key=$3
  if [ -f "$cache/$key.ok" ]; then
    echo "gate $gate: $top ok (same RTL and flow as $(cat "$cache/$key.ok"), checked before)"
    return
  fi
  yosys -q -l "../yosys_$top.log" -p "read_verilog -defer -sv ${files[*]}; $flow; check -assert; \
    select -assert-none t:\$dlatch t:\$_DLATCH_*; stat"
  echo "$name/$top" > "$cache/$key.ok"
  echo "gate $gate: $top ok"
}

mkdir -p "$cache"
deferred=()
for top in $tops; do
  if [ -n "$only" ]; then case $top in *"$only") ;; *) continue ;; esac; fi
  case $gate in
    lint)
      verilator --lint-only -Wall -F files.f --top-module "$top" 2>&1 | tee "../lint_$top.log"
      if [ -s "../lint_$top.log" ]; then echo "FAIL: verilator printed warnings for $top"; exit 1; fi
      echo "gate $gate: $top ok" ;;
    iverilog)
      iverilog -g2012 -o "../$top.vvp" -s "$top" -c files.f
      echo "gate $gate: $top ok" ;;
    yosys|synth)
      flow=$(yosys_flow "$top")
      if [ -z "$flow" ]; then echo "gate $gate: $top checked inside ${top%_chiplet_r*c*}_system"; continue; fi
      key=$(content_key "$top" "$flow")
      # Another gate synthesizing the same content right now: come back to it after the rest.
      exec {lock}> "$cache/$key.lock"
      if flock -n "$lock"; then run_yosys "$top" "$flow" "$key"; else deferred+=("$top"); fi
      exec {lock}>&- ;;
    *) echo "unknown gate $gate"; exit 2 ;;
  esac
done
for top in "${deferred[@]}"; do
  flow=$(yosys_flow "$top")
  key=$(content_key "$top" "$flow")
  exec {lock}> "$cache/$key.lock"
  flock "$lock"
  run_yosys "$top" "$flow" "$key"
  exec {lock}>&-
done
