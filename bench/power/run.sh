#!/usr/bin/env bash
# Energy cross-check (issue 16 item 1): bench/power/run.sh [OUT_DIR]   (default build/bench/power)
# Prices the blocks of one configuration two ways, for the spike run and for the dense 8-bit run
# (`-P d2d.encoding=dense`, the ANN-only baseline as its own run):
#   event model  `snapgen run`'s energy_pj categories of the block (docs/energy.md), at the
#                configuration's technology node and again at NODE (default horowitz_45nm);
#   synthesized  OpenSTA power of the block's top mapped to OSU 0.18 um (flows/synth_osu.sh +
#                flows/sta.sh, what `snapgen synth --activity A --activity-file F` runs) under the
#                toggle rates `snapgen run --activity` measured in that run, times the simulated
#                time: power_mW x instances x cycles x period_ns / vectors = pJ per vector.
# Blocks and the event categories they are compared with (the rest has no synthesizable
# counterpart here: D2D PHY wires, on-die link wires, SRAM macros, and the routers: the mesh's
# activity file covers one die only, the other die's mesh being another specialization):
#   tile  <name>_tile                          macs + registers + the tiles' leakage share
#   clp   <name>_clp_encoder + _clp_decoder    clp + the CLP's leakage share
#   emio  <name>_emio_tx + _emio_rx            emio
# Absolute numbers are at different nodes (0.18 um cells vs the model's node); what is compared
# is the spike/dense ratio of each block and which block dominates.
# Environment: CONFIG (default configs/hnn_2die.yaml), COUNT (vectors, default 64), NODE,
# BLOCKS (default "tile clp emio"). Every netlist is cached by content (its reachable RTL and
# the package constants it uses) in SNAPGEN_POWER_CACHE (default build/bench/power-synth-cache):
# the dense run's tile and EMIO receiver are the spike run's netlists, timed under other activity.
# Prints the tables; writes OUT_DIR/power.txt and OUT_DIR/power_bench.json. About 20-30 minutes
# cold on 2 shared cores (two Verilator models, five syntheses), a few minutes warm.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup power "${1:-}" snapgen
snapgen=$build/snapgen
config=$(realpath "${CONFIG:-$root/configs/hnn_2die.yaml}")
count=${COUNT:-64}
node=${NODE:-horowitz_45nm}
blocks=${BLOCKS:-"tile clp emio"}
cache=${SNAPGEN_POWER_CACHE:-$build/bench/power-synth-cache}
lib=$("$root/flows/fetch_liberty.sh")/osu018_stdcells.lib
mkdir -p "$cache"

declare -A block_tops=([tile]="tile" [clp]="clp_encoder clp_decoder" [emio]="emio_tx emio_rx")
declare -A block_events=([tile]="macs registers leak_tile" [clp]="clp leak_clp" [emio]="emio")

# jget FILE a.b.c: the scalar at that key path of a pretty-printed JSON report (2-space indent;
# keys inside arrays never match). Prints nothing if absent.
jget() {
  awk -v want="$2" '
    { match($0, /^ */); d = RLENGTH / 2 }
    /^ *"[^"]*": / { k = $0; sub(/^ *"/, "", k); sub(/".*/, "", k); key[d] = k
                     for (i = d + 1; i in key; i++) delete key[i]
                     p = key[1]; for (i = 2; i <= d; i++) p = p "." key[i]
                     if (p == want) { v = $0; sub(/^ *"[^"]*": */, "", v); sub(/,$/, "", v)
                                      if (v !~ /^[[{]/) { gsub(/"/, "", v); print v; exit } } next }
    /^ *[[{]/ { key[d] = "[]"; for (i = d + 1; i in key; i++) delete key[i] }' "$1"
}

# content_key PKG TOP: hash of the RTL a top reaches (module files, comments stripped, the
# config name normalized) and of the package constants that RTL names.
content_key() {
  local pkg=$1 top=$2 name f m d todo seen modules_re
  name=$(jget "$pkg/manifest.json" name)
  declare -A file_of=()
  while read -r f; do
    m=$(sed -n 's/^module \([A-Za-z_0-9]*\).*/\1/p' "$pkg/$f" | head -1)
    [ -n "$m" ] && file_of[$m]=$pkg/$f
  done < "$pkg/files.f"
  modules_re=$(printf '%s\n' "${!file_of[@]}" | paste -sd'|')
  todo=("$top") seen=" $top "
  while ((${#todo[@]})); do
    m=${todo[0]} todo=("${todo[@]:1}")
    for d in $(sed 's://.*$::' "${file_of[$m]}" | grep -owE "$modules_re" | sort -u); do
      case $seen in *" $d "*) ;; *) seen+="$d " todo+=("$d") ;; esac
    done
  done
  local text
  text=$(for m in $(tr ' ' '\n' <<< "$seen" | grep . | sort); do
           sed -e 's://.*$::' -e "s/\b${name}_/CFG_/g" "${file_of[$m]}"; done)
  {
    yosys -V
    cat "$root/flows/synth_osu.sh" "$root/flows/abc_osu.script" "$lib"
    grep '^create_clock' "$pkg/$name.sdc"
    echo "$text"
    # Package constants (localparam ... NAME = value;) the reached RTL names.
    awk '/^ *localparam/ { sub(/\/\/.*/, ""); split($0, a, "="); n = split(a[1], w, " "); print w[n], $0 }' \
        "$pkg/${name}_pkg.sv" |
      while read -r c line; do
        if grep -qw -- "$c" <<< "$text"; then echo "$line"; fi
      done
  } | sha256sum | cut -c1-24
}

# netlist PKG TOP: the mapped netlist of TOP (synthesized once per content key).
netlist() {
  local key dir
  key=$(content_key "$1" "$2")
  dir=$cache/$key
  if [ ! -f "$dir/$2.osu.v" ]; then
    echo "bench/power: synthesizing $2 (key $key) ..." >&2
    "$root/flows/synth_osu.sh" "$1" "$2" "$lib" "$dir.tmp$$" > "$out/synth_$2_$key.log" 2>&1 ||
      { tail -20 "$out/synth_$2_$key.log" >&2; echo "bench/power: synthesis of $2 failed" >&2; exit 1; }
    rm -rf "$dir"; mv "$dir.tmp$$" "$dir"
  fi
  echo "$dir/$2.osu.v"
}

calc() { awk "BEGIN { printf \"%.9g\", $1 }"; }

# 1. Simulate: each run twice on its cached --activity model (the configuration's node, then
#    NODE; energy keys are runtime keys, so the second run rebuilds nothing).
for run in spike dense; do
  d=$out/$run
  rm -rf "$d"; mkdir -p "$d/sta" "$d/sta_idle"
  extra=(-P "workload.inputs.count=$count")
  [ "$run" = dense ] && extra+=(-P d2d.encoding=dense)
  for tag in model node; do
    more=(); [ "$tag" = node ] && more=(-P "energy.node=$node")
    "$snapgen" run "$config" --no-baseline "${extra[@]}" "${more[@]}" --activity "$d/act_$tag" \
      --json "$d/report_$tag.json" > "$d/run_$tag.log" 2>&1 ||
      { tail -20 "$d/run_$tag.log" >&2; echo "bench/power: $run run failed, see $d/run_$tag.log" >&2; exit 1; }
  done
  "$snapgen" generate "$config" "${extra[@]}" -o "$d/pkg" > /dev/null
done
name=$(jget "$out/spike/pkg/manifest.json" name)
model_node=$(jget "$out/spike/report_model.json" energy_table.node)

# 2. Synthesized energy per top and run: the mapped netlist timed under the run's toggle rates
#    (input ports from the activity file, every other net at the module's mean internal rate).
declare -A syn syn_data
rows=""
for run in spike dense; do
  d=$out/$run
  vectors=$(jget "$d/report_model.json" vectors)
  for b in $blocks; do
    for t in ${block_tops[$b]}; do
      top=${name}_$t act=$d/act_model/${name}_$t.activity
      inst=0 cycles=0 internal=0 power=0 idle=0 period=0 entries=0
      if [ -f "$act" ]; then  # absent: the run has no instance of the top (dense runs: no CLP)
        read -r inst cycles < <(sed -n '1s/.*(\([0-9]*\) instance(s), \([0-9]*\) cycles).*/\1 \2/p' "$act")
        internal=$(sed -n 's/^#   snapgen synth .* --activity \([0-9.eE+-]*\) .*/\1/p' "$act")
        net=$(netlist "$d/pkg" "$top")
        SNAPGEN_ACTIVITY=$internal "$root/flows/sta.sh" "$lib" "$net" "$top" "$d/pkg/$name.sdc" "$d/sta" "$act" \
          > "$d/sta/$top.out" 2>&1 || { cat "$d/sta/$top.out" >&2; exit 1; }
        power=$(awk '$1 == "Total" { printf "%.9g", $5 * 1e3; exit }' "$d/sta/$top.power.txt")
        # The same netlist with every data net still (activity 0): what is left is the clock
        # (every flip-flop's clock pin, every cycle) and leakage, paid whatever the data.
        SNAPGEN_ACTIVITY=0 "$root/flows/sta.sh" "$lib" "$net" "$top" "$d/pkg/$name.sdc" "$d/sta_idle" \
          > "$d/sta_idle/$top.out" 2>&1 || { cat "$d/sta_idle/$top.out" >&2; exit 1; }
        idle=$(awk '$1 == "Total" { printf "%.9g", $5 * 1e3; exit }' "$d/sta_idle/$top.power.txt")
        period=$(awk '$2 == "period_ns" { print $3 }' "$d/sta/$top.sta.txt")
        entries=$(awk '$2 == "activity_entries" { print $3 }' "$d/sta/$top.sta.txt")
      fi
      pj=$(calc "$power * $inst * $cycles * ($period) / $vectors")
      pj_data=$(calc "($power - $idle) * $inst * $cycles * ($period) / $vectors")
      syn[$run.$b]=$(calc "${syn[$run.$b]:-0} + $pj")
      syn_data[$run.$b]=$(calc "${syn_data[$run.$b]:-0} + $pj_data")
      rows+="$run $t $inst $cycles $internal $entries $power $idle $period $pj $pj_data"$'\n'
    done
  done
done

# 3. Event model per block, pJ per vector, from each report's categories and raw counts.
declare -A ev ev_dyn pj_of
g() { local v; v=$(jget "$r" "$1"); echo "${v:-0}"; }  # a number of report $r (0 if absent)
for run in spike dense; do
  for tag in model node; do
    r=$out/$run/report_$tag.json
    mac=$(jget "$r" energy_table.mac_pj)
    [ -n "$mac" ] || mac=$(calc "$(g energy_events.act_bits) * $(g energy_events.weight_bits) * \
      $(g energy_table.mult_pj_per_bit_product) + $(g energy_events.acc_bits) * $(g energy_table.add_pj_per_bit)")
    leak="$(g energy_events.cycles) * $(g energy_table.leakage_fraction)"
    pj_of=([macs]=$(g energy_pj.macs) [registers]=$(g energy_pj.registers) [clp]=$(g energy_pj.clp)
                  [emio]=$(g energy_pj.emio) [sram]=$(g energy_pj.sram)
                  [routers]=$(g energy_pj.routers)
                  [leak_tile]=$(calc "$leak * $(g energy_events.pes) * $mac")
                  [leak_clp]=$(calc "$leak * $(g energy_events.clp_channels) * $(g energy_table.clp_pj_per_op)"))
    # energy_pj.leakage = the tiles' + the CLP's + the routers' share (a router's peak: 5 ports).
    pj_of[leak_noc]=$(calc "$leak * $(g energy_events.routers) * 5 * $(g energy_table.router_pj_per_flit)")
    awk -v a="${pj_of[leak_tile]}" -v b="${pj_of[leak_clp]}" -v c="${pj_of[leak_noc]}" -v l="$(g energy_pj.leakage)" \
      'BEGIN { exit !((a + b + c - l) ^ 2 <= (1e-6 * l) ^ 2) }' ||
      { echo "bench/power: the leakage shares do not sum to energy_pj.leakage in $r" >&2; exit 1; }
    vectors=$(g vectors)
    for b in $blocks; do
      e=0 dyn=0
      for c in ${block_events[$b]}; do
        e=$(calc "$e + ${pj_of[$c]}")
        case $c in leak_*) ;; *) dyn=$(calc "$dyn + ${pj_of[$c]}") ;; esac
      done
      ev[$tag.$run.$b]=$(calc "$e / $vectors")
      ev_dyn[$tag.$run.$b]=$(calc "$dyn / $vectors")
    done
    ev[$tag.$run.sram]=$(calc "${pj_of[sram]} / $vectors")
  done
done

# 4. Table and JSON. Ratios are spike / dense (below 1: the spike run costs less); "-" when the
#    dense run has no instance of the block.
ratio() { awk -v s="$1" -v d="$2" 'BEGIN { if (d > 0) printf "%.4f", s / d; else printf "-" }'; }
json_ratio() { local v; v=$(ratio "$1" "$2"); [ "$v" = - ] && echo null || echo "$v"; }
dominant() {  # dominant ARRAY PREFIX: the block with the most energy per vector
  local -n arr=$1
  local best="" bv=-1 b
  for b in $blocks; do
    if awk -v a="${arr[$2.$b]}" -v c="$bv" 'BEGIN { exit !(a > c) }'; then best=$b bv=${arr[$2.$b]}; fi
  done
  echo "$best"
}
# methods: key, label, array, prefix (the run name follows the prefix)
methods=("synth|synth total (OSU 0.18 um)|syn|"
         "synth_data|synth data-dependent (total - clock/leakage)|syn_data|"
         "model|model $model_node, with leakage share|ev|model."
         "model_dynamic|model $model_node, without leakage|ev_dyn|model."
         "node|model $node, with leakage share|ev|node."
         "node_dynamic|model $node, without leakage|ev_dyn|node.")
date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
  echo "bench/power: $(basename "$config"), $count vectors, $date_utc"
  echo "energy per vector in pJ, all instances of the block; ratio spike/dense (< 1: spike costs less)"
  printf '%-5s %-46s %12s %12s %8s\n' block method spike dense s/d
  for b in $blocks; do
    for m in "${methods[@]}"; do
      IFS='|' read -r key label arr prefix <<< "$m"
      declare -n a=$arr
      printf '%-5s %-46s %12.3f %12.3f %8s\n' "$b" "$label" "${a[${prefix}spike.$b]}" "${a[${prefix}dense.$b]}" \
        "$(ratio "${a[${prefix}spike.$b]}" "${a[${prefix}dense.$b]}")"
      unset -n a
    done
  done
  printf 'dominant block (spike / dense): synth %s / %s, synth data-dependent %s / %s, model %s / %s, model without leakage %s / %s\n' \
    "$(dominant syn spike)" "$(dominant syn dense)" "$(dominant syn_data spike)" "$(dominant syn_data dense)" \
    "$(dominant ev model.spike)" "$(dominant ev model.dense)" "$(dominant ev_dyn model.spike)" "$(dominant ev_dyn model.dense)"
  printf 'not compared: tile SRAM (black boxes in synthesis), model %.3f / %.3f pJ per vector (spike / dense)\n' \
    "${ev[model.spike.sram]}" "${ev[model.dense.sram]}"
  echo
  printf '%-5s %-12s %4s %7s %10s %7s %10s %10s %6s %12s %12s\n' run top inst cycles act_int entries power_mW idle_mW \
    period pJ/vec data_pJ/vec
  while read -r run t inst cycles internal entries power idle period pj pj_data; do
    [ -n "$run" ] || continue
    printf '%-5s %-12s %4s %7s %10.4g %7s %10.3f %10.3f %6s %12.2f %12.2f\n' "$run" "$t" "$inst" \
      "$cycles" "$internal" "$entries" "$power" "$idle" "$period" "$pj" "$pj_data"
  done <<< "$rows"
} | tee "$out/power.txt"

{
  echo "{"
  echo "  \"date\": \"$date_utc\", \"config\": \"$(basename "$config")\", \"vectors\": $count,"
  echo "  \"liberty\": \"$lib\", \"model_node\": \"$model_node\", \"node\": \"$node\","
  echo "  \"energy_unit\": \"pJ per vector, all instances of the block\", \"ratios\": \"spike / dense\","
  echo "  \"blocks\": ["
  sep=""
  for b in $blocks; do
    printf '%s    {"block": "%s", "tops": "%s", "event_categories": "%s"' "$sep" "$b" "${block_tops[$b]}" \
      "${block_events[$b]}"
    for m in "${methods[@]}"; do
      IFS='|' read -r key label arr prefix <<< "$m"
      declare -n a=$arr
      printf ', "%s_spike": %s, "%s_dense": %s, "%s_ratio": %s' "$key" "${a[${prefix}spike.$b]}" "$key" \
        "${a[${prefix}dense.$b]}" "$key" "$(json_ratio "${a[${prefix}spike.$b]}" "${a[${prefix}dense.$b]}")"
      unset -n a
    done
    printf '}'
    sep=$',\n'
  done
  echo; echo "  ],"
  echo "  \"tops\": ["
  sep=""
  while read -r run t inst cycles internal entries power idle period pj pj_data; do
    [ -n "$run" ] || continue
    printf '%s    {"run": "%s", "top": "%s", "instances": %s, "cycles": %s, "activity_internal": %s, "activity_entries": %s, "power_mw": %s, "idle_power_mw": %s, "period_ns": %s, "synth_pj_per_vector": %s, "synth_data_pj_per_vector": %s}' \
      "$sep" "$run" "${name}_$t" "$inst" "$cycles" "$internal" "$entries" "$power" "$idle" "$period" "$pj" "$pj_data"
    sep=$',\n'
  done <<< "$rows"
  echo; echo "  ]"
  echo "}"
} > "$out/power_bench.json"
echo "wrote $out/power.txt $out/power_bench.json"
