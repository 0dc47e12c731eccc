#pragma once
// Drivers and scoreboards for the CLP tops (encoder, decoder, loop), templated on the verilated
// model so every configuration shares one testbench. Rules the drivers follow and check:
//  - an input is offered with valid held high and data stable until accepted (valid/ready);
//  - the DUT's outputs must do the same: once valid, stay valid and stable until ready;
//  - outputs are sampled before the clock edge (combinational ready/valid of that cycle).
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "golden/clp/clp_golden.hpp"
#include "harness/clocked.hpp"
#include "harness/rng.hpp"
#include "harness/wide_port.hpp"

namespace clp_tb {

namespace g = snapgen::golden::clp;
using snapgen::tb::Clocked;
using snapgen::tb::Rng;

// Bit access on Verilator ports: the one helper of tb/harness/wide_port.hpp.
using snapgen::tb::clear;
using snapgen::tb::get_bits;
using snapgen::tb::set_bits;

// Two's complement field value <-> signed activation.
inline std::int64_t from_field(std::uint64_t raw, const g::Params& p) {
  if (p.act_signed && (raw >> (p.act_bits - 1)) & 1) return static_cast<std::int64_t>(raw) - (1LL << p.act_bits);
  return static_cast<std::int64_t>(raw);
}
inline std::uint64_t to_field(std::int64_t v, const g::Params& p) {
  return static_cast<std::uint64_t>(v) & ((1ULL << p.act_bits) - 1);
}

// ---- runtime loads -----------------------------------------------------------------------------
// Writes per-channel 16-bit values (thresholds or scales) one beat of `lanes` per cycle. Padding
// lanes get `pad` (a value that would show up if the RTL used them).
template <class M, class We, class Addr, class Data>
void load_words(Clocked<M>& sim, const g::Params& p, std::span<const std::int64_t> values, We& we, Addr& addr,
                Data& data, std::uint64_t pad) {
  for (int b = 0; b < p.beats(); ++b) {
    we = 1;
    addr = static_cast<Addr>(b);
    clear(data);
    for (int l = 0; l < p.lanes; ++l) {
      const auto ch = static_cast<std::size_t>(b * p.lanes + l);
      set_bits(data, l * 16, 16, ch < values.size() ? static_cast<std::uint64_t>(values[ch]) : pad);
    }
    sim.tick();
  }
  we = 0;
  sim.settle();
}

template <class M>
void load_thresholds(Clocked<M>& sim, const g::Params& p, std::span<const std::int64_t> theta) {
  auto& io = sim.io();
  load_words(sim, p, theta, io.thr_we_i, io.thr_addr_i, io.thr_data_i, 1);
}
template <class M>
void load_scales(Clocked<M>& sim, const g::Params& p, std::span<const std::int64_t> scales) {
  auto& io = sim.io();
  load_words(sim, p, scales, io.scale_we_i, io.scale_addr_i, io.scale_data_i, 0xFFFF);
}

// ---- traffic -----------------------------------------------------------------------------------
struct Pressure {
  double offer = 1.0;  // probability an idle source offers its next item this cycle
  double ready = 1.0;  // probability a sink is ready this cycle
};

// One dense beat as the DUT sees it: `lanes` raw fields (padding lanes carry junk on purpose).
using Beat = std::vector<std::uint64_t>;

inline std::vector<Beat> to_beats(const g::Params& p, std::span<const std::vector<std::int64_t>> vectors, Rng& rng) {
  std::vector<Beat> beats;
  for (const auto& v : vectors)
    for (int b = 0; b < p.beats(); ++b) {
      Beat beat;
      for (int l = 0; l < p.lanes; ++l) {
        const auto ch = static_cast<std::size_t>(b * p.lanes + l);
        beat.push_back(ch < v.size() ? to_field(v[ch], p) : static_cast<std::uint64_t>(rng.uniform(0, (1LL << p.act_bits) - 1)));
      }
      beats.push_back(beat);
    }
  return beats;
}

struct DecodedBeat {
  std::vector<std::int64_t> lanes;
  bool last = false;
  bool operator==(const DecodedBeat&) const = default;
};

// What a run observed, in order.
struct Observed {
  std::vector<g::Frame> frames;       // encoder output / loop monitor
  std::vector<DecodedBeat> decoded;   // decoder output beats
  std::uint64_t cycles = 0;
  int protocol_errors = 0;            // output valid dropped or data changed while stalled
};

// Golden expectations for a list of vectors.
inline std::vector<g::Frame> expected_frames(const g::Params& p, std::span<const std::vector<std::int64_t>> vectors,
                                             std::span<const std::int64_t> theta) {
  std::vector<g::Frame> all;
  for (const auto& v : vectors) {
    auto f = g::encode(p, v, theta);
    all.insert(all.end(), f.begin(), f.end());
  }
  return all;
}

inline std::vector<DecodedBeat> to_decoded_beats(const g::Params& p, std::span<const std::int64_t> a_hat) {
  std::vector<DecodedBeat> out;
  for (int b = 0; b < p.beats(); ++b) {
    DecodedBeat d;
    for (int l = 0; l < p.lanes; ++l) {
      const auto ch = static_cast<std::size_t>(b * p.lanes + l);
      d.lanes.push_back(ch < a_hat.size() ? a_hat[ch] : 0);  // padding lanes decode to 0
    }
    d.last = b == p.beats() - 1;
    out.push_back(d);
  }
  return out;
}

// Decoded beats for frames grouped into vectors by their last flags.
inline std::vector<DecodedBeat> expected_decoded(const g::Params& p, std::span<const g::Frame> frames,
                                                 std::span<const std::int64_t> scales) {
  std::vector<DecodedBeat> out;
  std::vector<g::Frame> vec;
  for (const auto& f : frames) {
    vec.push_back(f);
    if (!f.last) continue;
    const auto counts = g::spike_counts(p, vec);
    const auto beats = to_decoded_beats(p, g::decode(p, counts, scales));
    out.insert(out.end(), beats.begin(), beats.end());
    vec.clear();
  }
  return out;
}

// Index of the first differing element, or nullopt when equal (sizes included).
template <class T>
std::optional<std::size_t> first_mismatch(const std::vector<T>& got, const std::vector<T>& want) {
  const std::size_t n = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!(got[i] == want[i])) return i;
  if (got.size() != want.size()) return n;
  return std::nullopt;
}

template <class T>
std::size_t mismatches(const std::vector<T>& got, const std::vector<T>& want) {
  std::size_t bad = got.size() > want.size() ? got.size() - want.size() : want.size() - got.size();
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) bad += !(got[i] == want[i]);
  return bad;
}

// Reads a frame from the given output ports.
template <class S, class T>
g::Frame read_frame(const g::Params& p, const S& spikes, const T& step, bool last) {
  g::Frame f{std::vector<std::uint8_t>(static_cast<std::size_t>(p.channels)), static_cast<int>(step), last};
  for (int i = 0; i < p.channels; ++i) f.spikes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(get_bits(spikes, i, 1));
  return f;
}

template <class D>
DecodedBeat read_decoded(const g::Params& p, const D& data, bool last) {
  DecodedBeat d;
  for (int l = 0; l < p.lanes; ++l) d.lanes.push_back(from_field(get_bits(data, l * p.act_bits, p.act_bits), p));
  d.last = last;
  return d;
}

// Watches one valid/ready output for the stability rule.
template <class V>
struct StableCheck {
  bool stalled = false;
  V held{};
  // Call with the output sampled before the edge; returns false on a violation.
  bool observe(bool valid, bool ready, const V& value) {
    bool ok = true;
    if (stalled) ok = valid && value == held;
    stalled = valid && !ready;
    held = value;
    return ok;
  }
};

}  // namespace clp_tb
