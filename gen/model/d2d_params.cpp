#include "model/d2d_params.hpp"

#include "util/text.hpp"

namespace snapgen {

D2dParams elaborate_d2d(const Config& c) {
  D2dParams d;
  d.lanes = static_cast<int>(c.integer("d2d.lanes"));
  d.encoding = c.text("d2d.encoding");
  const auto& crc = c.text("d2d.crc");
  d.crc_bits = crc == "crc16" ? 16 : crc == "crc8" ? 8 : 0;
  d.retry_depth = static_cast<int>(c.integer("d2d.retry_depth"));
  d.wire_stages = static_cast<int>(c.integer("d2d.wire_stages"));
  d.seq_bits = clog2(2 * d.retry_depth) + 1;
  return d;
}

void append_constants(const D2dParams& d, Constants& k) {
  k.push_back({"D2dLanes", d.lanes, "Die-to-die data wires per direction"});
  k.push_back({"D2dCrcBits", d.crc_bits, "Frame CRC width (0 = none)"});
  k.push_back({"D2dRetryDepth", d.retry_depth, "Retry buffer frames"});
  k.push_back({"D2dWireStages", d.wire_stages, "Wire pipeline stages"});
  k.push_back({"D2dSeqBits", d.seq_bits, "Frame sequence number width"});
}

}  // namespace snapgen
