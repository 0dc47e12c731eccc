#include "model/runtime_params.hpp"

#include "model/energy_presets.hpp"

namespace snapgen {

namespace {
int as_int(std::int64_t v) { return static_cast<int>(v); }
std::size_t as_size(std::int64_t v) { return static_cast<std::size_t>(v); }
}  // namespace

EnergyTable elaborate_energy(const Config& c) {
  EnergyTable t;
  t.preset = c.text("energy.preset");
  t.node = c.text("energy.node");
  const PhyPreset& p = phy_preset(t.preset);
  const NodeTable& n = node_table(t.node);
  // The preset's or node's number, unless the configuration gives the key: the explicit key wins.
  auto pick = [&](const char* key, double table_value) {
    return c.entry(key).defaulted ? table_value : c.real(key);
  };
  t.d2d_pj_per_bit = pick("energy.d2d_pj_per_bit", p.pj_per_bit);
  t.d2d_pj_per_toggle = pick("energy.d2d_pj_per_toggle", p.pj_per_toggle);
  t.d2d_clock_pj_per_wire_cycle = pick("energy.d2d_clock_pj_per_wire_cycle", p.clock_pj_per_wire_cycle);
  t.d2d_sideband_pj_per_toggle = pick("energy.d2d_sideband_pj_per_toggle", p.sideband_pj_per_toggle);
  t.link_pj_per_toggle = pick("energy.link_pj_per_toggle", n.link_pj_per_toggle);
  t.router_pj_per_flit = pick("energy.router_pj_per_flit", n.router_pj_per_flit);
  if (!c.entry("energy.mac_pj").defaulted) t.mac_pj = c.real("energy.mac_pj");
  t.mult_pj_per_bit_product = pick("energy.mult_pj_per_bit_product", n.mult_pj_per_bit_product);
  t.add_pj_per_bit = pick("energy.add_pj_per_bit", n.add_pj_per_bit);
  t.sram_read_pj_per_bit = pick("energy.sram_read_pj_per_bit", n.sram_read_pj_per_bit);
  t.sram_write_pj_per_bit = pick("energy.sram_write_pj_per_bit", n.sram_write_pj_per_bit);
  t.reg_pj_per_bit = pick("energy.reg_pj_per_bit", n.reg_pj_per_bit);
  t.clp_pj_per_op = pick("energy.clp_pj_per_op", n.clp_pj_per_op);
  t.leakage_fraction = pick("energy.leakage_fraction", n.leakage_fraction);
  return t;
}

RuntimeParams elaborate_runtime(const Config& c) {
  RuntimeParams r;
  r.inputs = {static_cast<std::uint64_t>(c.integer("workload.inputs.seed")), c.integer("workload.inputs.count"),
              c.text("workload.inputs.distribution") == "relu_normal"};
  const std::string& mode = c.text("clp.calibrate");
  const bool thresholds_given = !c.entry("clp.threshold").defaulted || !c.ints("clp.thresholds").empty() ||
                                !c.text("clp.thresholds_npy").empty();
  r.calibration = {mode == "percentile" || (mode == "auto" && !thresholds_given && c.text("workload.model_dir").empty()),
                   c.real("clp.calibrate_percentile"), c.integer("clp.calibrate_count")};
  r.ber = c.real("d2d.ber");
  r.batch = as_int(c.integer("workload.batch"));
  r.energy = elaborate_energy(c);
  TrainParams& t = r.train;
  t.dataset = c.text("train.dataset");
  t.epochs = as_int(c.integer("train.epochs"));
  t.seed = static_cast<std::uint64_t>(c.integer("train.seed"));
  t.batch = as_size(c.integer("train.batch"));
  t.lr = c.real("train.lr");
  t.sparsity_weight = c.real("train.sparsity_weight");
  t.val_fraction = c.real("train.val_fraction");
  t.lowbit_bits = as_int(c.integer("train.lowbit_bits"));
  t.subset = as_size(c.integer("train.subset"));
  t.learn_scales = c.flag("train.learn_scales");
  t.threads = as_int(c.integer("train.threads"));
  return r;
}

}  // namespace snapgen
