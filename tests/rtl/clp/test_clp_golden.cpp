// Specification of the CLP integer rules (golden model) and of the generator's membrane width.
// Pure C++: no RTL. The RTL tests then hold the hardware to this model bit for bit.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "config/loader.hpp"
#include "golden/clp/clp_golden.hpp"
#include "golden/clp/clp_stats.hpp"
#include "harness/rng.hpp"
#include "model/clp_params.hpp"
#include "util/npy.hpp"

namespace g = snapgen::golden::clp;

namespace {

g::Params one_channel(int t, bool subtract, int leak, int act_bits, bool act_signed) {
  g::Params p;
  p.channels = 1;
  p.lanes = 1;
  p.timesteps = t;
  p.reset_subtract = subtract;
  p.leak_shift = leak;
  p.act_bits = act_bits;
  p.act_signed = act_signed;
  return p;
}

int count_of(const g::Params& p, std::int64_t a, std::int64_t theta, g::MembraneRange* r = nullptr) {
  const std::int64_t act[1] = {a};
  const std::int64_t th[1] = {theta};
  return g::spike_counts(p, g::encode(p, act, th, r))[0];
}

}  // namespace

TEST_CASE("clp golden: subtract reset without leak fires count = min(T, floor(T*max(a,0)/theta)) times") {
  for (int t = 1; t <= 16; ++t) {
    const auto p = one_channel(t, true, 0, 8, false);
    for (std::int64_t a = 0; a <= 255; ++a)
      for (std::int64_t theta = 1; theta <= 700; theta += (theta < 300 ? 1 : 7)) {
        const std::int64_t want = std::min<std::int64_t>(t, (t * a) / theta);
        if (count_of(p, a, theta) != want) FAIL("T=" << t << " a=" << a << " theta=" << theta);
      }
    const auto s = one_channel(t, true, 0, 8, true);
    for (std::int64_t a = -128; a <= 127; ++a)
      for (std::int64_t theta : {1, 2, 3, 50, 127, 128, 1000, 65535})
        REQUIRE(count_of(s, a, theta) == std::min<std::int64_t>(t, (t * std::max<std::int64_t>(a, 0)) / theta));
  }
}

TEST_CASE("clp golden: zero reset without leak fires every ceil(theta/a) steps: count = floor(T / ceil(theta/a))") {
  for (int t = 1; t <= 16; ++t) {
    const auto p = one_channel(t, false, 0, 8, false);
    for (std::int64_t a = 1; a <= 255; ++a)
      for (std::int64_t theta = 1; theta <= 600; ++theta)
        if (count_of(p, a, theta) != t / ((theta + a - 1) / a)) FAIL("T=" << t << " a=" << a << " theta=" << theta);
  }
}

TEST_CASE("clp golden: leak is v - floor(v / 2^L), toward zero from both sides") {
  CHECK(g::leak(100, 0) == 100);
  CHECK(g::leak(100, 2) == 75);
  CHECK(g::leak(7, 3) == 7);   // 7 >> 3 = 0
  CHECK(g::leak(-1, 3) == 0);  // -1 >> 3 = -1
  CHECK(g::leak(-100, 2) == -75);
  CHECK(g::leak(-101, 2) == -75);  // floor(-101/4) = -26
  // Worked example of docs/clp.md: a = 10, theta = 16, T = 4, leak 2, subtract.
  auto p = one_channel(4, true, 2, 8, false);
  std::int64_t v = 0;
  const std::vector<std::pair<std::int64_t, bool>> want = {{10, false}, {2, true}, {12, false}, {3, true}};
  for (auto [v_after, spike] : want) {
    const auto s = g::neuron_step(p, v, 10, 16);
    CHECK(s.v == v_after);
    CHECK(s.spike == spike);
    v = s.v;
  }
}

TEST_CASE("clp golden: decoder is min(act_max, (count * scale) >> shift)") {
  g::Params p = one_channel(4, true, 0, 8, false);
  p.channels = 4;
  p.decode_shift = 2;
  const std::vector<int> counts = {0, 3, 4, 4};
  const std::vector<std::int64_t> scales = {65535, 21, 255, 65535};
  CHECK(g::decode(p, counts, scales) == std::vector<std::int64_t>{0, 15, 255, 255});  // 63>>2=15, 1020>>2=255
  p.act_signed = true;  // saturates at 127
  CHECK(g::decode(p, counts, scales) == std::vector<std::int64_t>{0, 15, 127, 127});
  p.decode_shift = 0;
  p.timesteps = 4;
  const std::vector<std::int64_t> theta = {1, 32, 33, 65535};
  CHECK(g::reconstruction_scales(p, theta) == std::vector<std::int64_t>{0, 8, 8, 16384});  // round(theta/4)
}

// ---- the generator's membrane width ------------------------------------------------------------

namespace {
// Fails unless every membrane value in `r` fits `bits` (two's complement when signed).
bool fits(const g::MembraneRange& r, int bits, bool is_signed) {
  if (is_signed) return r.lo >= -(1LL << (bits - 1)) && r.hi <= (1LL << (bits - 1)) - 1;
  return r.lo >= 0 && r.hi <= (1LL << bits) - 1;
}
}  // namespace

TEST_CASE("clp membrane: the derived width holds every reachable membrane value at the extremes") {
  for (int act_bits : {4, 8, 16})
    for (bool sgn : {false, true})
      for (int t = 1; t <= 16; ++t) {
        const int bits = snapgen::membrane_bits_for(act_bits, sgn, t);
        const auto proto = one_channel(t, true, 0, act_bits, sgn);
        std::vector<std::int64_t> acts = {0, 1, proto.act_max(), proto.act_max() - 1, proto.act_min(), proto.act_min() + 1};
        if (act_bits <= 8)
          for (std::int64_t a = proto.act_min(); a <= proto.act_max(); ++a) acts.push_back(a);
        const std::int64_t silent = t * proto.act_max() + 1;
        for (bool sub : {true, false})
          for (int leak : {0, 1, 2, 3, 15}) {
            const auto p = one_channel(t, sub, leak, act_bits, sgn);
            g::MembraneRange r;
            for (auto a : acts)
              for (std::int64_t theta : {std::int64_t{1}, std::int64_t{2}, proto.act_max(), proto.act_max() + 1, silent,
                                         std::int64_t{65535}})
                count_of(p, a, std::clamp<std::int64_t>(theta, 1, 65535), &r);
            INFO("act_bits=" << act_bits << " signed=" << sgn << " T=" << t << " subtract=" << sub << " leak=" << leak
                             << " bits=" << bits << " range=[" << r.lo << ", " << r.hi << "]");
            REQUIRE(fits(r, bits, sgn));
          }
      }
}

TEST_CASE("clp membrane: the derived width is the smallest that works (the bound is reached)") {
  for (int act_bits : {4, 8, 16})
    for (bool sgn : {false, true})
      for (int t = 1; t <= 16; ++t) {
        const int bits = snapgen::membrane_bits_for(act_bits, sgn, t);
        const auto p = one_channel(t, true, 0, act_bits, sgn);
        g::MembraneRange r;
        // Silent neuron at a_max (and a_min when signed): u_T = T * a. For 16-bit activations no
        // threshold silences a_max, but theta = 1 leaves a residue a - 1 per step: u_T = T*a - (T-1).
        count_of(p, p.act_max(), 65535, &r);
        count_of(p, p.act_max(), 1, &r);
        if (sgn) count_of(p, p.act_min(), 65535, &r);
        if (t * p.act_max() < 65535) CHECK(r.hi == t * p.act_max());
        INFO("act_bits=" << act_bits << " signed=" << sgn << " T=" << t << " bits=" << bits);
        CHECK_FALSE(fits(r, bits - 1, sgn));
      }
}

TEST_CASE("clp membrane: theta + a_max is not a bound (subtract reset, a > theta keeps a residue every step)") {
  const auto p = one_channel(16, true, 0, 16, false);
  g::MembraneRange r;
  CHECK(count_of(p, 65535, 1, &r) == 16);
  CHECK(r.hi == 16 * 65535 - 15);            // u at step 16: 16a - 15*theta
  CHECK(r.hi > (1LL << 17) + 1);             // overflows the old 17-bit "theta_max + a_max" width
  CHECK(fits(r, snapgen::membrane_bits_for(16, false, 16), false));
  CHECK(snapgen::membrane_bits_for(16, false, 16) == 20);
  CHECK(snapgen::membrane_bits_for(8, false, 4) == 10);  // 4 * 255 = 1020
  CHECK(snapgen::membrane_bits_for(8, true, 4) == 10);   // -512 .. 511 holds 4 * -128
  CHECK(snapgen::membrane_bits_for(4, true, 7) == 7);    // -64 .. 63 holds 7 * -8
}

// ---- statistics ----------------------------------------------------------------------------------

TEST_CASE("clp stats: firing rate, spikes per frame, RMSE and max error are counted as defined") {
  g::Stats s(2, 2);
  std::vector<g::Frame> f = {{{1, 0}, 0, false}, {{1, 1}, 1, true}};
  const std::vector<std::int64_t> a = {10, 4}, a_hat = {7, 4};
  s.add_vector(f, a, a_hat);
  CHECK(s.spikes() == 3);
  CHECK(s.firing_rate() == Approx(0.75));
  CHECK(s.firing_rate(0) == Approx(1.0));
  CHECK(s.firing_rate(1) == Approx(0.5));
  CHECK(s.spikes_per_frame() == Approx(1.5));
  CHECK(s.max_spikes_per_frame() == 2);
  CHECK(s.rmse() == Approx(std::sqrt(9.0 / 2)));
  CHECK(s.max_abs_error() == 3);
  CHECK(s.mean_error() == Approx(-1.5));
}

// ---- runtime thresholds from the config ----------------------------------------------------------

namespace {
snapgen::Config load(const std::string& name, const std::string& clp) {
  const std::string text =
      "name: t\nclp: {channels: 4, lanes_per_cycle: 2, " + clp + "}\n"
      "workload:\n  layers:\n    - {in: 4, out: 4, at: [0, 0, 0, 0]}\n    - {in: 4, out: 2, at: [0, 0, 0, 1]}\n";
  return snapgen::load_config({name, text});
}
}  // namespace

TEST_CASE("clp thresholds: scalar, list or .npy (relative to the config file), one per channel") {
  CHECK(snapgen::clp_thresholds(load("a.yaml", "threshold: 9")) == std::vector<std::int64_t>{9, 9, 9, 9});
  CHECK(snapgen::clp_thresholds(load("a.yaml", "thresholds: [1, 2, 3, 65535]")) ==
        std::vector<std::int64_t>{1, 2, 3, 65535});
  const auto dir = std::filesystem::temp_directory_path() / "snapgen_clp_thr_test";
  std::filesystem::create_directories(dir);
  snapgen::write_npy((dir / "th.npy").string(), {"int32", {4}, {5, 6, 7, 8}});
  const std::string cfg = (dir / "c.yaml").string();
  CHECK(snapgen::clp_thresholds(load(cfg, "thresholds_npy: th.npy")) == std::vector<std::int64_t>{5, 6, 7, 8});
  snapgen::write_npy((dir / "bad.npy").string(), {"int32", {4}, {5, 0, 7, 8}});
  CHECK_THROWS_WITH(snapgen::clp_thresholds(load(cfg, "thresholds_npy: bad.npy")),
                    Catch::Contains("outside 1..65535"));
  snapgen::write_npy((dir / "short.npy").string(), {"int32", {3}, {5, 6, 7}});
  CHECK_THROWS(snapgen::clp_thresholds(load(cfg, "thresholds_npy: short.npy")));
  std::filesystem::remove_all(dir);
}
