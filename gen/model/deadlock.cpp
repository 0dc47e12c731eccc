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

}  // namespace

DeadlockReport check_deadlock(int rows, int cols, const RoutingFn& route) {
  const Grid g{rows, cols};
  const int n = rows * cols;
  DeadlockReport rep;
  // succ[c]: bit p set when channel c (router r, port) can be followed by port p at its head router.
  std::vector<std::uint8_t> succ(static_cast<std::size_t>(n) * 4, 0);
  for (int d = 0; d < n; ++d) {
    const int dx = d % cols, dy = d / cols;
    for (int r = 0; r < n; ++r) {
      const int x = r % cols, y = r / cols;
      const int port = route(x, y, dx, dy);
      if (port == 4) {
        if (r != d) {
          rep.ok = false;
          rep.problem = fmt::format("router ({},{}) ejects a packet for ({},{})", x, y, dx, dy);
          return rep;
        }
        continue;
      }
      const int nb = (port >= 0 && port < 4) ? g.next(x, y, port) : -1;
      if (nb < 0) {
        rep.ok = false;
        rep.problem = fmt::format("router ({},{}) sends a packet for ({},{}) off the grid (port {})", x, y, dx, dy, port);
        return rep;
      }
      const int out = route(nb % cols, nb / cols, dx, dy);
      if (out != 4) succ[static_cast<std::size_t>(r * 4 + port)] |= static_cast<std::uint8_t>(1u << out);
    }
  }
  // Iterative DFS with colours; a grey successor closes a cycle, read back from the stack.
  std::vector<std::uint8_t> colour(succ.size(), 0);  // 0 white, 1 grey, 2 black
  std::vector<std::pair<int, int>> stack;            // (channel, next port to try)
  for (int start = 0; start < static_cast<int>(succ.size()); ++start) {
    if (colour[static_cast<std::size_t>(start)] != 0) continue;
    stack.push_back({start, 0});
    colour[static_cast<std::size_t>(start)] = 1;
    while (!stack.empty()) {
      auto& [c, p] = stack.back();
      if (p == 4) {
        colour[static_cast<std::size_t>(c)] = 2;
        stack.pop_back();
        continue;
      }
      const int port = p++;
      if (!((succ[static_cast<std::size_t>(c)] >> port) & 1u)) continue;
      const int head = g.next((c / 4) % cols, (c / 4) / cols, c % 4);
      const int nc = head * 4 + port;
      if (colour[static_cast<std::size_t>(nc)] == 1) {
        bool in = false;
        for (const auto& [sc, sp] : stack) {
          (void)sp;
          if (sc == nc) in = true;
          if (in) rep.cycle.push_back(g.channel(sc));
        }
        rep.cycle.push_back(g.channel(nc));
        rep.ok = false;
        rep.problem = "channel dependency cycle: ";
        for (std::size_t i = 0; i < rep.cycle.size(); ++i) rep.problem += (i ? " => " : "") + rep.cycle[i];
        return rep;
      }
      if (colour[static_cast<std::size_t>(nc)] == 0) {
        colour[static_cast<std::size_t>(nc)] = 1;
        stack.push_back({nc, 0});
      }
    }
  }
  return rep;
}

}  // namespace snapgen
