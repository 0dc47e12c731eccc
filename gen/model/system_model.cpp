#include "model/system_model.hpp"

#include <algorithm>
#include <stdexcept>

#include "model/design.hpp"
#include "util/text.hpp"

namespace snapgen {

int opposite_port(int port) {
  switch (port) {
    case kPortNorth: return kPortSouth;
    case kPortSouth: return kPortNorth;
    case kPortEast: return kPortWest;
    case kPortWest: return kPortEast;
    default: return kPortLocal;
  }
}

std::vector<Hop> route(const Design& d, int sx, int sy, int dx, int dy) {
  std::vector<Hop> hops;
  int x = sx, y = sy;
  auto step_x = [&] {
    while (x != dx) {
      const int port = dx > x ? kPortEast : kPortWest;
      hops.push_back({x, y, port});
      x += dx > x ? 1 : -1;
    }
  };
  auto step_y = [&] {
    while (y != dy) {
      const int port = dy > y ? kPortSouth : kPortNorth;
      hops.push_back({x, y, port});
      y += dy > y ? 1 : -1;
    }
  };
  if (d.noc.routing == spec::Routing::Yx) {
    step_y();
    step_x();
  } else {
    step_x();
    step_y();
  }
  return hops;
}

Bundle::Bundle(std::initializer_list<std::pair<std::string_view, int>> list) {
  for (const auto& [name, w] : list) {
    fields.push_back({std::string(name), w, width});
    width += w;
  }
}

const Field& Bundle::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return f;
  throw std::logic_error("bundle has no field " + std::string(name));
}

const Port& SystemModel::top_port(std::string_view name) const {
  for (const auto& p : top_ports)
    if (p.name == name) return p;
  throw std::logic_error("system top has no port " + std::string(name));
}

std::vector<const TileNode*> SystemModel::nodes_on(int die_row, int die_col) const {
  std::vector<const TileNode*> out;
  for (const auto& n : nodes)
    if (n.die_row == die_row && n.die_col == die_col) out.push_back(&n);
  return out;
}

namespace {

// Tile nodes (one per layer) and the die-to-die links their traffic crosses.
void place_nodes_and_links(const Design& d, SystemModel& plan) {
  plan.per_flit = (d.noc.flit_bits - plan.pay_off) / d.tile.act_bits;
  plan.vector_flits = plan.flits_for(d.clp.channels);
  const int layers = static_cast<int>(d.layers.size());
  auto die_of = [&](int gx, int gy) { return std::pair{gy / d.mesh_rows, gx / d.mesh_cols}; };

  for (int i = 0; i < layers; ++i) {
    const LayerPlacement& l = d.layers[static_cast<std::size_t>(i)];
    TileNode n;
    n.layer = i;
    n.die_row = l.die_row;
    n.die_col = l.die_col;
    n.gx = l.gx;
    n.gy = l.gy;
    n.in = l.in;
    n.out = l.out;
    n.relu = l.relu;
    n.first = i == 0;
    n.last = i + 1 == layers;
    if (!n.last) {
      n.next_gx = d.layers[static_cast<std::size_t>(i + 1)].gx;
      n.next_gy = d.layers[static_cast<std::size_t>(i + 1)].gy;
    }
    n.in_max_flits = plan.flits_for(n.in);
    if (i > 0 && d.layers[static_cast<std::size_t>(i - 1)].next_on_other_die)
      n.in_max_flits = std::max(n.in_max_flits, plan.vector_flits);
    plan.nodes.push_back(n);
  }
  // Die-to-die links on the routes between consecutive layers.
  for (int i = 0; i + 1 < layers; ++i) {
    const auto& a = d.layers[static_cast<std::size_t>(i)];
    const auto& b = d.layers[static_cast<std::size_t>(i + 1)];
    auto& crossed = plan.crossing_links.emplace_back();
    for (const Hop& h : route(d, a.gx, a.gy, b.gx, b.gy)) {
      const int nx = h.x + (h.port == kPortEast) - (h.port == kPortWest);
      const int ny = h.y + (h.port == kPortSouth) - (h.port == kPortNorth);
      const auto [sr, sc] = die_of(h.x, h.y);
      const auto [dr, dc] = die_of(nx, ny);
      if (sr == dr && sc == dc) continue;
      const auto known = std::find_if(plan.links.begin(), plan.links.end(), [&](const D2dLink& k) {
        return k.src_gx == h.x && k.src_gy == h.y && k.port == h.port;
      });
      if (known != plan.links.end()) {
        crossed.push_back(known->index);
        continue;
      }
      crossed.push_back(static_cast<int>(plan.links.size()));
      D2dLink k;
      k.index = static_cast<int>(plan.links.size());
      k.port = h.port;
      k.src_gx = h.x;
      k.src_gy = h.y;
      k.dst_gx = nx;
      k.dst_gy = ny;
      k.src_die_row = sr;
      k.src_die_col = sc;
      k.dst_die_row = dr;
      k.dst_die_col = dc;
      plan.links.push_back(k);
    }
  }
}

std::vector<Port> system_top_ports(const Design& d, const SystemModel& m) {
  const int a = d.tile.act_bits;
  std::vector<Port> p = {{false, 1, "clk_i"}, {false, 1, "rst_ni"}};
  p.insert(p.end(), m.cfg_ports.begin(), m.cfg_ports.end());
  p.push_back({false, 1, "in_valid_i"});
  p.push_back({true, 1, "in_ready_o"});
  p.push_back({false, m.nodes.front().in * a, "in_vec_i"});
  p.push_back({true, 1, "out_valid_o"});
  p.push_back({false, 1, "out_ready_i"});
  p.push_back({true, m.nodes.back().out * a, "out_vec_o"});
  // With no die crossing the link ports keep a width of 1 link (constant), so every system has
  // the same port list for the harness.
  p.push_back({false, m.port_links * m.fwd_wire.field("data").width, "d2d_flip_i"});
  p.push_back({true, m.port_links * m.link_obs.width, "obs_d2d_o"});
  p.push_back({true, m.port_links * 2, "obs_d2d_events_o"});
  p.push_back({true, m.routers * m.router_obs.width, "obs_links_o"});
  p.push_back({true, static_cast<int>(m.nodes.size()) * m.mac_count_bits, "obs_macs_o"});
  return p;
}

}  // namespace

SystemModel elaborate_system(const Design& d) {
  SystemModel m;
  place_nodes_and_links(d, m);
  const int layers = static_cast<int>(d.layers.size());
  m.node_bits = std::max(1, clog2(layers + static_cast<int>(m.links.size())));
  m.cfg_data_bits = std::max({d.tile.ld_data_bits, d.tile.mult_bits, d.clp.lanes_per_cycle * d.clp.threshold_bits,
                              d.clp.lanes_per_cycle * d.clp.scale_bits, d.tile.act_bits + 1});
  m.mac_count_bits = d.tile.count_bits;
  m.routers = d.die_rows * d.die_cols * d.mesh_rows * d.mesh_cols;
  m.port_links = std::max(1, static_cast<int>(m.links.size()));
  m.fwd_wire = Bundle{{"valid", 1}, {"last", 1}, {"data", d.d2d.lanes}};
  m.rev_wire = Bundle{{"credit", 1}, {"ack_valid", 1}, {"ack_nak", 1}, {"ack_seq", d.d2d.seq_bits}};
  m.link_obs = Bundle{{"fwd", m.fwd_wire.width}, {"rev", m.rev_wire.width}};
  m.router_obs = Bundle{{"out_flit", kRouterPorts * d.noc.flit_bits}, {"out_valid", kRouterPorts}};
  m.cfg_ports = {{false, 1, "cfg_valid_i"},
                 {false, m.node_bits, "cfg_node_i"},
                 {false, m.cfg_sel_bits, "cfg_sel_i"},
                 {false, m.cfg_addr_bits, "cfg_addr_i"},
                 {false, m.cfg_data_bits, "cfg_data_i"}};
  m.top_ports = system_top_ports(d, m);
  return m;
}

}  // namespace snapgen
