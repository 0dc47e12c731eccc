#include "run/energy.hpp"

namespace snapgen {

nlohmann::ordered_json to_json(const EnergyTable& t) {
  nlohmann::ordered_json j = {{"preset", t.preset},
                              {"node", t.node},
                              {"d2d_pj_per_bit", t.d2d_pj_per_bit},
                              {"d2d_pj_per_toggle", t.d2d_pj_per_toggle},
                              {"d2d_clock_pj_per_wire_cycle", t.d2d_clock_pj_per_wire_cycle},
                              {"d2d_sideband_pj_per_toggle", t.d2d_sideband_pj_per_toggle},
                              {"link_pj_per_toggle", t.link_pj_per_toggle},
                              {"router_pj_per_flit", t.router_pj_per_flit}};
  if (t.mac_pj) j["mac_pj"] = *t.mac_pj;
  j["mult_pj_per_bit_product"] = t.mult_pj_per_bit_product;
  j["add_pj_per_bit"] = t.add_pj_per_bit;
  j["sram_read_pj_per_bit"] = t.sram_read_pj_per_bit;
  j["sram_write_pj_per_bit"] = t.sram_write_pj_per_bit;
  j["reg_pj_per_bit"] = t.reg_pj_per_bit;
  j["clp_pj_per_op"] = t.clp_pj_per_op;
  j["leakage_fraction"] = t.leakage_fraction;
  return j;
}

double mac_pj(const EnergyTable& t, int act_bits, int weight_bits, int acc_bits) {
  if (t.mac_pj) return *t.mac_pj;
  return static_cast<double>(act_bits) * weight_bits * t.mult_pj_per_bit_product + static_cast<double>(acc_bits) * t.add_pj_per_bit;
}

EnergyBreakdown energy_of(const EnergyEvents& e, const EnergyTable& t) {
  auto d = [](std::uint64_t v) { return static_cast<double>(v); };
  const double mac = mac_pj(t, e.act_bits, e.weight_bits, e.acc_bits);
  EnergyBreakdown b;
  b.d2d_bits = d(e.d2d_bits) * t.d2d_pj_per_bit;
  b.d2d_toggles = d(e.d2d_fwd_toggles) * t.d2d_pj_per_toggle;
  b.d2d_clock = d(e.d2d_link_up_cycles) * d(e.d2d_fwd_wires) * t.d2d_clock_pj_per_wire_cycle;
  // The reverse bundle is priced apart: its toggles, and its wires' clock/idle share.
  b.d2d_sideband = d(e.d2d_rev_toggles) * t.d2d_sideband_pj_per_toggle +
                   d(e.d2d_link_up_cycles) * d(e.d2d_rev_wires) * t.d2d_clock_pj_per_wire_cycle;
  // EMIO: every frame bit is written once into the TX frame register and once into the RX one.
  b.emio = 2.0 * d(e.emio_frame_bits) * t.reg_pj_per_bit;
  b.links = d(e.onchip_toggles) * t.link_pj_per_toggle;
  b.routers = d(e.router_flits) * t.router_pj_per_flit;
  b.macs = d(e.macs) * mac;
  b.sram = d(e.sram_read_bits) * t.sram_read_pj_per_bit + d(e.sram_write_bits) * t.sram_write_pj_per_bit;
  b.registers = d(e.register_bits) * t.reg_pj_per_bit;
  b.clp = e.clp_ops * t.clp_pj_per_op;
  // Leakage: a fraction of each block's peak dynamic energy per cycle, for every cycle of the run
  // (a router's peak: a flit through each of its ports).
  const double peak = d(e.pes) * mac + d(e.routers) * kRouterPorts * t.router_pj_per_flit + d(e.clp_channels) * t.clp_pj_per_op;
  b.leakage = d(e.cycles) * t.leakage_fraction * peak;
  return b;
}

nlohmann::ordered_json to_json(const EnergyBreakdown& e) {
  return {{"total", e.total()},       {"d2d", e.d2d()},           {"d2d_bits", e.d2d_bits}, {"d2d_toggles", e.d2d_toggles},
          {"d2d_clock", e.d2d_clock}, {"d2d_sideband", e.d2d_sideband}, {"emio", e.emio},   {"links", e.links},
          {"routers", e.routers},     {"macs", e.macs},           {"sram", e.sram},         {"registers", e.registers},
          {"clp", e.clp},             {"leakage", e.leakage}};
}

}  // namespace snapgen
