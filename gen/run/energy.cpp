#include "run/energy.hpp"

namespace snapgen {

nlohmann::ordered_json to_json(const EnergyTable& t) {
  return {{"d2d_pj_per_toggle", t.d2d_pj_per_toggle},
          {"link_pj_per_toggle", t.link_pj_per_toggle},
          {"router_pj_per_flit", t.router_pj_per_flit},
          {"mac_pj", t.mac_pj},
          {"clp_pj_per_op", t.clp_pj_per_op}};
}

EnergyBreakdown energy_of(const EnergyEvents& e, const EnergyTable& t) {
  return {static_cast<double>(e.d2d_toggles) * t.d2d_pj_per_toggle, static_cast<double>(e.onchip_toggles) * t.link_pj_per_toggle,
          static_cast<double>(e.router_flits) * t.router_pj_per_flit, static_cast<double>(e.macs) * t.mac_pj,
          e.clp_ops * t.clp_pj_per_op};
}

nlohmann::ordered_json to_json(const EnergyBreakdown& e) {
  return {{"total", e.total()}, {"d2d", e.d2d}, {"links", e.links}, {"routers", e.routers}, {"macs", e.macs}, {"clp", e.clp}};
}

}  // namespace snapgen
