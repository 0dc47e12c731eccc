// The CLP encoder feeding the decoder (generated <name>_clp_loop top), compiled once per corner
// configuration (CLP_MODEL / CLP_CFG from CMake). The spike frames between the two halves are
// checked at the monitor ports and the decoded vectors at the output, both against the golden
// model, under random backpressure at both ends.
#include <catch2/catch.hpp>

#include CLP_MODEL_HEADER
#include "clp_run.hpp"
#include "snapgen_config.hpp"

using namespace clp_tb;
using Model = CLP_MODEL;
namespace cfg = CLP_CFG;

namespace {

const g::Params kP = SNAPGEN_CLP_PARAMS(cfg);

struct Result {
  Observed obs;
  std::vector<g::Frame> frames;
  std::vector<DecodedBeat> decoded;
};

Result loop_on_rtl(Clocked<Model>& sim, const std::vector<std::vector<std::int64_t>>& vectors,
                   const std::vector<std::int64_t>& theta, const std::vector<std::int64_t>& scales, Pressure pr,
                   Rng& rng) {
  Result r;
  r.frames = expected_frames(kP, vectors, theta);
  r.decoded = expected_decoded(kP, r.frames, scales);
  r.obs = run(sim, kP, to_beats(kP, vectors, rng), {}, {r.frames.size(), r.decoded.size()}, pr, rng);
  return r;
}

void require_equal(const Result& r) {
  REQUIRE(r.obs.protocol_errors == 0);
  const auto f = first_mismatch(r.obs.frames, r.frames);
  INFO("frames got " << r.obs.frames.size() << " want " << r.frames.size() << " first mismatch at "
                     << (f ? static_cast<long>(*f) : -1L));
  if (f && *f < r.obs.frames.size() && *f < r.frames.size()) {
    std::string got, want;
    for (auto b : r.obs.frames[*f].spikes) got += char('0' + b);
    for (auto b : r.frames[*f].spikes) want += char('0' + b);
    INFO("frame " << *f << " got " << got << " step " << r.obs.frames[*f].step << " last " << r.obs.frames[*f].last
                  << " want " << want << " step " << r.frames[*f].step << " last " << r.frames[*f].last);
    CHECK(got == want);
  }
  REQUIRE_FALSE(f.has_value());
  const auto d = first_mismatch(r.obs.decoded, r.decoded);
  INFO("decoded beats got " << r.obs.decoded.size() << " want " << r.decoded.size() << " first mismatch at "
                            << (d ? static_cast<long>(*d) : -1L));
  if (d && *d < r.obs.decoded.size() && *d < r.decoded.size()) {
    std::string got, want;
    for (auto x : r.obs.decoded[*d].lanes) got += std::to_string(x) + " ";
    for (auto x : r.decoded[*d].lanes) want += std::to_string(x) + " ";
    INFO("beat " << *d << " got " << got << "last " << r.obs.decoded[*d].last << " want " << want << "last "
                 << r.decoded[*d].last);
    CHECK(got == want);
  }
  REQUIRE_FALSE(d.has_value());
}

std::vector<std::vector<std::int64_t>> random_vectors(int n, Rng& rng) {
  std::vector<std::vector<std::int64_t>> v;
  for (int i = 0; i < n; ++i) v.push_back(random_vector(kP, rng));
  return v;
}

}  // namespace

TEST_CASE("clp loop: frames and decoded vectors match the golden model for random data under backpressure") {
  INFO("config " << cfg::kName << ": N=" << kP.channels << " P=" << kP.lanes << " T=" << kP.timesteps
                 << " subtract=" << kP.reset_subtract << " leak=" << kP.leak_shift << " act_bits=" << kP.act_bits
                 << " signed=" << kP.act_signed);
  for (std::uint64_t seed : {101u, 102u, 103u, 104u}) {
    Rng rng(seed);
    Clocked<Model> sim;
    sim.reset();
    const auto theta = random_thresholds(kP, rng);
    const auto scales = random_scales(kP, rng);
    load_thresholds(sim, kP, theta);
    load_scales(sim, kP, scales);
    const Pressure pr[] = {{1.0, 1.0}, {0.5, 0.8}, {0.9, 0.2}, {0.3, 0.3}};
    INFO("seed " << seed);
    require_equal(loop_on_rtl(sim, random_vectors(25, rng), theta, scales, pr[seed - 101], rng));
  }
}

TEST_CASE("clp loop: edge activations and thresholds, reloaded at runtime between batches") {
  Rng rng(201);
  Clocked<Model> sim;
  sim.reset();
  const auto n = static_cast<std::size_t>(kP.channels);
  const std::int64_t amax = kP.act_max(), amin = kP.act_min();
  std::vector<std::vector<std::int64_t>> vectors = {std::vector<std::int64_t>(n, 0), std::vector<std::int64_t>(n, amax),
                                                    std::vector<std::int64_t>(n, amin), std::vector<std::int64_t>(n, 1)};
  std::vector<std::int64_t> distinct, mixed;
  for (std::size_t i = 0; i < n; ++i) {
    distinct.push_back(static_cast<std::int64_t>(1 + 3 * i));
    mixed.push_back(i % 2 ? amax : amin);
  }
  vectors.push_back(mixed);
  const std::int64_t silent = std::min<std::int64_t>(65535, kP.timesteps * amax + 1);
  const std::vector<std::vector<std::int64_t>> theta_sets = {
      std::vector<std::int64_t>(n, 1), std::vector<std::int64_t>(n, std::max<std::int64_t>(1, amax)),
      std::vector<std::int64_t>(n, silent), std::vector<std::int64_t>(n, 65535), distinct};
  for (const auto& theta : theta_sets) {
    load_thresholds(sim, kP, theta);
    const auto scales = g::reconstruction_scales(kP, theta);
    load_scales(sim, kP, scales);
    require_equal(loop_on_rtl(sim, vectors, theta, scales, {0.7, 0.6}, rng));
  }
}

TEST_CASE("clp loop: the comparison detects a wrong golden model (timesteps or scales changed)") {
  Rng rng(301);
  Clocked<Model> sim;
  sim.reset();
  const std::vector<std::int64_t> theta(static_cast<std::size_t>(kP.channels), std::max<std::int64_t>(1, kP.act_max() / 3));
  const auto scales = g::reconstruction_scales(kP, theta);
  load_thresholds(sim, kP, theta);
  load_scales(sim, kP, scales);
  std::vector<std::vector<std::int64_t>> vectors = random_vectors(6, rng);
  const auto r = loop_on_rtl(sim, vectors, theta, scales, {0.8, 0.8}, rng);
  require_equal(r);
  g::Params other = kP;
  other.timesteps = kP.timesteps == 1 ? 2 : kP.timesteps - 1;
  CHECK(mismatches(r.obs.frames, expected_frames(other, vectors, theta)) > 0);
  auto big = std::vector<std::int64_t>(static_cast<std::size_t>(kP.channels), 65535);  // wrong scales
  CHECK(mismatches(r.obs.decoded, expected_decoded(kP, r.frames, big)) > 0);
}
