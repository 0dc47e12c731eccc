#include "model/deadlock.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace snapgen {

RoutingFn dimension_order(bool yx) {
  return [yx](int x, int y, int dx, int dy) {
    const int xdir = dx > x ? 1 : dx < x ? 3 : -1;
    const int ydir = dy > y ? 2 : dy < y ? 0 : -1;
    const int first = yx ? ydir : xdir, second = yx ? xdir : ydir;
    return first >= 0 ? first : second >= 0 ? second : 4;
  };
}

VcModel die_crossings_shared(int vcs, int mesh_rows, int mesh_cols) {
  VcModel m;
  m.vcs = vcs;
  m.shared = [mesh_rows, mesh_cols](int x, int y, int port) {
    const int nx = x + (port == 1) - (port == 3), ny = y + (port == 2) - (port == 0);
    return x / mesh_cols != nx / mesh_cols || y / mesh_rows != ny / mesh_rows;
  };
  return m;
}

namespace {

struct Grid {
  int rows, cols;
  int id(int x, int y) const { return y * cols + x; }
  // Neighbour through `port`, or -1 off the grid.
  int next(int x, int y, int port) const {
    const int nx = x + (port == 1) - (port == 3), ny = y + (port == 2) - (port == 0);
    return (nx < 0 || ny < 0 || nx >= cols || ny >= rows) ? -1 : id(nx, ny);
  }
  std::string channel(int c) const {
    const int r = c / 4, port = c % 4, x = r % cols, y = r / cols;
    const int nx = x + (port == 1) - (port == 3), ny = y + (port == 2) - (port == 0);
    return fmt::format("({},{})->({},{})", x, y, nx, ny);
  }
};

// Dependencies of one VC's routing: succ[c] bit p set when channel c (router r, port) can be
// followed by port p at its head router. Returns false with `problem` set when a route leaves the
// grid or ejects at the wrong router.
bool route_table(const Grid& g, const RoutingFn& route, const std::string& on_vc, std::vector<std::uint8_t>& succ,
                 std::string& problem) {
  const int n = g.rows * g.cols;
  succ.assign(static_cast<std::size_t>(n) * 4, 0);
  for (int d = 0; d < n; ++d) {
    const int dx = d % g.cols, dy = d / g.cols;
    for (int r = 0; r < n; ++r) {
      const int x = r % g.cols, y = r / g.cols;
      const int port = route(x, y, dx, dy);
      if (port == 4) {
        if (r != d) {
          problem = fmt::format("router ({},{}) ejects a packet for ({},{}){}", x, y, dx, dy, on_vc);
          return false;
        }
        continue;
      }
      const int nb = (port >= 0 && port < 4) ? g.next(x, y, port) : -1;
      if (nb < 0) {
        problem = fmt::format("router ({},{}) sends a packet for ({},{}){} off the grid (port {})", x, y, dx, dy, on_vc, port);
        return false;
      }
      const int out = route(nb % g.cols, nb / g.cols, dx, dy);
      if (out != 4) succ[static_cast<std::size_t>(r * 4 + port)] |= static_cast<std::uint8_t>(1u << out);
    }
  }
  return true;
}

// Looks for a cycle over the nodes (channel c, VC v), numbered c * vcs + v. succ[c * vcs + v]:
// the ports that can follow c on VC v (bits as in route_table).
DeadlockReport find_cycle(const Grid& g, const VcModel& m, const std::vector<std::uint8_t>& succ) {
  const int vcs = m.vcs, channels = g.rows * g.cols * 4;
  std::vector<std::uint8_t> shared(static_cast<std::size_t>(channels), 0);
  for (int c = 0; c < channels; ++c) {
    const int x = (c / 4) % g.cols, y = (c / 4) / g.cols;
    if (m.shared && g.next(x, y, c % 4) >= 0 && m.shared(x, y, c % 4)) shared[static_cast<std::size_t>(c)] = 1;
  }
  const auto name = [&](int c, int v) { return g.channel(c) + (vcs > 1 ? fmt::format(" vc {}", v) : ""); };
  // Iterative DFS with colours; a grey successor closes a cycle, read back from the stack.
  // Edge k of node (c, v) (k < 4 * vcs): port k % 4 on VC w = (v + k / 4) % vcs -- the own VC
  // first; another VC only when c is shared (a wait behind that VC's flit in c's FIFO) or VCs are
  // allocated per hop (the packet may take VC w of the next channel).
  const int nodes = channels * vcs;
  std::vector<std::uint8_t> colour(static_cast<std::size_t>(nodes), 0);  // 0 white, 1 grey, 2 black
  std::vector<std::pair<int, int>> stack;                                // (node, next edge to try)
  DeadlockReport rep;
  for (int start = 0; start < nodes; ++start) {
    if (colour[static_cast<std::size_t>(start)] != 0) continue;
    stack.push_back({start, 0});
    colour[static_cast<std::size_t>(start)] = 1;
    while (!stack.empty()) {
      auto& [node, k] = stack.back();
      if (k == 4 * vcs) {
        colour[static_cast<std::size_t>(node)] = 2;
        stack.pop_back();
        continue;
      }
      const int edge = k++;
      const int c = node / vcs, v = node % vcs, port = edge % 4, w = (v + edge / 4) % vcs;
      if (w != v && !shared[static_cast<std::size_t>(c)] && !m.per_hop) continue;
      if (!((succ[static_cast<std::size_t>(c * vcs + w)] >> port) & 1u)) continue;
      const int head = g.next((c / 4) % g.cols, (c / 4) / g.cols, c % 4);
      const int next = (head * 4 + port) * vcs + w;
      if (colour[static_cast<std::size_t>(next)] == 1) {
        std::vector<int> loop;
        bool in = false;
        for (const auto& [sn, sk] : stack) {
          (void)sk;
          if (sn == next) in = true;
          if (in) loop.push_back(sn);
        }
        loop.push_back(next);
        rep.ok = false;
        rep.problem = "channel dependency cycle: ";
        for (std::size_t i = 0; i < loop.size(); ++i) {
          const int lc = loop[i] / vcs, lv = loop[i] % vcs;
          if (i > 0 && loop[i - 1] % vcs != lv) {  // waits behind VC lv's flit in the shared FIFO
            rep.cycle.push_back(name(loop[i - 1] / vcs, lv));
            rep.problem += " ~> " + rep.cycle.back();
          }
          rep.cycle.push_back(name(lc, lv));
          rep.problem += (i ? " => " : "") + rep.cycle.back();
        }
        return rep;
      }
      if (colour[static_cast<std::size_t>(next)] == 0) {
        colour[static_cast<std::size_t>(next)] = 1;
        stack.push_back({next, 0});
      }
    }
  }
  return rep;
}

DeadlockReport bad_vcs(int vcs) {
  DeadlockReport rep;
  rep.ok = false;
  rep.problem = fmt::format("{} virtual channels (need at least 1)", vcs);
  return rep;
}

}  // namespace

DeadlockReport check_deadlock(int rows, int cols, const RoutingFn& route) { return check_deadlock(rows, cols, route, VcModel{}); }

DeadlockReport check_deadlock(int rows, int cols, const RoutingFn& route, const VcModel& m) {
  if (m.vcs < 1) return bad_vcs(m.vcs);
  const Grid g{rows, cols};
  DeadlockReport rep;
  std::vector<std::uint8_t> one;
  if (!route_table(g, route, "", one, rep.problem)) {
    rep.ok = false;
    return rep;
  }
  // Every VC is routed alike: each VC's dependencies are a copy of the one-VC graph.
  std::vector<std::uint8_t> succ(one.size() * static_cast<std::size_t>(m.vcs));
  for (std::size_t c = 0; c < one.size(); ++c)
    for (int v = 0; v < m.vcs; ++v) succ[c * static_cast<std::size_t>(m.vcs) + static_cast<std::size_t>(v)] = one[c];
  return find_cycle(g, m, succ);
}

DeadlockReport check_deadlock_per_vc(int rows, int cols, const VcRoutingFn& route, const VcModel& m) {
  if (m.vcs < 1) return bad_vcs(m.vcs);
  const Grid g{rows, cols};
  DeadlockReport rep;
  std::vector<std::uint8_t> succ, one;
  for (int v = 0; v < m.vcs; ++v) {
    const RoutingFn on_v = [&route, v](int x, int y, int dx, int dy) { return route(x, y, dx, dy, v); };
    if (!route_table(g, on_v, fmt::format(" on vc {}", v), one, rep.problem)) {
      rep.ok = false;
      return rep;
    }
    if (succ.empty()) succ.assign(one.size() * static_cast<std::size_t>(m.vcs), 0);
    for (std::size_t c = 0; c < one.size(); ++c) succ[c * static_cast<std::size_t>(m.vcs) + static_cast<std::size_t>(v)] = one[c];
  }
  return find_cycle(g, m, succ);
}

}  // namespace snapgen
