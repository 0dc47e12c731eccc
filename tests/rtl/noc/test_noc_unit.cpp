// Pure C++ rules of the NoC: the golden flit format and routing, and the generator's deadlock
// check (docs/noc.md).
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "golden/noc/noc_golden.hpp"
#include "golden/noc/noc_traffic.hpp"
#include "model/deadlock.hpp"

namespace gn = snapgen::golden::noc;

TEST_CASE("noc golden: a head flit round-trips every field at its offset, and nothing else is set") {
  gn::Layout l;
  l.flit_bits = 64;
  l.kind_off = 2, l.dst_x_off = 4, l.x_bits = 2, l.dst_y_off = 6, l.y_bits = 1, l.src_x_off = 7, l.src_y_off = 9;
  l.len_off = 10, l.len_bits = 8;
  const gn::Header h{gn::kHead, 2, 3, 1, 2, 0, 200};
  const gn::Flit f = gn::encode_head(l, h);
  // 0b01 | kind 2<<2 | dst_x 3<<4 | dst_y 1<<6 | src_x 2<<7 | src_y 0<<9 | len 200<<10
  const std::uint64_t want = 1u | (2u << 2) | (3u << 4) | (1u << 6) | (2u << 7) | (200u << 10);
  REQUIRE(f.size() == 2);
  REQUIRE(f[0] == static_cast<std::uint32_t>(want));
  REQUIRE(f[1] == 0);
  const gn::Header back = gn::decode_head(l, f);
  REQUIRE(back.kind == 2);
  REQUIRE(back.dst_x == 3);
  REQUIRE(back.dst_y == 1);
  REQUIRE(back.src_x == 2);
  REQUIRE(back.len == 200);
  REQUIRE_THROWS(gn::encode_head(l, gn::Header{gn::kHead, 0, 0, 0, 0, 0, 256}));
}

TEST_CASE("noc scoreboard: in order it reports a pair's second packet arriving first; allowing "
          "overtaking (per-hop VCs) it accepts it, and still reports a flit that matches no packet") {
  const gn::Layout l;  // 2x2 grid, 64-bit flits
  for (const bool in_order : {true, false}) {
    gn::TrafficGen gen(l, 2, 2, {});
    gn::Scoreboard sb(l, 2, 4, in_order);
    const gn::Packet a = gen.make_packet(0, 3, 3, 0), b = gen.make_packet(0, 3, 2, 1);
    sb.expect(a);
    sb.expect(b);
    for (const auto& f : b.flits) sb.on_flit(3, f, 10);
    for (const auto& f : a.flits) sb.on_flit(3, f, 20);
    INFO("in order " << in_order);
    REQUIRE(sb.errors().empty() == !in_order);
    if (!in_order) REQUIRE(sb.all_delivered());
  }
  gn::TrafficGen gen(l, 2, 2, {});
  gn::Scoreboard sb(l, 2, 4, false);
  gn::Packet a = gen.make_packet(0, 3, 2, 0);
  sb.expect(a);
  a.flits.back()[1] ^= 1u;  // the tail as it arrives differs from every packet sent
  for (const auto& f : a.flits) sb.on_flit(3, f, 10);
  REQUIRE(sb.errors().size() == 1);
}

TEST_CASE("noc golden: XY corrects x first, YX corrects y first, both on minimal paths") {
  REQUIRE(gn::route(false, 1, 1, 3, 0) == gn::kEast);
  REQUIRE(gn::route(true, 1, 1, 3, 0) == gn::kNorth);
  REQUIRE(gn::route(false, 3, 1, 3, 0) == gn::kNorth);
  REQUIRE(gn::route(false, 3, 0, 3, 0) == gn::kLocal);
  const auto xy = gn::path(false, 0, 0, 2, 1);
  REQUIRE(xy == std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {2, 0}, {2, 1}});
  const auto yx = gn::path(true, 0, 0, 2, 1);
  REQUIRE(yx == std::vector<std::pair<int, int>>{{0, 0}, {0, 1}, {1, 1}, {2, 1}});
  REQUIRE(gn::zero_load_latency(0, 1) == 2);  // same router: FIFO + output register
  REQUIRE(gn::zero_load_latency(3, 4) == 11);
}

TEST_CASE("deadlock check accepts XY and YX on meshes of every shape used (incl. multi-die grids)") {
  for (const bool yx : {false, true})
    for (const auto& [r, c] : std::vector<std::pair<int, int>>{{1, 1}, {1, 4}, {2, 2}, {2, 4}, {3, 3}, {4, 4}, {8, 8}, {4, 6}}) {
      const auto rep = snapgen::check_deadlock(r, c, snapgen::dimension_order(yx));
      INFO(rep.problem);
      REQUIRE(rep.ok);
    }
}

TEST_CASE("deadlock check rejects a hand-built routing table that sends every packet clockwise around "
          "a 2x2 ring, and prints the cycle") {
  // Output port by router id y*2+x, whatever the destination (until it is reached):
  // (0,0) east, (1,0) south, (0,1) north, (1,1) west -- a clockwise ring.
  const int cw_port[4] = {1, 2, 0, 3};
  auto table = [&](int x, int y, int dx, int dy) { return (x == dx && y == dy) ? 4 : cw_port[y * 2 + x]; };
  const auto rep = snapgen::check_deadlock(2, 2, table);
  REQUIRE_FALSE(rep.ok);
  REQUIRE(rep.cycle.size() == 5);  // four channels, the first repeated to close the loop
  REQUIRE(rep.cycle.front() == rep.cycle.back());
  REQUIRE(rep.problem.find("channel dependency cycle") != std::string::npos);
  // XY on the same grid has no cycle:
  REQUIRE(snapgen::check_deadlock(2, 2, snapgen::dimension_order(false)).ok);
}

TEST_CASE("deadlock check rejects a table that routes off the grid or ejects at the wrong router") {
  auto off = [](int x, int y, int dx, int dy) { return (x == dx && y == dy) ? 4 : 3; };  // always west
  REQUIRE_FALSE(snapgen::check_deadlock(1, 3, off).ok);
  auto early = [](int, int, int, int) { return 4; };
  const auto rep = snapgen::check_deadlock(2, 2, early);
  REQUIRE_FALSE(rep.ok);
  REQUIRE(rep.problem.find("ejects") != std::string::npos);
}

// --- Virtual channels: nodes (channel, VC); die-to-die channels share one FIFO across VCs. ---

namespace {
// A package: die_rows x die_cols dies, each a mesh_rows x mesh_cols mesh.
struct Package {
  int die_rows, die_cols, mesh_rows, mesh_cols;
  int rows() const { return die_rows * mesh_rows; }
  int cols() const { return die_cols * mesh_cols; }
};
// Every package of configs/*.yaml, the single-die grids above, and larger multi-die ones.
const std::vector<Package> kPackages = {
    {1, 1, 1, 1}, {1, 1, 1, 4}, {1, 1, 2, 2}, {1, 1, 2, 4}, {1, 1, 3, 3}, {1, 1, 4, 4}, {1, 1, 8, 8}, {1, 1, 4, 6},
    {1, 1, 1, 2}, {1, 2, 2, 2}, {1, 2, 1, 2}, {2, 2, 1, 2}, {1, 3, 1, 1}, {2, 2, 2, 2}, {2, 2, 4, 4}, {2, 3, 2, 2},
    {4, 1, 1, 2}};
// The channel of a node "(x,y)->(x',y') vc v", and its VC.
std::string channel_of(const std::string& node) { return node.substr(0, node.find(" vc ")); }
int vc_of(const std::string& node) { return std::stoi(node.substr(node.find(" vc ") + 4)); }
}  // namespace

TEST_CASE("die_crossings_shared marks exactly the channels whose two routers are on different dies") {
  const auto m = snapgen::die_crossings_shared(2, 2, 2);  // dies of 2x2 routers
  REQUIRE(m.vcs == 2);
  REQUIRE(m.shared(1, 0, 1));       // (1,0)->(2,0): die (0,0) to die (0,1)
  REQUIRE(m.shared(2, 1, 3));       // (2,1)->(1,1): back west
  REQUIRE(m.shared(0, 1, 2));       // (0,1)->(0,2): die (0,0) to die (1,0)
  REQUIRE_FALSE(m.shared(0, 0, 1));  // (0,0)->(1,0): inside die (0,0)
  REQUIRE_FALSE(m.shared(1, 0, 2));  // (1,0)->(1,1): inside die (0,0)
  REQUIRE_FALSE(m.shared(3, 3, 0));  // (3,3)->(3,2): inside die (1,1)
}

TEST_CASE("deadlock check accepts XY and YX with 1, 2 and 4 VCs on every package used, die crossings "
          "sharing one FIFO across VCs") {
  for (const auto& p : kPackages)
    for (const int vcs : {1, 2, 4})
      for (const bool yx : {false, true}) {
        const auto m = snapgen::die_crossings_shared(vcs, p.mesh_rows, p.mesh_cols);
        const auto rep = snapgen::check_deadlock(p.rows(), p.cols(), snapgen::dimension_order(yx), m);
        INFO(p.die_rows << "x" << p.die_cols << " dies of " << p.mesh_rows << "x" << p.mesh_cols << ", " << vcs
                        << " VCs, yx " << yx << ": " << rep.problem);
        REQUIRE(rep.ok);
        REQUIRE(rep.cycle.empty());
      }
  // The multi-die packages do have shared channels (so the coupling was exercised): e.g. the
  // east link of (mesh_cols-1, 0) leaves die (0,0) whenever there is a second die column.
  for (const auto& p : kPackages)
    if (p.die_cols > 1) REQUIRE(snapgen::die_crossings_shared(2, p.mesh_rows, p.mesh_cols).shared(p.mesh_cols - 1, 0, 1));
}

TEST_CASE("deadlock check accepts XY and YX with 4 VCs even when every channel shares one FIFO") {
  snapgen::VcModel all{4, [](int, int, int) { return true; }};
  for (const bool yx : {false, true}) {
    const auto rep = snapgen::check_deadlock(4, 6, snapgen::dimension_order(yx), all);
    INFO(rep.problem);
    REQUIRE(rep.ok);
  }
}

TEST_CASE("deadlock check rejects the clockwise 2x2 table with 2 and 4 VCs and names the VC of every "
          "channel in the cycle") {
  const int cw_port[4] = {1, 2, 0, 3};
  auto table = [&](int x, int y, int dx, int dy) { return (x == dx && y == dy) ? 4 : cw_port[y * 2 + x]; };
  for (const int vcs : {2, 4}) {
    const auto rep = snapgen::check_deadlock(2, 2, table, snapgen::VcModel{vcs, {}});
    INFO(vcs << " VCs: " << rep.problem);
    REQUIRE_FALSE(rep.ok);
    // No channel is shared: the cycle stays on one VC (a packet keeps its VC), four channels and
    // the first repeated.
    REQUIRE(rep.cycle.size() == 5);
    REQUIRE(rep.cycle.front() == rep.cycle.back());
    for (const auto& node : rep.cycle) {
      REQUIRE(node.find(" vc ") != std::string::npos);
      REQUIRE(vc_of(node) == vc_of(rep.cycle.front()));
      REQUIRE(vc_of(node) < vcs);
    }
    REQUIRE(rep.problem.find("channel dependency cycle: (") != std::string::npos);
    REQUIRE(rep.problem.find(" vc ") != std::string::npos);
    // Sharing every channel keeps the cycle (sharing only adds dependencies).
    REQUIRE_FALSE(snapgen::check_deadlock(2, 2, table, snapgen::VcModel{vcs, [](int, int, int) { return true; }}).ok);
  }
  // With one VC the names stay as before: "(0,0)->(1,0)", no VC.
  const auto one = snapgen::check_deadlock(2, 2, table, snapgen::VcModel{1, {}});
  REQUIRE_FALSE(one.ok);
  REQUIRE(one.cycle.front().find(" vc ") == std::string::npos);
}

// Why the next test needs a VC-dependent routing function: when every VC is routed alike (the RTL),
// each VC's dependencies are a copy of the one-VC graph, and a shared channel a only adds
// (a, v) -> (b, w) where a -> b is already a one-VC dependency. Every edge of the VC graph thus
// maps onto an edge of the one-VC graph, so any VC cycle maps onto a one-VC cycle: the verdict is
// the one-VC verdict, whatever the VC count or sharing (the coupling only shapes the printed
// cycle). Coupling can only create a cycle when VCs follow different routes: below, VC 0 is routed
// XY and VC 1 YX; each alone is acyclic and, unshared, the VCs never meet, but where a shared FIFO
// lets an XY packet wait behind a YX packet the turns of both combine into a ring.
TEST_CASE("deadlock check: VC 0 XY and VC 1 YX pass apart, but deadlock once the quad-die crossings "
          "share one FIFO, and the cycle shows the wait between VCs") {
  const auto xy = snapgen::dimension_order(false), yx = snapgen::dimension_order(true);
  const snapgen::VcRoutingFn mixed = [&](int x, int y, int dx, int dy, int vc) {
    return vc == 0 ? xy(x, y, dx, dy) : yx(x, y, dx, dy);
  };
  const Package quad{2, 2, 2, 2};  // configs/quad_die.yaml: 4x4 routers
  REQUIRE(snapgen::check_deadlock_per_vc(quad.rows(), quad.cols(), mixed, snapgen::VcModel{2, {}}).ok);

  const auto rep = snapgen::check_deadlock_per_vc(quad.rows(), quad.cols(), mixed,
                                                  snapgen::die_crossings_shared(2, quad.mesh_rows, quad.mesh_cols));
  INFO(rep.problem);
  REQUIRE_FALSE(rep.ok);
  REQUIRE(rep.cycle.front() == rep.cycle.back());
  // Somewhere the cycle steps between two VCs of one channel (a wait in its shared FIFO), and that
  // channel crosses a die edge.
  const auto shared = snapgen::die_crossings_shared(2, quad.mesh_rows, quad.mesh_cols).shared;
  int coupled = 0;
  for (std::size_t i = 1; i < rep.cycle.size(); ++i)
    if (channel_of(rep.cycle[i - 1]) == channel_of(rep.cycle[i])) {
      REQUIRE(vc_of(rep.cycle[i - 1]) != vc_of(rep.cycle[i]));
      int x, y, nx, ny;
      REQUIRE(std::sscanf(rep.cycle[i].c_str(), "(%d,%d)->(%d,%d)", &x, &y, &nx, &ny) == 4);
      const int port = nx > x ? 1 : nx < x ? 3 : ny > y ? 2 : 0;
      REQUIRE(shared(x, y, port));
      ++coupled;
    }
  REQUIRE(coupled > 0);
  REQUIRE(rep.problem.find(" ~> ") != std::string::npos);

  // On a row of dies only x-channels are shared, so VCs meet only there: from a shared x-channel, VC 1
  // (YX) dependencies go on along x in one direction, and VC 0 (XY) ones may turn into y-channels,
  // which XY never leaves and none of which is shared. No ring closes.
  const Package row{1, 2, 2, 2};  // configs/hnn_2die.yaml: 2x4 routers
  const auto apart = snapgen::check_deadlock_per_vc(row.rows(), row.cols(), mixed,
                                                    snapgen::die_crossings_shared(2, row.mesh_rows, row.mesh_cols));
  INFO(apart.problem);
  REQUIRE(apart.ok);
}

TEST_CASE("deadlock check refuses fewer than one VC, and names the VC of a per-VC route that leaves the grid") {
  REQUIRE_FALSE(snapgen::check_deadlock(2, 2, snapgen::dimension_order(false), snapgen::VcModel{0, {}}).ok);
  const snapgen::VcRoutingFn off = [](int x, int y, int dx, int dy, int vc) {
    return (x == dx && y == dy) ? 4 : vc == 1 ? 3 : snapgen::dimension_order(false)(x, y, dx, dy);
  };
  const auto rep = snapgen::check_deadlock_per_vc(1, 3, off, snapgen::VcModel{2, {}});
  REQUIRE_FALSE(rep.ok);
  REQUIRE(rep.problem.find("off the grid") != std::string::npos);
  REQUIRE(rep.problem.find("on vc 1") != std::string::npos);
}

TEST_CASE("deadlock check with per-hop VC allocation: XY and YX still pass at 2 and 4 VCs on every "
          "package used; the clockwise table still fails") {
  for (const auto& p : kPackages)
    for (const int vcs : {2, 4})
      for (const bool yx : {false, true}) {
        auto m = snapgen::die_crossings_shared(vcs, p.mesh_rows, p.mesh_cols);
        m.per_hop = true;
        const auto rep = snapgen::check_deadlock(p.rows(), p.cols(), snapgen::dimension_order(yx), m);
        INFO(p.die_rows << "x" << p.die_cols << " dies, " << vcs << " VCs, yx " << yx << ": " << rep.problem);
        REQUIRE(rep.ok);
      }
  const int cw_port[4] = {1, 2, 0, 3};
  auto table = [&](int x, int y, int dx, int dy) { return (x == dx && y == dy) ? 4 : cw_port[y * 2 + x]; };
  REQUIRE_FALSE(snapgen::check_deadlock(2, 2, table, snapgen::VcModel{2, {}, true}).ok);
}

// Per-hop allocation lets a packet change VC at every hop, so with VC-dependent routing (a model
// only: the RTL routes every VC alike) it can mix the turns of both VCs' routes. VC 0 XY and VC 1
// YX pass apart with source allocation on one die (previous test case), and must fail per hop.
TEST_CASE("deadlock check: VC 0 XY and VC 1 YX on one die pass with source allocation, deadlock when "
          "VCs are allocated per hop") {
  const auto xy = snapgen::dimension_order(false), yx = snapgen::dimension_order(true);
  const snapgen::VcRoutingFn mixed = [&](int x, int y, int dx, int dy, int vc) {
    return vc == 0 ? xy(x, y, dx, dy) : yx(x, y, dx, dy);
  };
  REQUIRE(snapgen::check_deadlock_per_vc(4, 4, mixed, snapgen::VcModel{2, {}, false}).ok);
  const auto rep = snapgen::check_deadlock_per_vc(4, 4, mixed, snapgen::VcModel{2, {}, true});
  INFO(rep.problem);
  REQUIRE_FALSE(rep.ok);
  REQUIRE(rep.cycle.front() == rep.cycle.back());
}
