#include "model/tile_params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "golden/enums.hpp"
#include "util/npy.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

std::int64_t lo_of(int bits) { return -(std::int64_t{1} << (bits - 1)); }
std::int64_t hi_of(int bits) { return (std::int64_t{1} << (bits - 1)) - 1; }

// Seeded layer data. Raw mt19937_64 words (not <random> distributions, whose output differs
// between standard libraries) so a package is byte-identical everywhere.
TileLayerData random_layer(const TileParams& t, int in, int out, std::uint64_t seed, int index) {
  std::mt19937_64 rng(seed * 1000003u + static_cast<std::uint64_t>(index) * 7919u + 17u);
  auto draw = [&](std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1u;
    return lo + static_cast<std::int64_t>(rng() % span);
  };
  TileLayerData d;
  d.in = in;
  d.out = out;
  d.weights.resize(static_cast<std::size_t>(in) * out);
  for (auto& w : d.weights) w = draw(lo_of(t.weight_bits), hi_of(t.weight_bits));
  const int bias_bits = std::min(t.acc_bits, t.act_bits + t.weight_bits);
  d.bias.resize(static_cast<std::size_t>(out));
  for (auto& b : d.bias) b = draw(lo_of(bias_bits), hi_of(bias_bits));
  return d;
}

// Where layer weights/biases come from: a trained model (workload.model_dir; its dense/ network
// when the crossings are dense, docs/train.md) or workload.weights_dir; key "" = seeded.
struct WeightsSource {
  std::string key;
  std::filesystem::path dir;
  std::filesystem::path manifest;  // a model's model.json ("" for weights_dir)
};
WeightsSource weights_source(const Config& c) {
  // "auto" is resolved to a directory by `snapgen run` before elaboration; elsewhere (generate,
  // validate, synth) the package's weight images are the seeded ones.
  if (!c.text("workload.model_dir").empty() && c.text("workload.model_dir") != "auto") {
    const auto enc = spec::code_of(spec::kEncodings, c.text("d2d.encoding"));
    const auto dir = c.file_path("workload.model_dir");
    const auto sub = enc == spec::Encoding::LowBit ? dir / "lowbit" : spec::is_dense(enc) ? dir / "dense" : dir;
    return {"workload.model_dir", sub, dir / "model.json"};
  }
  if (!c.text("workload.weights_dir").empty()) return {"workload.weights_dir", c.file_path("workload.weights_dir"), {}};
  return {};
}

TileLayerData npy_layer(const Config& c, const TileParams& t, const WeightsSource& src, int in, int out, int index,
                        Problems& problems) {
  namespace fs = std::filesystem;
  TileLayerData d;
  d.in = in;
  d.out = out;
  const auto check = [&](const std::string& file, const std::vector<std::string>& dtypes,
                         const std::vector<std::size_t>& shape, int bits, std::vector<std::int64_t>& dst) {
    const std::string path = (src.dir / file).string();
    try {
      NpyArray a = read_npy(path);
      require_npy(a, path, dtypes, shape);
      for (std::size_t i = 0; i < a.values.size(); ++i)
        if (a.values[i] < lo_of(bits) || a.values[i] > hi_of(bits))
          throw NpyError(fmt::format("{}: element {} is {}, outside the {}-bit signed range", path, i,
                                     a.values[i], bits));
      dst = std::move(a.values);
    } catch (const NpyError& e) {
      problems.add(c.mark(src.key), src.key,
                   fmt::format("layer {}: {}", index, e.what()));
    }
  };
  const std::size_t n = static_cast<std::size_t>(out), k = static_cast<std::size_t>(in);
  check(fmt::format("l{}_weights.npy", index), {"int8", "int16"}, {n, k}, t.weight_bits, d.weights);
  check(fmt::format("l{}_bias.npy", index), {"int8", "int16", "int32", "int64"}, {n}, t.acc_bits, d.bias);
  return d;
}

// Hex digits (ceil(width / 4)) of a little-endian bit vector held in 64-bit words.
std::string hex_word(const std::vector<std::uint64_t>& words, int width) {
  std::string s;
  for (int i = (width + 3) / 4 - 1; i >= 0; --i) {
    const int bit = i * 4;
    s += "0123456789abcdef"[(words[static_cast<std::size_t>(bit / 64)] >> (bit % 64)) & 0xF];
  }
  return s;
}

// ORs the low `width` bits of `value` into `words` at bit `offset` (width <= 64).
void put_bits(std::vector<std::uint64_t>& words, int offset, int width, std::int64_t value) {
  for (int i = 0; i < width; ++i)
    if ((static_cast<std::uint64_t>(value) >> i) & 1u)
      words[static_cast<std::size_t>((offset + i) / 64)] |= std::uint64_t{1} << ((offset + i) % 64);
}

}  // namespace

TileParams elaborate_tile(const Config& c) {
  TileParams t;
  t.rows = static_cast<int>(c.integer("die.tile.rows"));
  t.cols = static_cast<int>(c.integer("die.tile.cols"));
  t.act_bits = static_cast<int>(c.integer("die.tile.act_bits"));
  t.act_signed = c.flag("die.tile.act_signed");
  t.weight_bits = static_cast<int>(c.integer("die.tile.weight_bits"));
  t.acc_bits = static_cast<int>(c.integer("die.tile.acc_bits"));
  t.per_channel = c.text("die.tile.requant") == "per_channel";

  const auto& layers = c.records("workload.layers");
  int largest_in = 2, largest_out = 2;  // memories of at least two words
  for (const auto& l : layers) {
    largest_in = std::max(largest_in, static_cast<int>(std::get<std::int64_t>(l.fields.at("in"))));
    largest_out = std::max(largest_out, static_cast<int>(std::get<std::int64_t>(l.fields.at("out"))));
  }
  t.max_in = c.integer("die.tile.max_in") ? static_cast<int>(c.integer("die.tile.max_in")) : largest_in;
  t.max_out = c.integer("die.tile.max_out") ? static_cast<int>(c.integer("die.tile.max_out")) : largest_out;
  t.max_in = std::max(t.max_in, 2);
  t.max_out = std::max(t.max_out, 2);
  t.max_batch = static_cast<int>(c.integer("die.tile.max_batch"));
  t.requant_lanes = std::min(t.cols, static_cast<int>(c.integer("die.tile.requant_lanes")));
  t.requant_groups = (t.cols + t.requant_lanes - 1) / t.requant_lanes;
  t.kt_max = (t.max_in + t.rows - 1) / t.rows;
  t.nt_max = (t.max_out + t.cols - 1) / t.cols;
  t.weight_depth = t.nt_max * t.max_in;
  t.chan_depth = t.nt_max * t.cols;
  t.in_bits = clog2(t.max_in + 1);
  t.out_bits = clog2(t.max_out + 1);
  t.batch_bits = clog2(t.max_batch + 1);
  t.reorder_depth = 2 * t.max_batch * t.nt_max;
  t.reorder_addr_bits = clog2(t.reorder_depth);
  t.ld_addr_bits = clog2(std::max(t.weight_depth, t.chan_depth));
  t.ld_data_bits = std::max({t.cols * t.weight_bits, t.acc_bits, t.per_channel ? t.mult_bits + t.shift_bits : 0});

  // Workload data, only for layers that fit the tile (check_tile reports the others).
  Problems problems;
  WeightsSource src = weights_source(c);
  if (!src.manifest.empty() && !std::filesystem::is_regular_file(src.manifest)) {
    // Not a model directory at all: one line, not one per missing weight file.
    problems.add(c.mark(src.key), src.key,
                 fmt::format("{}: cannot open (a model directory holds model.json; docs/train.md)", src.manifest.string()));
    src = {};
  }
  const auto seed = static_cast<std::uint64_t>(c.integer("workload.inputs.seed"));
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const int in = static_cast<int>(std::get<std::int64_t>(layers[i].fields.at("in")));
    const int out = static_cast<int>(std::get<std::int64_t>(layers[i].fields.at("out")));
    if (in > t.max_in || out > t.max_out) continue;
    t.layers.push_back(src.key.empty() ? random_layer(t, in, out, seed, static_cast<int>(i))
                                       : npy_layer(c, t, src, in, out, static_cast<int>(i), problems));
  }
  problems.throw_if_any();
  return t;
}

void append_constants(const TileParams& t, Constants& k) {
  k.push_back({"TileRows", t.rows, "Systolic array rows"});
  k.push_back({"TileCols", t.cols, "Systolic array columns"});
  k.push_back({"ActBits", t.act_bits, "Activation width"});
  k.push_back({"ActSigned", t.act_signed ? 1 : 0, "Activations are signed"});
  k.push_back({"WeightBits", t.weight_bits, "Weight width (signed)"});
  k.push_back({"AccBits", t.acc_bits, "Accumulator width"});
  k.push_back({"RequantPerChannel", t.per_channel ? 1 : 0, "Requant M/S per output channel"});
  k.push_back({"MultBits", t.mult_bits, "Requant multiplier width"});
  k.push_back({"ShiftBits", t.shift_bits, "Requant shift width"});
  k.push_back({"TileMaxIn", t.max_in, "Largest layer input size the tile memories hold"});
  k.push_back({"TileMaxOut", t.max_out, "Largest layer output size the tile memories hold"});
  k.push_back({"TileMaxBatch", t.max_batch, "Largest batch per layer call"});
  k.push_back({"TileKtMax", t.kt_max, "ceil(TileMaxIn / TileRows)"});
  k.push_back({"TileNtMax", t.nt_max, "ceil(TileMaxOut / TileCols)"});
  k.push_back({"TileWeightDepth", t.weight_depth, "Weight memory words (TileNtMax * TileMaxIn)"});
  k.push_back({"TileChanDepth", t.chan_depth, "Bias / per-channel requant entries (TileNtMax * TileCols)"});
  k.push_back({"TileLdAddrBits", t.ld_addr_bits, "Load port address width"});
  k.push_back({"TileRequantLanes", t.requant_lanes, "Requantization lanes (cycles per result beat: ceil(cols/lanes))"});
  k.push_back({"TileLdDataBits", t.ld_data_bits, "Load port data width"});
}

std::string tile_weight_mem(const TileParams& t, const TileLayerData& l) {
  const int width = t.cols * t.weight_bits;
  std::string s;
  for (int nt = 0; nt < t.nt_max; ++nt)
    for (int k = 0; k < t.max_in; ++k) {
      std::vector<std::uint64_t> words(static_cast<std::size_t>(width / 64 + 1), 0);
      for (int c = 0; c < t.cols; ++c) {
        const int n = nt * t.cols + c;
        if (n < l.out && k < l.in)
          put_bits(words, c * t.weight_bits, t.weight_bits, l.weights[static_cast<std::size_t>(n) * l.in + k]);
      }
      s += hex_word(words, width) + "\n";
    }
  return s;
}

std::string tile_bias_mem(const TileParams& t, const TileLayerData& l) {
  std::string s;
  for (int n = 0; n < t.chan_depth; ++n) {
    std::vector<std::uint64_t> words(static_cast<std::size_t>(t.acc_bits / 64 + 1), 0);
    if (n < l.out) put_bits(words, 0, t.acc_bits, l.bias[static_cast<std::size_t>(n)]);
    s += hex_word(words, t.acc_bits) + "\n";
  }
  return s;
}

std::uint64_t tile_call_cycles(const TileParams& p, int in, int out, int batch) {
  const auto kt = static_cast<std::uint64_t>(ceil_div(in, p.rows)), nt = static_cast<std::uint64_t>(ceil_div(out, p.cols));
  const auto b = static_cast<std::uint64_t>(batch), r = static_cast<std::uint64_t>(p.rows),
             c = static_cast<std::uint64_t>(p.cols);
  const std::uint64_t spacing = std::max({b, r, (b + c) / 2});  // ceil((b + c - 1) / 2)
  const std::uint64_t drain = b * static_cast<std::uint64_t>(p.requant_groups);
  return kt * b + nt * std::max(kt * spacing, drain) + r + c + drain;
}

}  // namespace snapgen
