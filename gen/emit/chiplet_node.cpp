// A tile node of a chiplet: the layer's input vector (from the system input or depacketized from
// the router's local port) is cut into beats for snap_tile_ctrl / <name>_tile (batched calls of
// up to die.tile.max_batch vectors), the result beats are put back into vector order
// (snap_batch_reorder), gathered into a vector and go to the system output or, packetized, to the
// next layer's router.
#include <fmt/format.h>

#include <algorithm>

#include "emit/chiplet_glue.hpp"
#include "util/text.hpp"

namespace snapgen::emit {

namespace {
int idx_bits(int n) { return std::max(1, clog2(n)); }

sv::PortList tile_ctrl_ports(const std::string& p) {
  sv::PortList l = {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}};
  for (const char* c : {"cfg_valid_i", "cfg_node_i", "cfg_sel_i", "cfg_addr_i", "cfg_data_i"}) l.emplace_back(c, c);
  for (const char* s : {"ld_valid_o", "ld_ready_i", "ld_sel_o", "ld_addr_o", "ld_data_o", "mult_o", "shift_o", "zp_o",
                        "beat_valid_i", "beat_ready_o", "beat_last_i", "act_valid_o", "act_ready_i", "start_o",
                        "batch_o", "call_batch_o", "busy_i"}) {
    const std::string port = s;
    l.emplace_back(port, p + "_" + port.substr(0, port.size() - 2));
  }
  return l;
}

// The tile's ports: its load/control wires from snap_tile_ctrl, the layer's fixed shape, its MAC
// counter into the chiplet's observation bus.
sv::PortList tile_ports(const Design& d, const TileNode& n, const std::string& p, int local_index) {
  const TileParams& t = d.tile;
  return {{"clk_i", "clk_i"},
          {"rst_ni", "rst_ni"},
          {"ld_valid_i", p + "_ld_valid"},
          {"ld_ready_o", p + "_ld_ready"},
          {"ld_sel_i", p + "_ld_sel"},
          {"ld_addr_i", p + "_ld_addr"},
          {"ld_data_i", p + "_ld_data"},
          {"start_i", p + "_start"},
          {"busy_o", p + "_busy"},
          {"cfg_in_i", fmt::format("{}'d{}", t.in_bits, n.in)},
          {"cfg_out_i", fmt::format("{}'d{}", t.out_bits, n.out)},
          {"cfg_batch_i", p + "_batch"},
          {"cfg_mult_i", p + "_mult"},
          {"cfg_shift_i", p + "_shift"},
          {"cfg_zp_i", p + "_zp"},
          {"cfg_relu_i", n.relu ? "1'b1" : "1'b0"},
          {"act_valid_i", p + "_act_valid"},
          {"act_ready_o", p + "_act_ready"},
          {"act_data_i", p + "_beat"},
          {"out_valid_o", p + "_tile_valid"},
          {"out_ready_i", p + "_tile_ready"},
          {"out_data_o", p + "_tile_beat"},
          {"mac_count_o", sv::slice("obs_macs_o", local_index * d.system.mac_count_bits, d.system.mac_count_bits)}};
}
}  // namespace

// The tile's result beats (block outer, vector inner) back into vector order.
void ChipletGlue::reorder(const std::string& p, int out_beats) {
  const TileParams& t = d_.tile;
  m_.instance("snap_batch_reorder", "u_" + p + "_reorder",
              {{"Width", t.cols * t.act_bits},
               {"Blocks", out_beats},
               {"MaxBatch", t.max_batch},
               {"Depth", t.reorder_depth},
               {"AddrBits", t.reorder_addr_bits},
               {"BatchBits", t.batch_bits},
               {"BlkBits", idx_bits(out_beats)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"batch_i", p + "_call_batch"},
               {"in_valid_i", p + "_tile_valid"},
               {"in_ready_o", p + "_tile_ready"},
               {"in_data_i", p + "_tile_beat"},
               {"out_valid_o", p + "_out_valid"},
               {"out_ready_i", p + "_out_ready"},
               {"out_data_o", p + "_out_beat"}});
}

void ChipletGlue::node(const TileNode& n, int local_index) {
  const TileParams& t = d_.tile;
  const SystemModel& s = d_.system;
  const int a = t.act_bits;
  const std::string p = fmt::format("n{}", n.layer);
  m_.blank_comment(fmt::format("---- tile node: layer {} ({} -> {}) ----", n.layer, n.in, n.out));
  FlitStream in{"in_valid_i", "in_ready_o", "in_vec_i"};
  if (!n.first) {
    in = depacketize(p, router_out(n.gx, n.gy, kPortLocal), n.in, n.in_max_flits);
    m_.unused(p + "_dst_x").unused(p + "_dst_y");
  }
  const int in_beats = ceil_div(n.in, t.rows), out_beats = ceil_div(n.out, t.cols);
  m_.wire(1, p + "_beat_valid").wire(1, p + "_beat_ready").wire(t.rows * a, p + "_beat");
  m_.wire(idx_bits(in_beats), p + "_beat_idx").wire(1, p + "_beat_last").unused(p + "_beat_idx");
  m_.instance("snap_vec_to_beats", "u_" + p + "_v2b",
              {{"ElemBits", a}, {"Count", n.in}, {"Lanes", t.rows}, {"Beats", in_beats}, {"IdxBits", idx_bits(in_beats)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", in.valid},
               {"in_ready_o", in.ready},
               {"in_vec_i", in.flit},
               {"out_valid_o", p + "_beat_valid"},
               {"out_ready_i", p + "_beat_ready"},
               {"out_beat_o", p + "_beat"},
               {"out_idx_o", p + "_beat_idx"},
               {"out_last_o", p + "_beat_last"}});
  for (auto [w, name] : std::vector<std::pair<int, std::string>>{
           {1, "ld_valid"}, {1, "ld_ready"}, {2, "ld_sel"}, {t.ld_addr_bits, "ld_addr"}, {t.ld_data_bits, "ld_data"},
           {t.mult_bits, "mult"}, {t.shift_bits, "shift"}, {a + 1, "zp"}, {1, "act_valid"}, {1, "act_ready"},
           {1, "start"}, {t.batch_bits, "batch"}, {t.batch_bits, "call_batch"}, {1, "busy"}, {1, "tile_valid"},
           {1, "tile_ready"}, {t.cols * a, "tile_beat"}, {1, "out_valid"}, {1, "out_ready"}, {t.cols * a, "out_beat"}})
    m_.wire(w, p + "_" + name);
  m_.instance("snap_tile_ctrl", "u_" + p + "_ctrl",
              {{"NodeId", n.layer},
               {"NodeBits", s.node_bits},
               {"CfgAddrBits", s.cfg_addr_bits},
               {"CfgDataBits", s.cfg_data_bits},
               {"LdAddrBits", t.ld_addr_bits},
               {"LdDataBits", t.ld_data_bits},
               {"MultBits", t.mult_bits},
               {"ShiftBits", t.shift_bits},
               {"ActBits", a},
               {"MaxBatch", t.max_batch},
               {"BatchBits", t.batch_bits},
               {"CountBits", s.vector_count_bits}},
              tile_ctrl_ports(p));
  m_.instance(d_.name + "_tile", "u_" + p + "_tile", sv::ParamList{},
              tile_ports(d_, n, p, local_index));
  reorder(p, out_beats);
  FlitStream res{"out_valid_o", "out_ready_i", "out_vec_o"};
  if (!n.last) {
    res = {p + "_res_valid", p + "_res_ready", p + "_res"};
    m_.wire(1, res.valid).wire(1, res.ready).wire(n.out * a, res.flit);
  }
  m_.instance("snap_beats_to_vec", "u_" + p + "_b2v",
              {{"ElemBits", a}, {"Count", n.out}, {"Lanes", t.cols}, {"Beats", out_beats}, {"IdxBits", idx_bits(out_beats)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", p + "_out_valid"},
               {"in_ready_o", p + "_out_ready"},
               {"in_beat_i", p + "_out_beat"},
               {"out_valid_o", res.valid},
               {"out_ready_i", res.ready},
               {"out_vec_o", res.flit}});
  if (!n.last)
    packetize(p, router_in(n.gx, n.gy, kPortLocal), n.out, n.gx, n.gy, res, fmt::format("{}'d{}", d_.noc.x_bits, n.next_gx),
              fmt::format("{}'d{}", d_.noc.y_bits, n.next_gy));
}

}  // namespace snapgen::emit
