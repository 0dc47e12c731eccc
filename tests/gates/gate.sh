#!/usr/bin/env bash
# Gate on one config's generated package: gate.sh <lint|iverilog|yosys|synth> <snapgen> <config.yaml> <workdir> [ONLY]
# ONLY (optional): check just the tops whose name ends with this suffix (e.g. _router).
# Every top listed in manifest.json is checked:
#   lint:     verilator --lint-only -Wall, zero warnings (one run over the whole package)
#   iverilog: iverilog -g2012 -Wall compiles it and prints nothing but its known notes
#             (tests/gates/icarus_check.sh)
#   yosys:    read_verilog -sv + synth (blocks, each on its own, hierarchically; memories kept as
#             memory cells, see yosys_flows.sh) or prep (assemblies: all in one
#             hierarchical run, check_assemblies below): no errors, no latches, no undriven or
#             multiply driven nets (check -assert; tests/gates/yosys_check.sh)
#   synth:    as yosys, but full synthesis for every top (used for whole chiplets)
# Yosys results are shared by content: a top whose reachable RTL (its module and everything it
# instantiates, comments stripped, the config's name prefix replaced) and flow equal a top that
# passed before (any config, this build tree: SNAPGEN_GATE_CACHE, default <workdir>/../.yosys-cache)
# is not synthesized again; the log says which check it reuses. Several configs share blocks
# (configs that differ only in their system or workload share their block checks), and Yosys is most of the CI time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=yosys_flows.sh
. "$here/yosys_flows.sh"
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

# Module -> file (one module per file). A file without a module (the constants package
# <name>_pkg) is part of a top's key when one of the top's modules names its package, and a file
# declaring neither is part of every key. No generated block imports <name>_pkg (it holds the
# config's constants for users), and it differs between configs in its system constants (die
# grid, workload): keying every top on it kept configs with identical blocks from sharing their
# checks. Lint and Icarus still check the package of every config.
declare -A file_of
always=()
declare -A package_file
for f in "${files[@]}"; do
  m=$(sed -n 's/^module \([A-Za-z_0-9]*\).*/\1/p' "$f" | head -1)
  p=$(sed -n 's/^package \([A-Za-z_0-9]*\).*/\1/p' "$f" | head -1)
  if [ -n "$m" ]; then file_of[$m]=$f
  elif [ -n "$p" ]; then package_file[$p]=$f
  else always+=("$f"); fi
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
  local m p f reached
  reached=$(reach "$1")
  {
    yosys -V
    cat "$here/yosys_check.sh" "$here/assemblies_wrapper.sh"
    sed "s/\b${name}_/CFG_/g" <<< "$2"
    for m in $reached; do normalized "${file_of[$m]}"; done
    for f in "${always[@]}"; do normalized "$f"; done
    for p in "${!package_file[@]}"; do
      for m in $reached; do
        if sed 's://.*$::' "${file_of[$m]}" | grep -qw "$p"; then normalized "${package_file[$p]}"; break; fi
      done
    done
  } | sha256sum | cut -c1-32
}

yosys_flow() {  # the Yosys script for a top
  local top=$1 flow="synth -flatten -top $1"
  [ "$gate" = yosys ] && flow=$(block_gate_flow "$top")
  # Assemblies of blocks (meshes, chiplets, systems, the
  # CLP loop) get Yosys's elaboration, process and hierarchy checks (prep): that is where
  # latches, undriven nets and multiple drivers show up; their blocks are synthesized on their
  # own, and a whole chiplet is synthesized by ctest synth_chiplet (2 min).
  if [ "$gate" = yosys ]; then
    case $top in *_system|*_noc_system|*_clp_loop|*_chiplet_r*c*|*_mesh) flow="prep" ;; esac
    # GATE_YOSYS_PREP=1 (the regression configs of tests/regress/): prep for the blocks too. Those
    # configs reproduce one bug each (Verilator builds, simulation hangs) and are gated for
    # latches, undriven and multiply driven nets; full synthesis of their blocks (a 512-channel
    # EMIO receiver: over 20 min) is left to the configs in configs/.
    [ -z "${GATE_YOSYS_PREP:-}" ] || flow="prep"
  fi
  echo "$flow"
}

run_yosys() {  # run_yosys TOP FLOW KEY [FILE...]: synthesizes unless an identical top passed before
  local top=$1 flow=$2 key=$3
  shift 3
  if [ -f "$cache/$key.ok" ]; then
    echo "gate $gate: $top ok (same RTL and flow as $(cat "$cache/$key.ok"), checked before)"
    return
  fi
  "$here/yosys_check.sh" "../yosys_$top.log" "$flow" "${files[@]}" "$@"
  echo "$name/$top" > "$cache/$key.ok"
  echo "gate $gate: $top ok"
}

# The tops that get prep are checked together, hierarchically, in one Yosys run: a generated
# wrapper instantiates each of them with no connections, and `prep -top` on the wrapper
# elaborates every distinct module (per parameter set) once. Checked one by one and flattened,
# each top re-processed the big blocks it shares with the others (a system and its NoC-over-EMIO
# top both hold every EMIO link): ffn_2die's two took 103 s and 112 s of CPU (2026-12-04).
# Hierarchically, `check` counts a module's output ports as used and its input ports as driven
# and knows every instance port's direction, so an undriven output, an undriven net and two
# drivers on one net are still found inside the module or in its parent, and latches in any
# module; an instance input left open is not (it has no net), and the lint gate (zero -Wall
# warnings: PINCONNECTEMPTY, PINMISSING) fails on it. tests/gates/selftest.sh shows each case.
check_assemblies() {  # check_assemblies TOP...
  local wrapper=../snap_gate_assemblies.sv key lock
  "$here/assemblies_wrapper.sh" "$wrapper" "$@"
  file_of[snap_gate_assemblies]=$wrapper
  modules_re+="|snap_gate_assemblies"
  key=$(content_key snap_gate_assemblies "$(assemblies_gate_flow)")
  exec {lock}> "$cache/$key.lock"
  flock "$lock"
  run_yosys snap_gate_assemblies "$(assemblies_gate_flow)" "$key" "$wrapper"
  exec {lock}>&-
  echo "gate $gate: $* ok (one hierarchical prep)"
}

# Lint: one Verilator run over the whole package, every module that nothing instantiates a top
# (-Wno-MULTITOP): each module is linted where something instantiates it (with the parameters
# given there), or else as a top. Linted one manifest top at a time, each run re-read and
# re-elaborated the blocks the tops share: quad_die 22.1 s against 13.1 s, ffn_4die 14.0 s
# against 7.2 s (2026-12-07, one run each). ONLY lints one top alone.
if [ "$gate" = lint ] && [ -z "$only" ]; then
  verilator --lint-only -Wall -Wno-MULTITOP -F files.f 2>&1 | tee ../lint_all.log
  if [ -s ../lint_all.log ]; then echo "FAIL: verilator printed warnings"; exit 1; fi
  echo "gate lint: $(wc -w <<< "$tops") tops ok (one run over the package)"
  exit 0
fi

mkdir -p "$cache"
deferred=()
assemblies=()
for top in $tops; do
  if [ -n "$only" ]; then case $top in *"$only") ;; *) continue ;; esac; fi
  case $gate in
    lint)
      verilator --lint-only -Wall -F files.f --top-module "$top" 2>&1 | tee "../lint_$top.log"
      if [ -s "../lint_$top.log" ]; then echo "FAIL: verilator printed warnings for $top"; exit 1; fi
      echo "gate $gate: $top ok" ;;
    iverilog)
      "$here/icarus_check.sh" "../iverilog_$top.log" -o "../$top.vvp" -s "$top" -c files.f
      echo "gate $gate: $top ok" ;;
    yosys|synth)
      flow=$(yosys_flow "$top")
      if [ "$flow" = prep ]; then assemblies+=("$top"); continue; fi
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
if ((${#assemblies[@]})); then check_assemblies "${assemblies[@]}"; fi
