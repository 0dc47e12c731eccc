// NoC soak (issue 17 item 6; a bench, not a CI test): the verilated 4x4 mesh (NOC_MODEL, the one
// tests/rtl/noc verifies) at saturation for CYCLES cycles: every source always has a packet
// queued (1..8 flits, uniform random destinations), every sink drains with probability ACCEPT per
// cycle (random backpressure). The scoreboard checks each packet exactly once, intact, in order
// per pair; a window of 10,000 cycles without a delivered flit is a deadlock (or a stall: the
// detector cannot tell them apart, and either fails the run). Then injection stops and the mesh
// must drain within the bound the NoC tests use (every queued flit through the most loaded sink at
// the sink's rate, x2, + 200 cycles). Flit counts: injected and delivered when injection stops,
// and both again after the drain, where they must be equal.
//
// bench_soak_noc OUT_DIR [cycles] [accept]   writes OUT_DIR/soak_noc_4x4.json
// accept 0 (sinks never drain) is the detector's own check: it must report a deadlock and exit 1
// (ctest soak_noc_detects_stall).
#include NOC_HEADER

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "noc_driver.hpp"
#include "snapgen_config.hpp"

namespace {
namespace gn = snapgen::golden::noc;
namespace cfg = snapgen_cfg::one_die;
using Driver = snapgen::tb::noc::NocDriver<NOC_MODEL>;
constexpr int kCols = static_cast<int>(cfg::kMeshCols), kRows = static_cast<int>(cfg::kMeshRows);
constexpr int kNodes = kCols * kRows;
constexpr long kDeadlockWindow = 10'000;
constexpr std::size_t kQueuedFlitsPerNode = 16;  // keeps every source busy without unbounded queues
}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? argv[1] : ".";
  const long cycles = argc > 2 ? std::atol(argv[2]) : 1'000'000;
  const double accept = argc > 3 ? std::atof(argv[3]) : 0.5;
  if (cycles <= 0 || !(accept >= 0 && accept <= 1)) {
    std::fprintf(stderr, "usage: %s OUT_DIR [cycles > 0] [accept in [0, 1]]\n", argv[0]);
    return 2;
  }
  try {
    const gn::Layout layout = SNAPGEN_NOC_LAYOUT(cfg);
    Driver d(layout, kCols, kRows, static_cast<int>(cfg::kBufferDepth), {accept, 4242, {}, SNAPGEN_NOC_VCS(cfg)}, [](NOC_MODEL& io) {
      return static_cast<bool>(io.north_valid_o | io.east_valid_o | io.south_valid_o | io.west_valid_o);
    });
    gn::TrafficSpec spec;
    spec.pattern = gn::Pattern::kUniform;
    spec.rate = 1.0;
    spec.min_flits = 1;
    spec.max_flits = 8;
    spec.seed = 4243;
    gn::TrafficGen gen(layout, kCols, kRows, spec);
    const auto t0 = std::chrono::steady_clock::now();
    std::uint64_t last_delivered = 0;
    long quiet = 0, longest_quiet = 0;
    bool deadlock = false;
    for (long c = 0; c < cycles && !deadlock; ++c) {
      if (d.backlog() < kQueuedFlitsPerNode * kNodes)
        for (int n = 0; n < kNodes; ++n)
          if (auto p = gen.generate(n, d.now())) d.send(*p);
      d.cycle();
      const std::uint64_t delivered = d.scoreboard().delivered_flits();
      quiet = delivered == last_delivered ? quiet + 1 : 0;
      last_delivered = delivered;
      longest_quiet = std::max(longest_quiet, quiet);
      deadlock = quiet >= kDeadlockWindow;
    }
    const std::uint64_t injected = d.injected_flits(), delivered_at_stop = d.scoreboard().delivered_flits();
    const long bound = accept > 0 ? 2 * static_cast<long>((d.backlog() + d.scoreboard().outstanding() * 8) / accept) + 200 : 0;
    const long drained = deadlock ? -1 : d.drain(bound);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto& errors = d.scoreboard().errors();
    const std::uint64_t injected_total = d.injected_flits(), delivered_total = d.scoreboard().delivered_flits();
    const bool clean = !deadlock && drained >= 0 && errors.empty() && d.scoreboard().all_delivered() &&
                       injected_total == delivered_total;
    const double accepted = static_cast<double>(delivered_at_stop) / (static_cast<double>(kNodes) * cycles);
    fmt::print("NoC soak {}x{} ({}-bit flits, depth {}): {} cycles at saturation, sink accept {}, "
               "{} packets / {} flits delivered ({:.3f} flits/node/cycle), longest stall {} cycles, "
               "drained in {} of {} cycles, {} scoreboard errors, {:.0f} s: {}{}\n",
               kCols, kRows, cfg::kFlitBits, cfg::kBufferDepth, cycles, accept, d.scoreboard().delivered_packets(),
               d.scoreboard().delivered_flits(), accepted, longest_quiet, drained, bound, errors.size(), secs,
               clean ? "ok" : "FAIL",
               deadlock ? fmt::format(" (deadlock: no flit delivered for {} cycles)", kDeadlockWindow) : "");
    for (std::size_t i = 0; i < std::min<std::size_t>(errors.size(), 5); ++i) fmt::print("  {}\n", errors[i]);
    nlohmann::ordered_json j;
    j["mesh"] = fmt::format("{}x{}", kCols, kRows);
    j["flit_bits"] = cfg::kFlitBits;
    j["buffer_depth"] = cfg::kBufferDepth;
    j["cycles"] = cycles;
    j["sink_accept"] = accept;
    j["packet_flits"] = {1, 8};
    // At the stop of injection, then after the drain (where every injected flit is delivered).
    j["injected_flits_at_stop"] = injected;
    j["delivered_flits_at_stop"] = delivered_at_stop;
    j["injected_flits"] = injected_total;
    j["delivered_packets"] = d.scoreboard().delivered_packets();
    j["delivered_flits"] = delivered_total;
    j["accepted_flits_per_node_cycle"] = accepted;
    j["longest_stall_cycles"] = longest_quiet;
    j["deadlock"] = deadlock;
    j["drain_cycles"] = drained;
    j["drain_bound"] = bound;
    j["scoreboard_errors"] = errors.size();
    j["seconds"] = secs;
    j["clean"] = clean;
    std::filesystem::create_directories(out);
    std::ofstream(out / fmt::format("soak_noc_{}x{}.json", kCols, kRows)) << j.dump(2) << "\n";
    return clean ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_soak_noc: {}\n", e.what());
    return 1;
  }
}
