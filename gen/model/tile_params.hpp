#pragma once
#include "config/config.hpp"
#include "model/constant.hpp"

namespace snapgen {

struct TileParams {
  int rows = 0, cols = 0;
  int act_bits = 0;
  bool act_signed = false;
  int weight_bits = 0;
  int acc_bits = 0;
  bool per_channel = false;  // requant M/S per output channel (else per layer)
  int mult_bits = 32;        // requant multiplier M (signed, gemmlowp-style Q31)
  int shift_bits = 6;        // requant shift S in 0..63
};

TileParams elaborate_tile(const Config& c);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const TileParams& p, Constants& out);

}  // namespace snapgen
