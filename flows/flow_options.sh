# Sourced by synth_generic.sh and synth_osu.sh (not run on its own).
# shellcheck shell=bash

# parse_flow_options "$@": the options both synthesis scripts take before their positional
# arguments. Sets hier (0/1, --hier), stubs (absolute paths, --stub FILE, repeatable), from
# (absolute path or "", --from FILE.il: synth_osu.sh only) and args (the positional arguments left).
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

parse_flow_options() {
  hier=0 stubs=() args=() from=""
  while [ $# -gt 0 ]; do
    case $1 in
      --hier) hier=1; shift ;;
      --from) [ $# -ge 2 ] && [ -f "$2" ] || { echo "$0: --from needs an existing file" >&2; exit 2; }
              from=$(abspath "$2"); shift 2 ;;
      --stub) [ $# -ge 2 ] && [ -f "$2" ] || { echo "$0: --stub needs an existing file" >&2; exit 2; }
              stubs+=("$(abspath "$2")"); shift 2 ;;
      *) break ;;
    esac
  done
  args=("$@")
}

# drop_stubbed_files: expects `files` (the package's
# files.f, relative to the package directory, which is the working directory) and `stubs` (absolute
# paths of <block>.stub.v interfaces). Removes from `files` every file that defines a stubbed
# module, so the block is read as the black box of its stub only, and sets `read_stubs` to the Yosys
# command that reads the stubs (empty without stubs).
drop_stubbed_files() {
  read_stubs=""
  [ ${#stubs[@]} -gt 0 ] || return 0
  local names=() s f n keep=() drop=() drop_it
  for s in "${stubs[@]}"; do
    n=$(sed -n 's/^module \([A-Za-z_][A-Za-z_0-9$]*\).*/\1/p' "$s" | head -n1)
    [ -n "$n" ] || { echo "flow_options.sh: $s declares no module" >&2; exit 2; }
    names+=("$n")
  done
  for f in "${files[@]}"; do
    drop_it=0
    for n in "${names[@]}"; do
      if grep -q "^module $n\b" "$f"; then drop_it=1; drop+=("$n"); fi
    done
    [ $drop_it -eq 1 ] || keep+=("$f")
  done
  for n in "${names[@]}"; do
    case " ${drop[*]} " in *" $n "*) ;; *) echo "flow_options.sh: no package file defines module $n" >&2; exit 2 ;; esac
  done
  files=("${keep[@]}")
  read_stubs="read_verilog -lib ${stubs[*]};"
}
