// The CLP encoder alone (default configuration: 64 channels, 8 per cycle, T = 4, subtract reset,
// no leak, 8-bit unsigned): every spike bit, timestep index and last flag equals the golden model.
#include <catch2/catch.hpp>

#include "Vclp_enc_a.h"
#include "clp_run.hpp"
#include "snapgen_config.hpp"

using namespace clp_tb;
using Model = Vclp_enc_a;
namespace cfg = snapgen_cfg::hnn_2die;

namespace {

const g::Params kP = SNAPGEN_CLP_PARAMS(cfg);

struct Result {
  Observed obs;
  std::vector<g::Frame> want;
};

Result encode_on_rtl(Clocked<Model>& sim, const std::vector<std::vector<std::int64_t>>& vectors,
                     const std::vector<std::int64_t>& theta, Pressure pr, Rng& rng) {
  Result r;
  r.want = expected_frames(kP, vectors, theta);
  r.obs = run(sim, kP, to_beats(kP, vectors, rng), {}, {r.want.size(), 0}, pr, rng);
  return r;
}

void require_equal(const Result& r) {
  REQUIRE(r.obs.protocol_errors == 0);
  const auto at = first_mismatch(r.obs.frames, r.want);
  INFO("frames got " << r.obs.frames.size() << " want " << r.want.size() << " first mismatch at "
                     << (at ? static_cast<long>(*at) : -1L));
  REQUIRE_FALSE(at.has_value());
}

}  // namespace

TEST_CASE("clp encoder: random vectors and thresholds under random backpressure match the golden model bit for bit") {
  static_assert(cfg::kClpChannels == 64 && cfg::kClpLanes == 8 && cfg::kClpTimesteps == 4);
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    Rng rng(seed);
    Clocked<Model> sim;
    sim.reset();
    const auto theta = random_thresholds(kP, rng);
    load_thresholds(sim, kP, theta);
    std::vector<std::vector<std::int64_t>> vectors;
    for (int i = 0; i < 40; ++i) vectors.push_back(random_vector(kP, rng));
    const Pressure pr{seed == 1 ? 1.0 : 0.6, seed == 3 ? 0.3 : 0.7};
    INFO("seed " << seed);
    require_equal(encode_on_rtl(sim, vectors, theta, pr, rng));
  }
}

TEST_CASE("clp encoder: edge activations (0, max) against edge thresholds (1, a_max, silent, 65535, all different)") {
  Rng rng(11);
  Clocked<Model> sim;
  sim.reset();
  const std::int64_t amax = kP.act_max();
  std::vector<std::vector<std::int64_t>> vectors = {
      std::vector<std::int64_t>(64, 0), std::vector<std::int64_t>(64, amax), std::vector<std::int64_t>(64, 1)};
  std::vector<std::int64_t> ramp;
  for (int i = 0; i < 64; ++i) ramp.push_back(i * 4);
  vectors.push_back(ramp);
  std::vector<std::vector<std::int64_t>> theta_sets = {
      std::vector<std::int64_t>(64, 1), std::vector<std::int64_t>(64, amax),
      std::vector<std::int64_t>(64, kP.timesteps * amax + 1), std::vector<std::int64_t>(64, 65535)};
  std::vector<std::int64_t> distinct;
  for (int i = 0; i < 64; ++i) distinct.push_back(1 + i * 17);  // every channel different
  theta_sets.push_back(distinct);
  for (const auto& theta : theta_sets) {
    load_thresholds(sim, kP, theta);  // runtime reload, no reset, no rebuild
    require_equal(encode_on_rtl(sim, vectors, theta, {0.8, 0.5}, rng));
  }
  // The silent threshold really silences the maximum activation, theta = 1 makes it fire every step.
  const std::vector<std::int64_t> silent(64, kP.timesteps * amax + 1), one(64, 1);
  CHECK(g::spike_counts(kP, g::encode(kP, vectors[1], silent))[0] == 0);
  CHECK(g::spike_counts(kP, g::encode(kP, vectors[1], one))[0] == kP.timesteps);
}

TEST_CASE("clp encoder: with no backpressure it converts P channels per cycle: a vector every T*Beats cycles") {
  Rng rng(5);
  Clocked<Model> sim;
  sim.reset();
  const auto theta = random_thresholds(kP, rng);
  load_thresholds(sim, kP, theta);
  std::vector<std::vector<std::int64_t>> vectors;
  for (int i = 0; i < 20; ++i) vectors.push_back(random_vector(kP, rng));
  const auto r = encode_on_rtl(sim, vectors, theta, {1.0, 1.0}, rng);
  require_equal(r);
  const std::uint64_t busy = 20ULL * kP.timesteps * kP.beats();
  const std::uint64_t tail = 4ULL * (kP.beats() * kP.timesteps + 8);  // run() idles this long at the end
  CHECK(r.obs.cycles <= busy + tail + 2);
}

TEST_CASE("clp encoder: the comparison detects a wrong golden model (threshold off by one, reset rule flipped)") {
  Rng rng(7);
  Clocked<Model> sim;
  sim.reset();
  std::vector<std::int64_t> theta(64, 40);
  load_thresholds(sim, kP, theta);
  std::vector<std::vector<std::int64_t>> vectors;
  for (int i = 0; i < 8; ++i) vectors.push_back(random_vector(kP, rng));
  vectors[0][5] = 40;  // fires at step 0 with theta 40, not with 41
  const auto r = encode_on_rtl(sim, vectors, theta, {0.8, 0.8}, rng);
  require_equal(r);
  auto off_by_one = theta;
  off_by_one[5] = 41;
  CHECK(mismatches(r.obs.frames, expected_frames(kP, vectors, off_by_one)) > 0);
  g::Params flipped = kP;
  flipped.reset_subtract = !flipped.reset_subtract;
  CHECK(mismatches(r.obs.frames, expected_frames(flipped, vectors, theta)) > 0);
}
