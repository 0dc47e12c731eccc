#include "run/workload.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace snapgen {

namespace {

std::vector<std::int64_t> run_one(const golden::tile::Hw& hw, golden::tile::Layer l, const std::vector<std::int64_t>& x) {
  l.batch = 1;
  l.x = x;
  return golden::tile::run_layer(hw, l);
}

// Requantization chosen like post-training quantization: map the largest |accumulator| seen on
// the calibration inputs to the top of the activation range. M is a Q-format multiplier kept in
// [2^29, 2^30] so it fits MultBits = 32 signed; S follows.
golden::tile::Requant calibrate(const golden::tile::Hw& hw, std::int64_t max_acc) {
  const double target = static_cast<double>(hw.act_max());
  const double ratio = target / static_cast<double>(std::max<std::int64_t>(1, max_acc));
  int shift = 0;
  double m = ratio;
  while (m < static_cast<double>(1LL << 29) && shift < 62) {
    m *= 2;
    ++shift;
  }
  while (m > static_cast<double>(1LL << 30) && shift > 0) {
    m /= 2;
    --shift;
  }
  const std::int64_t max_mult = (std::int64_t{1} << (hw.mult_bits - 1)) - 1;
  return {std::clamp<std::int64_t>(std::llround(m), 1, max_mult), shift};
}

}  // namespace

Workload make_workload(const Config& c, const Design& d) {
  Workload w;
  const TileParams& t = d.tile;
  w.hw = golden::tile::Hw{t.rows, t.cols, t.act_bits, t.act_signed, t.weight_bits, t.acc_bits, t.per_channel,
                          t.mult_bits, t.shift_bits, t.max_in, t.max_out, t.max_batch};
  const ClpParams& p = d.clp;
  w.clp = golden::clp::Params{p.channels, p.lanes_per_cycle, p.timesteps, p.reset_subtract,
                              p.leak_shift, p.act_bits, p.act_signed, p.decode_shift};
  w.spikes = d.d2d.encoding != spec::Encoding::Dense;
  w.thresholds = clp_thresholds(c);
  w.scales = golden::clp::reconstruction_scales(w.clp, w.thresholds);

  // Inputs: seeded, ReLU-normal (half the values 0, the rest |N(0, range/4)|) or uniform.
  const InputParams& in = d.runtime.inputs;
  std::mt19937_64 rng(in.seed);
  const auto count = in.count;
  const bool relu_normal = in.relu_normal;
  const std::int64_t lo = w.hw.act_min(), hi = w.hw.act_max();
  std::normal_distribution<double> normal(0.0, static_cast<double>(hi) / 4.0);
  std::uniform_int_distribution<std::int64_t> uniform(lo, hi);
  for (std::int64_t v = 0; v < count; ++v) {
    std::vector<std::int64_t> x(static_cast<std::size_t>(d.layers.front().in));
    for (auto& e : x) {
      if (relu_normal) e = std::clamp<std::int64_t>(std::max<std::int64_t>(0, std::llround(normal(rng))), lo, hi);
      else e = uniform(rng);
    }
    w.inputs.push_back(std::move(x));
  }

  // Layers, calibrated one after the other on the dense path of the inputs.
  std::vector<std::vector<std::int64_t>> acts = w.inputs;
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    golden::tile::Layer l;
    l.in = d.layers[i].in;
    l.out = d.layers[i].out;
    l.batch = 1;
    l.w = t.layers[i].weights;
    l.bias = t.layers[i].bias;
    l.relu = d.layers[i].relu;
    l.zp = 0;
    // One requant entry per layer, or one per output channel (all equal: calibrated per layer).
    const std::size_t rq_entries = w.hw.per_channel ? static_cast<std::size_t>(l.out) : 1;
    l.rq.assign(rq_entries, golden::tile::Requant{1, 0});
    std::int64_t max_acc = 1;
    for (const auto& x : acts) {
      golden::tile::Layer probe = l;
      probe.x = x;
      for (auto a : golden::tile::accumulate(w.hw, probe)) max_acc = std::max(max_acc, std::abs(a));
    }
    l.rq.assign(rq_entries, calibrate(w.hw, max_acc));
    for (auto& x : acts) x = run_one(w.hw, l, x);
    w.layers.push_back(std::move(l));
  }
  return w;
}

int die_crossings(const Design& d, int layer) {
  const auto& a = d.layers[static_cast<std::size_t>(layer)];
  const auto& b = d.layers[static_cast<std::size_t>(layer + 1)];
  int crossings = 0;
  for (const Hop& h : route(d, a.gx, a.gy, b.gx, b.gy)) {
    const int nx = h.x + (h.port == kPortEast) - (h.port == kPortWest);
    const int ny = h.y + (h.port == kPortSouth) - (h.port == kPortNorth);
    crossings += (h.x / d.mesh_cols != nx / d.mesh_cols) || (h.y / d.mesh_rows != ny / d.mesh_rows);
  }
  return crossings;
}

GoldenVector golden_forward(const Workload& w, const Design& d, const std::vector<std::int64_t>& input) {
  GoldenVector g;
  std::vector<std::int64_t> x = input;
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    x = run_one(w.hw, w.layers[i], x);
    if (i + 1 == w.layers.size()) break;
    // Every die boundary on the route converts the vector once (EMIO port pairs are independent).
    for (int hop = 0; hop < die_crossings(d, static_cast<int>(i)); ++hop) {
      // The crossing vector is padded to clp.channels (zeros never spike) and cut back after.
      std::vector<std::int64_t> padded(static_cast<std::size_t>(w.clp.channels), 0);
      std::copy(x.begin(), x.end(), padded.begin());
      g.crossing_in.push_back(x);
      if (w.spikes) {
        const auto frames = golden::clp::encode(w.clp, padded, w.thresholds);
        const auto counts = golden::clp::spike_counts(w.clp, frames);
        const auto decoded = golden::clp::decode(w.clp, counts, w.scales);
        g.frames.insert(g.frames.end(), frames.begin(), frames.end());
        std::copy(decoded.begin(), decoded.begin() + static_cast<std::ptrdiff_t>(x.size()), x.begin());
      }
      g.crossing_out.push_back(x);
    }
  }
  g.output = x;
  return g;
}

}  // namespace snapgen
