#include "model/energy_presets.hpp"

#include <stdexcept>

namespace snapgen {

namespace {

// A quoted pJ/bit P (full rate, random data, activity 0.5) split into a per-UI part and a
// data-dependent part: a share s of P moves with the data, so per toggle it costs s * P / 0.5 and
// P = (1 - s) * P + 0.5 * (s * P / 0.5). The forwarded clock / idle receivers cost c * P per wire
// per cycle while the link is up. s and c are stated assumptions (docs/energy.md).
PhyPreset split(std::string_view name, double p, double s, double c) {
  return {name, p, (1.0 - s) * p, s * p / 0.5, c * p, s * p / 0.5};
}

// 45 nm: M. Horowitz, ISSCC 2014. 8-bit multiply 0.2 pJ (/64 bit products), 32-bit add 0.1 pJ
// (/32 bits), 8 KB SRAM 64-bit access 10 pJ (/64 bits, read = write assumed). A flip-flop write
// per bit is assumed to cost one full-adder bit (8-bit add 0.03 pJ / 8). A CLP update is an add and
// a compare: two 8-bit adds. Router and on-die wire figures are the previous table's advanced-node
// values scaled back by the node factor. Leakage fraction: assumption.
NodeTable horowitz45() {
  return {"horowitz_45nm", 0.2 / 64, 0.1 / 32, 10.0 / 64, 10.0 / 64, 0.03 / 8, 0.4, 4.0, 2 * 0.03, 0.05};
}

// The advanced node: every 45 nm dynamic energy x kAdvancedScale (assumption, docs/energy.md), the
// on-die wire and router figures of the previous table, a larger leakage share.
constexpr double kAdvancedScale = 0.25;
NodeTable scaled7() {
  const NodeTable h = horowitz45();
  const double k = kAdvancedScale;
  return {"scaled_7nm", h.mult_pj_per_bit_product * k, h.add_pj_per_bit * k, h.sram_read_pj_per_bit * k,
          h.sram_write_pj_per_bit * k, h.reg_pj_per_bit * k, 0.1, 1.0, h.clp_pj_per_op * k, 0.1};
}

template <class T>
const T& find(const std::vector<T>& v, std::string_view name, const char* what) {
  for (const auto& e : v)
    if (e.name == name) return e;
  throw std::logic_error(std::string("unknown ") + what + " " + std::string(name));
}

}  // namespace

const std::vector<PhyPreset>& phy_presets() {
  static const std::vector<PhyPreset> t{
      split("ucie_standard", 0.5, 0.2, 0.05),        // UCIe 1.0 standard package target 0.5 pJ/b
      split("ucie_advanced", 0.25, 0.3, 0.05),       // UCIe 1.0 advanced package target 0.25 pJ/b
      split("aib_bow", 0.5, 0.5, 0.05),              // AIB 2.0 / OCP BoW class, ~0.5 pJ/b
      split("serdes_short_reach", 1.0, 0.1, 0.5)};   // XSR/USR SerDes, ~1 pJ/b transceiver
  return t;
}

const std::vector<NodeTable>& node_tables() {
  static const std::vector<NodeTable> t{horowitz45(), scaled7()};
  return t;
}

std::vector<std::string> phy_preset_names() {
  std::vector<std::string> n;
  for (const auto& p : phy_presets()) n.emplace_back(p.name);
  return n;
}

std::vector<std::string> node_names() {
  std::vector<std::string> n;
  for (const auto& p : node_tables()) n.emplace_back(p.name);
  return n;
}

const PhyPreset& phy_preset(std::string_view name) { return find(phy_presets(), name, "energy preset"); }
const NodeTable& node_table(std::string_view name) { return find(node_tables(), name, "technology node"); }

}  // namespace snapgen
