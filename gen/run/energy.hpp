#pragma once
// Energy of a simulated run: counted events x the `energy:` table (docs/energy.md). The table is
// read from the configuration once, here, into a typed struct.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "config/config.hpp"

namespace snapgen {

struct EnergyTable {
  double d2d_pj_per_toggle = 0, link_pj_per_toggle = 0, router_pj_per_flit = 0, mac_pj = 0, clp_pj_per_op = 0;
};
EnergyTable energy_table(const Config& c);
nlohmann::ordered_json to_json(const EnergyTable& t);

// The events one run counted.
struct EnergyEvents {
  std::uint64_t d2d_toggles = 0, onchip_toggles = 0, router_flits = 0, macs = 0;
  double clp_ops = 0;
};

struct EnergyBreakdown {
  double d2d = 0, links = 0, routers = 0, macs = 0, clp = 0;
  double total() const { return d2d + links + routers + macs + clp; }
};
EnergyBreakdown energy_of(const EnergyEvents& e, const EnergyTable& t);
nlohmann::ordered_json to_json(const EnergyBreakdown& e);

}  // namespace snapgen
