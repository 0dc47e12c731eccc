// snapgen_valid_config: prints one random *valid* configuration (YAML) for (seed, index).
// Usage: snapgen_valid_config SEED INDEX [--size small|any]
//
// Every key is drawn from the schema table's own range or choices (gen/config/schema.cpp),
// intersected with a size budget, so a new enumeration value is drawn as soon as the schema has
// it; a schema key this program neither draws nor leaves at its default on purpose is printed as
// a note on stderr. The combination rules of gen/config/validate.cpp are respected by
// construction (layer chain in/out, one layer per tile inside the grid, crossing widths <=
// clp.channels, acc_bits >= act_bits + weight_bits, lanes_per_cycle <= channels, batch <=
// max_batch, max_in/max_out 0 or >= every layer, one source of thresholds). The link rules of the
// elaborated model (head flit fits the flit, lanes <= flit_bits and <= the smallest frame,
// retry_depth >= what the ACK loop needs) use the numbers the model derives (elaborate_noc,
// derive_d2d), never a copy of their formulas. A generated config that `snapgen validate`
// rejects is a bug of this program.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "config/diagnostic.hpp"
#include "config/loader.hpp"
#include "config/schema.hpp"
#include "model/d2d_params.hpp"
#include "model/noc_params.hpp"

namespace snapgen {
namespace {

// Upper bounds of what one configuration may cost to generate, lint, synthesize and simulate.
struct Budget {
  int dies = 0;          // die_rows * die_cols
  int die_side = 0;      // die_rows, die_cols
  int mesh_side = 0;     // die.mesh.rows, die.mesh.cols
  int routers = 0;       // all routers of the package
  int tile_side = 0;     // die.tile.rows, die.tile.cols
  int flit_bits = 0;     // die.router.flit_bits
  int buffer_depth = 0;  // die.router.buffer_depth
  int width = 0;         // layer in/out sizes
  int channels = 0;      // clp.channels
  int layers = 0;        // workload.layers
  int max_batch = 0;     // die.tile.max_batch
};

// small: what the CI fuzz ctests run (tiny everything); any: the long runs.
const std::map<std::string, Budget> kBudgets = {
    {"small", {4, 2, 2, 8, 4, 64, 6, 16, 16, 4, 8}},
    {"any", {8, 8, 4, 32, 16, 512, 16, 256, 256, 6, 32}},
};

// Keys left at their default on purpose: files and directories (none generated), training only,
// the explicit energy prices (the presets are drawn; prices never change the RTL or bit-exactness).
bool left_default(const std::string& path) {
  static const std::set<std::string> files = {"clp.thresholds_npy", "workload.inputs.npy", "workload.labels.npy",
                                              "workload.weights_dir", "workload.model_dir"};
  if (files.count(path) || path.rfind("train.", 0) == 0) return true;
  return path.rfind("energy.", 0) == 0 && find_spec(path)->kind == Kind::Real;
}

class Generator {
 public:
  Generator(std::uint64_t seed, std::uint64_t index, const Budget& b) : b_(b) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32)};
    rng_.seed(seq);
    name_ = fmt::format("fz{}_{}", seed, index);
  }

  std::string run() {
    set("name", name_);
    draw_grid();
    draw_tile();
    draw_clp();
    draw_layers();
    draw_router();
    draw_link();
    draw_runtime();
    draw_remaining();
    return text(values_);
  }

  const std::string& summary() const { return summary_; }

 private:
  // --- random draws ------------------------------------------------------------------------------
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, std::max(lo, hi))(rng_);
  }
  bool coin(double p = 0.5) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(uniform(0, std::ssize(v) - 1))]; }

  // An Int key drawn from its schema range, capped at `cap` (the budget).
  std::int64_t draw_int(const std::string& path, std::int64_t cap = INT64_MAX, std::int64_t floor = INT64_MIN) {
    const ParamSpec* s = find_spec(path);
    std::int64_t v = s->allowed.empty() ? uniform(std::max(s->min, floor), std::min(s->max, cap)) : pick(s->allowed);
    set(path, v);
    return v;
  }
  std::string draw_enum(const std::string& path) {
    const std::string v = pick(find_spec(path)->choices);
    set(path, v);
    return v;
  }
  bool draw_bool(const std::string& path) {
    const bool v = coin();
    set(path, v);
    return v;
  }

  // --- the drawn values and their YAML ------------------------------------------------------------
  struct Layer {
    std::int64_t in = 0, out = 0;
    std::vector<std::int64_t> at;
    bool relu = true;
  };
  using Val = std::variant<std::int64_t, double, bool, std::string, std::vector<std::int64_t>, std::vector<Layer>>;
  using Values = std::map<std::string, Val>;

  void set(const std::string& path, Val v) {
    drawn_.insert(path);
    values_[path] = std::move(v);
  }
  std::int64_t get(const std::string& path) const { return std::get<std::int64_t>(values_.at(path)); }

  static YAML::Node node(const Val& v) {
    if (const auto* layers = std::get_if<std::vector<Layer>>(&v)) {
      YAML::Node seq(YAML::NodeType::Sequence);
      for (const auto& l : *layers) {
        YAML::Node r(YAML::NodeType::Map);
        r["in"] = l.in;
        r["out"] = l.out;
        r["at"] = l.at;
        r["at"].SetStyle(YAML::EmitterStyle::Flow);
        r["relu"] = l.relu;
        r.SetStyle(YAML::EmitterStyle::Flow);
        seq.push_back(r);
      }
      return seq;
    }
    YAML::Node n;
    std::visit(
        [&](const auto& x) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, std::vector<Layer>>) n = x;
        },
        v);
    if (n.IsSequence()) n.SetStyle(YAML::EmitterStyle::Flow);
    return n;
  }

  // Nested mappings from the dotted paths, in schema order.
  static std::string text(const Values& values) {
    YAML::Node root(YAML::NodeType::Map);
    for (const auto& spec : schema()) {
      auto it = values.find(spec.path);
      if (it == values.end()) continue;
      YAML::Node at = root;
      std::size_t a = 0;
      for (std::size_t dot = spec.path.find('.'); dot != std::string::npos; a = dot + 1, dot = spec.path.find('.', a)) {
        const std::string part = spec.path.substr(a, dot - a);
        if (!at[part]) at[part] = YAML::Node(YAML::NodeType::Map);
        at.reset(at[part]);
      }
      at[spec.path.substr(a)] = node(it->second);
    }
    YAML::Emitter out;
    out << root;
    return std::string(out.c_str()) + "\n";
  }

  // A probe: the config drawn so far with some keys replaced, loaded as `snapgen validate` would
  // (no consistency rule involves the keys drawn after a probe).
  Config probe(const std::map<std::string, std::int64_t>& with) const {
    Values v = values_;
    for (const auto& [k, x] : with) v[k] = x;
    return load_config(ConfigSource{"<probe>", text(v)});
  }

  // --- the hardware ------------------------------------------------------------------------------
  void draw_grid() {
    const auto rows = draw_int("package.die_rows", b_.die_side);
    draw_int("package.die_cols", std::min<std::int64_t>(b_.die_side, b_.dies / rows));
    const auto dies = get("package.die_rows") * get("package.die_cols");
    const auto mrows = draw_int("die.mesh.rows", std::min<std::int64_t>(b_.mesh_side, b_.routers / dies));
    draw_int("die.mesh.cols", std::min<std::int64_t>(b_.mesh_side, b_.routers / (dies * mrows)));
  }

  void draw_tile() {
    draw_int("die.tile.rows", b_.tile_side);
    const auto cols = draw_int("die.tile.cols", b_.tile_side);
    const auto act = draw_int("die.tile.act_bits");
    draw_bool("die.tile.act_signed");
    const auto w = draw_int("die.tile.weight_bits");
    draw_int("die.tile.acc_bits", INT64_MAX, act + w);  // one product must fit
    draw_enum("die.tile.dataflow");
    draw_enum("die.tile.requant");
    draw_int("die.tile.max_batch", b_.max_batch);
    draw_int("die.tile.requant_lanes", cols + 2);  // also above cols: the RTL caps it
  }

  void draw_clp() {
    const auto channels = draw_int("clp.channels", b_.channels);
    draw_int("clp.lanes_per_cycle", channels);
    draw_int("clp.timesteps");
    draw_enum("clp.reset");
    draw_int("clp.leak_shift");
    draw_int("clp.decode_shift");
  }

  // The chain: 1..layers layers, 0..3 die crossings, one layer per tile, each crossing as wide as
  // the CLP or narrower. A die without a free tile crosses to another die (at most 3 crossings)
  // or ends the chain early.
  void draw_layers() {
    const int die_rows = static_cast<int>(get("package.die_rows")), die_cols = static_cast<int>(get("package.die_cols"));
    const int mesh_rows = static_cast<int>(get("die.mesh.rows")), mesh_cols = static_cast<int>(get("die.mesh.cols"));
    const int dies = die_rows * die_cols, tiles = mesh_rows * mesh_cols;
    const int crossings = dies == 1 ? 0 : static_cast<int>(uniform(0, 3));
    const int want = static_cast<int>(uniform(crossings + 1, std::max(b_.layers, crossings + 1)));
    std::vector<int> boundaries;
    for (int i = 0; i + 1 < want; ++i) boundaries.push_back(i);
    std::shuffle(boundaries.begin(), boundaries.end(), rng_);
    boundaries.resize(static_cast<std::size_t>(crossings));
    std::vector<std::vector<int>> free(static_cast<std::size_t>(dies));
    for (auto& f : free)
      for (int t = 0; t < tiles; ++t) f.push_back(t);
    const auto channels = get("clp.channels");
    std::int64_t width = uniform(1, b_.width), largest_in = 0, largest_out = 0;
    int die = static_cast<int>(uniform(0, dies - 1)), crossed = 0;
    std::vector<Layer> layers;
    for (int i = 0; i < want; ++i) {
      auto& f = free[static_cast<std::size_t>(die)];
      if (f.empty()) break;
      const auto slot = static_cast<std::size_t>(uniform(0, std::ssize(f) - 1));
      const int tile = f[slot];
      f.erase(f.begin() + static_cast<std::ptrdiff_t>(slot));
      int next = die;
      // A planned crossing, or one more (up to 3) when this die has no free tile left.
      const bool cross = (std::count(boundaries.begin(), boundaries.end(), i) > 0 || f.empty()) && crossed < 3;
      if (cross) {
        std::vector<int> others;
        for (int d = 0; d < dies; ++d)
          if (d != die && !free[static_cast<std::size_t>(d)].empty()) others.push_back(d);
        if (!others.empty()) next = pick(others);
      }
      const bool last = i + 1 == want || (next == die && f.empty());
      const std::int64_t out = next != die && !last ? (coin() ? channels : uniform(1, channels)) : uniform(1, b_.width);
      const bool relu = coin(0.7);
      layers.push_back(Layer{width, out, {die / die_cols, die % die_cols, tile / mesh_cols, tile % mesh_cols}, relu});
      largest_in = std::max(largest_in, width);
      largest_out = std::max(largest_out, out);
      width = out;
      if (last) break;
      crossed += next != die;
      die = next;
    }
    summary_ = fmt::format("{} layers, {} die crossings", layers.size(), crossed);
    set("workload.layers", std::move(layers));
    // Tile memories: 0 (sized by the workload) or any size that holds every layer.
    for (const auto& [key, largest] : {std::pair{"die.tile.max_in", largest_in}, std::pair{"die.tile.max_out", largest_out}}) {
      const bool derived = coin();
      const bool exact = coin();
      set(key, derived ? 0 : exact ? largest : uniform(largest, std::min<std::int64_t>(find_spec(key)->max, 2 * b_.width)));
    }
  }

  void draw_router() {
    draw_int("die.router.buffer_depth", b_.buffer_depth);
    draw_int("die.router.vcs");
    draw_enum("die.router.routing");
    // The head flit must fit: the model derives the header of this router grid.
    Problems ignored;
    const Config c = probe({{"die.router.flit_bits", find_spec("die.router.flit_bits")->max}, {"d2d.lanes", 1},
                            {"d2d.retry_depth", find_spec("d2d.retry_depth")->max}});
    const auto grid_rows = get("package.die_rows") * get("die.mesh.rows");
    const auto grid_cols = get("package.die_cols") * get("die.mesh.cols");
    const NocParams n = elaborate_noc(c, static_cast<int>(grid_rows), static_cast<int>(grid_cols), ignored);
    draw_int("die.router.flit_bits", std::max<std::int64_t>(b_.flit_bits, n.header_bits), n.header_bits);
  }

  void draw_link() {
    draw_enum("d2d.encoding");
    const std::string crc = draw_enum("d2d.crc");
    draw_int("d2d.wire_stages");
    // Lanes: at most the flit and the smallest frame (its header is smallest at retry_depth 1).
    const D2dParams d = derive_d2d(probe({{"d2d.lanes", 1}, {"d2d.retry_depth", 1}}));
    const std::int64_t most = std::min<std::int64_t>(d.flit_bits, d.header_bits + d.min_payload_bits + d.crc_bits);
    const std::int64_t most_lanes = std::min(most, find_spec("d2d.lanes")->max);
    set("d2d.lanes", coin(0.25) ? most_lanes : uniform(1, most_lanes));
    // Retry depth: the model's retry_needed falls as the depth grows, so every depth from the
    // first one that covers its own need up to the schema's maximum is valid.
    std::int64_t need = find_spec("d2d.retry_depth")->max;
    for (std::int64_t r = find_spec("d2d.retry_depth")->min; r <= need; ++r)
      if (derive_d2d(probe({{"d2d.retry_depth", r}})).retry_needed <= r) need = r;
    set("d2d.retry_depth", coin(0.4) ? need : uniform(need, find_spec("d2d.retry_depth")->max));
    // Bit errors only where the CRC-16 catches them (go-back-N then keeps the run bit-exact).
    set("d2d.ber", crc == "crc16" && coin(0.2) ? pick(std::vector<double>{1e-4, 1e-3}) : 0.0);
  }

  // --- runtime keys: never change the RTL, but the run must stay bit-exact -----------------------
  void draw_runtime() {
    set("clock_mhz", pick(std::vector<double>{100.0, 500.0, 1000.0, 2000.0}));
    draw_int("workload.batch", get("die.tile.max_batch"));
    draw_int("workload.inputs.count", 8);
    draw_int("workload.inputs.seed", 1000000);
    draw_enum("workload.inputs.distribution");
    const std::string calibrate = draw_enum("clp.calibrate");
    drawn_.insert({"clp.threshold", "clp.thresholds", "clp.calibrate_percentile", "clp.calibrate_count"});
    if (calibrate == "percentile" || (calibrate == "auto" && coin())) {
      set("clp.calibrate_percentile", pick(std::vector<double>{50.0, 90.0, 99.5, 100.0}));
      draw_int("clp.calibrate_count", 64);
    } else if (coin(0.3)) {  // one threshold per channel
      std::vector<std::int64_t> t;
      for (std::int64_t i = 0; i < get("clp.channels"); ++i) t.push_back(uniform(1, 64));
      set("clp.thresholds", t);
    } else if (coin(0.7)) {
      draw_int("clp.threshold", 200);
    }
  }

  // Every other schema key: enumerations and flags from their choices; anything else left at its
  // default, and said on stderr unless that is on purpose (left_default).
  void draw_remaining() {
    for (const auto& spec : schema()) {
      if (drawn_.count(spec.path) || left_default(spec.path)) continue;
      if (spec.kind == Kind::Enum) draw_enum(spec.path);
      else if (spec.kind == Kind::Bool) draw_bool(spec.path);
      else std::cerr << "snapgen_valid_config: note: schema key " << spec.path << " is not drawn (default)\n";
    }
  }

  Budget b_;
  std::mt19937_64 rng_;
  std::string name_, summary_;
  Values values_;
  std::set<std::string> drawn_;
};

}  // namespace
}  // namespace snapgen

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string size = "small";
  if (args.size() == 4 && args[2] == "--size") size = args[3];
  if ((args.size() != 2 && args.size() != 4) || !snapgen::kBudgets.count(size)) {
    std::cerr << "usage: snapgen_valid_config SEED INDEX [--size small|any]\n";
    return 2;
  }
  try {
    const std::uint64_t seed = std::stoull(args[0]), index = std::stoull(args[1]);
    snapgen::Generator g(seed, index, snapgen::kBudgets.at(size));
    const std::string yaml = g.run();
    std::cout << fmt::format("# snapgen_valid_config {} {} --size {}: {}\n", seed, index, size, g.summary()) << yaml;
    return 0;
  } catch (const snapgen::ConfigError& e) {
    for (const auto& p : e.problems()) std::cerr << snapgen::format_problem(p) << "\n";
    std::cerr << "snapgen_valid_config: generator bug: a probe config was rejected\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "snapgen_valid_config: " << e.what() << "\n";
    return 2;
  }
}
