#pragma once
// Energy of a simulated run: counted events x the `energy:` table (docs/energy.md), which
// elaboration reads into Design::runtime.energy.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "model/runtime_params.hpp"

namespace snapgen {

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
