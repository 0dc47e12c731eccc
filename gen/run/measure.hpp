#pragma once
// The measured numbers of one system simulation: its outputs checked against the golden model,
// the D2D and on-die counters, the tile schedule's derived memory traffic and the energy the
// event model prices for them (the report's per-run section).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "harness/sim_job.hpp"
#include "model/design.hpp"
#include "run/workload.hpp"

namespace snapgen {

// One run (the main run or a baseline): its report section and what the ratios need.
struct Simulated {
  nlohmann::ordered_json json;
  Design design;
  Workload workload;
  std::vector<std::vector<std::int64_t>> outputs;
  double energy = 0, latency_mean = 0;
  std::uint64_t d2d_bits = 0;
};

// Outputs of a run as activations (one vector per input, in order).
std::vector<std::vector<std::int64_t>> outputs_of(const Design& d, const tb::SimResult& r);
// Latency of every output in cycles, in order.
std::vector<std::uint64_t> latencies_of(const tb::SimResult& r);
// The measured numbers of one run, checked against the golden model.
Simulated measure(const Design& d, const Workload& w, const tb::SimResult& r);

}  // namespace snapgen
