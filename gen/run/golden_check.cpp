#include "run/golden_check.hpp"

#include <algorithm>
#include <cmath>

namespace snapgen {

namespace {

// Beats the EMIO golden model puts on the wires for one crossing of vector `x` (no errors).
// Low-bit crossings send q with x_out = q * 2^(act_bits - lowbit_bits): `x` is then x_out.
std::uint64_t golden_beats(const golden::emio::Format& f, const Workload& w, const std::vector<std::int64_t>& x,
                           const std::vector<golden::clp::Frame>& frames) {
  const int shift = w.lowbit_bits > 0 ? w.hw.act_bits - w.lowbit_bits : 0;
  golden::emio::Message m;
  if (w.spikes) {
    m.type = golden::emio::Type::Spike;
    m.payload.assign(static_cast<std::size_t>(f.channels * f.timesteps), 0);
    for (std::size_t t = 0; t < frames.size(); ++t)
      for (int i = 0; i < f.channels; ++i)
        m.payload[t * static_cast<std::size_t>(f.channels) + static_cast<std::size_t>(i)] =
            frames[t].spikes[static_cast<std::size_t>(i)];
  } else {
    m.type = golden::emio::Type::Dense;
    m.payload.assign(static_cast<std::size_t>(f.channels * f.act_bits), 0);
    for (std::size_t i = 0; i < x.size(); ++i)
      for (int b = 0; b < f.act_bits; ++b)
        m.payload[i * static_cast<std::size_t>(f.act_bits) + static_cast<std::size_t>(b)] =
            static_cast<std::uint8_t>((static_cast<std::uint64_t>(x[i] >> shift) >> b) & 1u);
  }
  return golden::emio::frame_beats(f, m, 0).size();
}

}  // namespace

golden::emio::Format emio_format(const Design& d) {
  golden::emio::Format f;
  f.lanes = d.d2d.lanes;
  f.crc_bits = d.d2d.crc_bits;
  f.seq_bits = d.d2d.seq_bits;
  f.dest_bits = d.d2d.dest_bits;
  f.len_bits = d.d2d.len_bits;
  f.channels = d.clp.channels;
  f.timesteps = d.clp.timesteps;
  f.act_bits = d.d2d.act_bits;
  f.flit_bits = d.noc.flit_bits;
  f.mode = static_cast<golden::emio::Mode>(d.d2d.enc_mode);
  f.pack_vectors = d.d2d.pack_vectors;
  return f;
}

GoldenCheck check_against_golden(const Design& d, const Workload& w,
                                 const std::vector<std::vector<std::int64_t>>& outputs) {
  const auto format = emio_format(d);
  golden::clp::Stats stats(d.clp.channels, d.clp.timesteps);
  GoldenCheck g;
  double sq_err = 0;
  std::uint64_t err_samples = 0;
  const auto per = static_cast<std::size_t>(d.clp.timesteps);
  for (std::size_t v = 0; v < w.inputs.size(); ++v) {
    const GoldenVector gv = golden_forward(w, d, w.inputs[v]);
    g.golden_outputs.push_back(gv.output);
    if (v >= outputs.size() || outputs[v] != gv.output) ++g.mismatches;
    for (std::size_t k = 0; k < gv.crossing_in.size(); ++k) {
      std::vector<golden::clp::Frame> frames;
      if (w.spikes)
        frames.assign(gv.frames.begin() + static_cast<std::ptrdiff_t>(k * per),
                      gv.frames.begin() + static_cast<std::ptrdiff_t>((k + 1) * per));
      g.expected_beats += golden_beats(format, w, w.lowbit_bits > 0 ? gv.crossing_out[k] : gv.crossing_in[k], frames);
      ++g.crossings;
      if (w.spikes) stats.add_vector(frames, {}, {});
      for (std::size_t e = 0; e < gv.crossing_in[k].size(); ++e) {
        const std::int64_t diff = gv.crossing_out[k][e] - gv.crossing_in[k][e];
        sq_err += static_cast<double>(diff * diff);
        g.max_abs_error = std::max(g.max_abs_error, std::abs(diff));
        ++err_samples;
      }
    }
  }
  if (w.spikes && g.crossings) {
    g.firing_rate = stats.firing_rate();
    g.spikes_per_frame = stats.spikes_per_frame();
    for (int c = 0; c < d.clp.channels; ++c) g.channel_firing.push_back(stats.firing_rate(c));
  }
  g.rmse = err_samples ? std::sqrt(sq_err / static_cast<double>(err_samples)) : 0.0;
  return g;
}

}  // namespace snapgen
