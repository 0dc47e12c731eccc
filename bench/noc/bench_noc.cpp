// NoC benchmark on one verilated k x k mesh (NOC_MODEL): latency vs offered load for uniform
// random and transpose traffic, zero-load latency vs the analytic value, saturation throughput as
// a fraction of the bisection bound, and simulation speed. Every run is also checked by the
// scoreboard (each packet exactly once, intact, in order): a curve point with errors aborts.
//
// Usage: bench_noc_<k> OUT_DIR   writes noc_<k>x<k>.csv and noc_<k>x<k>.json, prints a table.
// Built with NOC_BOOKSIM_ONLY (bench_noc_8v2, bench_noc_8v4: the 8x8 mesh with 2 and 4 virtual
// channels allocated at the source; bench_noc_8v2h, bench_noc_8v4h: per hop) it runs only the
// BookSim comparison for its VC count and writes noc_booksim_vc<V>[_per_hop].json; bench_noc_8 (one VC), run after them, prints every VC count's rows in
// one table and writes them all to noc_booksim.json.
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
constexpr int kPacketFlits = 4;        // fixed length: curves not blurred by the length mix (load curves)
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

Point run_point(const gn::Layout& layout, gn::Pattern pattern, double rate, std::uint64_t seed,
                int packet_flits = kPacketFlits) {
  Driver d(layout, kCols, kRows, static_cast<int>(cfg::kBufferDepth),
           {1.0, seed, {}, SNAPGEN_NOC_VCS(cfg)}, [](NOC_MODEL& io) {
    return static_cast<bool>(io.north_valid_o | io.east_valid_o | io.south_valid_o | io.west_valid_o);
  });
  gn::TrafficSpec spec;
  spec.pattern = pattern;
  spec.rate = rate;
  spec.min_flits = spec.max_flits = packet_flits;
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
          analytic_sum += gn::zero_load_latency(hops(p->src, p->dst), packet_flits);
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

// BookSim2 (commit 28f4329) on the same setup, as quoted in issue 18: 8x8 mesh, dimension-order
// routing, 4-flit buffers per VC, uniform random traffic, its fastest router (3-cycle hop).
// Numbers by BookSim, not measured here; ours are measured by run_point on the RTL.
struct BookSimRow {
  int packet_flits;
  int vcs;
  double saturation;  // flits/node/cycle
  double zero_load;   // cycles (0: not quoted)
};
constexpr BookSimRow kBookSim[] = {{1, 1, 0.267, 20.8}, {1, 2, 0.371, 0}, {4, 1, 0.211, 23.7}, {4, 2, 0.339, 0}};
constexpr double kBookSimCyclesPerS = 11000;  // 8x8 at half saturation, on the machines of issue 18

// The BookSim comparison (8x8 only) for this model's VC count: saturation throughput (the most
// any offered load got through: past saturation the accepted rate stays flat) and zero-load
// latency (offered 0.005) for 1-flit and 4-flit packets, uniform random; simulation speed at
// half saturation. Sources allocate VCs by destination (NocDriver); the routers keep them (source
// allocation) or reallocate them at every hop (per_hop).
std::string vc_alloc_name() { return cfg::kVcs == 1 ? "-" : cfg::kVcPerHop ? "per_hop" : "source"; }

nlohmann::ordered_json booksim_rows(const gn::Layout& layout) {
  const std::vector<double> rates = {0.005, 0.1, 0.15, 0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35, 0.375,
                                     0.4, 0.425, 0.45, 0.475, 0.5, 0.55, 0.6, 0.7};
  const int vcs = static_cast<int>(cfg::kVcs);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::uint64_t seed = 1000;
  for (const int flits : {1, 4}) {
    double sat = 0, zero_load = 0;
    for (const double r : rates) {
      const Point p = run_point(layout, gn::Pattern::kUniform, r, seed++, flits);
      if (r == rates.front()) zero_load = p.latency_mean;
      sat = std::max(sat, p.accepted);
    }
    const Point half = run_point(layout, gn::Pattern::kUniform, sat / 2, seed++, flits);
    nlohmann::ordered_json row = {{"packet_flits", flits}, {"vcs", vcs}, {"vc_alloc", vc_alloc_name()}};
    for (const auto& b : kBookSim)
      if (b.packet_flits == flits && b.vcs == vcs) {
        row["booksim_saturation"] = b.saturation;
        if (b.zero_load > 0) row["booksim_zero_load"] = b.zero_load;
      }
    row["snapgen_saturation"] = sat;
    row["snapgen_zero_load"] = zero_load;
    row["snapgen_cycles_per_s_half_saturation"] = half.sim_cycles_per_s;
    row["cycles_per_s_over_booksim"] = half.sim_cycles_per_s / kBookSimCyclesPerS;
    rows.push_back(row);
  }
  return rows;
}

void print_booksim_table(const nlohmann::ordered_json& rows) {
  fmt::print("\nBookSim comparison: 8x8, uniform random, dimension order, 4-flit buffers per VC, window {} cycles\n",
             kWindow);
  fmt::print("{:>6} {:>4} {:>8} {:>13} {:>13} {:>15} {:>15} {:>12} {:>8}\n", "flits", "VCs", "alloc", "sat. snapgen", "sat. BookSim",
             "zero-load snap", "zero-load Book", "cyc/s @half", "vs Book");
  auto num = [](const nlohmann::ordered_json& r, const char* key, const char* f) {
    return r.contains(key) ? fmt::format(fmt::runtime(f), r[key].get<double>()) : std::string("-");
  };
  for (const auto& r : rows)
    fmt::print("{:>6} {:>4} {:>8} {:>13} {:>13} {:>15} {:>15} {:>12} {:>8}\n", r["packet_flits"].get<int>(), r["vcs"].get<int>(),
               r["vc_alloc"].get<std::string>(),
               num(r, "snapgen_saturation", "{:.3f}"), num(r, "booksim_saturation", "{:.3f}"),
               num(r, "snapgen_zero_load", "{:.1f}"), num(r, "booksim_zero_load", "{:.1f}"),
               num(r, "snapgen_cycles_per_s_half_saturation", "{:.0f}"), num(r, "cycles_per_s_over_booksim", "{:.1f}x"));
}

// The BookSim rows a VC bench model writes and bench_noc_8 reads back: one file name for both.
std::string booksim_file(int vcs, bool per_hop) {
  return fmt::format("noc_booksim_vc{}{}.json", vcs, per_hop ? "_per_hop" : "");
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
#ifdef NOC_BOOKSIM_ONLY
    std::ofstream(out / booksim_file(cfg::kVcs, cfg::kVcPerHop != 0))
        << booksim_rows(layout).dump(2) << "\n";
    return 0;
#endif
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
    if (kCols == 8 && kRows == 8) {
      nlohmann::ordered_json b;
      b["booksim"] = "BookSim2 28f4329, 3-cycle-hop router, numbers quoted in issue 18 (not rerun here)";
      b["booksim_cycles_per_s_half_saturation"] = kBookSimCyclesPerS;
      nlohmann::ordered_json rows = booksim_rows(layout);
      // Written by bench_noc_8v2, _8v4, _8v2h, _8v4h before this run.
      for (const bool per_hop : {false, true})
        for (const int vcs : {2, 4}) {
          const std::string file = booksim_file(vcs, per_hop);
          std::ifstream in(out / file);
          if (!in) throw std::runtime_error(fmt::format("no {} in the output directory (run.sh runs it first)", file));
          for (const auto& r : nlohmann::ordered_json::parse(in)) rows.push_back(r);
        }
      print_booksim_table(rows);
      b["rows"] = rows;
      std::ofstream(out / "noc_booksim.json") << b.dump(2) << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_noc: %s\n", e.what());
    return 1;
  }
}
