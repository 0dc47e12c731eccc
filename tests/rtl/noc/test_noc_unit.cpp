// Pure C++ rules of the NoC: the golden flit format and routing, and the generator's deadlock
// check (docs/noc.md).
#include <catch2/catch.hpp>

#include "golden/noc/noc_golden.hpp"
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
