// CLP sweep: firing rate and reconstruction error vs threshold for ReLU-normal activations.
// Every point is computed by the golden model; the points at the default configuration's T are
// also run through the verilated encoder and decoder (hnn_2die.yaml) and must match the golden
// model bit for bit, or the bench fails. Writes clp_sweep.csv and clp_sweep.json to argv[1].
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "Vclp_dec_a.h"
#include "Vclp_enc_a.h"
#include "golden/clp/clp_golden.hpp"
#include "golden/clp/clp_stats.hpp"
#include "harness/clocked.hpp"
#include "harness/rng.hpp"
#include "snapgen_config.hpp"
#include "../../tests/rtl/clp/clp_run.hpp"

namespace cfg = snapgen_cfg::hnn_2die;
namespace g = snapgen::golden::clp;
using snapgen::tb::Clocked;
using snapgen::tb::Rng;

namespace {

constexpr int kVectors = 200;      // vectors per point
constexpr double kSigma = 64.0;    // activations: round(max(0, N(0, sigma))) clamped to 8 bits
constexpr std::uint64_t kSeed = 2026;

struct Point {
  int timesteps, decode_shift;
  std::int64_t theta;
  g::Stats stats;
  double aer_ratio;  // address-event bits / dense bits (DESIGN 2.3 AER: count + addresses per frame)
  bool rtl_checked;
  double cycles_per_vector;
};

std::vector<std::vector<std::int64_t>> relu_normal(const g::Params& p, Rng& rng) {
  std::vector<std::vector<std::int64_t>> v(kVectors);
  for (auto& x : v)
    for (int i = 0; i < p.channels; ++i)
      x.push_back(std::clamp<std::int64_t>(std::llround(std::max(0.0, rng.normal(0.0, kSigma))), 0, p.act_max()));
  return v;
}

int clog2(long long n) {
  int b = 0;
  while ((1LL << b) < n) ++b;
  return b;
}

// Encoder then decoder on the RTL for all vectors; returns cycles spent in the encoder, or -1 on
// any mismatch against the golden model.
double run_rtl(const g::Params& p, const std::vector<std::vector<std::int64_t>>& vectors,
               const std::vector<std::int64_t>& theta, const std::vector<std::int64_t>& scales,
               const std::vector<g::Frame>& want_frames, Rng& rng) {
  using namespace clp_tb;
  Clocked<Vclp_enc_a> enc;
  enc.reset();
  load_thresholds(enc, p, theta);
  const auto e = run(enc, p, to_beats(p, vectors, rng), {}, {want_frames.size(), 0}, {1.0, 1.0}, rng);
  if (e.protocol_errors || first_mismatch(e.frames, want_frames)) return -1;
  Clocked<Vclp_dec_a> dec;
  dec.reset();
  load_scales(dec, p, scales);
  const auto want = expected_decoded(p, want_frames, scales);
  const auto d = run(dec, p, {}, e.frames, {0, want.size()}, {1.0, 1.0}, rng);
  if (d.protocol_errors || first_mismatch(d.decoded, want)) return -1;
  // run() idles 4*(Beats*T+8) cycles after the last output; report the busy part.
  return static_cast<double>(e.cycles - 4ULL * (p.beats() * p.timesteps + 8)) / static_cast<double>(vectors.size());
}

}  // namespace

int main(int argc, char** argv) {
  const std::string out = argc > 1 ? argv[1] : "build/bench/clp";
  const g::Params hw = SNAPGEN_CLP_PARAMS(cfg);
  const std::vector<std::int64_t> thetas = {4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384};
  std::vector<Point> points;
  bool ok = true;
  for (int t : {2, 4, 8, 16}) {
    g::Params p = hw;
    p.timesteps = t;
    // The RTL points use the default config's decode shift; the others use a finer scale
    // (shift 8) so that the decoder's rounding does not hide the encoder's quantization.
    const bool rtl = t == hw.timesteps;
    p.decode_shift = rtl ? hw.decode_shift : 8;
    for (auto th : thetas) {
      Rng rng(kSeed);  // same activations at every point
      const auto vectors = relu_normal(p, rng);
      const std::vector<std::int64_t> theta(static_cast<std::size_t>(p.channels), th);
      const auto scales = g::reconstruction_scales(p, theta);
      Point pt{t, p.decode_shift, th, g::Stats(p.channels, t), 0, rtl, 0};
      std::vector<g::Frame> all;
      long long aer_bits = 0;
      for (const auto& v : vectors) {
        const auto frames = g::encode(p, v, theta);
        pt.stats.add_vector(frames, v, g::decode(p, g::spike_counts(p, frames), scales));
        for (const auto& f : frames) {
          int s = 0;
          for (auto b : f.spikes) s += b;
          aer_bits += clog2(p.channels + 1) + static_cast<long long>(s) * std::max(1, clog2(p.channels));
        }
        all.insert(all.end(), frames.begin(), frames.end());
      }
      pt.aer_ratio = static_cast<double>(aer_bits) / (static_cast<double>(kVectors) * p.channels * p.act_bits);
      if (rtl) {
        pt.cycles_per_vector = run_rtl(p, vectors, theta, scales, all, rng);
        if (pt.cycles_per_vector < 0) {
          std::fprintf(stderr, "bench_clp: RTL differs from the golden model at T=%d theta=%lld\n", t,
                       static_cast<long long>(th));
          ok = false;
        }
      }
      points.push_back(std::move(pt));
    }
  }

  std::ofstream csv(out + "/clp_sweep.csv");
  csv << "timesteps,decode_shift,theta,firing_rate,spikes_per_frame,max_spikes_per_frame,rmse,max_abs_error,mean_error,"
         "aer_over_dense,rtl_checked,cycles_per_vector\n";
  std::string json = fmt::format(
      "{{\"config\": \"{}\", \"channels\": {}, \"act_bits\": {}, \"reset\": \"{}\", \"leak_shift\": {}, "
      "\"vectors_per_point\": {}, \"distribution\": \"round(max(0, N(0, {}))) clamped to 0..{}\", \"seed\": {}, "
      "\"points\": [",
      cfg::kName, hw.channels, hw.act_bits, hw.reset_subtract ? "subtract" : "zero", hw.leak_shift, kVectors, kSigma,
      hw.act_max(), kSeed);
  std::printf("%3s %5s %5s %9s %9s %8s %8s %8s %9s %5s %8s\n", "T", "shift", "theta", "fire_rate", "spk/frame", "rmse",
              "max_err", "bias", "aer/dense", "rtl", "cyc/vec");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const auto& s = p.stats;
    csv << fmt::format("{},{},{},{:.6f},{:.4f},{},{:.4f},{},{:.4f},{:.4f},{},{:.1f}\n", p.timesteps, p.decode_shift,
                       p.theta, s.firing_rate(), s.spikes_per_frame(), s.max_spikes_per_frame(), s.rmse(),
                       s.max_abs_error(), s.mean_error(), p.aer_ratio, p.rtl_checked ? 1 : 0, p.cycles_per_vector);
    json += fmt::format(
        "{}{{\"timesteps\": {}, \"decode_shift\": {}, \"theta\": {}, \"firing_rate\": {:.6f}, \"spikes_per_frame\": {:.4f}, "
        "\"rmse\": {:.4f}, \"max_abs_error\": {}, \"mean_error\": {:.4f}, \"aer_over_dense\": {:.4f}, \"rtl_checked\": {}, "
        "\"cycles_per_vector\": {:.1f}}}",
        i ? ", " : "", p.timesteps, p.decode_shift, p.theta, s.firing_rate(), s.spikes_per_frame(), s.rmse(),
        s.max_abs_error(), s.mean_error(), p.aer_ratio, p.rtl_checked ? "true" : "false", p.cycles_per_vector);
    std::printf("%3d %5d %5lld %9.4f %9.2f %8.2f %8lld %8.2f %9.3f %5s %8.1f\n", p.timesteps, p.decode_shift,
                static_cast<long long>(p.theta), s.firing_rate(), s.spikes_per_frame(), s.rmse(),
                static_cast<long long>(s.max_abs_error()), s.mean_error(), p.aer_ratio, p.rtl_checked ? "yes" : "-",
                p.cycles_per_vector);
  }
  json += "]}\n";
  std::ofstream(out + "/clp_sweep.json") << json;
  return ok ? 0 : 1;
}
