// Bit-exact tests of the systolic MAC tile (rtl/tile) on six compiled configurations. Every
// output word is compared with tb/golden/tile; each model runs many layers loaded at runtime.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "tile_cases.hpp"
#include "tile_driver.hpp"
#include "tile_models.hpp"
#include "util/npy.hpp"

using namespace snapgen::tb::tile;
using snapgen::tb::Rng;
namespace golden = snapgen::golden::tile;

namespace {

// "y[b][n]: expected E, got G" for every differing word (empty = bit-exact).
std::vector<std::string> mismatches(const Layer& l, const std::vector<std::int64_t>& expected,
                                    const std::vector<std::int64_t>& got) {
  std::vector<std::string> out;
  for (int b = 0; b < l.batch; ++b)
    for (int n = 0; n < l.out; ++n) {
      const auto i = static_cast<std::size_t>(b) * l.out + n;
      if (expected[i] != got[i]) out.push_back(fmt::format("y[{}][{}]: expected {}, got {}", b, n, expected[i], got[i]));
    }
  return out;
}

std::string describe(const Layer& l) {
  return fmt::format("layer in={} out={} batch={} zp={} relu={} M0={} S0={}", l.in, l.out, l.batch, l.zp, l.relu,
                     l.rq[0].mult, l.rq[0].shift);
}

template <class V>
RunResult run_and_check(TileDriver<V>& drv, const Hw& hw, const Layer& l) {
  INFO(describe(l));
  const auto expected = golden::run_layer(hw, l);
  drv.load(l);
  const RunResult r = drv.run(l);
  const auto bad = mismatches(l, expected, r.y);
  INFO((bad.empty() ? std::string("bit-exact") : fmt::format("{} mismatches, first: {}", bad.size(), bad[0])));
  CHECK(bad.empty());
  CHECK(r.nonzero_pad_lanes == 0);
  CHECK(r.macs == static_cast<std::uint64_t>(golden::useful_macs(l)));
  return r;
}

}  // namespace

TEMPLATE_TEST_CASE("tile: random layers of many shapes, loaded at runtime into one model, match the golden "
                   "model on every output word and count in*out*batch MACs",
                   "[tile]", SNAP_TILE_ALL_MODELS) {
  const Hw hw = TestType::hw();
  const std::uint64_t seed = 0x7113 + static_cast<std::uint64_t>(hw.rows * 100 + hw.cols);
  INFO(fmt::format("model {} seed {}", TestType::kId, seed));
  TileDriver<typename TestType::V> drv(hw, seed);
  Rng rng(seed);
  std::vector<std::array<int, 3>> shapes = {
      {1, 1, 1},
      {hw.rows, hw.cols, 2},
      {std::min(hw.rows + 1, hw.max_in), std::min(hw.cols + 1, hw.max_out), 3},
      {std::min(2 * hw.rows - 1, hw.max_in), std::max(hw.cols - 1, 1), hw.max_batch},
      {hw.max_in, hw.max_out, hw.max_batch},
  };
  for (int i = 0; i < 5; ++i)
    shapes.push_back({static_cast<int>(rng.uniform(1, hw.max_in)), static_cast<int>(rng.uniform(1, hw.max_out)),
                      static_cast<int>(rng.uniform(1, hw.max_batch))});
  for (const auto& s : shapes) run_and_check(drv, hw, random_layer(hw, rng, s[0], s[1], s[2]));
}

TEMPLATE_TEST_CASE("tile: all-zero weights and activations give requant(bias) in every output", "[tile]",
                   SNAP_TILE_ALL_MODELS) {
  const Hw hw = TestType::hw();
  TileDriver<typename TestType::V> drv(hw, 11);
  Rng rng(12);
  Layer l = random_layer(hw, rng, hw.max_in, hw.max_out, 3);
  std::fill(l.w.begin(), l.w.end(), 0);
  std::fill(l.x.begin(), l.x.end(), 0);
  run_and_check(drv, hw, l);
  l.bias.assign(l.bias.size(), 0);
  run_and_check(drv, hw, l);
}

TEMPLATE_TEST_CASE("tile: max-positive and max-negative operands drive the accumulator to its extremes "
                   "(wrapping modulo 2^AccBits)",
                   "[tile]", SNAP_TILE_ALL_MODELS) {
  const Hw hw = TestType::hw();
  TileDriver<typename TestType::V> drv(hw, 21);
  const std::int64_t acc_max = (std::int64_t{1} << (hw.acc_bits - 1)) - 1, acc_min = -acc_max - 1;
  // M = 1, S = 0 and a wide-open clamp are not possible (y is ActBits), so check the
  // accumulator through two requant views: low bits (M = 1, S = 0) and high bits (M = 1, S = AccBits-ActBits).
  for (const int shift : {0, hw.acc_bits - hw.act_bits}) {
    for (const auto& [x, w, bias] : std::vector<std::array<std::int64_t, 3>>{
             {hw.act_max(), hw.weight_max(), acc_max},
             {hw.act_max(), hw.weight_min(), acc_min},
             {hw.act_min(), hw.weight_min(), acc_max},
             {hw.act_min(), hw.weight_max(), 0},
             {hw.act_max(), hw.weight_max(), acc_min}}) {
      const Layer l = constant_layer(hw, hw.max_in, hw.max_out, 2, x, w, bias, golden::Requant{1, shift}, 0, false);
      run_and_check(drv, hw, l);
    }
  }
}

TEMPLATE_TEST_CASE("tile: requant saturates at both clamp ends, with shift 0, shift 1 (halves round up) and the maximum shift", "[tile]",
                   SNAP_TILE_ALL_MODELS) {
  const Hw hw = TestType::hw();
  TileDriver<typename TestType::V> drv(hw, 31);
  Rng rng(32);
  const std::int64_t m_max = (std::int64_t{1} << 31) - 1, m_min = -(std::int64_t{1} << 31);
  const int s_max = (1 << hw.shift_bits) - 1;
  bool saw_hi = false, saw_lo = false;
  for (const auto& rq : {golden::Requant{m_max, 0}, golden::Requant{m_min, 0}, golden::Requant{m_max, s_max},
                         golden::Requant{m_min, s_max}, golden::Requant{1, s_max}, golden::Requant{-1, 0},
                         golden::Requant{1, 1}, golden::Requant{-3, 1}}) {
    for (const bool relu : {false, true}) {
      Layer l = random_layer(hw, rng, hw.max_in, std::min(hw.max_out, 2 * hw.cols), 4);
      for (auto& r : l.rq) r = rq;
      l.relu = relu;
      l.zp = relu ? hw.act_min() + 1 : hw.zp_max();  // a zero point far from 0 on one side
      if (rq.shift == 0 && rq.mult == 1) l.zp = hw.zp_min();
      const auto expected = golden::run_layer(hw, l);
      for (auto y : expected) {
        saw_hi |= y == hw.act_max();
        saw_lo |= y == hw.act_min();
      }
      run_and_check(drv, hw, l);
    }
  }
  // The cases above must really reach both ends (else this test would prove nothing).
  CHECK(saw_hi);
  CHECK(saw_lo);
}

TEMPLATE_TEST_CASE("tile: random valid/ready backpressure on every port leaves the results unchanged", "[tile]",
                   SNAP_TILE_ALL_MODELS) {
  const Hw hw = TestType::hw();
  Rng rng(41);
  const Layer l = random_layer(hw, rng, hw.max_in, hw.max_out, hw.max_batch);
  TileDriver<typename TestType::V> free_run(hw, 42);
  const RunResult a = run_and_check(free_run, hw, l);
  TileDriver<typename TestType::V> stalled(hw, 43);
  stalled.set_backpressure(Backpressure{0.3, 0.5, 0.6});
  const RunResult b = run_and_check(stalled, hw, l);
  CHECK(a.y == b.y);
  CHECK(b.cycles > a.cycles);  // the stalls really happened
}

// Regression for the tile models' --assert hang (docs/tile.md, "Assertions"): with two models alive
// at once, Verilator routes scope registration and assertion failures through the thread's
// current context, which must be the model's own (tb/harness/clocked.hpp), never a deleted one.
TEST_CASE("tile: two models alive at once: a firing assertion reports to its own model's context, and the "
          "older model outlives the newer one",
          "[tile]") {
  using M = tile_models::tile_a;
  auto older = std::make_unique<snapgen::tb::Clocked<M::V>>();
  older->context().fatalOnError(false);  // a failing assertion flags the context instead of aborting
  older->reset();
  {
    snapgen::tb::Clocked<M::V> newer;  // becomes the thread's current context ...
    newer.reset();
    newer.tick();
  }  // ... and is deleted here
  CHECK_FALSE(older->context().gotError());
  // A layer of 0 inputs is outside the generated limits: snap_tile_core's shape assertion fires
  // (it prints one "%Error: ... Assertion failed" line; that line is expected here).
  auto& io = older->io();
  io.cfg_in_i = 0;
  io.cfg_out_i = 1;
  io.cfg_batch_i = 1;
  io.start_i = 1;
  older->tick();
  io.start_i = 0;
  CHECK(older->context().gotError());
  CHECK(Verilated::threadContextp() == &older->context());
  older.reset();  // hung here (a mutex in the deleted context) before the fix
}

TEMPLATE_TEST_CASE("tile: a perturbed golden result is detected by the comparison", "[tile]", SNAP_TILE_ALL_MODELS) {
  const Hw hw = TestType::hw();
  Rng rng(51);
  const Layer l = random_layer(hw, rng, hw.max_in, hw.max_out, 2);
  TileDriver<typename TestType::V> drv(hw, 52);
  drv.load(l);
  const RunResult r = drv.run(l);
  auto expected = golden::run_layer(hw, l);
  REQUIRE(mismatches(l, expected, r.y).empty());
  const std::size_t victim = expected.size() / 2;
  expected[victim] = expected[victim] == hw.act_max() ? expected[victim] - 1 : expected[victim] + 1;
  const auto bad = mismatches(l, expected, r.y);
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].find("expected") != std::string::npos);
}

TEST_CASE("tile: with a batch of at least max(rows, cols-1) every cycle between the first and the last "
          "slot issues a slot (full array use between fill and drain)", "[tile]") {
  using M = tile_models::tile_d;
  const Hw hw = M::hw();
  Rng rng(61);
  for (const int batch : {hw.max_batch, std::max(hw.rows, hw.cols - 1)}) {
    const Layer l = random_layer(hw, rng, hw.max_in, hw.max_out, batch);
    TileDriver<M::V> drv(hw, 62);
    const RunResult r = run_and_check(drv, hw, l);
    const auto slots = static_cast<std::uint64_t>(golden::ideal_cycles(hw, l));
    INFO(fmt::format("batch {} cycles {} slots {} first {} last {}", batch, r.cycles, slots, r.first_slot, r.last_slot));
    CHECK(r.slot_cycles == slots);
    CHECK(r.last_slot - r.first_slot + 1 == slots);
    // start + input beats + compute + array fill/drain + the last block's result beats.
    const std::uint64_t input = static_cast<std::uint64_t>(hw.kt(l.in)) * l.batch;
    const std::uint64_t groups = static_cast<std::uint64_t>((hw.cols + hw.requant_lanes - 1) / hw.requant_lanes);
    CHECK(r.cycles <= input + slots + hw.rows + hw.cols + l.batch * groups + 8);
  }
}

TEST_CASE("tile: the generator's $readmemh images preload layer 0, which runs without any load", "[tile]") {
  using M = tile_models::tile_d;
  const Hw hw = M::hw();
  const std::string pkg = TILE_PKG_tile_d;
  const auto w = snapgen::read_npy(pkg + "/tile/l0_weights.npy");
  const auto b = snapgen::read_npy(pkg + "/tile/l0_bias.npy");
  REQUIRE(w.shape.size() == 2);
  Layer l;
  l.out = static_cast<int>(w.shape[0]);
  l.in = static_cast<int>(w.shape[1]);
  l.batch = 3;
  l.w = w.values;
  l.bias = b.values;
  Rng rng(71);
  l.x.resize(static_cast<std::size_t>(l.in) * l.batch);
  for (auto& x : l.x) x = rng.uniform(hw.act_min(), hw.act_max());
  l.rq = {golden::Requant{1 << 30, 0}};
  std::uint64_t max_acc = 1;
  for (auto a : golden::accumulate(hw, l)) max_acc = std::max<std::uint64_t>(max_acc, a < 0 ? -a : a);
  l.rq[0].shift = bit_length(max_acc) + 30 - hw.act_bits;  // spread y over the output range
  l.zp = 3;
  l.relu = true;
  TileDriver<M::V> drv(hw, 72);
  const RunResult r = drv.run(l);  // no drv.load(): the memories came from the .mem files
  const auto expected = golden::run_layer(hw, l);
  const auto bad = mismatches(l, expected, r.y);
  INFO((bad.empty() ? std::string("bit-exact") : bad[0]));
  CHECK(bad.empty());
  // The outputs must not be constant, or a missing preload could go unnoticed.
  CHECK(std::adjacent_find(expected.begin(), expected.end(), std::not_equal_to<>()) != expected.end());
}
