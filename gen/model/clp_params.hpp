#pragma once
#include "config/config.hpp"
#include "model/constant.hpp"

namespace snapgen {

struct ClpParams {
  int channels = 0;
  int lanes_per_cycle = 0;
  int timesteps = 0;
  bool reset_subtract = true;  // else reset to zero
  int leak_shift = 0;
  int act_bits = 0;            // activation width entering the encoder (the tile's act_bits)
  bool act_signed = false;
  int threshold_bits = 16;     // thresholds are runtime values up to 65535
  int membrane_bits = 0;       // derived so the membrane can never overflow (see clp_params.cpp)
  int count_bits = 0;          // spike counter per channel: holds 0..timesteps
  int decode_shift = 0;
};

ClpParams elaborate_clp(const Config& c);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const ClpParams& p, Constants& out);

}  // namespace snapgen
