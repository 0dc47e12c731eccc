# Shared setup of the bench/*/run.sh scripts: source it, then call
#   bench_setup NAME "${1:-}" TARGET...
# It sets root (the checkout), build (SNAPGEN_BUILD_DIR, default build/) and out (the absolute
# output directory: the argument, default build/bench/NAME), configures the build tree and
# builds TARGETs, showing the build log only when the build fails. SNAPGEN_BENCH_PREBUILT=1 skips
# the configure and build (tests that run a bench script from inside ctest: the tree is built).
bench_setup() {
  local name=$1 arg=$2
  shift 2
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  build=${SNAPGEN_BUILD_DIR:-$root/build}
  out=$(realpath -m "${arg:-$build/bench/$name}")
  mkdir -p "$out"
  [ -z "${SNAPGEN_BENCH_PREBUILT:-}" ] || return 0
  cmake -S "$root" -B "$build" -G Ninja > /dev/null
  if ! cmake --build "$build" --target "$@" > "$out/build.log" 2>&1; then
    cat "$out/build.log"
    echo "bench/$name: build failed" >&2
    exit 1
  fi
}
