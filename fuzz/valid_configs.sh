#!/usr/bin/env bash
# Valid-configuration fuzzing (issue 17 item 1). For i in 0..N-1, snapgen_valid_config draws a
# random *valid* configuration from (SEED, i); each one must:
#   validate  `snapgen validate` accepts it (a rejection is a generator bug: status gen_invalid)
#   package   `snapgen generate` writes its package (block tops read from its manifest.json)
#   lint      tests/gates/gate.sh lint      (verilator --lint-only -Wall, zero warnings, every top)
#   iverilog  tests/gates/gate.sh iverilog  (iverilog -g2012 compiles every top)
#   yosys     tests/gates/gate.sh yosys     (synth of the block tops, prep of the assemblies)
#   run       `snapgen run -P workload.inputs.count=FUZZ_INPUTS` with its dense baseline: exit 0,
#             spike run and baseline bit-exact (no mismatching output word): status mismatch
# Status per config: pass, gated (every gate passed, run skipped by FUZZ_RUN_EVERY), or the first
# failing step (generator, gen_invalid, validate, package, lint, iverilog, yosys, run, mismatch).
# Usage: fuzz/valid_configs.sh N SEED [OUT]       (OUT default: fuzz-valid-SEED)
# Environment: SNAPGEN, SNAPGEN_VALID_CONFIG (default build/snapgen, build/snapgen_valid_config),
#   FUZZ_SIZE small|any (size budget, default any), FUZZ_INPUTS (vectors per run, default 8),
#   FUZZ_GATES (default "lint iverilog yosys"; empty: none), SNAPGEN_CACHE (default OUT/cache: private models).
#   Cuts for the CI budget (defaults: none): FUZZ_YOSYS_ONE=1 runs the Yosys gate on one block top
#   per config (block top (SEED + i) mod count of the manifest, rotating) instead of every top;
#   FUZZ_RUN_EVERY=K runs `snapgen run` only for i % K == 0 (status gated for the others; 0: none);
#   FUZZ_BASELINE=0 skips the dense baseline (the generator also draws d2d.encoding=dense).
# Writes OUT/summary.txt (a table) and OUT/summary.json; a failing config is kept with its logs in
# OUT/failures/<seed>_<i>/ (config.yaml, <step>.log). Exit 0 when every config passes, else 1.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:?usage: valid_configs.sh N SEED [OUT]} seed=${2:?usage: valid_configs.sh N SEED [OUT]}
out=${3:-fuzz-valid-$seed}
snapgen=${SNAPGEN:-$root/build/snapgen}
gen=${SNAPGEN_VALID_CONFIG:-$root/build/snapgen_valid_config}
size=${FUZZ_SIZE:-any} inputs=${FUZZ_INPUTS:-8} gates=${FUZZ_GATES-lint iverilog yosys}
yosys_one=${FUZZ_YOSYS_ONE:-0} run_every=${FUZZ_RUN_EVERY:-1} baseline=${FUZZ_BASELINE:-1}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export SNAPGEN_CACHE=${SNAPGEN_CACHE:-$out/cache}
rm -rf "$out/work" "$out/failures"
mkdir -p "$out/work" "$out/failures"

# One step of one config: its log in $work/<step>.log; returns the command's status.
step() {
  local name=$1 t=$SECONDS rc; shift
  "$@" >"$work/$name.log" 2>&1
  rc=$?
  times+=" $name $((SECONDS - t))s"
  return $rc
}

# First failing step of config i (or "pass"); sets $status and $summary.
check_config() {
  local i=$1 cfg=$work/config.yaml
  summary="" times=""
  if ! "$gen" "$seed" "$i" --size "$size" >"$cfg" 2>"$work/generate.log"; then status=generator; return; fi
  summary=$(head -1 "$cfg" | sed 's/^# [^:]*: //')
  step validate "$snapgen" validate "$cfg"
  case $? in 0) ;; 2) status=gen_invalid; return ;; *) status=validate; return ;; esac
  local only blocks
  step package "$snapgen" generate "$cfg" -o "$work/pkg" || { status=package; return; }
  # Block tops (the assemblies are the system, meshes, chiplets and the CLP loop).
  mapfile -t blocks < <(sed -n '/"tops"/,/]/p' "$work/pkg/manifest.json" | grep -o '"[A-Za-z_0-9]*"' \
    | grep -v '"tops"' | tr -d '"' | grep -Ev '_system$|_clp_loop$|_chiplet_r[0-9]+c[0-9]+$|_mesh$')
  rm -rf "$work/pkg"
  for g in $gates; do
    only=""
    if [ "$g" = yosys ] && [ "$yosys_one" = 1 ] && ((${#blocks[@]})); then only=${blocks[(seed + i) % ${#blocks[@]}]}; fi
    step "$g" "$root/tests/gates/gate.sh" "$g" "$snapgen" "$cfg" "$work/gate_$g" $only || { status=$g; return; }
    rm -rf "$work/gate_$g"
  done
  if ((run_every == 0 || i % run_every != 0)); then status=gated; return; fi
  local runs=2 args=()
  [ "$baseline" = 1 ] || { runs=1 args=(--no-baseline); }
  step run "$snapgen" run "$cfg" -P "workload.inputs.count=$inputs" "${args[@]}" --work "$work/run" \
    --json "$work/report.json"
  local rc=$? report=$work/report.json
  # The spike run (and the dense baseline): every output word bit-exact (a timeout is not).
  if [ -s "$report" ] && { [ "$(grep -c '"bit_exact": true' "$report")" -lt $runs ] \
    || grep -q '"bit_exact": false' "$report" || grep -Eq '"mismatches": [1-9]' "$report"; }; then
    status=mismatch
  elif [ $rc -ne 0 ] || [ ! -s "$report" ]; then
    status=run
  else
    status=pass
  fi
}

failed=0 json=()
printf '%-6s %-10s %-7s %s\n' index status seconds configuration | tee "$out/summary.txt"
for ((i = 0; i < n; i++)); do
  work=$out/work/$i
  mkdir -p "$work"
  start=$SECONDS
  check_config "$i"
  secs=$((SECONDS - start))
  printf '%-6s %-10s %-7s %s (%s)\n' "$i" "$status" "$secs" "$summary" "${times# }" | tee -a "$out/summary.txt"
  json+=("$(printf '{"seed": %s, "index": %s, "status": "%s", "seconds": %s, "config": "%s", "steps": "%s"}' \
    "$seed" "$i" "$status" "$secs" "$summary" "${times# }")")
  if [ "$status" != pass ] && [ "$status" != gated ]; then
    failed=$((failed + 1))
    rm -rf "$work/run" "$work"/gate_*/pkg
    mv "$work" "$out/failures/${seed}_$i"
    case $status in
      gen_invalid) echo "  generator bug: snapgen validate rejected the generated config:" ;;
      *) echo "  failed at $status; kept in $out/failures/${seed}_$i" ;;
    esac
    log=$out/failures/${seed}_$i/$status.log
    [ "$status" = gen_invalid ] && log=$out/failures/${seed}_$i/validate.log
    [ "$status" = mismatch ] && grep -E '"status"|"bit_exact"|"mismatches"' "$out/failures/${seed}_$i/report.json" \
      | sed 's/^ */    /'  # spike run first, then the dense baseline
    [ "$status" = generator ] && log=$out/failures/${seed}_$i/generate.log
    [ "$status" = mismatch ] || tail -n 15 "$log" 2>/dev/null | sed 's/^/    /'
  else
    rm -rf "$work"
  fi
done
{
  printf '{"seed": %s, "count": %s, "size": "%s", "inputs": %s, "failed": %s, "configs": [\n' \
    "$seed" "$n" "$size" "$inputs" "$failed"
  for ((k = 0; k < ${#json[@]}; k++)); do printf '  %s%s\n' "${json[k]}" "$([ $k -lt $((${#json[@]} - 1)) ] && echo ,)"; done
  printf ']}\n'
} >"$out/summary.json"
echo "valid-config fuzzing: seed $seed, $n configs ($size), $failed failed; $out/summary.txt, $out/summary.json"
[ "$failed" -eq 0 ]
