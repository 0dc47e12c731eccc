#include "run/trained_model.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>

#include "golden/enums.hpp"
#include "util/npy.hpp"

namespace snapgen {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

std::int64_t signed_min(int bits) { return -(std::int64_t{1} << (bits - 1)); }
std::int64_t signed_max(int bits) { return (std::int64_t{1} << (bits - 1)) - 1; }

// One .npy with its dtype, shape and value range checked; every failure names the file.
NpyArray read_checked(const fs::path& path, const std::vector<std::string>& dtypes,
                      const std::vector<std::size_t>& shape, std::int64_t lo, std::int64_t hi) {
  NpyArray a = read_npy(path.string());
  require_npy(a, path.string(), dtypes, shape);
  for (std::size_t i = 0; i < a.values.size(); ++i)
    if (a.values[i] < lo || a.values[i] > hi)
      throw NpyError(fmt::format("{}: element {} is {}, outside {}..{}", path.string(), i, a.values[i], lo, hi));
  return a;
}

std::vector<std::string> act_dtypes(const golden::tile::Hw& hw) {
  if (hw.act_signed) return {"int8", "int16", "int32", "int64"};
  return {"uint8", "uint16", "uint32", "int8", "int16", "int32", "int64"};
}

std::vector<std::int64_t> read_labels(const fs::path& path, std::size_t n, int classes) {
  return read_checked(path, {"uint8", "int8", "int16", "int32", "int64", "uint16"}, {n}, 0, classes - 1).values;
}

// n x in rows of activations, and n labels in 0..classes-1 (labels may be absent: empty path).
LabelledData read_data(const fs::path& x_path, const fs::path& y_path, const golden::tile::Hw& hw, int in,
                       int classes) {
  NpyArray x = read_checked(x_path, act_dtypes(hw), {}, hw.act_min(), hw.act_max());
  if (x.shape.size() != 2 || x.shape[1] != static_cast<std::size_t>(in) || x.shape[0] == 0)
    throw NpyError(fmt::format("{}: expected shape (n, {}) with n >= 1 (the first layer's inputs), found ({})",
                               x_path.string(), in, fmt::join(x.shape, ", ")));
  LabelledData d;
  const std::size_t n = x.shape[0], width = x.shape[1];
  for (std::size_t r = 0; r < n; ++r)
    d.x.emplace_back(x.values.begin() + static_cast<std::ptrdiff_t>(r * width),
                     x.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
  if (!y_path.empty()) d.y = read_labels(y_path, n, classes);
  return d;
}

// model.json must describe the hardware of this configuration (the integers only mean that).
void check_manifest(const Json& m, const fs::path& file, const Design& d) {
  auto expect = [&](const std::string& what, const Json& found, const Json& want) {
    if (found != want)
      throw NpyError(fmt::format("{}: {} is {} in the model but {} in the configuration; train the model for this "
                                 "configuration (snapgen train CONFIG -o DIR)",
                                 file.string(), what, found.dump(), want.dump()));
  };
  expect("format", m.at("format"), "snapgen-model-1");
  const Json& t = m.at("tile");
  expect("tile.act_bits", t.at("act_bits"), d.tile.act_bits);
  expect("tile.act_signed", t.at("act_signed"), d.tile.act_signed);
  expect("tile.weight_bits", t.at("weight_bits"), d.tile.weight_bits);
  expect("tile.acc_bits", t.at("acc_bits"), d.tile.acc_bits);
  expect("tile.requant", t.at("requant"), d.tile.per_channel ? "per_channel" : "per_layer");
  const Json& k = m.at("clp");
  expect("clp.channels", k.at("channels"), d.clp.channels);
  expect("clp.timesteps", k.at("timesteps"), d.clp.timesteps);
  expect("clp.reset", k.at("reset"), d.clp.reset_subtract ? "subtract" : "zero");
  expect("clp.leak_shift", k.at("leak_shift"), d.clp.leak_shift);
  expect("clp.decode_shift", k.at("decode_shift"), d.clp.decode_shift);
  const Json& layers = m.at("layers");
  expect("the number of layers", layers.size(), d.layers.size());
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    expect(fmt::format("layers[{}].in", i), layers[i].at("in"), d.layers[i].in);
    expect(fmt::format("layers[{}].out", i), layers[i].at("out"), d.layers[i].out);
    expect(fmt::format("layers[{}].relu", i), layers[i].at("relu"), d.layers[i].relu);
  }
}

// The layers of one variant: weights, biases and requant from `dir`, zero points from `layers`.
std::vector<golden::tile::Layer> read_layers(const fs::path& dir, const Json& layers, const Design& d,
                                             const golden::tile::Hw& hw) {
  std::vector<golden::tile::Layer> out;
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    golden::tile::Layer l;
    l.in = d.layers[i].in;
    l.out = d.layers[i].out;
    l.batch = 1;
    l.relu = d.layers[i].relu;
    const auto n = static_cast<std::size_t>(l.out), k = static_cast<std::size_t>(l.in);
    l.w = read_checked(dir / fmt::format("l{}_weights.npy", i), {"int8", "int16"}, {n, k}, hw.weight_min(),
                       hw.weight_max())
              .values;
    const int bias_bits = std::min(hw.acc_bits, 63);
    l.bias = read_checked(dir / fmt::format("l{}_bias.npy", i), {"int8", "int16", "int32", "int64"}, {n},
                          signed_min(bias_bits), signed_max(bias_bits))
                 .values;
    const fs::path rq_path = dir / fmt::format("l{}_requant.npy", i);
    const std::size_t entries = hw.per_channel ? n : 1;
    const NpyArray rq = read_checked(rq_path, {"int32", "int64"}, {entries, 2}, 0, signed_max(hw.mult_bits));
    for (std::size_t e = 0; e < entries; ++e) {
      const std::int64_t mult = rq.values[2 * e], shift = rq.values[2 * e + 1];
      if (shift >= (std::int64_t{1} << hw.shift_bits))
        throw NpyError(fmt::format("{}: row {} has shift {}, outside 0..{}", rq_path.string(), e, shift,
                                   (1 << hw.shift_bits) - 1));
      l.rq.push_back({mult, static_cast<int>(shift)});
    }
    l.zp = layers.at(i).at("zp").get<std::int64_t>();
    if (l.zp < hw.zp_min() || l.zp > hw.zp_max())
      throw NpyError(fmt::format("model.json: layers[{}].zp is {}, outside {}..{}", i, l.zp, hw.zp_min(), hw.zp_max()));
    out.push_back(std::move(l));
  }
  return out;
}

// thresholds.npy / scales.npy: one row of clp.channels per die crossing.
std::vector<std::vector<std::int64_t>> read_rows(const fs::path& path, std::size_t rows, std::size_t channels,
                                                 std::int64_t lo, std::int64_t hi) {
  const NpyArray a = read_checked(path, {"int16", "int32", "int64", "uint16"}, {rows, channels}, lo, hi);
  std::vector<std::vector<std::int64_t>> out;
  for (std::size_t r = 0; r < rows; ++r)
    out.emplace_back(a.values.begin() + static_cast<std::ptrdiff_t>(r * channels),
                     a.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * channels));
  return out;
}

TrainedModel read_model_files(const fs::path& dir, const Design& d, const golden::tile::Hw& hw) {
  TrainedModel m;
  m.dir = dir;
  const fs::path manifest = dir / "model.json";
  std::ifstream in(manifest);
  if (!in) throw NpyError(fmt::format("{}: cannot open (a model directory holds model.json; docs/train.md)", manifest.string()));
  try {
    m.manifest = Json::parse(in);
    check_manifest(m.manifest, manifest, d);
    m.spike.layers = read_layers(dir, m.manifest.at("layers"), d, hw);
    const Json& base = m.manifest.at("baselines");
    m.dense.layers = read_layers(dir / "dense", base.at("dense").at("layers"), d, hw);
    m.lowbit.layers = read_layers(dir / "lowbit", base.at("lowbit").at("layers"), d, hw);
    m.lowbit_bits = base.at("lowbit").at("bits").get<int>();
  } catch (const Json::exception& e) {
    throw NpyError(fmt::format("{}: not a snapgen model manifest ({})", manifest.string(), e.what()));
  }
  std::size_t crossings = 0;
  for (const auto& links : d.system.crossing_links) crossings += links.size();
  const auto channels = static_cast<std::size_t>(d.clp.channels);
  m.spike.thresholds = read_rows(dir / "thresholds.npy", crossings, channels, 1, 65535);
  m.spike.scales = read_rows(dir / "scales.npy", crossings, channels, 0, 65535);
  m.test = read_data(dir / "x_test.npy", dir / "y_test.npy", hw, d.layers.front().in, d.layers.back().out);
  return m;
}

}  // namespace

TrainedModel read_trained_model(const Config& c, const Design& d, const golden::tile::Hw& hw) {
  try {
    return read_model_files(c.file_path("workload.model_dir"), d, hw);
  } catch (const NpyError& e) {
    throw ConfigError({Problem{c.mark("workload.model_dir"), "workload.model_dir", e.what()}});
  }
}

std::optional<LabelledData> read_user_data(const Config& c, const Design& d, const golden::tile::Hw& hw) {
  const fs::path x = c.file_path("workload.inputs.npy"), y = c.file_path("workload.labels.npy");
  if (x.empty()) {
    if (!y.empty())
      throw ConfigError({Problem{c.mark("workload.labels.npy"), "workload.labels.npy",
                                 "labels without inputs: set workload.inputs.npy too"}});
    return std::nullopt;
  }
  LabelledData data;
  try {
    data = read_data(x, "", hw, d.layers.front().in, d.layers.back().out);
  } catch (const NpyError& e) {
    throw ConfigError({Problem{c.mark("workload.inputs.npy"), "workload.inputs.npy", e.what()}});
  }
  try {
    if (!y.empty()) data.y = read_labels(y, data.x.size(), d.layers.back().out);
  } catch (const NpyError& e) {
    throw ConfigError({Problem{c.mark("workload.labels.npy"), "workload.labels.npy", e.what()}});
  }
  return data;
}

}  // namespace snapgen
