#pragma once
// The runtime data of a system run: layer weights/biases, requantization, CLP thresholds and
// decoder scales per link, the input vectors and their labels. The same Workload drives the RTL simulation and the end-to-end golden model.
#include <cstdint>
#include <memory>
#include <vector>

#include "config/config.hpp"
#include "golden/clp/clp_golden.hpp"
#include "golden/tile/tile_golden.hpp"
#include "model/design.hpp"
#include "model/system_model.hpp"
#include "run/trained_model.hpp"

namespace snapgen {

struct Workload {
  golden::tile::Hw hw;
  golden::clp::Params clp;
  std::vector<golden::tile::Layer> layers;     // x empty; batch 1
  // Per D2D link (Design::system.links): the thresholds and decoder scales its CLP holds
  // (clp.channels each). Every crossing over a link uses that link's set.
  std::vector<std::vector<std::int64_t>> link_thresholds, link_scales;
  std::vector<std::vector<std::int64_t>> inputs;
  std::vector<std::int64_t> labels;            // one per input, or empty (no task accuracy)
  bool spikes = true;                          // d2d.encoding != dense: crossings are CLP-converted
  int lowbit_bits = 0;                         // d2d.encoding lowbit: bits per activation at a crossing
  // workload.model_dir, when set: the trained model the layers, thresholds and inputs come from.
  std::shared_ptr<const TrainedModel> model;
};

// The golden models' view of the elaborated hardware.
golden::tile::Hw tile_hw(const Design& d);
golden::clp::Params clp_golden_params(const Design& d);

// The run's data: a trained model (workload.model_dir: its spike network, or its dense network
// when d2d.encoding is dense), else .npy or seeded weights with requant calibrated on the inputs;
// inputs from workload.inputs.npy, else the model's x_test, else generated (the first
// workload.inputs.count vectors). Throws ConfigError naming the key for data that does not fit.
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
