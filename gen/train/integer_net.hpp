#pragma once
// An exported integer network and its evaluation with the golden models (golden_tile for every
// layer, golden_clp at every spike crossing): the numbers the RTL computes, bit for bit.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "golden/clp/clp_golden.hpp"
#include "golden/tile/tile_golden.hpp"

namespace snapgen::train {

enum class Crossing { Spike, Dense, LowBit };
const char* crossing_name(Crossing c);

struct IntegerNet {
  golden::tile::Hw hw;
  golden::clp::Params clp;
  std::vector<golden::tile::Layer> layers;  // x empty
  std::vector<int> hops;                    // die crossings after layer i (size layers-1)
  Crossing kind = Crossing::Spike;
  int lowbit_bits = 2;
  // Spike only: one row of clp.channels per crossing, in chain order (layer, then hop).
  std::vector<std::vector<std::int64_t>> thresholds, scales;
};

// The low-bit crossing: q = clamp((a + 2^(s-1)) >> s) to k bits, a' = q << s, s = act_bits - k.
std::int64_t lowbit_crossing(std::int64_t a, int act_bits, bool act_signed, int bits);

struct IntegerEval {
  std::int64_t images = 0, correct = 0;
  std::vector<std::vector<double>> channel_spikes;  // per crossing, per channel: total spikes
  double payload_bits = 0;                          // D2D payload estimate summed over images
  double accuracy() const { return images ? static_cast<double>(correct) / static_cast<double>(images) : 0.0; }
};

// Runs `x` (images x in, already in the activation format) through the net; the prediction is the
// lowest index of the largest output. Spike payload estimate per frame: min(bitmap N,
// AER clog2(N+1) + spikes * clog2(N)); dense N * act_bits; low-bit N * k.
IntegerEval evaluate_integer(const IntegerNet& net, std::span<const std::int64_t> x, std::span<const std::uint8_t> labels);

}  // namespace snapgen::train
