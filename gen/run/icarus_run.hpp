#pragma once
// `snapgen run --icarus`: the second simulator. Converts a runner job file (tb/sim/system_main.cpp
// format) into $readmemh stimulus for tb/sim/system_tb.sv, compiles the generated package with
// Icarus (iverilog -g2012) and runs it. The testbench writes the runner's result format.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace snapgen {

struct IcarusPorts {
  std::string top;  // <name>_system
  int node_bits = 1, cfg_data_bits = 1, in_bits = 1, out_bits = 1, flip_bits = 1;
  int obs_d2d_bits = 1, obs_events_bits = 1, obs_links_bits = 1, obs_macs_bits = 1;
};

struct IcarusRun {
  std::filesystem::path result;  // result file in the runner's format
  double compile_seconds = 0, sim_seconds = 0;
};

// Throws std::runtime_error for jobs the testbench cannot replay (BER, backpressure, input gaps)
// and for compile or simulation failures (with the log's path).
IcarusRun run_icarus(const std::filesystem::path& package_dir, const IcarusPorts& ports,
                     const std::filesystem::path& job, const std::filesystem::path& work,
                     const std::function<void(const std::string&)>& progress);

}  // namespace snapgen
