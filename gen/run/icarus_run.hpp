#pragma once
// `snapgen run --icarus`: the second simulator. Turns the run's SimJob (tb/harness/sim_job.hpp)
// into $readmemh stimulus for tb/sim/system_tb.sv, compiles the generated package with Icarus
// (iverilog -g2012) and runs it. The testbench writes the same SimResult JSON as the Verilator
// runner (outputs, status, cycles; no activity counters), read by the same code.
#include <filesystem>
#include <functional>
#include <string>

#include "harness/sim_job.hpp"

namespace snapgen {

struct IcarusRun {
  std::filesystem::path result;  // SimResult JSON
  double compile_seconds = 0, sim_seconds = 0;
};

// Throws std::runtime_error for jobs the testbench cannot replay (BER, backpressure, input gaps)
// and for compile or simulation failures (with the log's path).
IcarusRun run_icarus(const std::filesystem::path& package_dir, const std::string& top, const tb::SimJob& job,
                     const std::filesystem::path& work, const std::function<void(const std::string&)>& progress);

}  // namespace snapgen
