#include "model/runtime_params.hpp"

namespace snapgen {

namespace {
int as_int(std::int64_t v) { return static_cast<int>(v); }
std::size_t as_size(std::int64_t v) { return static_cast<std::size_t>(v); }
}  // namespace

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
  r.energy = {c.real("energy.d2d_pj_per_toggle"), c.real("energy.link_pj_per_toggle"),
              c.real("energy.router_pj_per_flit"), c.real("energy.mac_pj"), c.real("energy.clp_pj_per_op")};
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
