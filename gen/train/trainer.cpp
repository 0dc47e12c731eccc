// `snapgen train`: QAT of the workload chain (spike, dense and low-bit crossings), export, cache.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <optional>
#include <random>

#include "config/diagnostic.hpp"
#include "emit/package.hpp"
#include "run/workload.hpp"
#include "train/dataset.hpp"
#include "train/integer_net.hpp"
#include "train/qat.hpp"
#include "train/train.hpp"
#include "util/npy.hpp"
#include "util/sha256.hpp"
#include "version.hpp"

namespace snapgen::train {

namespace fs = std::filesystem;
using torch::Tensor;

namespace {

// ---- the network under training ---------------------------------------------------------------

struct QLayer {
  Tensor w, b;        // float parameters (real units)
  double ema = 0;     // running max of the real output (sets the output activation scale)
  bool ema_init = false;
  int in = 0, out = 0;
  bool relu = true;
  std::int64_t zp = 0;
  double range = 1;   // integer steps the output scale maps ema onto
};

struct QCross {
  int layer = 0, hop = 0, width = 0;
  Tensor p_theta;  // theta = p_theta * act_max
  Tensor q_scale;  // learnable decoder scale (train.learn_scales) = q_scale * act_max * 2^S / T
};

struct Quantized {
  Tensor w_q, b_q;
  std::vector<RequantMS> rq;
  Tensor r_q, half;  // double (E): M / 2^S and the rounding term
  double s_y = 1;
  Tensor s_w;        // weight scale (E)
  double s_x = 1;    // input scale
};

class Net {
 public:
  Net(const golden::tile::Hw& hw, const golden::clp::Params& clp, const Design& d, const TrainParams& p, Crossing kind)
      : hw_(hw), kind_(kind), lowbit_(p.lowbit_bits), learn_scales_(p.learn_scales) {
    spec_ = {clp.timesteps, clp.reset_subtract, clp.leak_shift, clp.decode_shift, static_cast<double>(hw.act_max())};
    decode_shift_ = clp.decode_shift;
    for (std::size_t i = 0; i < d.layers.size(); ++i) {
      QLayer l;
      l.in = d.layers[i].in;
      l.out = d.layers[i].out;
      l.relu = d.layers[i].relu;
      const bool last = i + 1 == d.layers.size();
      // The logits need both signs: an unsigned last layer without ReLU is centred by its zero point.
      l.zp = (last && !l.relu && !hw.act_signed) ? (std::int64_t{1} << (hw.act_bits - 1)) : 0;
      l.range = last && !l.relu ? static_cast<double>(std::min(hw.act_max() - l.zp, l.zp - hw.act_min()))
                                : static_cast<double>(hw.act_max());
      l.w = (torch::randn({l.out, l.in}, torch::kFloat) * std::sqrt(2.0 / l.in)).set_requires_grad(true);
      l.b = torch::zeros({l.out}, torch::kFloat).set_requires_grad(true);
      layers_.push_back(l);
      if (!last)
        for (int h = 0; h < die_crossings(d, static_cast<int>(i)); ++h) {
          QCross x;
          x.layer = static_cast<int>(i);
          x.hop = h;
          x.width = l.out;
          x.p_theta = torch::full({l.out}, 0.5, torch::kFloat).set_requires_grad(true);
          x.q_scale = torch::full({l.out}, 0.5, torch::kFloat).set_requires_grad(learn_scales_);
          cross_.push_back(x);
        }
    }
  }

  std::vector<Tensor> parameters() const {
    std::vector<Tensor> p;
    for (const auto& l : layers_) p.insert(p.end(), {l.w, l.b});
    if (kind_ == Crossing::Spike)
      for (const auto& x : cross_) {
        p.push_back(x.p_theta);
        if (learn_scales_) p.push_back(x.q_scale);
      }
    return p;
  }

  double input_scale(std::size_t i) const {
    if (i == 0) return 1.0 / static_cast<double>(hw_.act_max());
    const auto& p = layers_[i - 1];
    return std::max(p.ema, 1e-12) / p.range;
  }

  // Integer weights/bias and requant of layer i for the current parameters; with `stat` (a batch
  // maximum of the layer's real output) the output scale's running max is updated first.
  Quantized quantize(std::size_t i, const Tensor& x_int, bool training) {
    QLayer& l = layers_[i];
    Quantized q;
    const double s_x = input_scale(i);
    const double wmax = static_cast<double>(hw_.weight_max());
    Tensor absmax = hw_.per_channel ? l.w.detach().abs().amax(1) : l.w.detach().abs().max().reshape({1});
    const Tensor s_w = torch::clamp_min(absmax, 1e-8) / wmax;  // (E)
    q.w_q = torch::clamp(ste_round(l.w / s_w.unsqueeze(1)), static_cast<double>(hw_.weight_min()), wmax);
    const double acc_max = std::ldexp(1.0, hw_.acc_bits - 1) - 1;
    q.b_q = torch::clamp(ste_round(l.b / (s_w * s_x)), -acc_max - 1, acc_max);
    q.s_w = s_w;
    q.s_x = s_x;
    if (training && !l.ema_init) {
      // First batch: the running max starts at this batch's max (later batches update it after
      // their forward pass, in observe()).
      torch::NoGradGuard ng;
      observe(i, torch::matmul(x_int, q.w_q.t()) + q.b_q, q);
    }
    q.s_y = std::max(l.ema, 1e-12) / l.range;
    const auto sw = s_w.to(torch::kDouble).contiguous();
    const double* swp = sw.data_ptr<double>();
    std::vector<double> r(static_cast<std::size_t>(sw.numel())), h(r.size());
    for (std::size_t e = 0; e < r.size(); ++e) {
      const RequantMS ms = choose_requant(swp[e] * s_x / q.s_y, hw_.mult_bits, (1 << hw_.shift_bits) - 1);
      q.rq.push_back(ms);
      r[e] = std::ldexp(static_cast<double>(ms.mult), -ms.shift);
      h[e] = ms.shift > 0 ? 0.5 : 0.0;
    }
    q.r_q = torch::tensor(r, torch::kDouble);
    q.half = torch::tensor(h, torch::kDouble);
    return q;
  }

  // Updates the running max of layer i's real output from a batch of accumulators.
  void observe(std::size_t i, const Tensor& acc, const Quantized& q) {
    torch::NoGradGuard ng;
    QLayer& l = layers_[i];
    const Tensor real = acc.detach() * (q.s_w * q.s_x);
    const bool centred = l.zp != 0 || !l.relu;
    const double m = std::max(1e-6, (centred ? real.abs().max() : real.max()).item<double>());
    l.ema = l.ema_init ? 0.9 * l.ema + 0.1 * m : m;
    l.ema_init = true;
  }

  Tensor theta(const QCross& x) const {
    return torch::clamp(ste_round(x.p_theta * spec_.act_max), 1.0, 65535.0);
  }
  Tensor scale(const QCross& x, const Tensor& theta) const {
    const double t = spec_.timesteps, two_s = std::ldexp(1.0, decode_shift_);
    if (learn_scales_) return torch::clamp(ste_round(x.q_scale * spec_.act_max * two_s / t), 0.0, 65535.0);
    // golden::clp::reconstruction_scales: (theta * 2^S + floor(T/2)) / T, integer division.
    return torch::clamp(ste_floor((theta * two_s + std::floor(t / 2)) / t), 0.0, 65535.0);
  }

  struct Out {
    Tensor logits;              // real-valued (y - zp) * s_y of the last layer
    std::vector<Tensor> counts;  // per crossing: (batch, width) spikes
  };

  Out forward(const Tensor& x_in, bool training) {
    Out o;
    Tensor x = x_in;
    std::size_t cross = 0;
    const double qmin = static_cast<double>(hw_.act_min()), qmax = static_cast<double>(hw_.act_max());
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      const QLayer& l = layers_[i];
      const Quantized q = quantize(i, x.detach(), training);
      const Tensor acc = torch::matmul(x, q.w_q.t()) + q.b_q;
      if (training) observe(i, acc, q);  // for the next step's output scale
      // The tile's requant: floor(acc * M / 2^S + 1/2) + zp, clamped (docs/tile.md), in double.
      const Tensor t = acc.to(torch::kDouble) * q.r_q;
      Tensor y = t + (torch::floor(t + q.half) - t).detach() + static_cast<double>(l.zp);
      const double lo = l.relu ? std::max(static_cast<double>(l.zp), qmin) : qmin;
      y = torch::clamp(y, lo, qmax).to(torch::kFloat);
      if (i + 1 == layers_.size()) {
        o.logits = (y - static_cast<double>(l.zp)) * q.s_y;
        break;
      }
      for (; cross < cross_.size() && cross_[cross].layer == static_cast<int>(i); ++cross) {
        if (kind_ == Crossing::Spike) {
          const Tensor th = theta(cross_[cross]);
          const ClpForward f = clp_forward(spec_, y, th, scale(cross_[cross], th));
          y = f.decoded;
          o.counts.push_back(f.counts);
        } else if (kind_ == Crossing::LowBit && lowbit_ < hw_.act_bits) {
          const double s = std::ldexp(1.0, hw_.act_bits - lowbit_);
          const double kmin = hw_.act_signed ? -std::ldexp(1.0, lowbit_ - 1) : 0.0;
          const double kmax = hw_.act_signed ? std::ldexp(1.0, lowbit_ - 1) - 1 : std::ldexp(1.0, lowbit_) - 1;
          y = torch::clamp(ste_floor((y + s / 2) / s), kmin, kmax) * s;
        }
      }
      x = y;
    }
    return o;
  }

  // The exported integer network (the same numbers the forward pass used).
  IntegerNet integer_net(const golden::clp::Params& clp, const std::vector<int>& hops) {
    torch::NoGradGuard ng;
    IntegerNet n;
    n.hw = hw_;
    n.clp = clp;
    n.hops = hops;
    n.kind = kind_;
    n.lowbit_bits = lowbit_;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      const Quantized q = quantize(i, Tensor(), false);
      golden::tile::Layer l;
      l.in = layers_[i].in;
      l.out = layers_[i].out;
      l.batch = 1;
      l.relu = layers_[i].relu;
      l.zp = layers_[i].zp;
      const auto w = q.w_q.to(torch::kLong).contiguous();
      const auto b = q.b_q.to(torch::kLong).contiguous();
      l.w.assign(w.data_ptr<std::int64_t>(), w.data_ptr<std::int64_t>() + w.numel());
      l.bias.assign(b.data_ptr<std::int64_t>(), b.data_ptr<std::int64_t>() + b.numel());
      for (const auto& ms : q.rq) l.rq.push_back({ms.mult, ms.shift});
      n.layers.push_back(std::move(l));
    }
    if (kind_ == Crossing::Spike)
      for (const auto& x : cross_) {
        const Tensor th = theta(x), sc = scale(x, th);
        std::vector<std::int64_t> trow(static_cast<std::size_t>(clp.channels), 65535), srow(trow.size(), 0);
        const auto tl = th.to(torch::kLong).contiguous(), sl = sc.to(torch::kLong).contiguous();
        std::copy(tl.data_ptr<std::int64_t>(), tl.data_ptr<std::int64_t>() + x.width, trow.begin());
        std::copy(sl.data_ptr<std::int64_t>(), sl.data_ptr<std::int64_t>() + x.width, srow.begin());
        n.thresholds.push_back(std::move(trow));
        n.scales.push_back(std::move(srow));
      }
    return n;
  }

  std::size_t crossings() const { return cross_.size(); }
  const QCross& crossing(std::size_t i) const { return cross_[i]; }

 private:
  golden::tile::Hw hw_;
  Crossing kind_;
  int lowbit_;
  bool learn_scales_;
  ClpSpec spec_;
  int decode_shift_ = 0;
  std::vector<QLayer> layers_;
  std::vector<QCross> cross_;
};

// ---- data as tensors ------------------------------------------------------------------------------

// Pixel p (0..255) -> activation round(p * act_max / 255): the identity for 8-bit unsigned.
std::vector<std::int64_t> to_activations(const std::vector<std::uint8_t>& px, std::int64_t act_max) {
  std::vector<std::int64_t> v(px.size());
  for (std::size_t i = 0; i < px.size(); ++i) v[i] = (px[i] * act_max * 2 + 255) / 510;
  return v;
}

Tensor rows_tensor(const std::vector<std::int64_t>& acts, const std::vector<std::size_t>& idx, int features) {
  Tensor t = torch::empty({static_cast<long>(idx.size()), features}, torch::kFloat);
  float* p = t.data_ptr<float>();
  for (std::size_t r = 0; r < idx.size(); ++r)
    for (int f = 0; f < features; ++f)
      p[r * static_cast<std::size_t>(features) + static_cast<std::size_t>(f)] =
          static_cast<float>(acts[idx[r] * static_cast<std::size_t>(features) + static_cast<std::size_t>(f)]);
  return t;
}

Tensor labels_tensor(const std::vector<std::uint8_t>& y, const std::vector<std::size_t>& idx) {
  Tensor t = torch::empty({static_cast<long>(idx.size())}, torch::kLong);
  std::int64_t* p = t.data_ptr<std::int64_t>();
  for (std::size_t r = 0; r < idx.size(); ++r) p[r] = y[idx[r]];
  return t;
}

struct Scores {
  double accuracy = 0, firing = 0;
};

Scores evaluate_float(Net& net, const std::vector<std::int64_t>& acts, const std::vector<std::uint8_t>& y,
                      const std::vector<std::size_t>& idx, int features, int timesteps) {
  torch::NoGradGuard ng;
  std::int64_t correct = 0;
  double spikes = 0, slots = 0;
  for (std::size_t b0 = 0; b0 < idx.size(); b0 += 1000) {
    const std::vector<std::size_t> part(idx.begin() + static_cast<std::ptrdiff_t>(b0),
                                        idx.begin() + static_cast<std::ptrdiff_t>(std::min(idx.size(), b0 + 1000)));
    const auto o = net.forward(rows_tensor(acts, part, features), false);
    correct += (o.logits.argmax(1) == labels_tensor(y, part)).sum().item<std::int64_t>();
    for (const auto& c : o.counts) {
      spikes += c.sum().item<double>();
      slots += static_cast<double>(c.numel()) * timesteps;
    }
  }
  return {idx.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(idx.size()),
          slots > 0 ? spikes / slots : 0.0};
}

// ---- export -----------------------------------------------------------------------------------------

NpyArray npy(std::string dtype, std::vector<std::size_t> shape, std::vector<std::int64_t> values) {
  NpyArray a;
  a.dtype = std::move(dtype);
  a.shape = std::move(shape);
  a.values = std::move(values);
  return a;
}

std::string act_dtype(const golden::tile::Hw& hw) {
  if (hw.act_bits <= 8) return hw.act_signed ? "int8" : "uint8";
  return hw.act_signed ? "int16" : "int32";
}

void write_layers(const IntegerNet& n, const fs::path& dir) {
  fs::create_directories(dir);
  for (std::size_t i = 0; i < n.layers.size(); ++i) {
    const auto& l = n.layers[i];
    const auto out = static_cast<std::size_t>(l.out), in = static_cast<std::size_t>(l.in);
    write_npy((dir / fmt::format("l{}_weights.npy", i)).string(), npy(n.hw.weight_bits <= 8 ? "int8" : "int16", {out, in}, l.w));
    write_npy((dir / fmt::format("l{}_bias.npy", i)).string(), npy(n.hw.acc_bits <= 32 ? "int32" : "int64", {out}, l.bias));
    std::vector<std::int64_t> rq;
    for (const auto& r : l.rq) rq.insert(rq.end(), {r.mult, r.shift});
    write_npy((dir / fmt::format("l{}_requant.npy", i)).string(), npy("int64", {l.rq.size(), 2}, rq));
  }
}

nlohmann::json layers_json(const IntegerNet& n, const std::string& prefix) {
  nlohmann::json a = nlohmann::json::array();
  for (std::size_t i = 0; i < n.layers.size(); ++i) {
    const auto& l = n.layers[i];
    a.push_back({{"index", i}, {"in", l.in}, {"out", l.out}, {"relu", l.relu}, {"zp", l.zp},
                 {"weights", fmt::format("{}l{}_weights.npy", prefix, i)},
                 {"bias", fmt::format("{}l{}_bias.npy", prefix, i)},
                 {"requant", fmt::format("{}l{}_requant.npy", prefix, i)}});
  }
  return a;
}

double round6(double v) { return std::round(v * 1e6) / 1e6; }

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

}  // namespace

std::string model_cache_key(const Config& c, const std::string& data_hash) {
  std::string text = c.canonical_text(true);
  for (const auto& spec : schema())
    if (spec.path.rfind("train.", 0) == 0) text += spec.path + " = " + to_text(c.entry(spec.path).value) + "\n";
  // The snapgen version too: a new trainer may train differently.
  return sha256_hex(text + "data = " + data_hash + "\nsnapgen = " + kVersion + "\n");
}

namespace {

// ---- one training run -------------------------------------------------------------------------------

// The fixed inputs of training: data, its split, integer activations, the hardware and the crossings.
struct Setup {
  Setup(const Design& design, const TrainParams& params, golden::tile::Hw tile, golden::clp::Params converter)
      : d(design), p(params), hw(tile), clp(converter) {}
  const Design& d;
  const TrainParams& p;
  golden::tile::Hw hw;
  golden::clp::Params clp;
  int features = 0, classes = 0;
  Dataset data;
  std::vector<std::size_t> train, val, test;  // image indices (val and train from the training set)
  std::vector<std::int64_t> train_acts, test_acts;
  std::vector<int> hops;  // die crossings after each layer but the last
  std::function<void(const std::string&)> say;
};

// Split: a seeded permutation of the training images; the first val_fraction is held out.
void split_images(Setup& s) {
  std::vector<std::size_t> perm(s.data.n_train());
  std::iota(perm.begin(), perm.end(), 0);
  std::mt19937_64 split_rng(s.p.seed ^ 0x5eedULL);
  std::shuffle(perm.begin(), perm.end(), split_rng);
  const auto n_val = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::llround(s.p.val_fraction * static_cast<double>(perm.size()))));
  if (n_val >= perm.size())
    throw DataError(fmt::format("{}: {} training images leave none to train on after holding out {} for validation",
                                s.data.source, perm.size(), n_val));
  s.val.assign(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(n_val));
  s.train.assign(perm.begin() + static_cast<std::ptrdiff_t>(n_val), perm.end());
  s.test.resize(s.data.n_test());
  std::iota(s.test.begin(), s.test.end(), 0);
}

// One epoch over the shuffled training images; returns (mean loss, training accuracy).
std::pair<double, double> run_epoch(Net& net, torch::optim::Adam& adam, Setup& s, std::mt19937_64& rng) {
  std::shuffle(s.train.begin(), s.train.end(), rng);
  double loss_sum = 0;
  std::int64_t correct = 0, steps = 0;
  for (std::size_t b0 = 0; b0 < s.train.size(); b0 += s.p.batch) {
    const std::vector<std::size_t> part(s.train.begin() + static_cast<std::ptrdiff_t>(b0),
                                        s.train.begin() + static_cast<std::ptrdiff_t>(std::min(s.train.size(), b0 + s.p.batch)));
    const Tensor x = rows_tensor(s.train_acts, part, s.features), y = labels_tensor(s.data.y_train, part);
    const auto o = net.forward(x, true);
    Tensor loss = torch::nn::functional::cross_entropy(o.logits, y);
    if (!o.counts.empty()) {  // the sparsity term: mean firing rate over the crossings
      Tensor rate = torch::zeros({}, torch::kFloat);
      for (const auto& cnt : o.counts) rate = rate + cnt.mean() / s.clp.timesteps;
      loss = loss + s.p.sparsity_weight * (rate / static_cast<double>(o.counts.size()));
    }
    adam.zero_grad();
    loss.backward();
    adam.step();
    loss_sum += loss.item<double>();
    correct += (o.logits.argmax(1) == y).sum().item<std::int64_t>();
    ++steps;
  }
  return {loss_sum / static_cast<double>(steps), static_cast<double>(correct) / static_cast<double>(s.train.size())};
}

// Per-crossing firing rates of the integer spike network on the test set (model.json "crossings").
nlohmann::json crossing_rates(const Net& net, const IntegerEval& ev, int timesteps, nlohmann::json& r) {
  nlohmann::json crossings = nlohmann::json::array();
  double total = 0, slots = 0;
  for (std::size_t k = 0; k < net.crossings(); ++k) {
    const auto& x = net.crossing(k);
    std::vector<double> per;
    double sum = 0;
    for (int ch = 0; ch < x.width; ++ch) {
      const double v = ev.channel_spikes[k][static_cast<std::size_t>(ch)];
      per.push_back(round6(v / (static_cast<double>(ev.images) * timesteps)));
      sum += v;
    }
    const double sl = static_cast<double>(ev.images) * timesteps * x.width;
    total += sum;
    slots += sl;
    crossings.push_back({{"layer", x.layer}, {"hop", x.hop}, {"width", x.width}, {"row", k},
                         {"firing_rate", round6(sum / sl)}, {"firing_rate_per_channel", per}});
  }
  r["firing_rate"] = round6(slots > 0 ? total / slots : 0.0);
  return crossings;
}

struct Trained {
  IntegerNet net;
  nlohmann::json result;
  nlohmann::json crossings;  // spike variant only
};

// Train one crossing kind (cosine-decayed Adam), export it to integers and score both on the test set.
Trained train_variant(Crossing kind, Setup& s) {
  const auto tv = std::chrono::steady_clock::now();
  torch::manual_seed(s.p.seed);
  Net net(s.hw, s.clp, s.d, s.p, kind);
  torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(s.p.lr));
  std::mt19937_64 rng(s.p.seed);
  Scores val_scores;
  for (int e = 0; e < s.p.epochs; ++e) {
    const double lr_e = s.p.lr * 0.5 * (1.0 + std::cos(M_PI * e / s.p.epochs));
    for (auto& g : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr_e);
    const auto [loss, train_acc] = run_epoch(net, adam, s, rng);
    val_scores = evaluate_float(net, s.train_acts, s.data.y_train, s.val, s.features, s.clp.timesteps);
    s.say(fmt::format("{:6} epoch {}/{}: loss {:.4f}  train acc {:.4f}  val acc {:.4f}{}  ({:.1f} s)", crossing_name(kind),
                      e + 1, s.p.epochs, loss, train_acc, val_scores.accuracy,
                      kind == Crossing::Spike ? fmt::format("  firing {:.4f}", val_scores.firing) : std::string(),
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - tv).count()));
  }
  const Scores test_float = evaluate_float(net, s.test_acts, s.data.y_test, s.test, s.features, s.clp.timesteps);
  Trained t{net.integer_net(s.clp, s.hops), {}, nlohmann::json::array()};
  const IntegerEval ev = evaluate_integer(t.net, s.test_acts, s.data.y_test);
  t.result = {{"float_accuracy", round6(test_float.accuracy)},
              {"integer_accuracy", round6(ev.accuracy())},
              {"integer_correct", ev.correct},
              {"val_float_accuracy", round6(val_scores.accuracy)},
              {"d2d_payload_bits_per_image", round6(ev.payload_bits / static_cast<double>(ev.images))}};
  if (kind == Crossing::Spike) {
    t.crossings = crossing_rates(net, ev, s.clp.timesteps, t.result);
    t.result["float_firing_rate"] = round6(test_float.firing);
  }
  if (kind == Crossing::LowBit) t.result["bits"] = t.net.lowbit_bits;
  s.say(fmt::format("{:6} test: float acc {:.4f}  integer (golden) acc {:.4f}  D2D payload {:.0f} bits/image{}",
                    crossing_name(kind), test_float.accuracy, ev.accuracy(), ev.payload_bits / static_cast<double>(ev.images),
                    t.result.contains("firing_rate") ? fmt::format("  firing {:.4f}", t.result["firing_rate"].get<double>())
                                                     : std::string()));
  return t;
}

// ---- model.json and its files ---------------------------------------------------------------------

nlohmann::json manifest(const Setup& s, const std::string& key, const std::vector<Trained>& v) {
  const TrainParams& p = s.p;
  nlohmann::json m;
  m["format"] = "snapgen-model-1";
  m["cache_key"] = key;
  m["config_hash"] = s.d.config_hash;
  m["hardware_hash"] = s.d.hardware_hash;
  m["data_hash"] = s.data.hash;
  m["dataset"] = p.dataset;
  m["seed"] = p.seed;
  m["epochs"] = p.epochs;
  m["train"] = {{"images", s.train.size()}, {"validation", s.val.size()}, {"test", s.test.size()}, {"batch", p.batch},
                {"lr", p.lr}, {"sparsity_weight", p.sparsity_weight}, {"lowbit_bits", p.lowbit_bits},
                {"learn_scales", p.learn_scales}, {"threads", p.threads}};
  m["tile"] = {{"act_bits", s.hw.act_bits}, {"act_signed", s.hw.act_signed}, {"weight_bits", s.hw.weight_bits},
               {"acc_bits", s.hw.acc_bits}, {"requant", s.hw.per_channel ? "per_channel" : "per_layer"}};
  m["clp"] = {{"channels", s.clp.channels}, {"timesteps", s.clp.timesteps},
              {"reset", s.clp.reset_subtract ? "subtract" : "zero"}, {"leak_shift", s.clp.leak_shift},
              {"decode_shift", s.clp.decode_shift}};
  m["input"] = {{"x_test", "x_test.npy"}, {"y_test", "y_test.npy"}, {"rule", "x = (pixel * act_max * 2 + 255) / 510"}};
  m["layers"] = layers_json(v[0].net, "");
  m["crossings"] = v[0].crossings;
  m["thresholds"] = "thresholds.npy";
  m["scales"] = "scales.npy";
  m["baselines"] = {{"dense", {{"layers", layers_json(v[1].net, "dense/")}}},
                    {"lowbit", {{"layers", layers_json(v[2].net, "lowbit/")}, {"bits", v[2].net.lowbit_bits}}}};
  nlohmann::json results;
  for (const auto& t : v) results[crossing_name(t.net.kind)] = t.result;
  m["results"] = results;
  return m;
}

void write_files(const fs::path& dir, const Setup& s, const std::vector<Trained>& v, const nlohmann::json& m) {
  fs::create_directories(dir);
  write_layers(v[0].net, dir);
  write_layers(v[1].net, dir / "dense");
  write_layers(v[2].net, dir / "lowbit");
  std::vector<std::int64_t> th, sc;
  for (std::size_t k = 0; k < v[0].net.thresholds.size(); ++k) {
    th.insert(th.end(), v[0].net.thresholds[k].begin(), v[0].net.thresholds[k].end());
    sc.insert(sc.end(), v[0].net.scales[k].begin(), v[0].net.scales[k].end());
  }
  const auto rows = v[0].net.thresholds.size(), ch = static_cast<std::size_t>(s.clp.channels);
  write_npy((dir / "thresholds.npy").string(), npy("int32", {rows, ch}, th));
  write_npy((dir / "scales.npy").string(), npy("int32", {rows, ch}, sc));
  write_npy((dir / "x_test.npy").string(),
            npy(act_dtype(s.hw), {s.data.n_test(), static_cast<std::size_t>(s.features)}, s.test_acts));
  std::vector<std::int64_t> yv(s.data.y_test.begin(), s.data.y_test.end());
  write_npy((dir / "y_test.npy").string(), npy("uint8", {s.data.n_test()}, yv));
  std::ofstream f(dir / "model.json");
  f << m.dump(1) << "\n";
  if (!f) throw OutputError("cannot write " + (dir / "model.json").string());
}

// Written into a staging directory beside `out` and renamed into place: never half a model.
void write_model_atomically(const fs::path& out, const Setup& s, const std::vector<Trained>& v, const nlohmann::json& m) {
  const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const fs::path staging = parent / fmt::format(".{}.snapgen-tmp-{}", out.filename().string(), ::getpid());
  const fs::path retired = parent / fmt::format(".{}.snapgen-old-{}", out.filename().string(), ::getpid());
  remove_quietly(staging);
  try {
    write_files(staging, s, v, m);
    if (fs::exists(out)) fs::rename(out, retired);
    fs::rename(staging, out);
    remove_quietly(retired);
  } catch (const fs::filesystem_error& e) {
    remove_quietly(staging);
    throw OutputError(fmt::format("cannot write {}: {}", out.string(), e.what()));
  } catch (...) {
    remove_quietly(staging);
    throw;
  }
}

// The model already in `out` when its cache key matches (and --force is not given); refuses to
// overwrite a directory that is not a model.
std::optional<nlohmann::json> cached_model(const fs::path& out, const std::string& key, bool force) {
  if (fs::exists(out / "model.json") && !force) {
    std::ifstream in(out / "model.json");
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j.value("cache_key", "") == key) return j;
  }
  if (fs::exists(out) && !fs::is_directory(out)) throw OutputError(out.string() + " exists and is not a directory");
  if (fs::is_directory(out) && !fs::is_empty(out) && !fs::exists(out / "model.json") && !force)
    throw OutputError(out.string() + " is a non-empty directory without model.json (use --force to replace it)");
  return std::nullopt;
}

}  // namespace

TrainResult train_command(const Config& c, const Design& d, const TrainOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  Setup s{d, d.runtime.train, tile_hw(d), clp_golden_params(d)};
  s.say = [&](const std::string& m) {
    if (opt.progress) opt.progress(m);
  };
  s.features = d.layers.front().in;
  s.classes = d.layers.back().out;
  s.data = load_dataset(s.p.dataset, s.features, s.classes, s.p.subset);
  const std::string key = model_cache_key(c, s.data.hash);
  if (auto cached = cached_model(opt.out_dir, key, opt.force)) return {*cached, true, 0.0};

  for (std::size_t i = 0; i + 1 < d.layers.size(); ++i) s.hops.push_back(die_crossings(d, static_cast<int>(i)));
  torch::set_num_threads(s.p.threads);
  split_images(s);
  s.train_acts = to_activations(s.data.x_train, s.hw.act_max());
  s.test_acts = to_activations(s.data.x_test, s.hw.act_max());
  s.say(fmt::format("data {}: {} train, {} validation, {} test images of {} values, {} classes", s.data.source,
                    s.train.size(), s.val.size(), s.test.size(), s.features, s.classes));

  std::vector<Trained> variants;
  for (const Crossing kind : {Crossing::Spike, Crossing::Dense, Crossing::LowBit}) variants.push_back(train_variant(kind, s));
  const nlohmann::json m = manifest(s, key, variants);
  write_model_atomically(opt.out_dir, s, variants, m);
  return {m, false, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

}  // namespace snapgen::train
