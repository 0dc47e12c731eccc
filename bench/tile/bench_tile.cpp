// Tile benchmark: for an 8x8 and a 16x16 tile, cycles per layer vs the ideal ceil-based count,
// utilization (whole call and between fill and drain) and Verilator simulation speed.
// Every run is also checked bit-exact against the golden model (a fast wrong answer is no result).
// Usage: bench_tile <out_dir>   (writes <out_dir>/tile_sim.json, prints a table)
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "Vtile_bench16.h"
#include "Vtile_bench8.h"
#include "tile_cases.hpp"
#include "tile_driver.hpp"
#include "tile_hw.hpp"
#include TILE_CFG_tile_bench8
#include TILE_CFG_tile_bench16

using namespace snapgen::tb::tile;
namespace golden = snapgen::golden::tile;

namespace {

struct Row {
  std::string array;
  int in, out, batch;
  std::uint64_t cycles, ideal, input_beats, slot_span;
  double util_call, util_steady, macs_per_s, cycles_per_s;
  bool exact;
};

template <class V>
void bench(const std::string& name, const Hw& hw, std::vector<Row>& rows) {
  snapgen::tb::Rng rng(2024);
  const std::vector<std::array<int, 3>> shapes = {{128, 128, 32}, {128, 128, 16}, {64, 64, 32}, {100, 60, 32}};
  for (const auto& s : shapes) {
    const Layer l = random_layer(hw, rng, s[0], s[1], s[2]);
    const auto expected = golden::run_layer(hw, l);
    TileDriver<V> drv(hw, 1);
    drv.load(l);
    // Repeat the call until ~0.3 s of wall time for a stable speed figure.
    RunResult r;
    std::uint64_t sim_cycles = 0, calls = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double secs = 0;
    do {
      r = drv.run(l);
      sim_cycles += r.cycles;
      ++calls;
      secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } while (secs < 0.3);
    const double pes = static_cast<double>(hw.rows) * hw.cols;
    const auto macs = static_cast<double>(golden::useful_macs(l));
    Row row;
    row.array = name;
    row.in = l.in;
    row.out = l.out;
    row.batch = l.batch;
    row.cycles = r.cycles;
    row.ideal = static_cast<std::uint64_t>(golden::ideal_cycles(hw, l));
    row.input_beats = static_cast<std::uint64_t>(hw.kt(l.in)) * l.batch;
    row.slot_span = r.last_slot - r.first_slot + 1;
    row.util_call = macs / (pes * static_cast<double>(r.cycles));
    row.util_steady = macs / (pes * static_cast<double>(row.slot_span));
    row.macs_per_s = macs * static_cast<double>(calls) / secs;
    row.cycles_per_s = static_cast<double>(sim_cycles) / secs;
    row.exact = r.y == expected;
    rows.push_back(row);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string out_dir = argc > 1 ? argv[1] : "build/bench/tile";
  std::filesystem::create_directories(out_dir);
  std::vector<Row> rows;
  bench<Vtile_bench8>("8x8", SNAP_TILE_HW(tile_bench8), rows);
  bench<Vtile_bench16>("16x16", SNAP_TILE_HW(tile_bench16), rows);

  fmt::print("{:<6} {:>4} {:>4} {:>5} | {:>7} {:>7} {:>6} {:>6} | {:>7} {:>7} | {:>9} {:>9} | {}\n", "array", "in",
             "out", "batch", "cycles", "ideal", "ratio", "input", "util", "steady", "MMAC/s", "kcyc/s", "exact");
  bool all_exact = true;
  std::string json = "{\n  \"block\": \"tile\",\n  \"runs\": [\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    all_exact &= r.exact;
    fmt::print("{:<6} {:>4} {:>4} {:>5} | {:>7} {:>7} {:>6.3f} {:>6} | {:>6.1f}% {:>6.1f}% | {:>9.2f} {:>9.1f} | {}\n",
               r.array, r.in, r.out, r.batch, r.cycles, r.ideal, static_cast<double>(r.cycles) / r.ideal,
               r.input_beats, 100 * r.util_call, 100 * r.util_steady, r.macs_per_s / 1e6, r.cycles_per_s / 1e3,
               r.exact ? "yes" : "NO");
    json += fmt::format(
        "    {{\"array\": \"{}\", \"in\": {}, \"out\": {}, \"batch\": {}, \"cycles\": {}, \"ideal_cycles\": {}, "
        "\"input_beats\": {}, \"slot_span\": {}, \"utilization_call\": {:.4f}, \"utilization_steady\": {:.4f}, "
        "\"sim_macs_per_s\": {:.0f}, \"sim_cycles_per_s\": {:.0f}, \"bit_exact\": {}}}{}\n",
        r.array, r.in, r.out, r.batch, r.cycles, r.ideal, r.input_beats, r.slot_span, r.util_call, r.util_steady,
        r.macs_per_s, r.cycles_per_s, r.exact ? "true" : "false", i + 1 < rows.size() ? "," : "");
  }
  json += "  ]\n}\n";
  std::ofstream(out_dir + "/tile_sim.json") << json;
  fmt::print("ideal = ceil(in/rows)*ceil(out/cols)*batch slots; input = activation beats before compute; "
             "util = useful MACs / (PEs x cycles); steady = the same between the first and last slot issue\n");
  return all_exact ? 0 : 1;
}
