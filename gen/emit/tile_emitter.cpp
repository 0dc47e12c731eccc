// Tile tops: `<name>_tile` wraps snap_tile_core with the config's numbers (array shape, widths,
// memory sizes). The per-layer weight/bias images go to tile/l<i>_{weights,bias}.{mem,npy}: the
// .mem files for $readmemh (pass WeightInitEn=1 WeightInit="tile/l0_weights.mem" etc. to an
// instance), the .npy files for harnesses and golden models that need the same numbers.
#include <fmt/format.h>

#include "emit/blocks.hpp"
#include "emit/sv_writer.hpp"
#include "util/npy.hpp"

namespace snapgen {

namespace {

std::string tile_top(const Design& d, const std::string& top) {
  const TileParams& t = d.tile;
  std::string s = sv::file_banner(d, top + ": systolic MAC tile (protocol in docs/tile.md).");
  s += fmt::format(
      "module {} #(\n"
      "  /// 1: load the weight memory from WeightInit ($readmemh) at time 0.\n"
      "  parameter int WeightInitEn = 0,\n"
      "  /// Weight memory image, e.g. \"tile/l0_weights.mem\" (relative to the simulator's cwd).\n"
      "  parameter WeightInit = \"\",\n"
      "  /// 1: load the bias memory from BiasInit ($readmemh) at time 0.\n"
      "  parameter int BiasInitEn = 0,\n"
      "  /// Bias memory image, e.g. \"tile/l0_bias.mem\".\n"
      "  parameter BiasInit = \"\"\n"
      ") (\n"
      "  input  logic clk_i,\n"
      "  input  logic rst_ni,\n"
      "  input  logic ld_valid_i,\n"
      "  output logic ld_ready_o,\n"
      "  input  logic [1:0] ld_sel_i,\n"
      "  input  logic {}ld_addr_i,\n"
      "  input  logic {}ld_data_i,\n"
      "  input  logic start_i,\n"
      "  output logic busy_o,\n"
      "  input  logic {}cfg_in_i,\n"
      "  input  logic {}cfg_out_i,\n"
      "  input  logic {}cfg_batch_i,\n"
      "  input  logic {}cfg_mult_i,\n"
      "  input  logic {}cfg_shift_i,\n"
      "  input  logic {}cfg_zp_i,\n"
      "  input  logic cfg_relu_i,\n"
      "  input  logic act_valid_i,\n"
      "  output logic act_ready_o,\n"
      "  input  logic {}act_data_i,\n"
      "  output logic out_valid_o,\n"
      "  input  logic out_ready_i,\n"
      "  output logic {}out_data_o,\n"
      "  output logic {}mac_count_o\n"
      ");\n",
      top, sv::range(t.ld_addr_bits), sv::range(t.ld_data_bits), sv::range(t.in_bits), sv::range(t.out_bits),
      sv::range(t.batch_bits), sv::range(t.mult_bits), sv::range(t.shift_bits), sv::range(t.act_bits + 1),
      sv::range(t.rows * t.act_bits), sv::range(t.cols * t.act_bits), sv::range(t.count_bits));
  std::string inst = sv::instance(
      "snap_tile_core", "u_tile",
      {{"Rows", t.rows},
       {"Cols", t.cols},
       {"ActBits", t.act_bits},
       {"ActSigned", t.act_signed ? 1 : 0},
       {"WeightBits", t.weight_bits},
       {"AccBits", t.acc_bits},
       {"PerChannel", t.per_channel ? 1 : 0},
       {"MultBits", t.mult_bits},
       {"ShiftBits", t.shift_bits},
       {"MaxIn", t.max_in},
       {"MaxOut", t.max_out},
       {"MaxBatch", t.max_batch},
       {"KtMax", t.kt_max},
       {"NtMax", t.nt_max},
       {"InBits", t.in_bits},
       {"OutBits", t.out_bits},
       {"BatchBits", t.batch_bits},
       {"LdAddrBits", t.ld_addr_bits},
       {"LdDataBits", t.ld_data_bits},
       {"CountBits", t.count_bits},
       {"ReqLanes", t.requant_lanes},
       {"ReqGroups", t.requant_groups},
       {"WeightInitEn", 0},
       {"BiasInitEn", 0}},
      {{"clk_i", "clk_i"},         {"rst_ni", "rst_ni"},           {"ld_valid_i", "ld_valid_i"},
       {"ld_ready_o", "ld_ready_o"}, {"ld_sel_i", "ld_sel_i"},     {"ld_addr_i", "ld_addr_i"},
       {"ld_data_i", "ld_data_i"}, {"start_i", "start_i"},         {"busy_o", "busy_o"},
       {"cfg_in_i", "cfg_in_i"},   {"cfg_out_i", "cfg_out_i"},     {"cfg_batch_i", "cfg_batch_i"},
       {"cfg_mult_i", "cfg_mult_i"}, {"cfg_shift_i", "cfg_shift_i"}, {"cfg_zp_i", "cfg_zp_i"},
       {"cfg_relu_i", "cfg_relu_i"}, {"act_valid_i", "act_valid_i"}, {"act_ready_o", "act_ready_o"},
       {"act_data_i", "act_data_i"}, {"out_valid_o", "out_valid_o"}, {"out_ready_i", "out_ready_i"},
       {"out_data_o", "out_data_o"}, {"mac_count_o", "mac_count_o"}});
  // The init parameters are strings, which ParamList (numbers) cannot carry: patch them in.
  const std::string marker = "    .BiasInitEn(0)\n";
  const auto pos = inst.find("    .WeightInitEn(0),\n");
  if (pos == std::string::npos || inst.find(marker) == std::string::npos)
    throw std::logic_error("tile emitter: instance layout changed");
  inst.replace(inst.find(marker), marker.size(), "    .BiasInitEn(BiasInitEn),\n    .BiasInit(BiasInit)\n");
  inst.replace(inst.find("    .WeightInitEn(0),\n"), std::string("    .WeightInitEn(0),\n").size(),
               "    .WeightInitEn(WeightInitEn),\n    .WeightInit(WeightInit),\n");
  s += inst;
  s += "endmodule\n";
  return s;
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
