#pragma once
// Energy of a simulated run: counted (or schedule-derived) events x the energy table, which
// elaboration reads into Design::runtime.energy from `energy.preset`, `energy.node` and any
// explicit `energy.*` key (docs/energy.md gives every formula and number).
#include <cstdint>

#include <nlohmann/json.hpp>

#include "model/runtime_params.hpp"
#include "model/system_model.hpp"

namespace snapgen {

nlohmann::ordered_json to_json(const EnergyTable& t);

// Energy of one MAC: the explicit `energy.mac_pj`, else a multiplier priced per act_bits x
// weight_bits bit product plus an adder priced per accumulator bit.
double mac_pj(const EnergyTable& t, int act_bits, int weight_bits, int acc_bits);

// The events one run counted or derived, and the sizes the per-cycle terms scale with.
struct EnergyEvents {
  // D2D, summed over links: forward lane-beats sent (beats x forward wires), forward and reverse
  // wire toggles, link-up cycles (cycles x links); wires per link in each direction.
  std::uint64_t d2d_bits = 0, d2d_fwd_toggles = 0, d2d_rev_toggles = 0, d2d_link_up_cycles = 0;
  std::uint64_t d2d_fwd_wires = 0, d2d_rev_wires = 0;
  std::uint64_t emio_frame_bits = 0;  // data bits through the EMIO TX and RX frame registers
  std::uint64_t onchip_toggles = 0, router_flits = 0, macs = 0;
  std::uint64_t sram_read_bits = 0, sram_write_bits = 0, register_bits = 0;
  double clp_ops = 0;
  // Leakage: cycles x the blocks that leak (PEs, routers, CLP channels).
  std::uint64_t cycles = 0, pes = 0, routers = 0, clp_channels = 0;
  int act_bits = 8, weight_bits = 8, acc_bits = 32;
};


// The categories of EnergyBreakdown, in report order (`energy_pj.<category>`; docs/energy.md).
inline constexpr const char* kEnergyCategories[] = {"d2d_bits", "d2d_toggles", "d2d_clock", "d2d_sideband",
                                                    "emio",     "links",       "routers",   "macs",
                                                    "sram",     "registers",   "clp",       "leakage"};

struct EnergyBreakdown {
  double d2d_bits = 0, d2d_toggles = 0, d2d_clock = 0, d2d_sideband = 0, emio = 0;
  double links = 0, routers = 0, macs = 0, sram = 0, registers = 0, clp = 0, leakage = 0;
  double d2d() const { return d2d_bits + d2d_toggles + d2d_clock + d2d_sideband; }
  double total() const { return d2d() + emio + links + routers + macs + sram + registers + clp + leakage; }
};
EnergyBreakdown energy_of(const EnergyEvents& e, const EnergyTable& t);
nlohmann::ordered_json to_json(const EnergyBreakdown& e);

}  // namespace snapgen
