#pragma once
// The elaborated multi-die system, computed once per Design (Design::system) and read by every
// consumer: the chiplet/system emitters, the EMIO link top, the `snapgen run` job writer, the
// Verilator runner (through the job's layout) and the Icarus testbench. It holds where the
// workload's tiles sit, which die-to-die links its traffic uses (found by walking the
// dimension-order route of every layer-to-layer transfer), the configuration-bus node ids, every
// wire bundle with its field order and offsets, and the system top's port list.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace snapgen {

struct Design;

// Router port indices (same as snap_noc_router): 0 N (y-1), 1 E (x+1), 2 S (y+1), 3 W (x-1), 4 local.
inline constexpr int kPortNorth = 0, kPortEast = 1, kPortSouth = 2, kPortWest = 3, kPortLocal = 4;
inline constexpr int kRouterPorts = 5;
// Port names by index, as the generated mesh ports and the reports spell them.
inline constexpr std::array<const char*, kRouterPorts> kPortNames = {"north", "east", "south", "west", "local"};
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

// A flat bit vector made of named fields; fields[0] sits at bit 0. SystemVerilog concatenations
// of a bundle list the fields from the last to the first (sv::concat), C++ reads them at `offset`.
struct Field {
  std::string name;
  int width = 0, offset = 0;
};
struct Bundle {
  std::vector<Field> fields;
  int width = 0;
  Bundle(std::initializer_list<std::pair<std::string_view, int>> fields);
  Bundle() = default;
  const Field& field(std::string_view name) const;  // throws std::logic_error when absent
};

// A port of a generated top.
struct Port {
  bool output = false;
  int width = 1;
  std::string name;
};

struct SystemModel {
  std::vector<TileNode> nodes;
  std::vector<D2dLink> links;
  // Per layer i but the last: the links (indices into `links`) the route from layer i to layer
  // i+1 crosses, in route order. A vector is converted once per entry (a "die crossing").
  std::vector<std::vector<int>> crossing_links;
  int node_bits = 1;          // configuration-bus node id width
  int cfg_sel_bits = 3;       // configuration-bus target select (tile W/bias/requant/regs, CLP thr/scale)
  int cfg_addr_bits = 16;
  int cfg_data_bits = 0;      // wide enough for every load word
  int vector_count_bits = 32; // snap_tile_ctrl's vectors-per-run register (cfg_data_bits >= 32: MultBits)
  int pay_off = 2;            // first payload bit of a payload flit (above the 2-bit flit type)
  int per_flit = 0;           // activations per payload flit
  int vector_flits = 0;       // payload flits of a clp.channels-wide vector
  int mac_count_bits = 0;
  int routers = 0;            // routers over all dies
  int port_links = 1;         // links the system top's ports are sized for: max(1, links)

  Bundle fwd_wire;    // per link, TX -> RX: valid, last, data (d2d.lanes)
  Bundle rev_wire;    // per link, RX -> TX: credit, ack_valid, ack_nak, ack_seq
  Bundle link_obs;    // per link on obs_d2d_o: fwd (TX side), rev (RX side)
  Bundle router_obs;  // per router on obs_links_o: out_flit (5 flits), out_valid (5)
  std::vector<Port> cfg_ports;   // cfg_valid_i .. cfg_data_i (every chiplet and the system top)
  std::vector<Port> top_ports;   // <name>_system, in order

  std::vector<const TileNode*> nodes_on(int die_row, int die_col) const;
  int flits_for(int activations) const { return (activations + per_flit - 1) / per_flit; }
  const Port& top_port(std::string_view name) const;  // throws std::logic_error when absent
};

// Router hops of a dimension-order route (XY or YX) from (sx, sy) to (dx, dy): (x, y, out port).
struct Hop {
  int x, y, port;
};
std::vector<Hop> route(const Design& d, int sx, int sy, int dx, int dy);

// Called once by elaborate(); everything else reads Design::system.
SystemModel elaborate_system(const Design& d);

}  // namespace snapgen
