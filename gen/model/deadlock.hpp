#pragma once
// Deadlock check of a deterministic routing function over the whole global router grid
// (docs/noc.md "Deadlock"): builds the channel dependency graph (Dally & Seitz) and looks for a
// cycle. Channels are the directed router-to-router links; channel a depends on channel b when a
// packet holding a may wait for b, i.e. some route enters a router on a and leaves it on b.
// Wormhole routing without virtual channels is deadlock-free if this graph is acyclic.
//
// With virtual channels the nodes are (channel, VC). A packet keeps the VC it was injected on
// (rtl/noc/snap_noc_router.sv), so a route that enters a router on (a, v) and leaves it on b adds
// (a, v) -> (b, v) (with per-hop allocation, VcModel::per_hop: (a, v) -> (b, w) for every w).
// Ejection is a sink and adds nothing. A shared channel carries all its VCs
// through one stream, whole packets one at a time (an EMIO crossing, rtl/system/snap_vc_link_rx.sv):
// a packet of VC v there can wait behind a packet of VC w, which waits for what (a, w) waits for,
// so a shared channel a also adds (a, v) -> (b, w) for every dependency (a, w) -> (b, w), w != v.
// (Head-of-line waits end at the stream's head packet, which waits only for a channel further
// along its own route. This needs whole packets: with VCs interleaved flit by flit a packet's tail
// can wait behind a later packet's head, a wait this graph does not show; docs/noc.md.)
#include <functional>
#include <string>
#include <vector>

namespace snapgen {

// Output port chosen at router (x, y) for a packet to (dx, dy): 0 = north (y-1), 1 = east (x+1),
// 2 = south (y+1), 3 = west (x-1), 4 = local (arrived). Routing may depend only on these.
using RoutingFn = std::function<int(int x, int y, int dx, int dy)>;

// The same for a packet on VC `vc`. The RTL routes every VC alike (a RoutingFn); a VC-dependent
// function is a model of other routers, used to show what the shared-channel coupling adds.
using VcRoutingFn = std::function<int(int x, int y, int dx, int dy, int vc)>;

// Dimension-order routing: XY (correct x first) or YX.
RoutingFn dimension_order(bool yx);

struct VcModel {
  int vcs = 1;  // VCs per channel, >= 1
  // True when the channel leaving router (x, y) through `port` (0..3) carries all its VCs through
  // one shared stream (whole packets one at a time). Empty: no channel is shared.
  std::function<bool(int x, int y, int port)> shared;
  // Per-hop VC allocation (die.router.vc_alloc = per_hop): a packet leaving channel a on VC v may
  // take any VC of the next channel b, so every dependency a -> b adds (a, v) -> (b, w) for all w.
  // (With every VC routed alike the verdict stays the one-VC verdict; see the tests.)
  bool per_hop = false;
};

// `vcs` VCs per channel; the channels between two dies of `mesh_rows x mesh_cols` routers are
// shared (die of global router (x, y) = (y / mesh_rows, x / mesh_cols)), as in the EMIO-joined top.
VcModel die_crossings_shared(int vcs, int mesh_rows, int mesh_cols);

struct DeadlockReport {
  bool ok = true;  // acyclic and every route reaches its destination
  // Nodes of one dependency cycle, the first repeated at the end: "(x,y)->(x',y')", followed by
  // " vc v" when there is more than one VC. A step between two VCs of one channel is a wait
  // behind another VC's flit in its shared FIFO (shown as "~>" in `problem`, other steps "=>").
  std::vector<std::string> cycle;
  std::string problem;  // human-readable reason when !ok
};

// One VC, no shared channels.
DeadlockReport check_deadlock(int rows, int cols, const RoutingFn& route);
// Every VC routed by `route` (as the RTL does).
DeadlockReport check_deadlock(int rows, int cols, const RoutingFn& route, const VcModel& vcs);
// VC-dependent routing (a model only; see VcRoutingFn).
DeadlockReport check_deadlock_per_vc(int rows, int cols, const VcRoutingFn& route, const VcModel& vcs);

}  // namespace snapgen
