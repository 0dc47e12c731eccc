#include "model/clp_params.hpp"

#include <algorithm>
#include <filesystem>

#include "config/diagnostic.hpp"
#include "golden/enums.hpp"
#include "util/npy.hpp"
#include "util/text.hpp"

namespace snapgen {

// Membrane bound. One timestep of a neuron with constant input a and threshold theta >= 1 is
//   u = leak(v) + a;  spike = u >= theta;  v' = spike ? (subtract ? u - theta : 0) : u
// with v = 0 before step 1 and leak(v) = v - (v >> L) (arithmetic shift; identity when L = 0).
// Claim: after step t (1 <= t <= T) both u and v' lie in [t * min(a, 0), t * max(a, 0)].
//  - leak moves v toward zero without crossing it: for v >= 0, 0 <= v - floor(v/2^L) <= v; for
//    v < 0, v <= v - floor(v/2^L) <= 0. So min(v, 0) <= leak(v) <= max(v, 0).
//  - the reset also moves toward zero: a spike needs u >= theta >= 1, and then 0 <= u - theta < u
//    (subtract) or v' = 0 (zero). So min(u, 0) <= v' <= max(u, 0).
//  - induction: u_t = leak(v_{t-1}) + a lies in [(t-1)min(a,0) + a, (t-1)max(a,0) + a].
// The bound is reached: with theta > T * a_max (a silent neuron) and no leak, u_T = T * a_max;
// with signed input a_min, u_T = T * a_min. So the width below is the smallest that works.
// (Why not "theta + a_max"? With subtract reset and a > theta the neuron fires every step but
// keeps a - theta of residue each time: theta = 1, a = 65535, T = 16 reaches 16 * 65535 - 15.)
int membrane_bits_for(int act_bits, bool act_signed, int timesteps) {
  const long long t = timesteps;
  if (!act_signed) return std::max(1, clog2(t * ((1LL << act_bits) - 1) + 1));
  // Two's complement: need -2^(B-1) <= T * a_min = -T * 2^(act_bits-1) and T * a_max <= 2^(B-1) - 1;
  // the second follows from the first because a_max = 2^(act_bits-1) - 1 < -a_min.
  return clog2(t << (act_bits - 1)) + 1;
}

ClpParams elaborate_clp(const Config& c) {
  ClpParams p;
  p.channels = static_cast<int>(c.integer("clp.channels"));
  p.lanes_per_cycle = static_cast<int>(c.integer("clp.lanes_per_cycle"));
  p.beats = (p.channels + p.lanes_per_cycle - 1) / p.lanes_per_cycle;
  p.beat_bits = std::max(1, clog2(p.beats));
  p.timesteps = static_cast<int>(c.integer("clp.timesteps"));
  p.step_bits = std::max(1, clog2(p.timesteps));
  p.reset_subtract = spec::code_of(spec::kResets, c.text("clp.reset")) == spec::Reset::Subtract;
  p.leak_shift = static_cast<int>(c.integer("clp.leak_shift"));
  p.act_bits = static_cast<int>(c.integer("die.tile.act_bits"));
  p.act_signed = c.flag("die.tile.act_signed");
  p.act_max = p.act_signed ? (1LL << (p.act_bits - 1)) - 1 : (1LL << p.act_bits) - 1;
  p.act_min = p.act_signed ? -(1LL << (p.act_bits - 1)) : 0;
  p.decode_shift = static_cast<int>(c.integer("clp.decode_shift"));
  p.membrane_bits = membrane_bits_for(p.act_bits, p.act_signed, p.timesteps);
  // The neuron computes u - theta in one signed width holding the membrane (signed or unsigned)
  // and a zero-extended threshold: u - theta >= -2^(M-1) - (2^16 - 1) and u <= 2^M, so
  // max(M, threshold_bits) + 2 bits never wrap and the sign bit of u - theta is exactly u < theta.
  p.compare_bits = std::max(p.membrane_bits, p.threshold_bits) + 2;
  p.count_bits = clog2(p.timesteps + 1);
  p.product_bits = p.count_bits + p.scale_bits;
  return p;
}

std::vector<std::int64_t> clp_thresholds(const Config& c) {
  const auto channels = static_cast<std::size_t>(c.integer("clp.channels"));
  const std::filesystem::path path = c.file_path("clp.thresholds_npy");
  if (!path.empty()) {
    try {
      NpyArray a = read_npy(path.string());
      require_npy(a, path.string(), {"int16", "int32", "uint16", "int64"}, {channels});
      for (auto v : a.values)
        if (v < 1 || v > 65535)
          throw NpyError(path.string() + ": threshold " + std::to_string(v) + " outside 1..65535");
      return a.values;
    } catch (const NpyError& e) {
      throw ConfigError({{c.mark("clp.thresholds_npy"), "clp.thresholds_npy", e.what()}});
    }
  }
  const auto& list = c.ints("clp.thresholds");
  if (!list.empty()) return {list.begin(), list.end()};
  return std::vector<std::int64_t>(channels, c.integer("clp.threshold"));
}

void append_constants(const ClpParams& p, Constants& k) {
  k.push_back({"ClpChannels", p.channels, "CLP neurons per vector (spike frame bits)"});
  k.push_back({"ClpLanes", p.lanes_per_cycle, "CLP channels per beat / per cycle"});
  k.push_back({"ClpBeats", p.beats, "CLP beats per dense vector: ceil(channels / lanes)"});
  k.push_back({"ClpBeatBits", p.beat_bits, "CLP beat address width (threshold/scale load)"});
  k.push_back({"ClpTimesteps", p.timesteps, "CLP timesteps T"});
  k.push_back({"ClpStepBits", p.step_bits, "CLP frame timestep index width"});
  k.push_back({"ClpResetSubtract", p.reset_subtract ? 1 : 0, "1 = reset by subtraction, 0 = to zero"});
  k.push_back({"ClpLeakShift", p.leak_shift, "CLP leak shift (0 = none)"});
  k.push_back({"ClpActBits", p.act_bits, "CLP activation width"});
  k.push_back({"ClpActSigned", p.act_signed ? 1 : 0, "CLP activations are two's complement"});
  k.push_back({"ClpActMax", p.act_max, "CLP largest activation (decoder saturation value)"});
  k.push_back({"ClpActMin", p.act_min, "CLP smallest activation"});
  k.push_back({"ClpThresholdBits", p.threshold_bits, "CLP threshold width"});
  k.push_back({"ClpScaleBits", p.scale_bits, "CLP decoder scale width"});
  k.push_back({"ClpMembraneBits", p.membrane_bits, "CLP membrane width (overflow-free)"});
  k.push_back({"ClpCompareBits", p.compare_bits, "CLP neuron arithmetic width"});
  k.push_back({"ClpCountBits", p.count_bits, "CLP spike counter width"});
  k.push_back({"ClpDecodeShift", p.decode_shift, "CLP decoder shift"});
  k.push_back({"ClpProductBits", p.product_bits, "CLP decoder count*scale width"});
}

}  // namespace snapgen
