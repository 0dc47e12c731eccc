#include "config/validate.hpp"

#include <fmt/format.h>

#include <map>
#include <string_view>

namespace snapgen {

namespace {

const SourceMark& field_mark(const Record& r, const std::string& field) {
  auto it = r.field_marks.find(field);
  return it == r.field_marks.end() ? r.mark : it->second;
}

void check_layers(const Config& c, Problems& problems) {
  const auto& layers = c.records("workload.layers");
  const std::int64_t limits[4] = {c.integer("package.die_rows"), c.integer("package.die_cols"),
                                  c.integer("die.mesh.rows"), c.integer("die.mesh.cols")};
  const char* limit_keys[4] = {"package.die_rows", "package.die_cols", "die.mesh.rows", "die.mesh.cols"};
  const char* coord_names[4] = {"die_row", "die_col", "mesh_row", "mesh_col"};
  std::map<IntList, std::size_t> used;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Record& r = layers[i];
    const auto& at = std::get<IntList>(r.fields.at("at"));
    const std::string key = fmt::format("workload.layers[{}].at", i);
    bool inside = true;
    for (int d = 0; d < 4; ++d) {
      if (at[d] >= limits[d]) {
        problems.add(field_mark(r, "at"), key,
                     fmt::format("{} = {} is outside the grid: {} = {} allows 0..{}", coord_names[d], at[d],
                                 limit_keys[d], limits[d], limits[d] - 1));
        inside = false;
      }
    }
    if (inside) {
      auto [it, fresh] = used.emplace(at, i);
      if (!fresh)
        problems.add(field_mark(r, "at"), key,
                     fmt::format("tile [{}] already runs workload.layers[{}]; one layer per tile",
                                 fmt::join(at, ", "), it->second));
    }
    if (i > 0) {
      const auto prev_out = std::get<std::int64_t>(layers[i - 1].fields.at("out"));
      const auto in = std::get<std::int64_t>(r.fields.at("in"));
      if (in != prev_out)
        problems.add(field_mark(r, "in"), fmt::format("workload.layers[{}].in", i),
                     fmt::format("found {}, but workload.layers[{}].out is {}; a layer's input must be "
                                 "the previous layer's output",
                                 in, i - 1, prev_out));
    }
  }
}

// Activation vectors that cross a die boundary go through the CLP converter, which holds
// clp.channels neurons.
void check_crossings(const Config& c, Problems& problems) {
  const auto& layers = c.records("workload.layers");
  const auto channels = c.integer("clp.channels");
  for (std::size_t i = 0; i + 1 < layers.size(); ++i) {
    const auto& a = std::get<IntList>(layers[i].fields.at("at"));
    const auto& b = std::get<IntList>(layers[i + 1].fields.at("at"));
    if (a[0] == b[0] && a[1] == b[1]) continue;
    const auto width = std::get<std::int64_t>(layers[i].fields.at("out"));
    if (width > channels)
      problems.add(c.mark("clp.channels"), "clp.channels",
                   fmt::format("found {}, but workload.layers[{}] sends {} activations across a die "
                               "boundary; allowed {}..1024",
                               channels, i, width, width));
  }
}

void check_widths(const Config& c, Problems& problems) {
  const auto act = c.integer("die.tile.act_bits");
  const auto w = c.integer("die.tile.weight_bits");
  const auto acc = c.integer("die.tile.acc_bits");
  if (acc < act + w)
    problems.add(c.mark("die.tile.acc_bits"), "die.tile.acc_bits",
                 fmt::format("found {}, but one product of act_bits {} x weight_bits {} needs {} bits; "
                             "allowed {}..48",
                             acc, act, w, act + w, act + w));
  if (c.text("d2d.encoding") == "lowbit" && c.integer("d2d.lowbit_bits") >= act)
    problems.add(c.mark("d2d.lowbit_bits"), "d2d.lowbit_bits",
                 fmt::format("found {}, but the low-bit crossing requantizes die.tile.act_bits {} to fewer bits; "
                             "allowed 1..{}",
                             c.integer("d2d.lowbit_bits"), act, act - 1));
  if (c.integer("clp.lanes_per_cycle") > c.integer("clp.channels"))
    problems.add(c.mark("clp.lanes_per_cycle"), "clp.lanes_per_cycle",
                 fmt::format("found {}, but clp.channels is {}; allowed 1..{}", c.integer("clp.lanes_per_cycle"),
                             c.integer("clp.channels"), c.integer("clp.channels")));
  const auto& thresholds = c.ints("clp.thresholds");
  if (!thresholds.empty() && static_cast<std::int64_t>(thresholds.size()) != c.integer("clp.channels"))
    problems.add(c.mark("clp.thresholds"), "clp.thresholds",
                 fmt::format("found {} thresholds, but clp.channels is {}; give one per channel or none",
                             thresholds.size(), c.integer("clp.channels")));
  if (!thresholds.empty() && !c.text("clp.thresholds_npy").empty())
    problems.add(c.mark("clp.thresholds_npy"), "clp.thresholds_npy",
                 "clp.thresholds and clp.thresholds_npy are both set; give per-channel thresholds once");
  if (!c.text("workload.model_dir").empty() && !c.text("workload.weights_dir").empty())
    problems.add(c.mark("workload.weights_dir"), "workload.weights_dir",
                 "workload.model_dir and workload.weights_dir are both set; a trained model brings its weights");
  // Whether the user gave a threshold through KEY (the scalar counts only when not defaulted).
  auto threshold_given = [&](std::string_view key) {
    if (key == "clp.threshold") return !c.entry("clp.threshold").defaulted;
    if (key == "clp.thresholds") return !thresholds.empty();
    return !c.text(key).empty();
  };
  if (c.text("clp.calibrate") == "percentile") {
    if (!c.text("workload.model_dir").empty())
      problems.add(c.mark("clp.calibrate"), "clp.calibrate",
                   "percentile calibration and workload.model_dir are both set; a trained model brings its thresholds");
    for (const char* key : {"clp.threshold", "clp.thresholds", "clp.thresholds_npy"}) {
      if (threshold_given(key))
        problems.add(c.mark(key), key,
                     fmt::format("{} is set but clp.calibrate is percentile; allowed: one of them (clp.calibrate: off "
                                 "uses the given thresholds)",
                                 key));
    }
  }
  // A model's thresholds replace the one clp.threshold (a base config's value stays usable), but
  // per-channel thresholds next to a model are ambiguous.
  for (const char* key : {"clp.thresholds", "clp.thresholds_npy"}) {
    if (threshold_given(key) && !c.text("workload.model_dir").empty())
      problems.add(c.mark(key), key,
                   fmt::format("{} and workload.model_dir are both set; a trained model brings its thresholds", key));
  }
}

// Every workload layer must fit the tile memories (die.tile.max_in / max_out, 0 = derived), and a
// batch the tile (die.tile.max_batch).
void check_tile(const Config& c, Problems& problems) {
  const auto& layers = c.records("workload.layers");
  for (const char* dim : {"in", "out"}) {
    const std::string key = std::string("die.tile.max_") + dim;
    const auto limit = c.integer(key);
    if (limit == 0) continue;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const auto size = std::get<std::int64_t>(layers[i].fields.at(dim));
      if (size > limit)
        problems.add(c.mark(key), key,
                     fmt::format("found {}, but workload.layers[{}] has {} = {}; allowed 0 or {}..1024", limit, i,
                                 dim, size, size));
    }
  }
  // A layer call of the tile takes at most die.tile.max_batch vectors.
  const auto batch = c.integer("workload.batch"), max_batch = c.integer("die.tile.max_batch");
  if (batch > max_batch)
    problems.add(c.mark("workload.batch"), "workload.batch",
                 fmt::format("found {}, but die.tile.max_batch is {}; allowed 1..{}", batch, max_batch, max_batch));
}

}  // namespace

// Generated modules are named <name>_<block>; the hand-written IP owns the snap_ prefix.
void check_name(const Config& c, Problems& problems) {
  const std::string& name = c.text("name");
  if (name == "snap" || name.rfind("snap_", 0) == 0)
    problems.add(c.mark("name"), "name",
                 "found '" + name + "', but 'snap' and 'snap_*' are reserved for snapgen's own RTL modules; "
                 "allowed: any other identifier");
}

void check_consistency(const Config& config) {
  Problems problems;
  check_name(config, problems);
  check_layers(config, problems);
  check_crossings(config, problems);
  check_widths(config, problems);
  check_tile(config, problems);
  problems.throw_if_any();
}

}  // namespace snapgen
