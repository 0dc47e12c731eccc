#include "golden/clp/clp_golden.hpp"

#include <algorithm>
#include <stdexcept>

namespace snapgen::golden::clp {

std::int64_t leak(std::int64_t v, int shift) {
  // C++20 defines >> on negative values as arithmetic (floor division by 2^shift).
  return shift == 0 ? v : v - (v >> shift);
}

NeuronStep neuron_step(const Params& p, std::int64_t v, std::int64_t a, std::int64_t theta) {
  NeuronStep s;
  s.u = leak(v, p.leak_shift) + a;
  s.spike = s.u >= theta;
  s.v = !s.spike ? s.u : (p.reset_subtract ? s.u - theta : 0);
  return s;
}

std::vector<Frame> encode(const Params& p, std::span<const std::int64_t> act, std::span<const std::int64_t> theta,
                          MembraneRange* range) {
  const auto n = static_cast<std::size_t>(p.channels);
  if (act.size() != n || theta.size() != n) throw std::invalid_argument("clp::encode: one value per channel");
  std::vector<std::int64_t> v(n, 0);
  std::vector<Frame> frames;
  for (int t = 0; t < p.timesteps; ++t) {
    Frame f{std::vector<std::uint8_t>(n, 0), t, t == p.timesteps - 1};
    for (std::size_t i = 0; i < n; ++i) {
      const NeuronStep s = neuron_step(p, v[i], act[i], theta[i]);
      v[i] = s.v;
      f.spikes[i] = s.spike ? 1 : 0;
      if (range) {
        range->lo = std::min({range->lo, s.u, s.v});
        range->hi = std::max({range->hi, s.u, s.v});
      }
    }
    frames.push_back(std::move(f));
  }
  return frames;
}

std::vector<int> spike_counts(const Params& p, std::span<const Frame> frames) {
  std::vector<int> counts(static_cast<std::size_t>(p.channels), 0);
  for (const auto& f : frames)
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += f.spikes.at(i);
  return counts;
}

std::vector<std::int64_t> decode(const Params& p, std::span<const int> counts, std::span<const std::int64_t> scales) {
  const auto n = static_cast<std::size_t>(p.channels);
  if (counts.size() != n || scales.size() != n) throw std::invalid_argument("clp::decode: one value per channel");
  std::vector<std::int64_t> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = std::min(p.act_max(), (static_cast<std::int64_t>(counts[i]) * scales[i]) >> p.decode_shift);
  return out;
}

Crossing cross(const Params& p, std::span<const std::int64_t> x, std::span<const std::int64_t> theta,
               std::span<const std::int64_t> scales) {
  std::vector<std::int64_t> padded(static_cast<std::size_t>(p.channels), 0);
  std::copy(x.begin(), x.end(), padded.begin());
  Crossing c;
  c.frames = encode(p, padded, theta);
  c.counts = spike_counts(p, c.frames);
  const auto decoded = decode(p, c.counts, scales);
  c.decoded.assign(decoded.begin(), decoded.begin() + static_cast<std::ptrdiff_t>(x.size()));
  return c;
}

std::vector<std::int64_t> reconstruction_scales(const Params& p, std::span<const std::int64_t> theta) {
  std::vector<std::int64_t> s;
  for (auto th : theta) {
    const std::int64_t num = th << p.decode_shift;
    s.push_back(std::clamp<std::int64_t>((num + p.timesteps / 2) / p.timesteps, 0, 65535));
  }
  return s;
}

}  // namespace snapgen::golden::clp
