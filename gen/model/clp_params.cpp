#include "model/clp_params.hpp"

#include "util/text.hpp"

namespace snapgen {

ClpParams elaborate_clp(const Config& c) {
  ClpParams p;
  p.channels = static_cast<int>(c.integer("clp.channels"));
  p.lanes_per_cycle = static_cast<int>(c.integer("clp.lanes_per_cycle"));
  p.timesteps = static_cast<int>(c.integer("clp.timesteps"));
  p.reset_subtract = c.text("clp.reset") == "subtract";
  p.leak_shift = static_cast<int>(c.integer("clp.leak_shift"));
  p.act_bits = static_cast<int>(c.integer("die.tile.act_bits"));
  p.act_signed = c.flag("die.tile.act_signed");
  p.decode_shift = static_cast<int>(c.integer("clp.decode_shift"));
  // Unsigned view: after any step v < theta + a_max <= (2^threshold_bits - 1) + (2^act_bits - 1),
  // because a spike fires (and v drops) whenever v >= theta. One extra bit holds that sum; a sign
  // bit is added for signed activations (negative input drives v below zero, at most T*a_min).
  const long long a_max = (1LL << p.act_bits) - 1;
  const long long theta_max = (1LL << p.threshold_bits) - 1;
  int bits = clog2(theta_max + a_max + 1);
  if (p.act_signed) {
    const long long neg = static_cast<long long>(p.timesteps) << (p.act_bits - 1);
    bits = std::max(bits, clog2(neg + 1)) + 1;
  }
  p.membrane_bits = bits;
  p.count_bits = clog2(p.timesteps + 1);
  return p;
}

void append_constants(const ClpParams& p, Constants& k) {
  k.push_back({"ClpChannels", p.channels, "CLP neurons per vector"});
  k.push_back({"ClpLanes", p.lanes_per_cycle, "CLP channels per cycle"});
  k.push_back({"ClpTimesteps", p.timesteps, "CLP timesteps T"});
  k.push_back({"ClpResetSubtract", p.reset_subtract ? 1 : 0, "1 = reset by subtraction, 0 = to zero"});
  k.push_back({"ClpLeakShift", p.leak_shift, "CLP leak shift (0 = none)"});
  k.push_back({"ClpThresholdBits", p.threshold_bits, "CLP threshold width"});
  k.push_back({"ClpMembraneBits", p.membrane_bits, "CLP membrane width (overflow-free)"});
  k.push_back({"ClpCountBits", p.count_bits, "CLP spike counter width"});
  k.push_back({"ClpDecodeShift", p.decode_shift, "CLP decoder shift"});
}

}  // namespace snapgen
