// Tile tops: `<name>_tile` wraps snap_tile_core with the config's numbers (array shape, widths,
// memory sizes). The per-layer weight/bias images go to tile/l<i>_{weights,bias}.{mem,npy}: the
// .mem files for $readmemh (pass WeightInitEn=1 WeightInit="tile/l0_weights.mem" etc. to an
// instance), the .npy files for harnesses and golden models that need the same numbers.
#include <fmt/format.h>

#include "emit/blocks.hpp"
#include "emit/sv_module.hpp"
#include "util/npy.hpp"

namespace snapgen {

namespace {

std::string tile_top(const Design& d, const std::string& top) {
  const TileParams& t = d.tile;
  sv::Module m(top);
  m.banner(sv::file_banner(d, top + ": systolic MAC tile (protocol in docs/tile.md)."));
  m.param("WeightInitEn", "0", "1: load the weight memory from WeightInit ($readmemh) at time 0.")
      .param("WeightInit", "\"\"", "Weight memory image, e.g. \"tile/l0_weights.mem\" (relative to the simulator's cwd).", "")
      .param("BiasInitEn", "0", "1: load the bias memory from BiasInit ($readmemh) at time 0.")
      .param("BiasInit", "\"\"", "Bias memory image, e.g. \"tile/l0_bias.mem\".", "");
  m.ports({sv::in(1, "clk_i"), sv::in(1, "rst_ni"), sv::in(1, "ld_valid_i"), sv::out(1, "ld_ready_o"),
           sv::in(2, "ld_sel_i"), sv::in(t.ld_addr_bits, "ld_addr_i"), sv::in(t.ld_data_bits, "ld_data_i"),
           sv::in(1, "start_i"), sv::out(1, "busy_o"), sv::in(t.in_bits, "cfg_in_i"), sv::in(t.out_bits, "cfg_out_i"),
           sv::in(t.batch_bits, "cfg_batch_i"), sv::in(t.mult_bits, "cfg_mult_i"), sv::in(t.shift_bits, "cfg_shift_i"),
           sv::in(t.act_bits + 1, "cfg_zp_i"), sv::in(1, "cfg_relu_i"), sv::in(1, "act_valid_i"),
           sv::out(1, "act_ready_o"), sv::in(t.rows * t.act_bits, "act_data_i"), sv::out(1, "out_valid_o"),
           sv::in(1, "out_ready_i"), sv::out(t.cols * t.act_bits, "out_data_o"), sv::out(t.count_bits, "mac_count_o")});
  sv::ExprParamList params = sv::exprs(
      {{"Rows", t.rows},           {"Cols", t.cols},           {"ActBits", t.act_bits},
       {"ActSigned", t.act_signed}, {"WeightBits", t.weight_bits}, {"AccBits", t.acc_bits},
       {"PerChannel", t.per_channel}, {"MultBits", t.mult_bits}, {"ShiftBits", t.shift_bits},
       {"MaxIn", t.max_in},         {"MaxOut", t.max_out},       {"MaxBatch", t.max_batch},
       {"KtMax", t.kt_max},         {"NtMax", t.nt_max},         {"InBits", t.in_bits},
       {"OutBits", t.out_bits},     {"BatchBits", t.batch_bits}, {"LdAddrBits", t.ld_addr_bits},
       {"LdDataBits", t.ld_data_bits}, {"CountBits", t.count_bits}, {"ReqLanes", t.requant_lanes},
       {"ReqGroups", t.requant_groups}});
  for (const char* p : {"WeightInitEn", "WeightInit", "BiasInitEn", "BiasInit"}) params.emplace_back(p, p);
  m.instance("snap_tile_core", "u_tile", params,
             sv::same_names({"clk_i",      "rst_ni",      "ld_valid_i",  "ld_ready_o",  "ld_sel_i",   "ld_addr_i",
                             "ld_data_i",  "start_i",     "busy_o",      "cfg_in_i",    "cfg_out_i",  "cfg_batch_i",
                             "cfg_mult_i", "cfg_shift_i", "cfg_zp_i",    "cfg_relu_i",  "act_valid_i", "act_ready_o",
                             "act_data_i", "out_valid_o", "out_ready_i", "out_data_o",  "mac_count_o"}));
  return m.str();
}

}  // namespace

void emit_tile_blocks(const Design& d, Package& p) {
  const std::string top = d.name + "_tile";
  p.add(top + ".sv", tile_top(d, top));
  p.tops.push_back(top);
  for (std::size_t i = 0; i < d.tile.layers.size(); ++i) {
    const TileLayerData& l = d.tile.layers[i];
    p.add(fmt::format("tile/l{}_weights.mem", i), tile_weight_mem(d.tile, l));
    p.add(fmt::format("tile/l{}_bias.mem", i), tile_bias_mem(d.tile, l));
    const NpyArray w{d.tile.weight_bits <= 8 ? "int8" : "int16",
                     {static_cast<std::size_t>(l.out), static_cast<std::size_t>(l.in)}, l.weights};
    const NpyArray b{"int32", {static_cast<std::size_t>(l.out)}, l.bias};
    p.add(fmt::format("tile/l{}_weights.npy", i), format_npy(w));
    p.add(fmt::format("tile/l{}_bias.npy", i), format_npy(b));
  }
}

}  // namespace snapgen
