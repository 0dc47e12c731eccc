#include "config/schema.hpp"

#include <fmt/format.h>

#include <set>

#include "golden/enums.hpp"
#include "model/energy_presets.hpp"

namespace snapgen {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Int: return "integer";
    case Kind::Real: return "number";
    case Kind::Bool: return "boolean";
    case Kind::Enum: return "enum";
    case Kind::Text: return "string";
    case Kind::IntList: return "list of integers";
    case Kind::RecordList: return "list of records";
  }
  return "?";
}

std::string ParamSpec::allowed_text() const {
  switch (kind) {
    case Kind::Int:
      if (!allowed.empty()) {
        std::string s;
        for (auto a : allowed) s += (s.empty() ? "" : ", ") + std::to_string(a);
        return "one of {" + s + "}";
      }
      return fmt::format("integer {}..{}", min, max);
    case Kind::Real: return fmt::format("number {}..{}", real_min, real_max);
    case Kind::Bool: return "true or false";
    case Kind::Enum: {
      std::string s;
      for (const auto& c : choices) s += (s.empty() ? "" : "|") + c;
      return "one of " + s;
    }
    case Kind::Text:
      return identifier ? "an identifier ([A-Za-z_][A-Za-z0-9_]*, at most 48 characters)" : "a string";
    case Kind::IntList:
      return fmt::format("a list of {}..{} integers, each {}..{}", min_items, max_items, min, max);
    case Kind::RecordList: return fmt::format("a list of {}..{} records", min_items, max_items);
  }
  return "";
}

namespace {

// The fields every kind of key has; the constructors below add their kind's own.
ParamSpec common_fields(std::string path, Kind kind, std::optional<Value> def, std::string doc, bool hardware) {
  ParamSpec p;
  p.path = std::move(path);
  p.kind = kind;
  if (def) p.def = std::move(*def);
  p.doc = std::move(doc);
  p.hardware = hardware;
  return p;
}

ParamSpec Int(std::string path, std::int64_t lo, std::int64_t hi, std::int64_t def, std::string doc,
              bool hardware = true) {
  ParamSpec p = common_fields(std::move(path), Kind::Int, Value{def}, std::move(doc), hardware);
  p.min = lo;
  p.max = hi;
  return p;
}

ParamSpec OneOf(std::string path, std::vector<std::int64_t> allowed, std::int64_t def, std::string doc) {
  ParamSpec p = Int(std::move(path), allowed.front(), allowed.back(), def, std::move(doc));
  p.allowed = std::move(allowed);
  return p;
}

ParamSpec Real(std::string path, double lo, double hi, double def, std::string doc, bool hardware = false) {
  ParamSpec p = common_fields(std::move(path), Kind::Real, Value{def}, std::move(doc), hardware);
  p.real_min = lo;
  p.real_max = hi;
  return p;
}

ParamSpec Bool(std::string path, bool def, std::string doc, bool hardware = true) {
  return common_fields(std::move(path), Kind::Bool, Value{def}, std::move(doc), hardware);
}

ParamSpec Enum(std::string path, std::vector<std::string> choices, std::string def, std::string doc,
               bool hardware = true) {
  ParamSpec p = common_fields(std::move(path), Kind::Enum, Value{std::move(def)}, std::move(doc), hardware);
  p.choices = std::move(choices);
  return p;
}

ParamSpec Text(std::string path, std::string def, std::string doc, bool identifier, bool hardware) {
  ParamSpec p = common_fields(std::move(path), Kind::Text, Value{std::move(def)}, std::move(doc), hardware);
  p.identifier = identifier;
  return p;
}

ParamSpec Ints(std::string path, std::int64_t lo, std::int64_t hi, std::size_t min_items,
               std::size_t max_items, std::optional<IntList> def, std::string doc, bool hardware = true) {
  std::optional<Value> d;
  if (def) d = Value{std::move(*def)};
  ParamSpec p = common_fields(std::move(path), Kind::IntList, std::move(d), std::move(doc), hardware);
  p.min = lo;
  p.max = hi;
  p.min_items = min_items;
  p.max_items = max_items;
  return p;
}

Record layer(std::int64_t in, std::int64_t out, IntList at) {
  Record r;
  r.fields = {{"in", in}, {"out", out}, {"at", std::move(at)}, {"relu", true}};
  return r;
}

// --- identity, clock, package and die: the hardware of each die ----------------------------------
void add_die_keys(std::vector<ParamSpec>& s) {
  // --- identity and clock --------------------------------------------------------------------
  s.push_back(Text("name", "chip", "Package name: prefix of generated modules and files", true, true));
  s.push_back(Real("clock_mhz", 1.0, 5000.0, 500.0,
                   "Target clock in MHz (written into the SDC; cycle-to-time conversion in reports)"));
  // --- package: the die grid ----------------------------------------------------------------
  s.push_back(Int("package.die_rows", 1, 8, 1, "Rows of dies in the package"));
  s.push_back(Int("package.die_cols", 1, 8, 1, "Columns of dies in the package"));
  // --- die: mesh, router, tile --------------------------------------------------------------
  s.push_back(Int("die.mesh.rows", 1, 16, 2, "Router rows of each die's 2-D mesh"));
  s.push_back(Int("die.mesh.cols", 1, 16, 2, "Router columns of each die's 2-D mesh"));
  s.push_back(Int("die.router.flit_bits", 32, 512, 64, "NoC flit width in bits"));
  s.push_back(Int("die.router.buffer_depth", 2, 64, 4, "Flits per router input FIFO (per VC)"));
  s.push_back(Int("die.router.vcs", 1, 4, 1, "Virtual channels per router port (chiplets use VC 0)"));
  s.push_back(Enum("die.router.vc_alloc", spec::names(spec::kVcAllocs), "source",
                   "VC allocation in the NoC tops: source (a packet keeps its VC) or per_hop (any free VC each "
                   "hop); chiplets keep source"));
  s.push_back(Enum("die.router.routing", spec::names(spec::kRoutings), "xy",
                   "Dimension-order routing on global coordinates (X first or Y first)"));
  s.push_back(Int("die.tile.rows", 2, 32, 8, "Systolic array rows (PEs)"));
  s.push_back(Int("die.tile.cols", 2, 32, 8, "Systolic array columns (PEs)"));
  s.push_back(OneOf("die.tile.act_bits", {4, 8, 16}, 8, "Activation width in bits"));
  s.push_back(Bool("die.tile.act_signed", false, "Activations are signed (else unsigned)"));
  s.push_back(OneOf("die.tile.weight_bits", {4, 8, 16}, 8, "Signed weight width in bits"));
  s.push_back(Int("die.tile.acc_bits", 16, 48, 32, "Accumulator width in bits (wraps on overflow)"));
  s.push_back(Enum("die.tile.dataflow", {"ws"}, "ws", "Systolic dataflow: ws = weight-stationary"));
  s.push_back(Enum("die.tile.requant", {"per_layer", "per_channel"}, "per_layer",
                   "Requantization multiplier/shift granularity"));
  s.push_back(Int("die.tile.max_in", 0, 1024, 0,
                  "Largest layer input size the tile memories hold (0 = the workload's largest)"));
  s.push_back(Int("die.tile.max_out", 0, 1024, 0,
                  "Largest layer output size the tile memories hold (0 = the workload's largest)"));
  s.push_back(Int("die.tile.max_batch", 2, 256, 8, "Largest batch (vectors per layer call) of a tile"));
  s.push_back(Int("die.tile.requant_lanes", 1, 32, 4,
                  "Requantization lanes (capped at cols); a result beat takes ceil(cols/lanes) cycles"));
}

// --- d2d: the EMIO die-to-die link, clp: the dense <-> spike converter at each crossing ---------
void add_crossing_keys(std::vector<ParamSpec>& s) {
  s.push_back(Int("d2d.lanes", 1, 64, 8, "Data wires per direction of a die-to-die link"));
  s.push_back(Enum("d2d.encoding", spec::names(spec::kEncodings), "adaptive",
                   "Payload encoding of activation frames on the die-to-die link"));
  s.push_back(Enum("d2d.crc", spec::names(spec::kCrcs), "crc16", "Frame check sequence"));
  s.push_back(Int("d2d.retry_depth", 1, 64, 8, "Frames held in the go-back-N retry buffer"));
  s.push_back(Int("d2d.pack_vectors", 1, 16, 1,
                  "Spike vectors one frame may carry (one header and CRC per group, the sender marks "
                  "group ends with in_last_i; 1 = one vector per frame)"));
  s.push_back(Int("d2d.lowbit_bits", 1, 15, 2,
                  "Bits per activation at the crossing with d2d.encoding lowbit (below die.tile.act_bits; "
                  "a trained model's low-bit network sets it for the lowbit baseline)"));
  s.push_back(Int("d2d.wire_stages", 0, 8, 2, "Pipeline stages on the die-to-die wires (trace latency)"));
  s.push_back(Real("d2d.ber", 0.0, 0.1, 0.0, "Bit error rate injected on the die-to-die wires (simulation)"));
  s.push_back(Int("clp.channels", 1, 1024, 64, "Channels (neurons) per converted activation vector"));
  s.push_back(Int("clp.lanes_per_cycle", 1, 64, 8, "Channels the encoder/decoder process per cycle"));
  s.push_back(Int("clp.timesteps", 1, 16, 4, "Timesteps T per converted vector"));
  s.push_back(Enum("clp.reset", spec::names(spec::kResets), "subtract", "Membrane reset after a spike"));
  s.push_back(Int("clp.leak_shift", 0, 15, 0, "Leak v -= v >> leak_shift before integrating (0 = no leak)"));
  s.push_back(Int("clp.threshold", 1, 65535, 32, "Firing threshold for every channel", false));
  s.push_back(Ints("clp.thresholds", 1, 65535, 0, 1024, IntList{},
                   "Per-channel thresholds (overrides clp.threshold when non-empty)", false));
  s.push_back(Text("clp.thresholds_npy", "", "Per-channel thresholds from a .npy file (int16/int32)",
                   false, false));
  s.push_back(Int("clp.decode_shift", 0, 16, 0, "Decoder: a_hat = sat((count * scale) >> decode_shift)"));
  s.push_back(Enum("clp.calibrate", {"auto", "percentile", "off"}, "auto",
                   "Thresholds without a trained model: percentile = per channel and link from calibration inputs; "
                   "off = clp.threshold(s); auto = percentile unless a threshold key is set",
                   false));
  s.push_back(Real("clp.calibrate_percentile", 50.0, 100.0, 99.5,
                   "Calibrated threshold = this percentile of the channel's activations (the largest rate-coded value)",
                   false));
  s.push_back(Int("clp.calibrate_count", 1, 100000, 256,
                  "Calibration input vectors (seeded apart from the simulated inputs); they also calibrate requant",
                  false));
}

// --- workload: the layer chain and its inputs ------------------------------------------------------
void add_workload_keys(std::vector<ParamSpec>& s) {
  {
    ParamSpec layers;
    layers.path = "workload.layers";
    layers.kind = Kind::RecordList;
    layers.doc = "Layer chain (an MLP), each layer mapped to one tile";
    layers.min_items = 1;
    layers.max_items = 64;
    layers.hardware = true;
    layers.def = Value{RecordList{layer(64, 10, {0, 0, 0, 0})}};
    layers.fields.push_back(Int("in", 1, 1024, 64, "Input features"));
    layers.fields.push_back(Int("out", 1, 1024, 64, "Output features"));
    layers.fields.push_back(Ints("at", 0, 15, 4, 4, std::nullopt,
                                 "Tile the layer runs on: [die_row, die_col, mesh_row, mesh_col]"));
    layers.fields.push_back(Bool("relu", true, "Apply ReLU in the requantization stage"));
    s.push_back(layers);
  }
  s.push_back(Int("workload.inputs.count", 1, 100000, 16, "Input vectors to simulate", false));
  s.push_back(Int("workload.batch", 1, 256, 1,
                  "Vectors per tile layer call in snapgen run (weight reuse; 1..die.tile.max_batch)", false));
  s.push_back(Int("workload.inputs.seed", 0, 4294967295LL, 1, "Seed for generated inputs and weights", false));
  s.push_back(Enum("workload.inputs.distribution", {"relu_normal", "uniform"}, "relu_normal",
                   "Distribution of generated input activations", false));
  s.push_back(Text("workload.inputs.npy", "",
                   "Input vectors (n, in) as .npy in the activation format (empty = generated, or the model's x_test)",
                   false, false));
  s.push_back(Text("workload.labels.npy", "",
                   "Class labels (n,) as .npy for task accuracy (empty = none, or the model's y_test)", false, false));
  s.push_back(Text("workload.weights_dir", "", "Directory of .npy weights/biases (empty = seeded random)",
                   false, false));
  s.push_back(Text("workload.model_dir", "",
                   "Trained model directory (snapgen train -o DIR, docs/train.md): weights, requant, thresholds, "
                   "scales, test set; auto = trained by snapgen run on first use and cached",
                   false, false));
}

// --- train: `snapgen train` (docs/train.md); runtime keys, they never change the RTL -------------
void add_train_keys(std::vector<ParamSpec>& s) {
  s.push_back(Text("train.dataset", "fashion-mnist",
                   "Training data: fashion-mnist (Debian dataset-fashion-mnist), or a directory of IDX .gz files "
                   "or of x_train/y_train/x_test/y_test .npy",
                   false, false));
  s.push_back(Int("train.epochs", 1, 1000, 5, "Training epochs (each variant: spike, dense, low-bit)", false));
  s.push_back(Int("train.seed", 0, 4294967295LL, 1, "Seed of initialization, split and shuffling", false));
  s.push_back(Int("train.batch", 1, 4096, 128, "Minibatch size", false));
  s.push_back(Real("train.lr", 1e-6, 1.0, 2e-3, "Adam learning rate (cosine-decayed over the epochs)", false));
  s.push_back(Real("train.sparsity_weight", 0.0, 100.0, 0.5,
                   "Weight of the mean firing rate of the die crossings in the spike network's loss", false));
  s.push_back(Int("train.lowbit_bits", 1, 16, 2, "Bits per activation of the low-bit dense crossing baseline",
                  false));
  s.push_back(Int("train.subset", 0, 1000000, 0,
                  "Use only the first N training and test images (0 = all; for quick runs and CI)", false));
  s.push_back(Real("train.val_fraction", 0.01, 0.5, 0.0833,
                   "Fraction of the training images held out for validation (never trained on)", false));
  s.push_back(Bool("train.learn_scales", false,
                   "Learn the CLP decoder scales (else scale = round(theta * 2^decode_shift / T))", false));
  s.push_back(Int("train.threads", 1, 64, 1,
                  "LibTorch threads (fixed, so results are reproducible; 1 is fastest on a shared machine)", false));
}

// --- energy table (pJ); presets, defaults and sources in docs/energy.md ----------------------------
// The Real defaults below are those of the default preset and node (documentation only): a key
// left out takes its value from `energy.preset` / `energy.node`, a key given wins.
void add_energy_keys(std::vector<ParamSpec>& s) {
  const PhyPreset& p = phy_preset(kDefaultPhyPreset);
  const NodeTable& n = node_table(kDefaultNode);
  s.push_back(Enum("energy.preset", phy_preset_names(), std::string(kDefaultPhyPreset),
                   "Die-to-die PHY class whose figures price the D2D wires", false));
  s.push_back(Enum("energy.node", node_names(), std::string(kDefaultNode),
                   "Technology node whose figures price the on-die events", false));
  s.push_back(Real("energy.d2d_pj_per_bit", 0.0, 100.0, p.pj_per_bit, "D2D energy per forward lane-beat sent (pJ; default: preset)"));
  s.push_back(Real("energy.d2d_pj_per_toggle", 0.0, 100.0, p.pj_per_toggle, "D2D energy per forward wire toggle (pJ; default: preset)"));
  s.push_back(Real("energy.d2d_clock_pj_per_wire_cycle", 0.0, 100.0, p.clock_pj_per_wire_cycle,
                   "D2D clock/idle energy per wire per link-up cycle (pJ; default: preset)"));
  s.push_back(Real("energy.d2d_sideband_pj_per_toggle", 0.0, 100.0, p.sideband_pj_per_toggle,
                   "D2D reverse (credit/ACK/NAK) wire energy per toggle (pJ; default: preset)"));
  s.push_back(Real("energy.link_pj_per_toggle", 0.0, 100.0, n.link_pj_per_toggle, "On-die link energy per toggle (pJ; default: node)"));
  s.push_back(Real("energy.router_pj_per_flit", 0.0, 1000.0, n.router_pj_per_flit, "Router energy per flit traversal (pJ; default: node)"));
  s.push_back(Real("energy.mac_pj", 0.0, 100.0, 8 * 8 * n.mult_pj_per_bit_product + 32 * n.add_pj_per_bit,
                   "Energy per MAC (pJ; default: node, by operand and accumulator width)"));
  s.push_back(Real("energy.mult_pj_per_bit_product", 0.0, 10.0, n.mult_pj_per_bit_product,
                   "Multiplier energy per act_bits x weight_bits bit product (pJ; default: node)"));
  s.push_back(Real("energy.add_pj_per_bit", 0.0, 10.0, n.add_pj_per_bit, "Adder energy per accumulator bit (pJ; default: node)"));
  s.push_back(Real("energy.sram_read_pj_per_bit", 0.0, 100.0, n.sram_read_pj_per_bit, "SRAM read energy per bit (pJ; default: node)"));
  s.push_back(Real("energy.sram_write_pj_per_bit", 0.0, 100.0, n.sram_write_pj_per_bit, "SRAM write energy per bit (pJ; default: node)"));
  s.push_back(Real("energy.reg_pj_per_bit", 0.0, 10.0, n.reg_pj_per_bit, "Register/FIFO write energy per bit (pJ; default: node)"));
  s.push_back(Real("energy.clp_pj_per_op", 0.0, 100.0, n.clp_pj_per_op, "Energy per CLP neuron update (pJ; default: node)"));
  s.push_back(Real("energy.leakage_fraction", 0.0, 1.0, n.leakage_fraction,
                   "Leakage per cycle as a fraction of a block's peak dynamic energy per cycle (default: node)"));
}

std::vector<ParamSpec> build_schema() {
  std::vector<ParamSpec> s;
  add_die_keys(s);
  add_crossing_keys(s);
  add_workload_keys(s);
  add_train_keys(s);
  add_energy_keys(s);
  return s;
}

}  // namespace

const std::vector<ParamSpec>& schema() {
  static const std::vector<ParamSpec> table = build_schema();
  return table;
}

const ParamSpec* find_spec(std::string_view path) {
  for (const auto& p : schema())
    if (p.path == path) return &p;
  return nullptr;
}

const std::vector<std::string>& schema_sections() {
  static const std::vector<std::string> sections = [] {
    std::set<std::string> set;
    for (const auto& p : schema()) {
      for (std::size_t dot = p.path.find('.'); dot != std::string::npos; dot = p.path.find('.', dot + 1))
        set.insert(p.path.substr(0, dot));
    }
    return std::vector<std::string>(set.begin(), set.end());
  }();
  return sections;
}

}  // namespace snapgen
