#include "run/workload.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>


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

// Seeded input vectors: ReLU-normal (half the values 0, the rest |N(0, range/4)|) or uniform.
std::vector<std::vector<std::int64_t>> generated_inputs(const golden::tile::Hw& hw, const InputParams& in, int width) {
  std::mt19937_64 rng(in.seed);
  const std::int64_t lo = hw.act_min(), hi = hw.act_max();
  std::normal_distribution<double> normal(0.0, static_cast<double>(hi) / 4.0);
  std::uniform_int_distribution<std::int64_t> uniform(lo, hi);
  std::vector<std::vector<std::int64_t>> out;
  for (std::int64_t v = 0; v < in.count; ++v) {
    std::vector<std::int64_t> x(static_cast<std::size_t>(width));
    for (auto& e : x) {
      if (in.relu_normal) e = std::clamp<std::int64_t>(std::max<std::int64_t>(0, std::llround(normal(rng))), lo, hi);
      else e = uniform(rng);
    }
    out.push_back(std::move(x));
  }
  return out;
}

// Layers [first, last) of the chain from elaboration's weights, requant calibrated one after the
// other on `acts` (the inputs of layer `first`), which leave as the outputs of layer last - 1.
std::vector<golden::tile::Layer> calibrated_layers(const Design& d, const golden::tile::Hw& hw,
                                                   std::vector<std::vector<std::int64_t>>& acts, std::size_t first,
                                                   std::size_t last) {
  std::vector<golden::tile::Layer> layers;
  for (std::size_t i = first; i < last; ++i) {
    golden::tile::Layer l;
    l.in = d.layers[i].in;
    l.out = d.layers[i].out;
    l.batch = 1;
    l.w = d.tile.layers[i].weights;
    l.bias = d.tile.layers[i].bias;
    l.relu = d.layers[i].relu;
    l.zp = 0;
    // One requant entry per layer, or one per output channel (all equal: calibrated per layer).
    const std::size_t rq_entries = hw.per_channel ? static_cast<std::size_t>(l.out) : 1;
    l.rq.assign(rq_entries, golden::tile::Requant{1, 0});
    std::int64_t max_acc = 1;
    for (const auto& x : acts) {
      golden::tile::Layer probe = l;
      probe.x = x;
      for (auto a : golden::tile::accumulate(hw, probe)) max_acc = std::max(max_acc, std::abs(a));
    }
    l.rq.assign(rq_entries, calibrate(hw, max_acc));
    for (auto& x : acts) x = run_one(hw, l, x);
    layers.push_back(std::move(l));
  }
  return layers;
}

// Nearest-rank percentile p (0..100] of `v` (not empty).
std::int64_t percentile(std::vector<std::int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

// Per channel: the percentile of its activations over the calibration vectors (padding channels,
// which only ever see zeros, get the largest threshold). A value above theta saturates the T-step
// rate code at theta; below it the code's step is theta / T, so theta spends the code's range on
// the values that occur (the "robust normalization" of ANN-to-SNN conversion, docs/clp.md).
std::vector<std::int64_t> percentile_thresholds(const golden::clp::Params& clp,
                                                const std::vector<std::vector<std::int64_t>>& acts, double p) {
  std::vector<std::int64_t> theta(static_cast<std::size_t>(clp.channels), 65535);
  for (std::size_t ch = 0; ch < acts.front().size() && ch < theta.size(); ++ch) {
    std::vector<std::int64_t> column;
    for (const auto& x : acts) column.push_back(x[ch]);
    theta[ch] = std::clamp<std::int64_t>(percentile(std::move(column), p), 1, 65535);
  }
  return theta;
}

// Requant and thresholds chosen along the run's own path on calibration vectors: each layer's
// requant maps its largest |accumulator| to act_max (as calibrated_layers), then at each die
// crossing the link's thresholds come from the activations arriving there (the first crossing
// over a link sets them) and the vectors continue decoded, as the RTL sees them.
void calibrate_chain(const Design& d, const CalibrationParams& cal, std::vector<std::vector<std::int64_t>> acts,
                     Workload& w) {
  w.link_thresholds.assign(d.system.links.size(), {});
  w.link_scales.assign(d.system.links.size(), {});
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    w.layers.push_back(calibrated_layers(d, w.hw, acts, i, i + 1).front());  // acts: its outputs now
    if (i + 1 == d.layers.size()) break;
    for (const int link : d.system.crossing_links[i]) {
      auto& theta = w.link_thresholds[static_cast<std::size_t>(link)];
      auto& scales = w.link_scales[static_cast<std::size_t>(link)];
      if (theta.empty()) {
        theta = percentile_thresholds(w.clp, acts, cal.percentile);
        scales = golden::clp::reconstruction_scales(w.clp, theta);
      }
      if (w.spikes)
        for (auto& x : acts) x = golden::clp::cross(w.clp, x, theta, scales).decoded;
    }
  }
}

// The trained per-crossing rows placed on the links they cross. Two crossings over one link
// must agree: the link's CLP holds one set.
std::vector<std::vector<std::int64_t>> rows_per_link(const Config& c, const Design& d,
                                                     const std::vector<std::vector<std::int64_t>>& rows,
                                                     const char* file) {
  std::vector<std::vector<std::int64_t>> per_link(d.system.links.size());
  std::vector<int> first_row(d.system.links.size(), -1);
  int row = 0;
  for (const auto& links : d.system.crossing_links)
    for (const int link : links) {
      auto& slot = per_link[static_cast<std::size_t>(link)];
      if (slot.empty()) {
        slot = rows[static_cast<std::size_t>(row)];
        first_row[static_cast<std::size_t>(link)] = row;
      } else if (slot != rows[static_cast<std::size_t>(row)]) {
        throw ConfigError({Problem{
            c.mark("workload.model_dir"), "workload.model_dir",
            fmt::format("{}: crossings {} and {} both use D2D link {} but their rows differ; the link's CLP holds "
                        "one set (place the layers so they cross different links)",
                        file, first_row[static_cast<std::size_t>(link)], row, link)}});
      }
      ++row;
    }
  return per_link;
}

// The first workload.inputs.count rows of data that has at least that many.
void take_inputs(const Config& c, const Design& d, const LabelledData& data, const std::string& source, Workload& w) {
  const auto count = static_cast<std::size_t>(d.runtime.inputs.count);
  if (count > data.x.size())
    throw ConfigError({Problem{c.mark("workload.inputs.count"), "workload.inputs.count",
                               fmt::format("found {}, but {} holds {} vectors; allowed 1..{}", count, source,
                                           data.x.size(), data.x.size())}});
  w.inputs.assign(data.x.begin(), data.x.begin() + static_cast<std::ptrdiff_t>(count));
  if (!data.y.empty()) w.labels.assign(data.y.begin(), data.y.begin() + static_cast<std::ptrdiff_t>(count));
}

}  // namespace

golden::tile::Hw tile_hw(const Design& d) {
  const TileParams& t = d.tile;
  return golden::tile::Hw{t.rows, t.cols, t.act_bits, t.act_signed, t.weight_bits, t.acc_bits, t.per_channel,
                          t.mult_bits, t.shift_bits, t.max_in, t.max_out, t.max_batch};
}

golden::clp::Params clp_golden_params(const Design& d) {
  const ClpParams& p = d.clp;
  return golden::clp::Params{p.channels,  p.lanes_per_cycle, p.timesteps,   p.reset_subtract,
                             p.leak_shift, p.act_bits,        p.act_signed, p.decode_shift};
}

Workload make_workload(const Config& c, const Design& d) {
  Workload w;
  w.hw = tile_hw(d);
  w.clp = clp_golden_params(d);
  w.spikes = !spec::is_dense(d.d2d.encoding);
  w.lowbit_bits = d.d2d.lowbit_bits;
  const std::optional<LabelledData> user = read_user_data(c, d, w.hw);
  if (c.text("workload.model_dir") == "auto")
    throw ConfigError({Problem{c.mark("workload.model_dir"), "workload.model_dir",
                               "auto names the model snapgen run trains and caches; this command needs a directory"}});
  if (!c.text("workload.model_dir").empty()) {
    auto model = std::make_shared<TrainedModel>(read_trained_model(c, d, w.hw));
    w.layers = (w.spikes ? model->spike : w.lowbit_bits > 0 ? model->lowbit : model->dense).layers;
    if (w.lowbit_bits > 0 && w.lowbit_bits != model->lowbit_bits)
      throw ConfigError({Problem{c.mark("d2d.lowbit_bits"), "d2d.lowbit_bits",
                                 fmt::format("found {}, but the model's low-bit network ({}) crosses with {} bits; "
                                             "allowed {}",
                                             w.lowbit_bits, (model->dir / "lowbit").string(), model->lowbit_bits,
                                             model->lowbit_bits)}});
    w.link_thresholds = rows_per_link(c, d, model->spike.thresholds, "thresholds.npy");
    w.link_scales = rows_per_link(c, d, model->spike.scales, "scales.npy");
    if (user) take_inputs(c, d, *user, c.file_path("workload.inputs.npy").string(), w);
    else take_inputs(c, d, model->test, (model->dir / "x_test.npy").string(), w);
    w.model = std::move(model);
    return w;
  }
  if (user) take_inputs(c, d, *user, c.file_path("workload.inputs.npy").string(), w);
  else w.inputs = generated_inputs(w.hw, d.runtime.inputs, d.layers.front().in);
  const CalibrationParams& cal = d.runtime.calibration;
  if (cal.enabled) {
    // Calibration vectors apart from the simulated ones (another seed stream), so the number of
    // simulated vectors does not change the network; user data calibrates on all its rows.
    InputParams calib = d.runtime.inputs;
    calib.seed ^= 0x9E3779B97F4A7C15ull;
    calib.count = cal.count;
    calibrate_chain(d, cal, user ? user->x : generated_inputs(w.hw, calib, d.layers.front().in), w);
    return w;
  }
  const std::vector<std::int64_t> thresholds = clp_thresholds(c);
  w.link_thresholds.assign(d.system.links.size(), thresholds);
  w.link_scales.assign(d.system.links.size(), golden::clp::reconstruction_scales(w.clp, thresholds));
  std::vector<std::vector<std::int64_t>> acts = w.inputs;
  w.layers = calibrated_layers(d, w.hw, acts, 0, d.layers.size());
  return w;
}

int die_crossings(const Design& d, int layer) {
  return static_cast<int>(d.system.crossing_links[static_cast<std::size_t>(layer)].size());
}

GoldenVector golden_forward(const Workload& w, const Design& d, const std::vector<std::int64_t>& input) {
  GoldenVector g;
  std::vector<std::int64_t> x = input;
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    x = run_one(w.hw, w.layers[i], x);
    if (i + 1 == w.layers.size()) break;
    // Every die boundary on the route converts the vector once (EMIO port pairs are independent),
    // with the thresholds and scales of that link's CLP.
    for (const int link : d.system.crossing_links[i]) {
      const auto& thresholds = w.link_thresholds[static_cast<std::size_t>(link)];
      const auto& scales = w.link_scales[static_cast<std::size_t>(link)];
      g.crossing_in.push_back(x);
      if (w.spikes) {
        auto c = golden::clp::cross(w.clp, x, thresholds, scales);
        g.frames.insert(g.frames.end(), c.frames.begin(), c.frames.end());
        x = std::move(c.decoded);
      } else if (w.lowbit_bits > 0) {
        // The low-bit crossing: the trained low-bit network's rule (train::lowbit_crossing).
        for (auto& v : x) v = golden::tile::lowbit_crossing(v, w.hw.act_bits, w.hw.act_signed, w.lowbit_bits);
      }
      g.crossing_out.push_back(x);
    }
  }
  g.output = x;
  return g;
}

}  // namespace snapgen
