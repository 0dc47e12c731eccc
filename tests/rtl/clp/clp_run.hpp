#pragma once
// One runner for every CLP top: it feeds the top's input stream (dense beats for the encoder and
// the loop, spike frames for the decoder) under random offer/ready pressure, and records every
// output handshake (frames from the encoder or the loop's monitor, decoded beats from the
// decoder or the loop) until the expected counts arrive, then idles a little longer so that a
// spurious extra output would be seen too.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "clp_tb.hpp"

namespace clp_tb {

struct Expect {
  std::size_t frames = 0;
  std::size_t decoded = 0;
};

template <class M>
Observed run(Clocked<M>& sim, const g::Params& p, const std::vector<Beat>& beats, const std::vector<g::Frame>& frames_in,
             Expect expect, Pressure pr, Rng& rng, std::uint64_t max_cycles = 200000) {
  auto& io = sim.io();
  constexpr bool kDenseIn = requires(M& m) { m.in_data_i; };
  constexpr bool kFramesOut = requires(M& m) { m.out_spikes_o; };
  constexpr bool kMonitor = requires(M& m) { m.mon_spikes_o; };
  constexpr bool kDecodedOut = requires(M& m) { m.out_data_o; };
  Observed obs;
  std::size_t next = 0;
  const std::size_t total_in = kDenseIn ? beats.size() : frames_in.size();
  bool offering = false;
  StableCheck<g::Frame> frame_check;
  StableCheck<DecodedBeat> decoded_check;
  std::uint64_t idle_after_done = 0;
  const std::uint64_t start = sim.cycles();
  while (sim.cycles() - start < max_cycles) {
    if (!offering && next < total_in && rng.chance(pr.offer)) {
      offering = true;
      if constexpr (kDenseIn) {
        for (int l = 0; l < p.lanes; ++l) set_bits(io.in_data_i, l * p.act_bits, p.act_bits, beats[next][static_cast<std::size_t>(l)]);
      } else {
        const auto& f = frames_in[next];
        clear(io.in_spikes_i);
        for (int i = 0; i < p.channels; ++i) set_bits(io.in_spikes_i, i, 1, f.spikes[static_cast<std::size_t>(i)]);
        io.in_step_i = static_cast<std::uint8_t>(f.step);
        io.in_last_i = f.last;
      }
    }
    io.in_valid_i = offering;
    io.out_ready_i = rng.chance(pr.ready);
    sim.settle();
    const bool in_fire = offering && io.in_ready_o;
    if constexpr (kFramesOut) {
      const bool valid = io.out_valid_o;
      const auto f = read_frame(p, io.out_spikes_o, io.out_step_o, io.out_last_o);
      if (!frame_check.observe(valid, io.out_ready_i, f)) ++obs.protocol_errors;
      if (valid && io.out_ready_i) obs.frames.push_back(f);
    }
    if constexpr (kMonitor) {
      if (io.mon_valid_o && io.mon_ready_o) obs.frames.push_back(read_frame(p, io.mon_spikes_o, io.mon_step_o, io.mon_last_o));
    }
    if constexpr (kDecodedOut) {
      const bool valid = io.out_valid_o;
      const auto d = read_decoded(p, io.out_data_o, io.out_last_o);
      if (!decoded_check.observe(valid, io.out_ready_i, d)) ++obs.protocol_errors;
      if (valid && io.out_ready_i) obs.decoded.push_back(d);
    }
    sim.tick();
    if (in_fire) {
      offering = false;
      ++next;
    }
    const bool done = next == total_in && obs.frames.size() >= expect.frames && obs.decoded.size() >= expect.decoded;
    if (done && ++idle_after_done > 4 * static_cast<std::uint64_t>(p.beats() * p.timesteps + 8)) break;
  }
  io.in_valid_i = 0;
  sim.settle();
  obs.cycles = sim.cycles() - start;
  return obs;
}

// Random activations in the full range of the format, with the edges mixed in on purpose.
inline std::vector<std::int64_t> random_vector(const g::Params& p, Rng& rng) {
  std::vector<std::int64_t> v;
  for (int i = 0; i < p.channels; ++i) {
    const auto pick = rng.uniform(0, 9);
    if (pick == 0) v.push_back(0);
    else if (pick == 1) v.push_back(p.act_max());
    else if (pick == 2) v.push_back(p.act_min());
    else v.push_back(rng.uniform(p.act_min(), p.act_max()));
  }
  return v;
}

// Thresholds that make channels fire at every rate: 1 (every step for a > 0), around a_max,
// above T * a_max (silent), 65535, and random in between; every channel different in kind.
inline std::vector<std::int64_t> random_thresholds(const g::Params& p, Rng& rng) {
  std::vector<std::int64_t> t;
  const std::int64_t silent = std::min<std::int64_t>(65535, p.timesteps * p.act_max() + 1);
  for (int i = 0; i < p.channels; ++i) {
    switch (rng.uniform(0, 7)) {
      case 0: t.push_back(1); break;
      case 1: t.push_back(65535); break;
      case 2: t.push_back(silent); break;
      case 3: t.push_back(std::clamp<std::int64_t>(p.act_max() + rng.uniform(-2, 2), 1, 65535)); break;
      default: t.push_back(rng.uniform(1, std::clamp<std::int64_t>(2 * p.act_max(), 2, 65535))); break;
    }
  }
  for (auto x : t)
    if (x < 1 || x > 65535) throw std::logic_error("random_thresholds: outside the 16-bit threshold range");
  return t;
}

inline std::vector<std::int64_t> random_scales(const g::Params& p, Rng& rng) {
  std::vector<std::int64_t> s;
  for (int i = 0; i < p.channels; ++i) {
    switch (rng.uniform(0, 5)) {
      case 0: s.push_back(0); break;
      case 1: s.push_back(65535); break;
      case 2: s.push_back(rng.uniform(0, 3)); break;
      default: s.push_back(rng.uniform(0, std::clamp<std::int64_t>(4 * p.act_max(), 4, 65535))); break;
    }
  }
  for (auto x : s)
    if (x < 0 || x > 65535) throw std::logic_error("random_scales: outside the 16-bit scale range");
  return s;
}

}  // namespace clp_tb
