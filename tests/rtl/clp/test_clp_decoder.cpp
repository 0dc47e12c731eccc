// The CLP decoder alone (default configuration: 64 channels out in beats of 8, 8-bit unsigned,
// decode shift 0): every decoded word equals min(act_max, (count * scale) >> shift).
#include <catch2/catch.hpp>

#include "Vclp_dec_a.h"
#include "clp_run.hpp"
#include "snapgen_config.hpp"

using namespace clp_tb;
using Model = Vclp_dec_a;
namespace cfg = snapgen_cfg::hnn_2die;

namespace {

const g::Params kP = SNAPGEN_CLP_PARAMS(cfg);

// Random spike frames grouped into vectors of `steps` frames (density varies per vector).
std::vector<g::Frame> random_frames(int vectors, int steps, Rng& rng) {
  std::vector<g::Frame> frames;
  for (int v = 0; v < vectors; ++v) {
    const double density = rng.uniform(0, 4) / 4.0;  // 0, 0.25, .., 1 (all-ones frames included)
    for (int t = 0; t < steps; ++t) {
      g::Frame f{std::vector<std::uint8_t>(64), t, t == steps - 1};
      for (auto& s : f.spikes) s = rng.chance(density) ? 1 : 0;
      frames.push_back(f);
    }
  }
  return frames;
}

struct Result {
  Observed obs;
  std::vector<DecodedBeat> want;
};

Result decode_on_rtl(Clocked<Model>& sim, const std::vector<g::Frame>& frames, const std::vector<std::int64_t>& scales,
                     Pressure pr, Rng& rng) {
  Result r;
  r.want = expected_decoded(kP, frames, scales);
  r.obs = run(sim, kP, {}, frames, {0, r.want.size()}, pr, rng);
  return r;
}

void require_equal(const Result& r) {
  REQUIRE(r.obs.protocol_errors == 0);
  const auto at = first_mismatch(r.obs.decoded, r.want);
  INFO("beats got " << r.obs.decoded.size() << " want " << r.want.size() << " first mismatch at "
                    << (at ? static_cast<long>(*at) : -1L));
  REQUIRE_FALSE(at.has_value());
}

}  // namespace

TEST_CASE("clp decoder: random frames and scales under random backpressure match the golden model on every word") {
  static_assert(cfg::kClpChannels == 64 && cfg::kClpDecodeShift == 0);
  for (std::uint64_t seed : {21u, 22u, 23u}) {
    Rng rng(seed);
    Clocked<Model> sim;
    sim.reset();
    const auto scales = random_scales(kP, rng);
    load_scales(sim, kP, scales);
    INFO("seed " << seed);
    require_equal(decode_on_rtl(sim, random_frames(30, kP.timesteps, rng), scales,
                                {seed == 21 ? 1.0 : 0.7, seed == 23 ? 0.25 : 0.6}, rng));
  }
}

TEST_CASE("clp decoder: the last flag closes a vector, whatever its frame count (1..T frames)") {
  Rng rng(31);
  Clocked<Model> sim;
  sim.reset();
  const auto scales = random_scales(kP, rng);
  load_scales(sim, kP, scales);
  std::vector<g::Frame> frames;
  for (int steps = 1; steps <= kP.timesteps; ++steps) {
    const auto v = random_frames(3, steps, rng);
    frames.insert(frames.end(), v.begin(), v.end());
  }
  require_equal(decode_on_rtl(sim, frames, scales, {0.9, 0.5}, rng));
}

TEST_CASE("clp decoder: edges: scale 0 gives 0, scale 65535 saturates at act_max, scale 1 gives the count") {
  Rng rng(41);
  Clocked<Model> sim;
  sim.reset();
  std::vector<std::int64_t> scales;
  for (int i = 0; i < 64; ++i) scales.push_back(i % 3 == 0 ? 0 : i % 3 == 1 ? 65535 : 1);
  load_scales(sim, kP, scales);
  std::vector<g::Frame> frames;
  for (int t = 0; t < kP.timesteps; ++t) frames.push_back({std::vector<std::uint8_t>(64, 1), t, t == kP.timesteps - 1});
  for (int t = 0; t < kP.timesteps; ++t) frames.push_back({std::vector<std::uint8_t>(64, 0), t, t == kP.timesteps - 1});
  const auto r = decode_on_rtl(sim, frames, scales, {1.0, 1.0}, rng);
  require_equal(r);
  REQUIRE(r.obs.decoded.size() == 2u * static_cast<std::size_t>(kP.beats()));
  CHECK(r.obs.decoded[0].lanes[0] == 0);                // scale 0
  CHECK(r.obs.decoded[0].lanes[1] == kP.act_max());     // 4 * 65535 saturates
  CHECK(r.obs.decoded[0].lanes[2] == kP.timesteps);     // count 4 * 1
  CHECK(r.obs.decoded[kP.beats()].lanes[1] == 0);       // no spikes
}

TEST_CASE("clp decoder: the comparison detects a wrong golden model (one scale off, shift changed)") {
  Rng rng(51);
  Clocked<Model> sim;
  sim.reset();
  std::vector<std::int64_t> scales(64, 10);
  load_scales(sim, kP, scales);
  const auto frames = random_frames(6, kP.timesteps, rng);
  const auto r = decode_on_rtl(sim, frames, scales, {0.8, 0.8}, rng);
  require_equal(r);
  auto off = scales;
  off[0] = 11;
  auto with_spike = frames;
  with_spike[0].spikes[0] = 1;  // make sure channel 0 has a non-zero count in vector 0
  CHECK(mismatches(decode_on_rtl(sim, with_spike, scales, {1, 1}, rng).obs.decoded,
                   expected_decoded(kP, with_spike, off)) > 0);
  g::Params shifted = kP;
  shifted.decode_shift = 1;
  CHECK(mismatches(r.obs.decoded, expected_decoded(shifted, frames, scales)) > 0);
}
