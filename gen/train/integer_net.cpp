#include "train/integer_net.hpp"

#include <algorithm>
#include <stdexcept>

namespace snapgen::train {

const char* crossing_name(Crossing c) {
  switch (c) {
    case Crossing::Spike: return "spike";
    case Crossing::Dense: return "dense";
    case Crossing::LowBit: return "lowbit";
  }
  return "?";
}

namespace {
int clog2(std::int64_t v) {
  int b = 0;
  while ((std::int64_t{1} << b) < v) ++b;
  return b;
}
}  // namespace

// The rule lives with the golden models, so the system's golden check of the RTL lowbit
// crossing (gen/run/workload.cpp) uses exactly the trained network's rule.
std::int64_t lowbit_crossing(std::int64_t a, int act_bits, bool act_signed, int bits) {
  return golden::tile::lowbit_crossing(a, act_bits, act_signed, bits);
}

IntegerEval evaluate_integer(const IntegerNet& net, std::span<const std::int64_t> x, std::span<const std::uint8_t> labels) {
  const int in = net.layers.front().in;
  const std::size_t n = labels.size();
  if (x.size() != n * static_cast<std::size_t>(in)) throw std::invalid_argument("evaluate_integer: x/labels size mismatch");
  IntegerEval ev;
  ev.images = static_cast<std::int64_t>(n);
  std::size_t crossings = 0;
  for (int h : net.hops) crossings += static_cast<std::size_t>(h);
  ev.channel_spikes.assign(crossings, std::vector<double>(static_cast<std::size_t>(net.clp.channels), 0.0));
  const auto bsz = static_cast<std::size_t>(std::max(1, net.hw.max_batch));
  for (std::size_t b0 = 0; b0 < n; b0 += bsz) {
    const std::size_t nb = std::min(bsz, n - b0);
    std::vector<std::int64_t> act(x.begin() + static_cast<std::ptrdiff_t>(b0 * in),
                                  x.begin() + static_cast<std::ptrdiff_t>((b0 + nb) * in));
    std::size_t cross = 0;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
      golden::tile::Layer l = net.layers[i];
      l.batch = static_cast<int>(nb);
      l.x = std::move(act);
      act = golden::tile::run_layer(net.hw, l);
      if (i + 1 == net.layers.size()) break;
      const auto width = static_cast<std::size_t>(l.out);
      for (int hop = 0; hop < net.hops[i]; ++hop, ++cross) {
        for (std::size_t b = 0; b < nb; ++b) {
          std::int64_t* v = act.data() + b * width;
          if (net.kind == Crossing::Dense) {
            ev.payload_bits += static_cast<double>(width) * net.hw.act_bits;
          } else if (net.kind == Crossing::LowBit) {
            for (std::size_t c = 0; c < width; ++c)
              v[c] = lowbit_crossing(v[c], net.hw.act_bits, net.hw.act_signed, net.lowbit_bits);
            ev.payload_bits += static_cast<double>(width) * std::min(net.lowbit_bits, net.hw.act_bits);
          } else {
            // The system golden model's crossing (padded to the CLP's channels, cut back).
            const auto crossed =
                golden::clp::cross(net.clp, std::span<const std::int64_t>(v, width), net.thresholds[cross], net.scales[cross]);
            std::copy(crossed.decoded.begin(), crossed.decoded.end(), v);
            for (std::size_t c = 0; c < crossed.counts.size(); ++c) ev.channel_spikes[cross][c] += crossed.counts[c];
            const auto nbits = static_cast<std::int64_t>(width);
            for (const auto& f : crossed.frames) {
              std::int64_t k = 0;
              for (auto s : f.spikes) k += s;
              ev.payload_bits += static_cast<double>(std::min(nbits, clog2(nbits + 1) + k * clog2(nbits)));
            }
          }
        }
      }
    }
    const auto out = static_cast<std::size_t>(net.layers.back().out);
    for (std::size_t b = 0; b < nb; ++b) {
      const auto* o = act.data() + b * out;
      const auto pred = static_cast<std::size_t>(std::max_element(o, o + out) - o);
      ev.correct += pred == labels[b0 + b];
    }
  }
  return ev;
}

}  // namespace snapgen::train
