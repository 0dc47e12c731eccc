#include "emit/chiplet_glue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "util/text.hpp"

namespace snapgen::emit {

std::pair<std::string, int> ChipletGlue::mesh_port(int gx, int gy, int port) const {
  const int mx = gx - c_ * d_.mesh_cols, my = gy - r_ * d_.mesh_rows;
  if (port == kPortLocal) return {"local", my * d_.mesh_cols + mx};
  return {kPortNames[static_cast<std::size_t>(port)], (port == kPortNorth || port == kPortSouth) ? mx : my};
}

FlitPort ChipletGlue::router_out(int gx, int gy, int port) {
  const auto [name, i] = mesh_port(gx, gy, port);
  const int w = d_.noc.flit_bits;
  driven_credit_.insert({name, i});
  // The chiplet's traffic is all on VC 0; the local output is one channel either way.
  const int credit = name == "local" ? i : i * d_.noc.vcs;
  return {fmt::format("m_{}_valid_o[{}]", name, i), fmt::format("m_{}_flit_o[{} +: {}]", name, i * w, w),
          fmt::format("m_{}_credit_i[{}]", name, credit)};
}

FlitPort ChipletGlue::router_in(int gx, int gy, int port) {
  const auto [name, i] = mesh_port(gx, gy, port);
  const int w = d_.noc.flit_bits;
  driven_in_.insert({name, i});
  return {fmt::format("m_{}_valid_i[{}]", name, i), fmt::format("m_{}_flit_i[{} +: {}]", name, i * w, w),
          fmt::format("m_{}_credit_o[{}]", name, i * d_.noc.vcs)};
}

void ChipletGlue::tie_off_unused() {
  const int w = d_.noc.flit_bits;
  std::vector<std::pair<std::string, int>> ports;
  for (int i = 0; i < d_.mesh_rows * d_.mesh_cols; ++i) ports.emplace_back("local", i);
  for (int side = 0; side < 4; ++side) {
    const int n = (side == kPortNorth || side == kPortSouth) ? d_.mesh_cols : d_.mesh_rows;
    for (int i = 0; i < n; ++i) ports.emplace_back(kPortNames[static_cast<std::size_t>(side)], i);
  }
  const int vcs = d_.noc.vcs;
  m_.blank_comment("router ports no traffic uses: nothing enters, no credit returns");
  for (const auto& key : ports) {
    const auto& [name, i] = key;
    if (!driven_in_.count(key)) {
      m_.assign(fmt::format("m_{}_valid_i[{}]", name, i), "1'b0");
      m_.assign(fmt::format("m_{}_flit_i[{} +: {}]", name, i * w, w), "'0");
    }
    const bool per_vc = vcs > 1 && name != "local";  // the local output is one channel
    if (!driven_credit_.count(key))
      m_.assign(per_vc ? fmt::format("m_{}_credit_i[{} +: {}]", name, i * vcs, vcs) : fmt::format("m_{}_credit_i[{}]", name, i),
                per_vc ? "'0" : "1'b0");
    else if (per_vc)  // traffic is on VC 0: the other VCs' credits never return
      m_.assign(fmt::format("m_{}_credit_i[{} +: {}]", name, i * vcs + 1, vcs - 1), "'0");
  }
  if (vcs > 1) {
    m_.blank_comment("every flit enters on VC 0");
    m_.assign("m_local_vc_i", "'0");
    for (int side = 0; side < 4; ++side) m_.assign(fmt::format("m_{}_vc_i", kPortNames[static_cast<std::size_t>(side)]), "'0");
  }
}

sv::ParamList ChipletGlue::header_params() const {
  return {{"DstXOff", d_.noc.field("dst_x").offset}, {"DstYOff", d_.noc.field("dst_y").offset},
          {"LenOff", d_.noc.field("len").offset},    {"LenBits", d_.noc.field("len").width},
          {"XBits", d_.noc.x_bits},                 {"YBits", d_.noc.y_bits}};
}

// Receives packets from a router output and delivers vectors of `count` activations as
// <p>_vec_valid/_vec_ready/_vec with the packet's destination in <p>_dst_x/_dst_y.
FlitStream ChipletGlue::depacketize(const std::string& p, const FlitPort& from, int count, int max_flits) {
  const SystemModel& s = d_.system;
  const int f = d_.noc.flit_bits, a = d_.tile.act_bits;
  m_.wire(1, p + "_flit_valid").wire(1, p + "_flit_ready").wire(f, p + "_flit");
  eject(m_, d_, "u_" + p + "_link_rx", from, {p + "_flit_valid", p + "_flit_ready", p + "_flit"});
  m_.wire(1, p + "_vec_valid").wire(1, p + "_vec_ready").wire(count * a, p + "_vec");
  m_.wire(d_.noc.x_bits, p + "_dst_x").wire(d_.noc.y_bits, p + "_dst_y");
  sv::ParamList params = {{"FlitBits", f},         {"ActBits", a},         {"Count", count},
                          {"PerFlit", s.per_flit}, {"MaxFlits", max_flits}, {"CntBits", clog2(max_flits + 1)},
                          {"PayOff", s.pay_off}};
  for (auto& hp : header_params()) params.push_back(hp);
  m_.instance("snap_vec_depacketizer", "u_" + p + "_depkt", params,
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", p + "_flit_valid"},
               {"in_ready_o", p + "_flit_ready"},
               {"in_flit_i", p + "_flit"},
               {"out_valid_o", p + "_vec_valid"},
               {"out_ready_i", p + "_vec_ready"},
               {"out_vec_o", p + "_vec"},
               {"out_dst_x_o", p + "_dst_x"},
               {"out_dst_y_o", p + "_dst_y"}});
  return {p + "_vec_valid", p + "_vec_ready", p + "_vec"};
}

// Sends vectors of `count` activations as packets from router (gx, gy) into its input `to`.
void ChipletGlue::packetize(const std::string& p, const FlitPort& to, int count, int gx, int gy, const FlitStream& vec,
                            const std::string& dst_x, const std::string& dst_y) {
  const SystemModel& s = d_.system;
  const int f = d_.noc.flit_bits, flits = s.flits_for(count);
  const NocParams& n = d_.noc;
  m_.wire(1, p + "_pkt_valid").wire(1, p + "_pkt_ready").wire(f, p + "_pkt_flit");
  m_.instance("snap_vec_packetizer", "u_" + p + "_pkt",
              {{"FlitBits", f},
               {"ActBits", d_.tile.act_bits},
               {"Count", count},
               {"PerFlit", s.per_flit},
               {"Flits", flits},
               {"CntBits", clog2(flits + 1)},
               {"PayOff", s.pay_off},
               {"KindOff", n.field("kind").offset},
               {"DstXOff", n.field("dst_x").offset},
               {"DstYOff", n.field("dst_y").offset},
               {"SrcXOff", n.field("src_x").offset},
               {"SrcYOff", n.field("src_y").offset},
               {"LenOff", n.field("len").offset},
               {"LenBits", n.field("len").width},
               {"XBits", n.x_bits},
               {"YBits", n.y_bits},
               {"SrcX", gx},
               {"SrcY", gy}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", vec.valid},
               {"in_ready_o", vec.ready},
               {"in_vec_i", vec.flit},
               {"in_dst_x_i", dst_x},
               {"in_dst_y_i", dst_y},
               {"out_valid_o", p + "_pkt_valid"},
               {"out_ready_i", p + "_pkt_ready"},
               {"out_flit_o", p + "_pkt_flit"}});
  inject(m_, d_, "u_" + p + "_link_tx", {p + "_pkt_valid", p + "_pkt_ready", p + "_pkt_flit"}, to);
}

std::string ChipletGlue::dest_fifo(const std::string& p, const std::string& push, const std::string& push_ready,
                                   const std::string& data, const std::string& pop, const std::string& out) {
  m_.wire(1, p + "_dq_valid").wire(clog2(9), p + "_dq_count").unused(p + "_dq_count");
  m_.instance("snap_fifo", "u_" + p + "_destq", {{"Width", d_.d2d.dest_bits}, {"Depth", 8}, {"CountWidth", clog2(9)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", push},
               {"in_ready_o", push_ready},
               {"in_data_i", data},
               {"out_valid_o", p + "_dq_valid"},
               {"out_ready_i", pop},
               {"out_data_o", out},
               {"count_o", p + "_dq_count"}});
  return p + "_dq_valid";
}

std::string ChipletGlue::cfg_we(int node, int sel) const {
  return fmt::format("cfg_valid_i && cfg_node_i == {}'d{} && cfg_sel_i == {}'d{}", d_.system.node_bits, node,
                     d_.system.cfg_sel_bits, sel);
}

}  // namespace snapgen::emit
