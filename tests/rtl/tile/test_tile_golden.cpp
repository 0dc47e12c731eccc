// Fast tests of the tile's integer rules (tb/golden/tile) against hand-worked numbers, and of
// the generator's workload images (tile/l<i>_*.mem from .npy files or the seed).
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "config/diagnostic.hpp"
#include "config/loader.hpp"
#include "emit/package.hpp"
#include "golden/tile/tile_golden.hpp"
#include "model/design.hpp"
#include "util/npy.hpp"

namespace g = snapgen::golden::tile;

namespace {

g::Hw hw_u8() {
  g::Hw h;
  h.rows = 2;
  h.cols = 2;
  h.act_bits = 8;
  h.act_signed = false;
  h.weight_bits = 8;
  h.acc_bits = 32;
  h.max_in = 8;
  h.max_out = 8;
  h.max_batch = 4;
  return h;
}

}  // namespace

TEST_CASE("tile golden: the accumulator wraps modulo 2^AccBits (two's complement)", "[tile][golden]") {
  CHECK(g::wrap(32767, 16) == 32767);
  CHECK(g::wrap(32768, 16) == -32768);
  CHECK(g::wrap(-32769, 16) == 32767);
  CHECK(g::wrap(0x1234567, 24) == 0x234567);
  CHECK(g::wrap(-1, 48) == -1);
}

TEST_CASE("tile golden: requant rounds half up, S = 0 has no rounding term, >> is floor", "[tile][golden]") {
  const g::Hw h = hw_u8();
  g::Hw s8 = h;
  s8.act_signed = true;
  // (100*3 + 2) >> 2 = floor(302 / 4) = 75
  CHECK(g::requant(h, 100, {3, 2}, 0, false) == 75);
  CHECK(g::requant(h, 1, {2, 2}, 0, false) == 1);     // 0.5 rounds up to 1
  CHECK(g::requant(s8, -1, {2, 2}, 0, false) == 0);   // -0.5 rounds up to 0
  CHECK(g::requant(s8, -3, {1, 1}, 0, false) == -1);  // -1.5 rounds up to -1
  CHECK(g::requant(s8, -5, {1, 1}, 0, false) == -2);  // -2.5 -> -2
  CHECK(g::requant(h, 7, {5, 0}, 0, false) == 35);    // S = 0: exact product, no rounding term
  CHECK(g::requant(h, 7, {5, 0}, 10, false) == 45);   // + zero point
}

TEST_CASE("tile golden: requant clamps to the activation range, ReLU clamps at the zero point", "[tile][golden]") {
  const g::Hw h = hw_u8();
  g::Hw s8 = h;
  s8.act_signed = true;
  CHECK(g::requant(h, 1000, {1, 0}, 0, false) == 255);
  CHECK(g::requant(h, -1000, {1, 0}, 0, false) == 0);
  CHECK(g::requant(s8, 1000, {1, 0}, 0, false) == 127);
  CHECK(g::requant(s8, -1000, {1, 0}, 0, false) == -128);
  CHECK(g::requant(s8, -50, {1, 0}, 10, true) == 10);    // ReLU: lo = max(zp, qmin)
  CHECK(g::requant(s8, -50, {1, 0}, 10, false) == -40);
  CHECK(g::requant(s8, -50, {1, 0}, -128, true) == -128);
  // The largest product: acc = -2^47, M = -2^31 is 2^78, exact before the clamp.
  g::Hw wide = s8;
  wide.acc_bits = 48;
  CHECK(g::requant(wide, -(std::int64_t{1} << 47), {-(std::int64_t{1} << 31), 63}, 0, false) == 127);
  CHECK(g::requant(wide, -(std::int64_t{1} << 47), {(std::int64_t{1} << 31) - 1, 63}, 0, false) == -128);
  // (2^40 * 2^30 + 2^62) >> 63 = floor(128.5) = 128, + zp -100 = 28: exact far above 64 bits.
  CHECK(g::requant(wide, std::int64_t{1} << 40, {std::int64_t{1} << 30, 63}, -100, false) == 28);
}

TEST_CASE("tile golden: a worked layer (docs/tile.md)", "[tile][golden]") {
  g::Hw h = hw_u8();
  g::Layer l;
  l.in = 3;
  l.out = 2;
  l.batch = 1;
  l.w = {1, -2, 3,     // n = 0
         -128, 127, 0};  // n = 1
  l.x = {10, 20, 255};
  l.bias = {5, -1000};
  l.rq = {{1 << 30, 31}};  // multiply by 0.5
  l.zp = 0;
  l.relu = false;
  // acc0 = 10 - 40 + 765 + 5 = 740 -> (740 * 2^30 + 2^30) >> 31 = floor(370.5) = 370 -> clamp 255
  // acc1 = -1280 + 2540 + 0 - 1000 = 260 -> 130
  CHECK(g::accumulate(h, l) == std::vector<std::int64_t>{740, 260});
  CHECK(g::run_layer(h, l) == std::vector<std::int64_t>{255, 130});
  CHECK(g::ideal_cycles(h, l) == 2 * 1 * 1);
}

namespace {

const char* kTileYaml = R"(name: t
package: {die_rows: 1, die_cols: 1}
die:
  mesh: {rows: 1, cols: 2}
  tile: {rows: 2, cols: 2, act_bits: 8, weight_bits: 8, acc_bits: 32}
clp: {channels: 16, lanes_per_cycle: 4}
workload:
  layers:
    - {in: 3, out: 3, at: [0, 0, 0, 0]}
    - {in: 3, out: 2, at: [0, 0, 0, 1]}
)";

snapgen::Package generate(const std::vector<std::string>& overrides) {
  using namespace snapgen;
  return build_package(elaborate(load_config(ConfigSource{"t.yaml", kTileYaml}, overrides)));
}

}  // namespace

TEST_CASE("tile generator: weight and bias images from .npy files, packed as the load port words", "[tile][gen]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("snapgen_tile_npy_{}", ::getpid());
  fs::create_directories(dir);
  snapgen::write_npy((dir / "l0_weights.npy").string(), {"int8", {3, 3}, {1, 2, 3, -1, -2, -3, 127, -128, 0}});
  snapgen::write_npy((dir / "l0_bias.npy").string(), {"int32", {3}, {-1, 256, 0}});
  snapgen::write_npy((dir / "l1_weights.npy").string(), {"int8", {2, 3}, {0, 0, 0, 0, 0, 0}});
  snapgen::write_npy((dir / "l1_bias.npy").string(), {"int16", {2}, {0, 0}});
  const auto pkg = generate({"workload.weights_dir=" + dir.string()});
  const auto* w = pkg.find("tile/l0_weights.mem");
  const auto* b = pkg.find("tile/l0_bias.mem");
  REQUIRE(w);
  REQUIRE(b);
  // max_in 3, cols 2 -> 2 column blocks x 3 rows; word nt*3 + k = {W[2nt+1][k], W[2nt][k]}.
  CHECK(w->content ==
        "ff01\n"   // k=0: W[0][0]=1,  W[1][0]=-1
        "fe02\n"   // k=1: W[0][1]=2,  W[1][1]=-2
        "fd03\n"   // k=2: W[0][2]=3,  W[1][2]=-3
        "007f\n"   // nt=1: W[2][0]=127, W[3][*] = 0 (n >= out)
        "0080\n"
        "0000\n");
  CHECK(b->content == "ffffffff\n00000100\n00000000\n00000000\n");  // chan_depth 4
  fs::remove_all(dir);
}

TEST_CASE("tile generator: a weights .npy of the wrong dtype or shape is rejected naming the file", "[tile][gen]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("snapgen_tile_bad_{}", ::getpid());
  fs::create_directories(dir);
  snapgen::write_npy((dir / "l0_weights.npy").string(), {"int32", {3, 3}, std::vector<std::int64_t>(9, 0)});
  snapgen::write_npy((dir / "l0_bias.npy").string(), {"int32", {4}, {0, 0, 0, 0}});
  try {
    generate({"workload.weights_dir=" + dir.string()});
    FAIL("expected a ConfigError");
  } catch (const snapgen::ConfigError& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(what.find("l0_weights.npy") != std::string::npos);
    CHECK(what.find("int32") != std::string::npos);
    CHECK(what.find("l0_bias.npy") != std::string::npos);   // wrong shape (4,) for out = 3
    CHECK(what.find("l1_weights.npy") != std::string::npos);  // missing file
  }
  fs::remove_all(dir);
}

TEST_CASE("tile generator: seeded weights are reproducible and fit weight_bits", "[tile][gen]") {
  const auto a = generate({"workload.inputs.seed=5"});
  const auto b = generate({"workload.inputs.seed=5"});
  const auto c = generate({"workload.inputs.seed=6"});
  CHECK(a.find("tile/l0_weights.mem")->content == b.find("tile/l0_weights.mem")->content);
  CHECK(a.find("tile/l0_weights.mem")->content != c.find("tile/l0_weights.mem")->content);
  const auto w = snapgen::parse_npy(a.find("tile/l0_weights.npy")->content, "w");
  CHECK(w.dtype == "int8");
  CHECK(w.shape == std::vector<std::size_t>{3, 3});
  CHECK(std::find(a.tops.begin(), a.tops.end(), "t_tile") != a.tops.end());
}

TEST_CASE("tile generator: die.tile.max_in / max_out smaller than a workload layer is a config error",
          "[tile][gen]") {
  for (const std::string key : {"die.tile.max_in", "die.tile.max_out"}) {
    try {
      generate({key + "=2"});
      FAIL("expected a ConfigError for " + key);
    } catch (const snapgen::ConfigError& e) {
      const std::string what = e.what();
      INFO(what);
      CHECK(what.find(key) != std::string::npos);
      CHECK(what.find("workload.layers[0]") != std::string::npos);
    }
  }
  // Explicit sizes at least as large as every layer are accepted and size the memories.
  const auto p = generate({"die.tile.max_in=8", "die.tile.max_out=5"});
  const auto* w = p.find("tile/l0_weights.mem");
  REQUIRE(w);
  CHECK(std::count(w->content.begin(), w->content.end(), '\n') == 3 * 8);  // ceil(5/2) blocks x 8 rows
}
