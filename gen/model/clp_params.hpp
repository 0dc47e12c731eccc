#pragma once
// CLP converter (dense activations <-> spike frames): the hardware numbers of the encoder and
// decoder, all derived here once so the RTL, the generated header and the harness agree.
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "model/constant.hpp"

namespace snapgen {

struct ClpParams {
  int channels = 0;            // N neurons per vector (bits per spike frame)
  int lanes_per_cycle = 0;     // P channels per beat / per cycle
  int beats = 0;               // ceil(N / P): beats per dense vector (last beat padded if P does not divide N)
  int beat_bits = 0;           // max(1, clog2(beats)): beat address width (threshold/scale load port)
  int timesteps = 0;           // T
  int step_bits = 0;           // max(1, clog2(T)): frame timestep index width
  bool reset_subtract = true;  // else reset to zero
  int leak_shift = 0;
  int act_bits = 0;            // activation width entering the encoder (the tile's act_bits)
  bool act_signed = false;
  std::int64_t act_max = 0;    // largest activation (also the decoder's saturation value)
  std::int64_t act_min = 0;    // smallest activation (0 when unsigned)
  int threshold_bits = 16;     // thresholds are runtime values 1..65535
  int scale_bits = 16;         // decoder scales are runtime values 0..65535
  int membrane_bits = 0;       // derived so the membrane can never overflow (see membrane_bits_for)
  int compare_bits = 0;        // width of the neuron's internal signed arithmetic (see clp_params.cpp)
  int count_bits = 0;          // spike counter per channel: holds 0..timesteps
  int decode_shift = 0;
  int product_bits = 0;        // count * scale before the shift
};

// Smallest membrane width that holds every value the integrate-and-fire membrane can reach, for
// any activation of `act_bits` (signed or not), any threshold >= 1, any leak, either reset, over
// `timesteps` steps. Two's complement when act_signed, else unsigned. Proof in clp_params.cpp.
int membrane_bits_for(int act_bits, bool act_signed, int timesteps);

ClpParams elaborate_clp(const Config& c);

// The runtime thresholds, one per channel: clp.thresholds_npy (relative paths resolve against
// the config file's directory), else clp.thresholds, else clp.threshold for every channel.
// Throws ConfigError-style std::runtime_error naming the key when the .npy does not fit.
std::vector<std::int64_t> clp_thresholds(const Config& c);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const ClpParams& p, Constants& out);

}  // namespace snapgen
