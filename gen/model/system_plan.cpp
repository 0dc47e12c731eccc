#include "model/system_plan.hpp"

#include <algorithm>
#include <stdexcept>

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
  if (d.noc.routing == "yx") {
    step_y();
    step_x();
  } else {
    step_x();
    step_y();
  }
  return hops;
}

std::vector<const TileNode*> SystemPlan::nodes_on(int die_row, int die_col) const {
  std::vector<const TileNode*> out;
  for (const auto& n : nodes)
    if (n.die_row == die_row && n.die_col == die_col) out.push_back(&n);
  return out;
}

SystemPlan plan_system(const Design& d) {
  SystemPlan plan;
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
    for (const Hop& h : route(d, a.gx, a.gy, b.gx, b.gy)) {
      const int nx = h.x + (h.port == kPortEast) - (h.port == kPortWest);
      const int ny = h.y + (h.port == kPortSouth) - (h.port == kPortNorth);
      const auto [sr, sc] = die_of(h.x, h.y);
      const auto [dr, dc] = die_of(nx, ny);
      if (sr == dr && sc == dc) continue;
      const bool known = std::any_of(plan.links.begin(), plan.links.end(), [&](const D2dLink& k) {
        return k.src_gx == h.x && k.src_gy == h.y && k.port == h.port;
      });
      if (known) continue;
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
  plan.node_bits = std::max(1, clog2(layers + static_cast<int>(plan.links.size())));
  plan.cfg_data_bits = std::max({d.tile.ld_data_bits, d.tile.mult_bits, d.clp.lanes_per_cycle * d.clp.threshold_bits,
                                 d.clp.lanes_per_cycle * d.clp.scale_bits, d.tile.act_bits + 1});
  plan.fwd_wire_bits = 2 + d.d2d.lanes;
  plan.rev_wire_bits = 3 + d.d2d.seq_bits;
  plan.router_obs_bits = 5 + 5 * d.noc.flit_bits;
  plan.mac_count_bits = d.tile.count_bits;
  return plan;
}

}  // namespace snapgen
