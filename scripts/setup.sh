#!/usr/bin/env bash
# Installs what snapgen needs on Debian (12 or later), only what is missing. Safe to rerun.
# Uses sudo when not root. Prints what it installs and why (see README "Dependencies").
set -euo pipefail
packages=(
  cmake ninja-build g++          # build
  clang libclang-rt-14-dev       # libFuzzer + sanitizers for the config fuzz target
  libyaml-cpp-dev libfmt-dev libcli11-dev nlohmann-json3-dev libssl-dev  # generator libraries
  catch2                         # tests
  verilator iverilog             # simulators (Verilator main, Icarus cross-check)
  yosys opensta                  # synthesis and timing
  gnuplot-nox                    # benchmark plots
  jq                             # bench/synth: the JSON summary of snapgen synth reports
  libtorch-dev zlib1g-dev        # `snapgen train`: LibTorch (QAT in C++), zlib (gzip IDX data)
  dataset-fashion-mnist          # `snapgen train`'s default data set (IDX files)
  # Slurm, for the sweep tests (tests/sweep): the Slurm-executor test starts a private one-node
  # cluster (munged, slurmctld, slurmd as root) and fails if these are missing.
  slurmctld slurmd slurm-client munge
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all dependencies present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || echo "setup: apt-get update failed; trying with the cached package lists" >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
