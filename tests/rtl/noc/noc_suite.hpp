#pragma once
// The NoC specification as test cases, instantiated once per compiled model (mesh sizes are
// hardware). Before including, define:
//   NOC_MODEL  the Verilator class (V<id>)       NOC_CFG   the snapgen_cfg::<name> namespace
//   NOC_TAG    "[tag]" string for test names      NOC_COLS / NOC_ROWS  the node grid driven
//   NOC_WATCH(io)  expression true when a flit escapes through an undriven edge
// Optional, for tops whose die edges are EMIO links (<name>_noc_emio_system):
//   NOC_EMIO_FLIP_BITS  width of the model's d2d_flip_i (links x lanes); enables the bit-error
//                       case and replaces the exact zero-load latency case (a link crossing costs
//                       frame serialization, not 2 cycles per hop)
//   NOC_DRAIN_FACTOR    slowdown of the drain bound (a die crossing carries one flit per frame)
// Optional, for models with virtual channels whose grid has 3+ columns and 2+ rows and no die
// crossing on row 0 (on-die meshes and wired joins; an EMIO crossing carries all VCs through one
// FIFO, so isolation stops at die edges, docs/noc.md):
//   NOC_VC_ISOLATION    enables the case that a stalled VC does not block another VC
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "noc_driver.hpp"

namespace {

namespace gn = snapgen::golden::noc;
using Driver = snapgen::tb::noc::NocDriver<NOC_MODEL>;

constexpr int kCols = NOC_COLS, kRows = NOC_ROWS, kNodes = kCols * kRows;
const gn::Layout kLayout = SNAPGEN_NOC_LAYOUT(NOC_CFG);
const bool kYx = NOC_CFG::kRoutingYx != 0;

#ifndef NOC_DRAIN_FACTOR
#define NOC_DRAIN_FACTOR 1
#endif

Driver make_driver(double sink_accept, std::uint64_t seed, std::function<void(NOC_MODEL&, snapgen::tb::Rng&)> each = {}) {
  return Driver(kLayout, kCols, kRows, static_cast<int>(NOC_CFG::kBufferDepth),
                {sink_accept, seed, std::move(each), SNAPGEN_NOC_VCS(NOC_CFG)},
                [](NOC_MODEL& io) { return static_cast<bool>(NOC_WATCH(io)); });
}

void require_clean(Driver& d) {
  for (const auto& e : d.scoreboard().errors()) UNSCOPED_INFO(e);
  REQUIRE(d.scoreboard().errors().empty());
}

// Global coordinates of node n of the driven grid (the mesh top of die 0 sits at origin 0,0).
int gx(int n) { return n % kCols; }
int gy(int n) { return n / kCols; }

}  // namespace

#ifndef NOC_EMIO_FLIP_BITS
TEST_CASE(NOC_TAG " a lone packet takes 2 cycles per router on its minimal path plus 1 per further flit",
          NOC_TAG) {
  REQUIRE(NOC_CFG::kBufferDepth >= 4);  // the closed form assumes credits never stall a stream
  Driver d = make_driver(1.0, 11);
  gn::TrafficGen gen(kLayout, kCols, kRows, {});
  for (int flits : {1, 2, 5}) {
    for (int s = 0; s < kNodes; ++s) {
      for (int t = 0; t < kNodes; ++t) {
        if (s == t) continue;
        d.send(gen.make_packet(s, t, flits, d.now()));
        REQUIRE(d.drain(200) >= 0);
        require_clean(d);
        const int hops = std::abs(gx(s) - gx(t)) + std::abs(gy(s) - gy(t));
        INFO(fmt::format("{} -> {}, {} flits, {} hops", s, t, flits, hops));
        REQUIRE(d.scoreboard().latencies().back().second ==
                static_cast<std::uint64_t>(gn::zero_load_latency(hops, flits)));
      }
    }
  }
}

#endif

TEST_CASE(NOC_TAG " every pattern at low and saturating load with sink backpressure delivers each packet "
                  "exactly once, intact, in order per pair, and drains within the bound",
          NOC_TAG) {
  const gn::Pattern patterns[] = {gn::Pattern::kUniform, gn::Pattern::kTranspose, gn::Pattern::kBitComplement,
                                  gn::Pattern::kHotspot, gn::Pattern::kNeighbour};
  std::uint64_t seed = 100;
  for (const auto pattern : patterns) {
    for (const double rate : {0.05, 0.8}) {
      for (const double accept : {1.0, 0.4}) {
        ++seed;
        INFO(fmt::format("pattern {} rate {} sink accept {} seed {}", gn::pattern_name(pattern), rate, accept, seed));
        Driver d = make_driver(accept, seed);
        gn::TrafficSpec spec;
        spec.pattern = pattern;
        spec.rate = rate;
        spec.min_flits = 1;
        spec.max_flits = 8;  // longer than a buffer: packets span several routers (wormhole)
        spec.hotspot = kNodes / 2;
        spec.seed = seed;
        gn::TrafficGen gen(kLayout, kCols, kRows, spec);
        for (int c = 0; c < 3000; ++c) {
          for (int n = 0; n < kNodes; ++n)
            if (auto p = gen.generate(n, d.now())) d.send(*p);
          d.cycle();
        }
        // Drain bound: every queued flit must cross the most loaded sink at the sink's rate,
        // plus the longest path; generous factor 2 for arbitration.
        const long bound =
            NOC_DRAIN_FACTOR * (2 * static_cast<long>((d.backlog() + d.scoreboard().outstanding() * 8) / accept) + 200);
        const long took = d.drain(bound);
        require_clean(d);
        REQUIRE(took >= 0);
        REQUIRE(d.scoreboard().all_delivered());
        REQUIRE(d.scoreboard().delivered_packets() > 0);
      }
    }
  }
}

TEST_CASE(NOC_TAG " the scoreboard catches a single flipped payload bit (the comparison can fail)", NOC_TAG) {
  Driver d = make_driver(1.0, 5);
  gn::TrafficGen gen(kLayout, kCols, kRows, {});
  d.send(gen.make_packet(0, kNodes - 1, 3, d.now()));
  REQUIRE(d.scoreboard().perturb_first_pending(kLayout.flit_bits - 1));
  REQUIRE(d.drain(200) >= 0);
  REQUIRE(d.scoreboard().errors().size() == 1);
}

#ifdef NOC_VC_ISOLATION
TEST_CASE(NOC_TAG " a packet stream stalled at its sink does not block another VC on the links it shares",
          NOC_TAG) {
  REQUIRE(NOC_CFG::kVcs > 1);
  REQUIRE(kCols >= 3);
  REQUIRE(kRows >= 2);
  Driver d = make_driver(1.0, 21);
  gn::TrafficGen gen(kLayout, kCols, kRows, {});
  // Node 0 streams to t = (cols-1, 0), whose sink drains nothing: its flits back up along row 0.
  // Node 1 then sends to u in row 1, column >= 2, on another VC: with XY routing its packets
  // share row 0's links from (1,0) to (2,0) with the stalled stream.
  const int t = kCols - 1;
  int u = -1;
  for (int x = 2; x < kCols && u < 0; ++x)
    if (d.vc_of(1, kCols + x) != d.vc_of(0, t)) u = kCols + x;
  REQUIRE(u >= 0);
  d.set_sink_blocked(t, true);
  for (int k = 0; k < 8; ++k) d.send(gen.make_packet(0, t, 8, d.now()));  // 64 flits: more than row 0 buffers
  for (int c = 0; c < 200; ++c) d.cycle();
  REQUIRE(d.scoreboard().delivered_packets() == 0);
  for (int k = 0; k < 10; ++k) d.send(gen.make_packet(1, u, 4, d.now()));
  for (int c = 0; c < 400; ++c) d.cycle();
  INFO(fmt::format("stalled stream 0 -> {} on VC {}, crossing stream 1 -> {} on VC {}", t, d.vc_of(0, t), u, d.vc_of(1, u)));
  REQUIRE(d.scoreboard().delivered_packets() == 10);  // every packet to u, while t is still stalled
  d.set_sink_blocked(t, false);
  REQUIRE(d.drain(2000) >= 0);
  require_clean(d);
}
#endif

#ifdef NOC_EMIO_FLIP_BITS
TEST_CASE(NOC_TAG " bit errors on the EMIO links are retried: every packet still arrives exactly once, intact, "
                  "in order", NOC_TAG) {
  for (const double ber : {1e-3, 1e-2}) {
    INFO(fmt::format("BER {} per wire per cycle", ber));
    long flipped = 0;
    Driver d = make_driver(0.7, 900 + static_cast<std::uint64_t>(ber * 1e4), [&](NOC_MODEL& io, snapgen::tb::Rng& rng) {
      snapgen::tb::clear(io.d2d_flip_i);
      for (int b = 0; b < NOC_EMIO_FLIP_BITS; ++b)
        if (rng.chance(ber)) {
          snapgen::tb::set_port_bit(io.d2d_flip_i, b, true);
          ++flipped;
        }
    });
    gn::TrafficSpec spec;
    spec.pattern = gn::Pattern::kUniform;
    spec.rate = 0.1;
    spec.min_flits = 1;
    spec.max_flits = 6;
    spec.seed = 77;
    gn::TrafficGen gen(kLayout, kCols, kRows, spec);
    for (int c = 0; c < 4000; ++c) {
      for (int n = 0; n < kNodes; ++n)
        if (auto p = gen.generate(n, d.now())) d.send(*p);
      d.cycle();
    }
    const long took = d.drain(NOC_DRAIN_FACTOR * 20000L);
    require_clean(d);
    REQUIRE(took >= 0);
    REQUIRE(d.scoreboard().delivered_packets() > 100);
    REQUIRE(flipped > 0);  // errors were really injected
  }
}
#endif
