#pragma once
// Compiled Verilator simulators, cached by what determines them: the generated RTL (every .sv file
// and files.f), the hardware-relevant part of the configuration (hardware_sha256), the top
// module, the harness sources and the snapgen version.
// Runtime inputs (thresholds, BER, seeds, weights, energy table) never cause a rebuild, so sweeps
// over them share one model. The cache lives in $SNAPGEN_CACHE or ${XDG_CACHE_HOME:-~/.cache}/snapgen.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "emit/package.hpp"
#include "util/embedded_files.hpp"

namespace snapgen {

struct SimulatorSpec {
  std::string top;                        // top module to verilate
  std::vector<EmbeddedFile> sources;      // harness C++ (main + headers), written beside the model
  std::vector<std::string> verilator_args;  // extra flags (e.g. --coverage-toggle, --trace-fst)
  // Non-empty: a job (JSON) the model simulates once, instrumented, before its profile-guided
  // build (`snapgen run --pgo`). The key records that the build is profile-guided, not the job.
  std::string profile_job;
};

struct CachedSimulator {
  std::filesystem::path executable;
  std::filesystem::path package_dir;  // the generated package the model was built from
  std::string key;
  std::string march;                  // g++ -march level it is compiled for ("" = default)
  bool built_now = false;             // false = reused from the cache
  double build_seconds = 0;
};

class BuildError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::filesystem::path cache_root();

// Returns the cached simulator for (package, spec), building it first if needed. Concurrent
// callers for the same key wait for one build (file lock). `progress` receives one-line updates.
CachedSimulator ensure_simulator(const Package& package, const Design& design, const SimulatorSpec& spec,
                                 const std::function<void(const std::string&)>& progress, int jobs = 2);

// The cache key alone (for tests and `sweep` planning).
std::string simulator_key(const Package& package, const Design& design, const SimulatorSpec& spec);

}  // namespace snapgen
