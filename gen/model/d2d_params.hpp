#pragma once
#include <string>

#include "config/config.hpp"
#include "model/constant.hpp"

namespace snapgen {

struct D2dParams {
  int lanes = 0;
  std::string encoding;  // dense | bitmap | aer | rice | adaptive
  int crc_bits = 0;      // 0, 8 or 16
  int retry_depth = 0;
  int wire_stages = 0;
  int seq_bits = 0;      // sequence number width: go-back-N needs > 2 x retry window
};

D2dParams elaborate_d2d(const Config& c);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const D2dParams& p, Constants& out);

}  // namespace snapgen
