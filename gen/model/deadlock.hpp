#pragma once
// Deadlock check of a deterministic routing function over the whole global router grid
// (docs/noc.md "Deadlock"): builds the channel dependency graph (Dally & Seitz) and looks for a
// cycle. Channels are the directed router-to-router links; channel a depends on channel b when a
// packet holding a may wait for b, i.e. some route enters a router on a and leaves it on b.
// Wormhole routing without virtual channels is deadlock-free if this graph is acyclic.
#include <functional>
#include <string>
#include <vector>

namespace snapgen {

// Output port chosen at router (x, y) for a packet to (dx, dy): 0 = north (y-1), 1 = east (x+1),
// 2 = south (y+1), 3 = west (x-1), 4 = local (arrived). Routing may depend only on these.
using RoutingFn = std::function<int(int x, int y, int dx, int dy)>;

// Dimension-order routing: XY (correct x first) or YX.
RoutingFn dimension_order(bool yx);

struct DeadlockReport {
  bool ok = true;                  // acyclic and every route reaches its destination
  std::vector<std::string> cycle;  // channels of one dependency cycle, "(x,y)->(x',y')"
  std::string problem;             // human-readable reason when !ok
};

DeadlockReport check_deadlock(int rows, int cols, const RoutingFn& route);

}  // namespace snapgen
