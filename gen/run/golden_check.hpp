#pragma once
// The end-to-end check of a simulated run: every output word against the golden model, the
// statistics of every die crossing (firing, reconstruction error) and the beats the EMIO golden
// model puts on the wires for them (the RTL's D2D beat count must match it when no bit flips).
#include <cstdint>
#include <vector>

#include "golden/clp/clp_stats.hpp"
#include "golden/emio/emio_golden.hpp"
#include "model/design.hpp"
#include "run/workload.hpp"

namespace snapgen {

// The EMIO golden model's frame format for this design (every number from D2dParams).
golden::emio::Format emio_format(const Design& d);

struct GoldenCheck {
  std::size_t mismatches = 0;              // output vectors that differ from the golden model
  std::uint64_t expected_beats = 0;        // golden D2D beats over all crossings (no errors)
  std::uint64_t crossings = 0;             // die crossings over all vectors
  double firing_rate = 0, spikes_per_frame = 0;
  std::vector<double> channel_firing;      // per CLP channel, over every crossing (spike runs)
  double rmse = 0;                         // decoded vs dense activation at the crossings
  std::int64_t max_abs_error = 0;
  std::vector<std::vector<std::int64_t>> golden_outputs;
};

GoldenCheck check_against_golden(const Design& d, const Workload& w,
                                 const std::vector<std::vector<std::int64_t>>& outputs);

}  // namespace snapgen
