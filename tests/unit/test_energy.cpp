// Specification: the energy model (docs/energy.md) prices each counted or derived event with the
// table; the table's entries come from `energy.preset` (D2D PHY) and `energy.node` (on-die), and an
// explicit `energy.*` key wins. Expected values are computed by hand from the formulas.
#include <catch2/catch.hpp>

#include "config/loader.hpp"
#include "model/runtime_params.hpp"
#include "run/energy.hpp"

using namespace snapgen;

namespace {

EnergyTable hand_table() {
  EnergyTable t;
  t.d2d_pj_per_bit = 0.5;
  t.d2d_pj_per_toggle = 0.25;
  t.d2d_clock_pj_per_wire_cycle = 0.01;
  t.d2d_sideband_pj_per_toggle = 0.125;
  t.link_pj_per_toggle = 0.1;
  t.router_pj_per_flit = 2.0;
  t.mult_pj_per_bit_product = 0.01;
  t.add_pj_per_bit = 0.002;
  t.sram_read_pj_per_bit = 0.2;
  t.sram_write_pj_per_bit = 0.3;
  t.reg_pj_per_bit = 0.004;
  t.clp_pj_per_op = 0.05;
  t.leakage_fraction = 0.1;
  return t;
}

EnergyEvents hand_events() {
  EnergyEvents e;
  e.d2d_bits = 100;
  e.d2d_fwd_toggles = 40;
  e.d2d_rev_toggles = 8;
  e.d2d_link_up_cycles = 20;
  e.d2d_fwd_wires = 10;
  e.d2d_rev_wires = 4;
  e.emio_frame_bits = 80;
  e.onchip_toggles = 30;
  e.router_flits = 5;
  e.macs = 7;
  e.sram_read_bits = 50;
  e.sram_write_bits = 10;
  e.register_bits = 25;
  e.clp_ops = 3;
  e.cycles = 20;
  e.pes = 4;
  e.routers = 2;
  e.clp_channels = 6;
  e.act_bits = 8;
  e.weight_bits = 4;
  e.acc_bits = 16;
  return e;
}

}  // namespace

TEST_CASE("energy: every category is its counted events x the table", "[energy]") {
  const EnergyBreakdown b = energy_of(hand_events(), hand_table());
  CHECK(b.d2d_bits == Approx(50.0));      // 100 bits x 0.5
  CHECK(b.d2d_toggles == Approx(10.0));   // 40 forward toggles x 0.25
  CHECK(b.d2d_clock == Approx(2.0));      // 20 link-up cycles x 10 forward wires x 0.01
  CHECK(b.d2d_sideband == Approx(1.8));   // 8 x 0.125 + 20 cycles x 4 reverse wires x 0.01
  CHECK(b.emio == Approx(0.64));          // 2 x 80 frame bits x 0.004
  CHECK(b.links == Approx(3.0));          // 30 x 0.1
  CHECK(b.routers == Approx(10.0));       // 5 x 2
  CHECK(b.macs == Approx(2.464));         // 7 x (8*4*0.01 + 16*0.002 = 0.352)
  CHECK(b.sram == Approx(13.0));          // 50 x 0.2 + 10 x 0.3
  CHECK(b.registers == Approx(0.1));      // 25 x 0.004
  CHECK(b.clp == Approx(0.15));           // 3 x 0.05
  CHECK(b.leakage == Approx(43.416));     // 20 cycles x 0.1 x (4 x 0.352 + 2 x 5 x 2 + 6 x 0.05)
  CHECK(b.d2d() == Approx(63.8));
  CHECK(b.total() == Approx(136.57));
}

TEST_CASE("energy: an explicit energy.mac_pj prices every MAC whatever the width", "[energy]") {
  EnergyTable t = hand_table();
  t.mac_pj = 1.0;
  const EnergyBreakdown b = energy_of(hand_events(), t);
  CHECK(b.macs == Approx(7.0));
  CHECK(b.leakage == Approx(48.6));  // 20 x 0.1 x (4 x 1.0 + 20 + 0.3)
}

TEST_CASE("energy: the preset and node fill the table, an explicit key wins", "[energy]") {
  SECTION("defaults: ucie_advanced (0.25 pJ/b) and scaled_7nm") {
    const EnergyTable t = elaborate_energy(load_config(ConfigSource{"t.yaml", "{}"}));
    CHECK(t.preset == "ucie_advanced");
    CHECK(t.node == "scaled_7nm");
    CHECK(t.d2d_pj_per_bit == Approx(0.175));             // (1 - 0.3) x 0.25
    CHECK(t.d2d_pj_per_toggle == Approx(0.15));           // 0.3 x 0.25 / 0.5
    CHECK(t.d2d_clock_pj_per_wire_cycle == Approx(0.0125));  // 0.05 x 0.25
    CHECK(t.sram_read_pj_per_bit == Approx(0.0390625));   // 10 pJ / 64 bits x 0.25
    CHECK(t.leakage_fraction == Approx(0.1));
    CHECK_FALSE(t.mac_pj.has_value());
    CHECK(mac_pj(t, 8, 8, 32) == Approx(0.075));          // (0.2 + 0.1) x 0.25
  }
  SECTION("serdes_short_reach at 45 nm, with d2d_pj_per_bit and mac_pj given") {
    const std::vector<std::string> o{"energy.preset=serdes_short_reach", "energy.node=horowitz_45nm",
                                     "energy.d2d_pj_per_bit=0.7", "energy.mac_pj=0.2"};
    const EnergyTable t = elaborate_energy(load_config(ConfigSource{"t.yaml", "{}"}, o));
    CHECK(t.d2d_pj_per_bit == Approx(0.7));               // given: wins over the preset's 0.9
    CHECK(t.d2d_pj_per_toggle == Approx(0.2));            // 0.1 x 1.0 / 0.5
    CHECK(t.d2d_clock_pj_per_wire_cycle == Approx(0.5));  // 0.5 x 1.0
    CHECK(t.sram_read_pj_per_bit == Approx(0.15625));     // 10 pJ / 64 bits
    CHECK(t.mult_pj_per_bit_product == Approx(0.003125)); // 0.2 pJ / 64
    REQUIRE(t.mac_pj.has_value());
    CHECK(*t.mac_pj == Approx(0.2));
  }
}
