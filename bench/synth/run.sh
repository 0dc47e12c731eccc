#!/usr/bin/env bash
# `snapgen synth` (every top: Yosys, OSU 0.18 um, OpenSTA timing and power) on every configuration
# in configs/ (issue 17 item 3), one configuration after another, each with -j (default: cores).
#   bench/synth/run.sh [OUT_DIR] [CONFIG...]       (default OUT_DIR build/bench/synth; all configs)
# Writes OUT_DIR/<config>/synth.json and synth.md (snapgen's own report), OUT_DIR/summary.json
# (per config: exit code, wall seconds, tops, tops timed, the slowest top and its fmax) and prints
# the same as a table. Netlists are removed after each config (about 1 GB for the large ones).
# Exit 1 if any configuration fails. Cost: about 2 hours on 2 cores for all eleven configs.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup synth "${1:-}" snapgen
shift || true
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  for f in "$root"/configs/*.yaml; do configs+=("$(basename "$f" .yaml)"); done
fi
status=0
rows=()
for c in "${configs[@]}"; do
  start=$(date +%s)
  rc=0
  "$build/snapgen" synth "$root/configs/$c.yaml" -o "$out/$c" > "$out/$c.log" 2>&1 || rc=$?
  wall=$(( $(date +%s) - start ))
  [ $rc -eq 0 ] || { status=1; tail -n 20 "$out/$c.log" >&2; }
  find "$out/$c" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +  # netlists and the package
  rows+=("$(jq -c --arg c "$c" --argjson rc $rc --argjson wall $wall '
    {config: $c, exit_code: $rc, wall_s: $wall, tops: (.modules | length),
     timed: ([.modules[] | select(.fmax_mhz != null and .power_mw != null)] | length),
     slowest: (.modules | min_by(.fmax_mhz) | {module: .module, fmax_mhz: .fmax_mhz})}' "$out/$c/synth.json" 2>/dev/null ||
    jq -nc --arg c "$c" --argjson rc $rc --argjson wall $wall '{config: $c, exit_code: $rc, wall_s: $wall}')")
done
printf '%s\n' "${rows[@]}" | jq -s --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{date: $date, configs: .}' \
  > "$out/summary.json"
printf '%-16s %4s %7s %5s %6s  %-34s %9s\n' config exit wall_s tops timed slowest fmax_MHz
jq -r '.configs[] | [.config, .exit_code, .wall_s, (.tops // "-"), (.timed // "-"), (.slowest.module // "-"),
  (if .slowest then (.slowest.fmax_mhz * 10 | round / 10) else "-" end)] | @tsv' "$out/summary.json" |
  while IFS=$'\t' read -r c rc w t tm s f; do printf '%-16s %4s %7s %5s %6s  %-34s %9s\n' "$c" "$rc" "$w" "$t" "$tm" "$s" "$f"; done
echo "wrote $out/summary.json"
exit $status
