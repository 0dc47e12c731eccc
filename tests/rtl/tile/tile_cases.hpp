#pragma once
// Layer generators for the tile tests and benchmarks: seeded random layers whose requant
// shift is calibrated so outputs spread over the whole range, plus the edge cases of issue 3.
#include <algorithm>
#include <cstdint>

#include "golden/tile/tile_golden.hpp"
#include "harness/rng.hpp"

namespace snapgen::tb::tile {

using golden::tile::Hw;
using golden::tile::Layer;
using golden::tile::Requant;

inline int bit_length(std::uint64_t v) {
  int n = 0;
  while (v) {
    ++n;
    v >>= 1;
  }
  return n;
}

// Weights, activations and bias uniform over their full ranges; requant entries random, with a
// shift that maps the largest |acc| of the layer to about the output range (so y is not all
// clamped), nudged by -2..+2 to reach both clamp ends now and then.
inline Layer random_layer(const Hw& hw, Rng& rng, int in, int out, int batch) {
  Layer l;
  l.in = in;
  l.out = out;
  l.batch = batch;
  l.w.resize(static_cast<std::size_t>(in) * out);
  for (auto& w : l.w) w = rng.uniform(hw.weight_min(), hw.weight_max());
  l.x.resize(static_cast<std::size_t>(in) * batch);
  for (auto& x : l.x) x = rng.uniform(hw.act_min(), hw.act_max());
  const int bias_bits = std::min(hw.acc_bits, hw.act_bits + hw.weight_bits);
  l.bias.resize(static_cast<std::size_t>(out));
  for (auto& b : l.bias) b = rng.uniform(-(std::int64_t{1} << (bias_bits - 1)), (std::int64_t{1} << (bias_bits - 1)) - 1);
  l.zp = rng.uniform(hw.act_min(), hw.act_max());
  l.relu = rng.chance(0.5);
  l.rq.assign(hw.per_channel ? static_cast<std::size_t>(out) : 1u, Requant{});
  std::uint64_t max_acc = 1;
  l.rq[0] = Requant{1, 0};  // placeholder so accumulate() sees a valid layer shape
  for (auto a : golden::tile::accumulate(hw, l)) max_acc = std::max<std::uint64_t>(max_acc, a < 0 ? -a : a);
  for (auto& r : l.rq) {
    r.mult = rng.chance(0.8) ? rng.uniform(std::int64_t{1} << 30, (std::int64_t{1} << 31) - 1)
                             : rng.uniform(-(std::int64_t{1} << 31), (std::int64_t{1} << 31) - 1);
    const int s = bit_length(max_acc) + 31 - hw.act_bits + static_cast<int>(rng.uniform(-2, 2));
    r.shift = std::clamp(s, 0, (1 << hw.shift_bits) - 1);
  }
  return l;
}

// Every operand at one extreme: x = x_val, w = w_val everywhere, bias = bias_val.
inline Layer constant_layer(const Hw& hw, int in, int out, int batch, std::int64_t x_val, std::int64_t w_val,
                            std::int64_t bias_val, Requant rq, std::int64_t zp, bool relu) {
  Layer l;
  l.in = in;
  l.out = out;
  l.batch = batch;
  l.w.assign(static_cast<std::size_t>(in) * out, w_val);
  l.x.assign(static_cast<std::size_t>(in) * batch, x_val);
  l.bias.assign(static_cast<std::size_t>(out), bias_val);
  l.rq.assign(hw.per_channel ? static_cast<std::size_t>(out) : 1u, rq);
  l.zp = zp;
  l.relu = relu;
  return l;
}

}  // namespace snapgen::tb::tile
