#pragma once
// Elaboration of the multi-die system (chiplet and system tops): where the workload's tiles sit,
// which die-to-die links its traffic uses (found by walking the dimension-order route of every
// layer-to-layer transfer), the configuration-bus node ids, and the widths of the glue.
#include <string>
#include <vector>

#include "model/design.hpp"

namespace snapgen {

// Router port indices (same as snap_noc_router): 0 N (y-1), 1 E (x+1), 2 S (y+1), 3 W (x-1), 4 local.
inline constexpr int kPortNorth = 0, kPortEast = 1, kPortSouth = 2, kPortWest = 3, kPortLocal = 4;
int opposite_port(int port);

struct TileNode {
  int layer = 0;            // also its configuration-bus node id
  int die_row = 0, die_col = 0;
  int gx = 0, gy = 0;
  int in = 0, out = 0;
  bool relu = true;
  bool first = false, last = false;
  int next_gx = 0, next_gy = 0;  // destination of its output packet (unless last)
  int in_max_flits = 0;          // payload flits its input packets may have
};

// A die-to-die link used by the workload: from router (src_gx, src_gy) out of port `port` into
// router (dst_gx, dst_gy) on the neighbouring die.
struct D2dLink {
  int index = 0;             // link number; CLP node id = num_layers + index
  int port = 0;
  int src_gx = 0, src_gy = 0, dst_gx = 0, dst_gy = 0;
  int src_die_row = 0, src_die_col = 0, dst_die_row = 0, dst_die_col = 0;
};

struct SystemPlan {
  std::vector<TileNode> nodes;
  std::vector<D2dLink> links;
  int node_bits = 1;          // configuration-bus node id width
  int cfg_addr_bits = 16;
  int cfg_data_bits = 0;      // wide enough for every load word
  int pay_off = 2;            // first payload bit of a payload flit (above the 2-bit flit type)
  int per_flit = 0;           // activations per payload flit
  int vector_flits = 0;       // payload flits of a clp.channels-wide vector
  int fwd_wire_bits = 0;      // per link, TX -> RX: valid, last, data lanes
  int rev_wire_bits = 0;      // per link, RX -> TX: credit, ack_valid, ack_nak, ack_seq
  int router_obs_bits = 0;    // per router: 5 out_valid + 5 flits
  int mac_count_bits = 0;

  std::vector<const TileNode*> nodes_on(int die_row, int die_col) const;
  int flits_for(int activations) const { return (activations + per_flit - 1) / per_flit; }
};

// Router hops of a dimension-order route (XY or YX) from (sx, sy) to (dx, dy): (x, y, out port).
struct Hop {
  int x, y, port;
};
std::vector<Hop> route(const Design& d, int sx, int sy, int dx, int dy);

SystemPlan plan_system(const Design& d);

}  // namespace snapgen
