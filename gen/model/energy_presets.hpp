#pragma once
// Named energy tables (`energy.preset`, `energy.node`): the die-to-die PHY figures of a preset and
// the on-die figures of a technology node. Every entry is a default only: an explicit `energy.*`
// key wins (elaborate_runtime). Sources and the assumptions behind each number: docs/energy.md.
#include <string>
#include <string_view>
#include <vector>

namespace snapgen {

// The D2D PHY of a preset.
struct PhyPreset {
  std::string_view name;
  double pj_per_bit_quoted = 0;        // the cited figure, full rate, random data
  double pj_per_bit = 0;               // per forward lane-beat sent, whatever the data
  double pj_per_toggle = 0;            // per forward wire transition
  double clock_pj_per_wire_cycle = 0;  // per D2D wire per cycle while the link is up
  double sideband_pj_per_toggle = 0;   // per reverse (credit/ACK/NAK) wire transition
};

// The on-die figures of a technology node.
struct NodeTable {
  std::string_view name;
  double mult_pj_per_bit_product = 0;  // multiplier, per act_bits x weight_bits
  double add_pj_per_bit = 0;           // adder, per accumulator bit
  double sram_read_pj_per_bit = 0, sram_write_pj_per_bit = 0;
  double reg_pj_per_bit = 0;           // flip-flop / FIFO write, per bit
  double link_pj_per_toggle = 0;       // on-die router-to-router wire transition
  double router_pj_per_flit = 0;
  double clp_pj_per_op = 0;            // CLP neuron update (add + compare)
  double leakage_fraction = 0;         // leakage per cycle / a block's peak dynamic energy per cycle
};

const std::vector<PhyPreset>& phy_presets();
const std::vector<NodeTable>& node_tables();
std::vector<std::string> phy_preset_names();
std::vector<std::string> node_names();
const PhyPreset& phy_preset(std::string_view name);  // throws std::logic_error when absent
const NodeTable& node_table(std::string_view name);  // throws std::logic_error when absent

inline constexpr std::string_view kDefaultPhyPreset = "ucie_advanced";
inline constexpr std::string_view kDefaultNode = "scaled_7nm";

}  // namespace snapgen
