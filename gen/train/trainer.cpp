// `snapgen train`: QAT of the workload chain (spike, dense and low-bit crossings), export, cache.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
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
  Net(const golden::tile::Hw& hw, const golden::clp::Params& clp, const Design& d, const Config& c, Crossing kind)
      : hw_(hw), kind_(kind), lowbit_(static_cast<int>(c.integer("train.lowbit_bits"))),
        learn_scales_(c.flag("train.learn_scales")) {
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

TrainResult train_command(const Config& c, const Design& d, const TrainOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  auto say = [&](const std::string& m) {
    if (opt.progress) opt.progress(m);
  };
  const Workload base = make_workload(c, d);
  const golden::tile::Hw hw = base.hw;
  const golden::clp::Params clp = base.clp;
  const int features = d.layers.front().in, classes = d.layers.back().out;
  const Dataset data = load_dataset(c.text("train.dataset"), features, classes,
                                    static_cast<std::size_t>(c.integer("train.subset")));
  const std::string key = model_cache_key(c, data.hash);
  const fs::path out = opt.out_dir;
  if (fs::exists(out / "model.json") && !opt.force) {
    std::ifstream in(out / "model.json");
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j.value("cache_key", "") == key) return {j, true, 0.0};
  }
  if (fs::exists(out) && !fs::is_directory(out)) throw OutputError(out.string() + " exists and is not a directory");
  if (fs::is_directory(out) && !fs::is_empty(out) && !fs::exists(out / "model.json") && !opt.force)
    throw OutputError(out.string() + " is a non-empty directory without model.json (use --force to replace it)");

  std::vector<int> hops;
  for (std::size_t i = 0; i + 1 < d.layers.size(); ++i) hops.push_back(die_crossings(d, static_cast<int>(i)));

  const auto seed = static_cast<std::uint64_t>(c.integer("train.seed"));
  const int epochs = static_cast<int>(c.integer("train.epochs"));
  const auto batch = static_cast<std::size_t>(c.integer("train.batch"));
  const double lr = c.real("train.lr"), sparsity = c.real("train.sparsity_weight");
  torch::set_num_threads(static_cast<int>(c.integer("train.threads")));

  // Split: a seeded permutation of the training images; the first val_fraction is held out.
  std::vector<std::size_t> perm(data.n_train());
  std::iota(perm.begin(), perm.end(), 0);
  std::mt19937_64 split_rng(seed ^ 0x5eedULL);
  std::shuffle(perm.begin(), perm.end(), split_rng);
  const auto n_val = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(c.real("train.val_fraction") *
                                                                                    static_cast<double>(perm.size()))));
  if (n_val >= perm.size())
    throw DataError(fmt::format("{}: {} training images leave none to train on after holding out {} for validation",
                                data.source, perm.size(), n_val));
  const std::vector<std::size_t> val(perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(n_val));
  std::vector<std::size_t> tr(perm.begin() + static_cast<std::ptrdiff_t>(n_val), perm.end());
  std::vector<std::size_t> test(data.n_test());
  std::iota(test.begin(), test.end(), 0);
  const auto train_acts = to_activations(data.x_train, hw.act_max());
  const auto test_acts = to_activations(data.x_test, hw.act_max());
  say(fmt::format("data {}: {} train, {} validation, {} test images of {} values, {} classes", data.source, tr.size(),
                  val.size(), test.size(), features, classes));

  nlohmann::json results, crossings_json = nlohmann::json::array();
  std::vector<IntegerNet> nets;
  for (const Crossing kind : {Crossing::Spike, Crossing::Dense, Crossing::LowBit}) {
    const auto tv = std::chrono::steady_clock::now();
    torch::manual_seed(seed);
    Net net(hw, clp, d, c, kind);
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(lr));
    std::mt19937_64 rng(seed);
    Scores val_scores;
    for (int e = 0; e < epochs; ++e) {
      const double lr_e = lr * 0.5 * (1.0 + std::cos(M_PI * e / epochs));
      for (auto& g : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr_e);
      std::shuffle(tr.begin(), tr.end(), rng);
      double loss_sum = 0, fire_sum = 0;
      std::int64_t correct = 0, steps = 0;
      for (std::size_t b0 = 0; b0 < tr.size(); b0 += batch) {
        const std::vector<std::size_t> part(tr.begin() + static_cast<std::ptrdiff_t>(b0),
                                            tr.begin() + static_cast<std::ptrdiff_t>(std::min(tr.size(), b0 + batch)));
        const Tensor x = rows_tensor(train_acts, part, features), y = labels_tensor(data.y_train, part);
        const auto o = net.forward(x, true);
        Tensor loss = torch::nn::functional::cross_entropy(o.logits, y);
        if (!o.counts.empty()) {
          Tensor rate = torch::zeros({}, torch::kFloat);
          for (const auto& cnt : o.counts) rate = rate + cnt.mean() / clp.timesteps;
          rate = rate / static_cast<double>(o.counts.size());
          fire_sum += rate.item<double>();
          loss = loss + sparsity * rate;
        }
        adam.zero_grad();
        loss.backward();
        adam.step();
        loss_sum += loss.item<double>();
        correct += (o.logits.argmax(1) == y).sum().item<std::int64_t>();
        ++steps;
      }
      val_scores = evaluate_float(net, train_acts, data.y_train, val, features, clp.timesteps);
      say(fmt::format("{:6} epoch {}/{}: loss {:.4f}  train acc {:.4f}  val acc {:.4f}{}  ({:.1f} s)", crossing_name(kind),
                      e + 1, epochs, loss_sum / static_cast<double>(steps),
                      static_cast<double>(correct) / static_cast<double>(tr.size()), val_scores.accuracy,
                      kind == Crossing::Spike ? fmt::format("  firing {:.4f}", val_scores.firing) : std::string(),
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - tv).count()));
    }
    const Scores test_float = evaluate_float(net, test_acts, data.y_test, test, features, clp.timesteps);
    IntegerNet in = net.integer_net(clp, hops);
    const IntegerEval ev = evaluate_integer(in, test_acts, data.y_test);
    nlohmann::json r = {{"float_accuracy", round6(test_float.accuracy)},
                        {"integer_accuracy", round6(ev.accuracy())},
                        {"integer_correct", ev.correct},
                        {"val_float_accuracy", round6(val_scores.accuracy)},
                        {"d2d_payload_bits_per_image", round6(ev.payload_bits / static_cast<double>(ev.images))}};
    if (kind == Crossing::Spike) {
      double total = 0, slots = 0;
      for (std::size_t k = 0; k < net.crossings(); ++k) {
        const auto& x = net.crossing(k);
        std::vector<double> per;
        double s = 0;
        for (int ch = 0; ch < x.width; ++ch) {
          const double v = ev.channel_spikes[k][static_cast<std::size_t>(ch)];
          per.push_back(round6(v / (static_cast<double>(ev.images) * clp.timesteps)));
          s += v;
        }
        const double sl = static_cast<double>(ev.images) * clp.timesteps * x.width;
        total += s;
        slots += sl;
        crossings_json.push_back({{"layer", x.layer}, {"hop", x.hop}, {"width", x.width}, {"row", k},
                                  {"firing_rate", round6(s / sl)}, {"firing_rate_per_channel", per}});
      }
      r["firing_rate"] = round6(slots > 0 ? total / slots : 0.0);
      r["float_firing_rate"] = round6(test_float.firing);
    }
    if (kind == Crossing::LowBit) r["bits"] = in.lowbit_bits;
    say(fmt::format("{:6} test: float acc {:.4f}  integer (golden) acc {:.4f}  D2D payload {:.0f} bits/image{}",
                    crossing_name(kind), test_float.accuracy, ev.accuracy(), ev.payload_bits / static_cast<double>(ev.images),
                    r.contains("firing_rate") ? fmt::format("  firing {:.4f}", r["firing_rate"].get<double>()) : std::string()));
    results[crossing_name(kind)] = r;
    nets.push_back(std::move(in));
  }

  // ---- model.json + files, written into a staging directory and renamed into place ----------------
  nlohmann::json m;
  m["format"] = "snapgen-model-1";
  m["cache_key"] = key;
  m["config_hash"] = d.config_hash;
  m["hardware_hash"] = d.hardware_hash;
  m["data_hash"] = data.hash;
  m["dataset"] = c.text("train.dataset");
  m["seed"] = c.integer("train.seed");
  m["epochs"] = epochs;
  m["train"] = {{"images", tr.size()}, {"validation", val.size()}, {"test", test.size()}, {"batch", batch},
                {"lr", lr}, {"sparsity_weight", sparsity}, {"lowbit_bits", c.integer("train.lowbit_bits")},
                {"learn_scales", c.flag("train.learn_scales")}, {"threads", c.integer("train.threads")}};
  m["tile"] = {{"act_bits", hw.act_bits}, {"act_signed", hw.act_signed}, {"weight_bits", hw.weight_bits},
               {"acc_bits", hw.acc_bits}, {"requant", hw.per_channel ? "per_channel" : "per_layer"}};
  m["clp"] = {{"channels", clp.channels}, {"timesteps", clp.timesteps},
              {"reset", clp.reset_subtract ? "subtract" : "zero"}, {"leak_shift", clp.leak_shift},
              {"decode_shift", clp.decode_shift}};
  m["input"] = {{"x_test", "x_test.npy"}, {"y_test", "y_test.npy"}, {"rule", "x = (pixel * act_max * 2 + 255) / 510"}};
  m["layers"] = layers_json(nets[0], "");
  m["crossings"] = crossings_json;
  m["thresholds"] = "thresholds.npy";
  m["scales"] = "scales.npy";
  m["baselines"] = {{"dense", {{"layers", layers_json(nets[1], "dense/")}}},
                    {"lowbit", {{"layers", layers_json(nets[2], "lowbit/")}, {"bits", nets[2].lowbit_bits}}}};
  m["results"] = results;

  const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const fs::path staging = parent / fmt::format(".{}.snapgen-tmp-{}", out.filename().string(), ::getpid());
  const fs::path retired = parent / fmt::format(".{}.snapgen-old-{}", out.filename().string(), ::getpid());
  remove_quietly(staging);
  try {
    fs::create_directories(staging);
    write_layers(nets[0], staging);
    write_layers(nets[1], staging / "dense");
    write_layers(nets[2], staging / "lowbit");
    std::vector<std::int64_t> th, sc;
    for (std::size_t k = 0; k < nets[0].thresholds.size(); ++k) {
      th.insert(th.end(), nets[0].thresholds[k].begin(), nets[0].thresholds[k].end());
      sc.insert(sc.end(), nets[0].scales[k].begin(), nets[0].scales[k].end());
    }
    const auto rows = nets[0].thresholds.size(), ch = static_cast<std::size_t>(clp.channels);
    write_npy((staging / "thresholds.npy").string(), npy("int32", {rows, ch}, th));
    write_npy((staging / "scales.npy").string(), npy("int32", {rows, ch}, sc));
    write_npy((staging / "x_test.npy").string(),
              npy(act_dtype(hw), {data.n_test(), static_cast<std::size_t>(features)}, test_acts));
    std::vector<std::int64_t> yv(data.y_test.begin(), data.y_test.end());
    write_npy((staging / "y_test.npy").string(), npy("uint8", {data.n_test()}, yv));
    {
      std::ofstream f(staging / "model.json");
      f << m.dump(1) << "\n";
      if (!f) throw OutputError("cannot write " + (staging / "model.json").string());
    }
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
  return {m, false, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

}  // namespace snapgen::train
