// EMIO benchmark: bits on the wire per activation vector vs firing rate for each encoding, beside
// the i.i.d. entropy bound N*T*H(p) and the dense baseline N*act_bits; data-lane toggles per
// vector and their energy. Uses the golden model's exact frames and beat sequence (the RTL is
// checked beat for beat against it by tests/rtl/emio), with frames sent back to back and idle
// lanes holding their value.
//
// bench_emio OUT_DIR [N T act_bits lanes crc_bits vectors pj_per_toggle tag]
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "golden/emio/emio_golden.hpp"
#include "harness/rng.hpp"

using namespace snapgen::golden::emio;

namespace {

struct Scheme {
  std::string name;
  Mode mode;
  Type type;
  bool best_k = false;  // Rice with the best k per frame instead of the spike-count rule
  int pack = 1;         // vectors per frame (d2d.pack_vectors; full groups here)
};

// Rice with the k (0..15) that gives the shortest code: what the spike-count rule gives up.
Bits rice_best_k(const Format& f, const Bits& spikes) {
  Bits best = encode_rice_k(f, spikes, 0);
  for (int k = 1; k < 16; ++k) {
    Bits c = encode_rice_k(f, spikes, k);
    if (c.size() < best.size()) best = std::move(c);
  }
  return best;
}

struct Row {
  std::string scheme;
  double rate = 0, payload = 0, frame = 0, toggles = 0, entropy = 0, dense = 0;
};

double h2(double p) { return p <= 0 || p >= 1 ? 0.0 : -p * std::log2(p) - (1 - p) * std::log2(1 - p); }

}  // namespace

int main(int argc, char** argv) {
  const std::string out = argc > 1 ? argv[1] : "build/bench/emio";
  auto arg = [&](int i, double dflt) { return argc > i ? std::atof(argv[i]) : dflt; };
  Format f;
  f.channels = static_cast<int>(arg(2, 64));
  f.timesteps = static_cast<int>(arg(3, 4));
  f.act_bits = static_cast<int>(arg(4, 8));
  f.lanes = static_cast<int>(arg(5, 8));
  f.crc_bits = static_cast<int>(arg(6, 16));
  const int vectors = static_cast<int>(arg(7, 400));
  const double pj = arg(8, 1.0);
  const std::string tag = argc > 9 ? argv[9] : fmt::format("n{}_t{}", f.channels, f.timesteps);
  f.seq_bits = 5;
  f.dest_bits = 3;
  {
    // length field wide enough for the largest payload of any scheme (AER with every channel firing)
    const int aer_max = f.timesteps * (f.count_bits() + f.channels * f.addr_bits());
    int w = 0;
    while ((1 << w) < std::max(aer_max, f.channels * f.act_bits) + 1) ++w;
    f.len_bits = w;
  }
  const std::vector<Scheme> schemes = {
      {"dense", Mode::Dense, Type::Dense},   {"bitmap", Mode::Bitmap, Type::Spike},
      {"aer", Mode::Aer, Type::Spike},       {"rice", Mode::Rice, Type::Spike},
      {"adaptive", Mode::Adaptive, Type::Spike}, {"rice_best_k", Mode::Rice, Type::Spike, true},
      {"adaptive_g4", Mode::Adaptive, Type::Spike, false, 4}, {"adaptive_g8", Mode::Adaptive, Type::Spike, false, 8},
      {"adaptive_g16", Mode::Adaptive, Type::Spike, false, 16},
  };
  const double rates[] = {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5};
  const int nt = f.channels * f.timesteps;
  std::vector<Row> rows;
  for (double p : rates) {
    for (const auto& s : schemes) {
      Format g = f;
      g.mode = s.mode;
      snapgen::tb::Rng rng(1000 + static_cast<std::uint64_t>(p * 1e4));
      Row r{s.name, p, 0, 0, 0, nt * h2(p), static_cast<double>(f.channels * f.act_bits)};
      g.pack_vectors = s.pack;
      std::uint64_t last = 0, toggles = 0;
      std::vector<Enc> encs;
      std::vector<Bits> codes;
      auto send = [&](const Bits& frame) {
        const auto beats = to_beats(g, frame);
        r.frame += static_cast<double>(beats.size() * f.lanes);
        for (const auto& b : beats) {
          toggles += static_cast<std::uint64_t>(std::popcount(b.data ^ last));
          last = b.data;
        }
      };
      for (int v = 0; v < vectors; ++v) {
        Message m{s.type, 0, Bits(f.raw_bits(s.type), 0)};
        if (s.type == Type::Spike) {
          for (auto& b : m.payload) b = rng.chance(p);
        } else {
          // Dense baseline: ReLU of a normal activation (half the values zero), clamped.
          const int max = (1 << f.act_bits) - 1;
          for (int i = 0; i < f.channels; ++i) {
            const int a = std::clamp(static_cast<int>(std::lround(rng.normal(0, max / 4.0))), 0, max);
            for (int b = 0; b < f.act_bits; ++b) m.payload[i * f.act_bits + b] = (a >> b) & 1;
          }
        }
        const Enc e = choose_encoding(g, m);
        const Bits code = s.best_k ? rice_best_k(g, m.payload) : encode_payload(g, m, e);
        r.payload += static_cast<double>(code.size());
        if (s.pack == 1) {
          send(frame_bits(g, m, static_cast<std::uint32_t>(v % 32), e, code));
          continue;
        }
        // A group frame of `pack` vectors (the last one may be shorter).
        encs.push_back(e);
        codes.push_back(code);
        if (static_cast<int>(codes.size()) == s.pack || v + 1 == vectors) {
          send(group_frame_bits(g, 0, static_cast<std::uint32_t>(v % 32), encs, codes));
          encs.clear();
          codes.clear();
        }
      }
      r.payload /= vectors;
      r.frame /= vectors;
      r.toggles = static_cast<double>(toggles) / vectors;
      rows.push_back(r);
    }
  }

  std::ofstream csv(out + "/emio_bits_" + tag + ".csv");
  csv << "scheme,rate,payload_bits,frame_bits,entropy_bits,dense_bits,payload_over_entropy,frame_over_entropy,"
         "toggles,energy_pj\n";
  std::ofstream json(out + "/emio_bits_" + tag + ".json");
  json << fmt::format(
      "{{\n  \"block\": \"emio\",\n  \"source\": \"golden model frames (RTL beat-exact per tests/rtl/emio)\",\n"
      "  \"channels\": {}, \"timesteps\": {}, \"act_bits\": {}, \"lanes\": {}, \"crc_bits\": {}, \"vectors\": {},\n"
      "  \"pj_per_toggle\": {}, \"spikes\": \"iid Bernoulli(rate)\",\n  \"rows\": [\n",
      f.channels, f.timesteps, f.act_bits, f.lanes, f.crc_bits, vectors, pj);
  fmt::print("EMIO bits per activation vector: N={} T={} act_bits={} lanes={} crc={} ({} vectors per point, "
             "{} pJ/toggle)\n",
             f.channels, f.timesteps, f.act_bits, f.lanes, f.crc_bits, vectors, pj);
  fmt::print("{:>13} {:>6} {:>9} {:>9} {:>9} {:>7} {:>7} {:>9} {:>9}\n", "scheme", "rate", "payload", "frame",
             "entropy", "pay/H", "frm/H", "toggles", "pJ");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const double rp = r.entropy > 0 ? r.payload / r.entropy : 0, rf = r.entropy > 0 ? r.frame / r.entropy : 0;
    fmt::print("{:>13} {:>6.3f} {:>9.1f} {:>9.1f} {:>9.1f} {:>7.3f} {:>7.3f} {:>9.1f} {:>9.1f}\n", r.scheme, r.rate,
               r.payload, r.frame, r.entropy, rp, rf, r.toggles, r.toggles * pj);
    csv << fmt::format("{},{},{:.2f},{:.2f},{:.2f},{:.0f},{:.4f},{:.4f},{:.2f},{:.2f}\n", r.scheme, r.rate, r.payload,
                       r.frame, r.entropy, r.dense, rp, rf, r.toggles, r.toggles * pj);
    json << fmt::format(
        "    {{\"scheme\": \"{}\", \"rate\": {}, \"payload_bits\": {:.2f}, \"frame_bits\": {:.2f}, "
        "\"entropy_bits\": {:.2f}, \"dense_bits\": {:.0f}, \"payload_over_entropy\": {:.4f}, "
        "\"frame_over_entropy\": {:.4f}, \"toggles\": {:.2f}, \"energy_pj\": {:.2f}}}{}\n",
        r.scheme, r.rate, r.payload, r.frame, r.entropy, r.dense, rp, rf, r.toggles, r.toggles * pj,
        i + 1 < rows.size() ? "," : "");
  }
  json << "  ]\n}\n";
  // The goal: adaptive within 1.15x of the entropy bound for rates 1%..30% (payload bits).
  fmt::print("goal adaptive payload <= 1.15 x N*T*H(p) for 1%..30%:");
  for (const auto& r : rows)
    if (r.scheme == "adaptive" && r.rate >= 0.01 && r.rate <= 0.3)
      fmt::print(" {:g}:{}", r.rate, r.payload <= 1.15 * r.entropy ? "met" : fmt::format("NOT({:.2f}x)", r.payload / r.entropy));
  fmt::print("\n");
  // Framing (header, group marks, pad, CRC) as a share of the frame bits per vector.
  fmt::print("framing share of the frame bits (1 - payload / frame):\n{:>13}", "scheme");
  for (double p : rates) fmt::print(" {:>6.3f}", p);
  fmt::print("\n");
  for (const char* name : {"adaptive", "adaptive_g4", "adaptive_g8", "adaptive_g16"}) {
    fmt::print("{:>13}", name);
    for (const auto& r : rows)
      if (r.scheme == name) fmt::print(" {:>6.3f}", 1.0 - r.payload / r.frame);
    fmt::print("\n");
  }
  fmt::print("goal framing < 10% per vector at firing >= 5% (adaptive_g8):");
  for (const auto& r : rows)
    if (r.scheme == "adaptive_g8" && r.rate >= 0.05)
      fmt::print(" {:g}:{}", r.rate, 1.0 - r.payload / r.frame < 0.10 ? "met" : fmt::format("NOT({:.3f})", 1.0 - r.payload / r.frame));
  fmt::print("\n");
  return 0;
}
