// NoC benchmark on one verilated k x k mesh (NOC_MODEL): latency vs offered load for uniform
// random and transpose traffic, zero-load latency vs the analytic value, saturation throughput as
// a fraction of the bisection bound, and simulation speed. Every run is also checked by the
// scoreboard (each packet exactly once, intact, in order): a curve point with errors aborts.
//
// Usage: bench_noc_<k> OUT_DIR   writes noc_<k>x<k>.csv and noc_<k>x<k>.json, prints a table.
#include NOC_HEADER

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "noc_driver.hpp"
#include "snapgen_config.hpp"

namespace {

namespace gn = snapgen::golden::noc;
namespace cfg = snapgen_cfg::one_die;
using Driver = snapgen::tb::noc::NocDriver<NOC_MODEL>;

constexpr int kCols = static_cast<int>(cfg::kMeshCols), kRows = static_cast<int>(cfg::kMeshRows);
constexpr int kNodes = kCols * kRows;
constexpr int kPacketFlits = 4;        // fixed length: curves not blurred by the length mix
constexpr long kWarmup = 2000, kWindow = 8000;

struct Point {
  std::string pattern;
  double offered = 0;      // flits / node / cycle
  double accepted = 0;     // flits / node / cycle delivered in the window
  double latency_mean = 0; // cycles, generation to tail ejection, packets created in the window
  double latency_p99 = 0;
  double analytic_zero_load = 0;  // mean of 2(h+1)+(L-1) over the same packets' routes
  std::uint64_t packets = 0;
  double sim_cycles_per_s = 0;
};

int hops(int s, int d) { return std::abs(s % kCols - d % kCols) + std::abs(s / kCols - d / kCols); }

Point run_point(const gn::Layout& layout, gn::Pattern pattern, double rate, std::uint64_t seed) {
  Driver d(layout, kCols, kRows, static_cast<int>(cfg::kBufferDepth), {1.0, seed}, [](NOC_MODEL& io) {
    return static_cast<bool>(io.north_valid_o | io.east_valid_o | io.south_valid_o | io.west_valid_o);
  });
  gn::TrafficSpec spec;
  spec.pattern = pattern;
  spec.rate = rate;
  spec.min_flits = spec.max_flits = kPacketFlits;
  spec.seed = seed;
  gn::TrafficGen gen(layout, kCols, kRows, spec);
  double analytic_sum = 0;
  std::uint64_t measured = 0;
  std::uint64_t flits_at_start = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (long c = 0; c < kWarmup + kWindow; ++c) {
    if (c == kWarmup) flits_at_start = d.scoreboard().delivered_flits();
    for (int n = 0; n < kNodes; ++n) {
      if (auto p = gen.generate(n, d.now())) {
        if (c >= kWarmup) {
          analytic_sum += gn::zero_load_latency(hops(p->src, p->dst), kPacketFlits);
          ++measured;
        }
        d.send(*p);
      }
    }
    d.cycle();
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  Point pt;
  pt.pattern = gn::pattern_name(pattern);
  pt.offered = rate;
  pt.accepted = static_cast<double>(d.scoreboard().delivered_flits() - flits_at_start) / (kNodes * kWindow);
  pt.sim_cycles_per_s = static_cast<double>(kWarmup + kWindow) / secs;
  // Drain so every measured packet's latency is known (source queues included).
  if (d.drain(50'000'000) < 0) throw std::runtime_error("the mesh did not drain");
  if (!d.scoreboard().errors().empty())
    throw std::runtime_error("scoreboard: " + d.scoreboard().errors().front());
  std::vector<double> lat;
  for (const auto& [created, latency] : d.scoreboard().latencies())
    if (created >= static_cast<std::uint64_t>(kWarmup) && created < static_cast<std::uint64_t>(kWarmup + kWindow))
      lat.push_back(static_cast<double>(latency));
  if (lat.size() != measured) throw std::runtime_error("measured packet count mismatch");
  std::sort(lat.begin(), lat.end());
  pt.packets = measured;
  if (!lat.empty()) {
    double s = 0;
    for (double v : lat) s += v;
    pt.latency_mean = s / static_cast<double>(lat.size());
    pt.latency_p99 = lat[std::min(lat.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(lat.size())))];
    pt.analytic_zero_load = analytic_sum / static_cast<double>(measured);
  }
  return pt;
}

// Uniform-random bisection bound (flits/node/cycle): the k links crossing the middle cut in one
// direction carry at most one flit per cycle each; a share P of all flits crosses left to right,
// with P counted over (source, destination != source) pairs. Needs an even column count.
double uniform_bisection_bound() {
  long crossing = 0, pairs = 0;
  for (int s = 0; s < kNodes; ++s)
    for (int t = 0; t < kNodes; ++t) {
      if (s == t) continue;
      ++pairs;
      if (s % kCols < kCols / 2 && t % kCols >= kCols / 2) ++crossing;
    }
  const double share = static_cast<double>(crossing) / static_cast<double>(pairs);
  return std::min(1.0, kRows / (kNodes * share));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    const gn::Layout layout = SNAPGEN_NOC_LAYOUT(cfg);
    const std::string mesh = fmt::format("{}x{}", kCols, kRows);
    const double bound = uniform_bisection_bound();
    std::vector<double> rates = {0.005, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8};
    std::vector<Point> points;
    fmt::print("NoC {} mesh, {}-bit flits, buffer depth {}, {} routing, {}-flit packets, window {} cycles\n", mesh,
               cfg::kFlitBits, cfg::kBufferDepth, cfg::kRoutingYx ? "YX" : "XY", kPacketFlits, kWindow);
    fmt::print("{:<10} {:>8} {:>9} {:>9} {:>8} {:>10} {:>9}\n", "pattern", "offered", "accepted", "lat_mean",
               "lat_p99", "zero_load", "cycles/s");
    std::uint64_t seed = 1;
    for (const auto pattern : {gn::Pattern::kUniform, gn::Pattern::kTranspose}) {
      for (const double r : rates) {
        Point p = run_point(layout, pattern, r, seed++);
        fmt::print("{:<10} {:>8.3f} {:>9.3f} {:>9.1f} {:>8.0f} {:>10.2f} {:>9.0f}\n", p.pattern, p.offered, p.accepted,
                   p.latency_mean, p.latency_p99, p.analytic_zero_load, p.sim_cycles_per_s);
        points.push_back(p);
      }
    }
    double sat_uniform = 0;
    for (const auto& p : points)
      if (p.pattern == "uniform") sat_uniform = std::max(sat_uniform, p.accepted);
    const Point& zl = points.front();
    fmt::print("zero load (uniform, offered {}): measured {:.2f} cycles, analytic 2(h+1)+(L-1) {:.2f} cycles\n",
               zl.offered, zl.latency_mean, zl.analytic_zero_load);
    fmt::print("saturation throughput (uniform): {:.3f} flits/node/cycle = {:.0f}% of the bisection bound {:.3f}\n",
               sat_uniform, 100 * sat_uniform / bound, bound);

    std::ofstream csv(out / ("noc_" + mesh + ".csv"));
    csv << "mesh,pattern,offered,accepted,latency_mean,latency_p99,analytic_zero_load,packets,sim_cycles_per_s\n";
    nlohmann::ordered_json j;
    j["mesh"] = mesh;
    j["flit_bits"] = cfg::kFlitBits;
    j["buffer_depth"] = cfg::kBufferDepth;
    j["packet_flits"] = kPacketFlits;
    j["window_cycles"] = kWindow;
    j["uniform_bisection_bound"] = bound;
    j["uniform_saturation"] = sat_uniform;
    j["uniform_saturation_fraction_of_bound"] = sat_uniform / bound;
    j["zero_load"] = {{"measured", zl.latency_mean}, {"analytic", zl.analytic_zero_load}};
    auto arr = nlohmann::ordered_json::array();
    for (const auto& p : points) {
      csv << fmt::format("{},{},{},{:.5f},{:.3f},{:.1f},{:.3f},{},{:.0f}\n", mesh, p.pattern, p.offered, p.accepted,
                         p.latency_mean, p.latency_p99, p.analytic_zero_load, p.packets, p.sim_cycles_per_s);
      arr.push_back({{"pattern", p.pattern}, {"offered", p.offered}, {"accepted", p.accepted},
                     {"latency_mean", p.latency_mean}, {"latency_p99", p.latency_p99},
                     {"analytic_zero_load", p.analytic_zero_load}, {"packets", p.packets},
                     {"sim_cycles_per_s", p.sim_cycles_per_s}});
    }
    j["points"] = arr;
    std::ofstream(out / ("noc_" + mesh + ".json")) << j.dump(2) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_noc: %s\n", e.what());
    return 1;
  }
}
