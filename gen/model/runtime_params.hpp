#pragma once
// The keys that change no hardware (workload inputs, bit-error rate, energy table, training), read
// from the configuration once into typed values. The model cache ignores them (they are not in
// Design::hardware_hash); the runner, the energy model and the trainer read only these structs.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace snapgen {

// workload.inputs.*: the generated input vectors.
struct InputParams {
  std::uint64_t seed = 1;
  std::int64_t count = 16;
  bool relu_normal = true;  // else uniform over the activation range
};

// clp.calibrate*: thresholds (and requant) chosen on calibration inputs, apart from the
// simulated ones, when no trained model and no threshold key give them (docs/clp.md).
struct CalibrationParams {
  bool enabled = false;
  double percentile = 99.5;
  std::int64_t count = 256;
};

// energy.*: picojoules per counted event (docs/energy.md): the D2D figures of `energy.preset` and
// the on-die figures of `energy.node`, each replaced by its `energy.*` key when the key is given.
struct EnergyTable {
  std::string preset, node;
  double d2d_pj_per_bit = 0, d2d_pj_per_toggle = 0, d2d_clock_pj_per_wire_cycle = 0, d2d_sideband_pj_per_toggle = 0;
  double link_pj_per_toggle = 0, router_pj_per_flit = 0;
  std::optional<double> mac_pj;  // given: every MAC costs this; else priced by operand width
  double mult_pj_per_bit_product = 0, add_pj_per_bit = 0;
  double sram_read_pj_per_bit = 0, sram_write_pj_per_bit = 0, reg_pj_per_bit = 0;
  double clp_pj_per_op = 0, leakage_fraction = 0;
};
EnergyTable elaborate_energy(const Config& c);

// train.*: `snapgen train` (docs/train.md).
struct TrainParams {
  std::string dataset;
  int epochs = 0;
  std::uint64_t seed = 0;
  std::size_t batch = 0;
  double lr = 0, sparsity_weight = 0, val_fraction = 0;
  int lowbit_bits = 0;
  std::size_t subset = 0;  // 0 = all images
  bool learn_scales = false;
  int threads = 1;
};

struct RuntimeParams {
  InputParams inputs;
  CalibrationParams calibration;
  double ber = 0;  // d2d.ber: bit-error rate on the die-to-die wires
  int batch = 1;   // workload.batch: vectors per tile layer call (written on the configuration bus)
  EnergyTable energy;
  TrainParams train;
};

RuntimeParams elaborate_runtime(const Config& c);

}  // namespace snapgen
