#pragma once
// Golden model of the CLP converter (docs/clp.md is the prose version of these rules). Plain
// int64 arithmetic, no widths: the RTL must match it bit for bit, and the membrane-bound test
// uses it to show the RTL widths never truncate.
#include <cstdint>
#include <span>
#include <vector>

namespace snapgen::golden::clp {

struct Params {
  int channels = 64;
  int lanes = 8;  // channels per beat (only affects packing, not values)
  int timesteps = 4;
  bool reset_subtract = true;
  int leak_shift = 0;  // 0 = no leak
  int act_bits = 8;
  bool act_signed = false;
  int decode_shift = 0;

  std::int64_t act_max() const { return act_signed ? (1LL << (act_bits - 1)) - 1 : (1LL << act_bits) - 1; }
  std::int64_t act_min() const { return act_signed ? -(1LL << (act_bits - 1)) : 0; }
  int beats() const { return (channels + lanes - 1) / lanes; }
};

// Fill Params from a generated snapgen_config.hpp namespace (snapgen_cfg::<name>).
#define SNAPGEN_CLP_PARAMS(ns)                                                                   \
  (::snapgen::golden::clp::Params{                                                               \
      static_cast<int>(ns::kClpChannels), static_cast<int>(ns::kClpLanes),                       \
      static_cast<int>(ns::kClpTimesteps), ns::kClpResetSubtract != 0,                           \
      static_cast<int>(ns::kClpLeakShift), static_cast<int>(ns::kClpActBits), ns::kClpActSigned != 0, \
      static_cast<int>(ns::kClpDecodeShift)})

// leak(v) = v - floor(v / 2^shift); identity for shift 0.
std::int64_t leak(std::int64_t v, int shift);

struct NeuronStep {
  std::int64_t u;  // membrane after leak and integration, before the threshold test
  std::int64_t v;  // membrane after the (possible) reset
  bool spike;
};
// One timestep: u = leak(v) + a; spike = u >= theta; v' = spike ? (subtract ? u - theta : 0) : u.
NeuronStep neuron_step(const Params& p, std::int64_t v, std::int64_t a, std::int64_t theta);

struct Frame {
  std::vector<std::uint8_t> spikes;  // one 0/1 per channel
  int step = 0;                      // timestep index 0..T-1
  bool last = false;                 // step == T-1
  bool operator==(const Frame&) const = default;
};

// Extremes of every membrane value (u and v) seen while encoding; for the overflow proof.
struct MembraneRange {
  std::int64_t lo = 0, hi = 0;
};

// T frames for one vector (v starts at 0 for every vector). act and theta have `channels` entries.
std::vector<Frame> encode(const Params& p, std::span<const std::int64_t> act, std::span<const std::int64_t> theta,
                          MembraneRange* range = nullptr);

// Spikes per channel over a vector's frames.
std::vector<int> spike_counts(const Params& p, std::span<const Frame> frames);

// a_hat_i = min(act_max, (count_i * scale_i) >> decode_shift).
std::vector<std::int64_t> decode(const Params& p, std::span<const int> counts, std::span<const std::int64_t> scales);

// One die crossing of a vector narrower than the CLP: padded to `channels` with zeros (which never
// spike), encoded, decoded, and cut back to its own width. The system golden model, the
// calibration and the trainer's integer network all cross this way.
struct Crossing {
  std::vector<Frame> frames;
  std::vector<int> counts;             // spikes per channel (channels entries)
  std::vector<std::int64_t> decoded;   // x.size() entries
};
Crossing cross(const Params& p, std::span<const std::int64_t> x, std::span<const std::int64_t> theta,
               std::span<const std::int64_t> scales);

// Scales that make the decoder estimate the activation itself:
// scale_i = round(theta_i * 2^decode_shift / T), clamped to 0..65535.
std::vector<std::int64_t> reconstruction_scales(const Params& p, std::span<const std::int64_t> theta);

}  // namespace snapgen::golden::clp
