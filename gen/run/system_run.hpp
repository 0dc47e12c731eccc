#pragma once
// `snapgen run`: generate the package, build (or reuse) the Verilator model of <name>_system,
// simulate the workload, check every output word against the end-to-end golden model, and
// measure cycles, latency, die-to-die bits and toggles, on-die traffic and energy. The same run
// with d2d.encoding = dense and = dense_zc are the ANN-only baselines (docs/system.md).
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/loader.hpp"
#include "model/baselines.hpp"
#include "run/model_cache.hpp"

namespace snapgen {

// Input vectors of the job a --pgo model is profiled on.
inline constexpr std::size_t kProfileVectors = 16;

struct RunOptions {
  std::filesystem::path work_dir;   // job/result files (default: a fresh temp dir)
  double out_ready_prob = 1.0;      // random backpressure on the system output (1 = always ready)
  double in_valid_prob = 1.0;       // random gaps in the input stream
  // Baselines run beside the configuration, each the same run with d2d.encoding = its name
  // (`--baselines`, default all of kBaselines; `--no-baseline`: none).
  std::vector<std::string> baselines = default_baselines();
  // Instrumentation of the spike run (the baseline is never instrumented). Each needs its own
  // cached model (Verilator --coverage-toggle / --trace-fst), slower than the plain one.
  std::filesystem::path activity_dir;  // --activity DIR: toggle coverage -> activity section + files
  std::filesystem::path waves_file;    // --waves FILE.fst: FST of the whole spike run
  bool icarus = false;                 // --icarus: also simulate the spike run with Icarus and compare
  // --pgo: profile-guided builds of the plain models (run once instrumented on the first
  // kProfileVectors vectors of their job, then rebuilt): a slower first build, a faster
  // simulation afterwards (bench/speed/run.sh). A separate cache entry from the plain model.
  bool pgo = false;
  int jobs = 2;
  std::function<void(const std::string&)> progress = [](const std::string&) {};
};

// One simulated configuration: measured numbers and the comparison with the golden model.
struct SimResult {
  bool bit_exact = false;
  std::size_t vectors = 0, mismatches = 0;
  std::uint64_t cycles = 0;
  double latency_mean = 0;
  std::uint64_t latency_max = 0;
  std::vector<std::vector<std::int64_t>> outputs;
  nlohmann::ordered_json json;  // the report section of this run
};

// The configurations one run simulates: the configuration itself, then for each baseline name
// (not equal to the configuration's own encoding) the same with d2d.encoding = that name (lowbit
// with a trained model: d2d.lowbit_bits = the bits of its low-bit network). Throws
// ConfigError for invalid configurations. `snapgen sweep` uses it to validate every point and to find the distinct models
// before running anything.
std::vector<Config> run_configs(const ConfigSource& source, std::span<const std::string> overrides,
                                std::span<const std::string> baselines);

// The Verilator simulator of a system: its top and the harness sources (keys the model cache).
SimulatorSpec system_simulator_spec(const Design& design);

// Throws ConfigError for configurations that cannot be elaborated or simulated.
nlohmann::ordered_json run_system(const ConfigSource& source, std::span<const std::string> overrides,
                                  const RunOptions& options);

// Terminal table of a report produced by run_system.
std::string format_report(const nlohmann::ordered_json& report);

}  // namespace snapgen
