#pragma once
// The runtime data of a system run: layer weights/biases (from elaboration: .npy or seeded),
// requantization calibrated on the dense path, CLP thresholds and decoder scales, and the input
// vectors. The same Workload drives the RTL simulation and the end-to-end golden model.
#include <cstdint>
#include <vector>

#include "config/config.hpp"
#include "golden/clp/clp_golden.hpp"
#include "golden/tile/tile_golden.hpp"
#include "model/design.hpp"
#include "model/system_model.hpp"

namespace snapgen {

struct Workload {
  golden::tile::Hw hw;
  golden::clp::Params clp;
  std::vector<golden::tile::Layer> layers;     // x empty; batch 1
  std::vector<std::int64_t> thresholds;        // clp.channels
  std::vector<std::int64_t> scales;            // clp.channels
  std::vector<std::vector<std::int64_t>> inputs;
  bool spikes = true;                          // d2d.encoding != dense: crossings are CLP-converted
};

Workload make_workload(const Config& c, const Design& d);

// Per-vector golden result, with what happened at each die crossing.
struct GoldenVector {
  std::vector<std::int64_t> output;
  std::vector<golden::clp::Frame> frames;   // spike frames of every crossing, in order
  std::vector<std::vector<std::int64_t>> crossing_in, crossing_out;  // dense vs decoded, per crossing
};
// Die boundaries the route from layer `layer` to the next one crosses.
int die_crossings(const Design& d, int layer);

GoldenVector golden_forward(const Workload& w, const Design& d, const std::vector<std::int64_t>& input);

}  // namespace snapgen
