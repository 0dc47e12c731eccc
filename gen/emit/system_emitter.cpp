// Chiplet and system tops (docs/system.md):
//   <name>_chiplet_r<R>c<C>  one die: its routers (2-D mesh on global coordinates), a tile node at
//                            every router that runs a workload layer (NoC <-> vector <-> tile), and
//                            an EMIO port on every die edge its traffic crosses: the sending side
//                            CLP-encodes activation packets into spike frames (or sends them dense
//                            when d2d.encoding is dense) and serializes them; the receiving side
//                            decodes them back into packets. Synthesizable on its own.
//   <name>_system            the die grid: chiplets joined by their EMIO wires through
//                            d2d.wire_stages register stages, with a fault-injection XOR mask on
//                            the data lanes and observation outputs for the harness (simulation top).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "emit/blocks.hpp"
#include "emit/sv_writer.hpp"
#include "model/system_plan.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

std::string chiplet_name(const Design& d, int r, int c) { return fmt::format("{}_chiplet_r{}c{}", d.name, r, c); }

int idx_bits(int n) { return std::max(1, clog2(n)); }
int ceil_div(int a, int b) { return (a + b - 1) / b; }

// Module header from (direction, width, name) triples.
struct PortDecl {
  std::string dir;
  int width;
  std::string name;
};
std::string header(const std::string& module, const std::vector<PortDecl>& ports) {
  std::string s = fmt::format("module {} (\n", module);
  for (std::size_t i = 0; i < ports.size(); ++i)
    s += fmt::format("  {} logic {}{}{}\n", ports[i].dir, sv::range(ports[i].width), ports[i].name,
                     i + 1 < ports.size() ? "," : "");
  return s + ");\n";
}

std::vector<PortDecl> cfg_ports(const SystemPlan& plan) {
  return {{"input ", 1, "cfg_valid_i"},
          {"input ", plan.node_bits, "cfg_node_i"},
          {"input ", 3, "cfg_sel_i"},
          {"input ", plan.cfg_addr_bits, "cfg_addr_i"},
          {"input ", plan.cfg_data_bits, "cfg_data_i"}};
}

class ChipletWriter {
 public:
  ChipletWriter(const Design& d, const SystemPlan& plan, int r, int c) : d_(d), plan_(plan), r_(r), c_(c) {}

  std::string write() {
    const auto nodes = plan_.nodes_on(r_, c_);
    std::vector<PortDecl> ports = {{"input ", 1, "clk_i"}, {"input ", 1, "rst_ni"}};
    for (auto& p : cfg_ports(plan_)) ports.push_back(p);
    for (const TileNode* n : nodes) {
      if (n->first) {
        ports.push_back({"input ", 1, "in_valid_i"});
        ports.push_back({"output", 1, "in_ready_o"});
        ports.push_back({"input ", n->in * d_.tile.act_bits, "in_vec_i"});
      }
      if (n->last) {
        ports.push_back({"output", 1, "out_valid_o"});
        ports.push_back({"input ", 1, "out_ready_i"});
        ports.push_back({"output", n->out * d_.tile.act_bits, "out_vec_o"});
      }
    }
    for (const D2dLink& l : plan_.links) {
      if (l.src_die_row == r_ && l.src_die_col == c_) {
        ports.push_back({"output", 1, fmt::format("l{}_tx_wire_valid_o", l.index)});
        ports.push_back({"output", 1, fmt::format("l{}_tx_wire_last_o", l.index)});
        ports.push_back({"output", d_.d2d.lanes, fmt::format("l{}_tx_wire_data_o", l.index)});
        ports.push_back({"input ", 1, fmt::format("l{}_tx_credit_i", l.index)});
        ports.push_back({"input ", 1, fmt::format("l{}_tx_ack_valid_i", l.index)});
        ports.push_back({"input ", 1, fmt::format("l{}_tx_ack_nak_i", l.index)});
        ports.push_back({"input ", d_.d2d.seq_bits, fmt::format("l{}_tx_ack_seq_i", l.index)});
        ports.push_back({"output", 1, fmt::format("l{}_tx_rewind_o", l.index)});
      }
      if (l.dst_die_row == r_ && l.dst_die_col == c_) {
        ports.push_back({"input ", 1, fmt::format("l{}_rx_wire_valid_i", l.index)});
        ports.push_back({"input ", 1, fmt::format("l{}_rx_wire_last_i", l.index)});
        ports.push_back({"input ", d_.d2d.lanes, fmt::format("l{}_rx_wire_data_i", l.index)});
        ports.push_back({"output", 1, fmt::format("l{}_rx_credit_o", l.index)});
        ports.push_back({"output", 1, fmt::format("l{}_rx_ack_valid_o", l.index)});
        ports.push_back({"output", 1, fmt::format("l{}_rx_ack_nak_o", l.index)});
        ports.push_back({"output", d_.d2d.seq_bits, fmt::format("l{}_rx_ack_seq_o", l.index)});
        ports.push_back({"output", 1, fmt::format("l{}_rx_crc_error_o", l.index)});
      }
    }
    const int routers = d_.mesh_rows * d_.mesh_cols;
    ports.push_back({"output", routers * plan_.router_obs_bits, "obs_links_o"});
    if (!nodes.empty())
      ports.push_back({"output", static_cast<int>(nodes.size()) * plan_.mac_count_bits, "obs_macs_o"});

    std::string s = sv::file_banner(d_, chiplet_name(d_, r_, c_) +
                                            fmt::format(": die ({}, {}) of the package (docs/system.md).", r_, c_));
    s += header(chiplet_name(d_, r_, c_), ports);
    routers_();
    for (std::size_t i = 0; i < nodes.size(); ++i) node_(*nodes[i], static_cast<int>(i));
    for (const D2dLink& l : plan_.links) {
      if (l.src_die_row == r_ && l.src_die_col == c_) link_tx_(l);
      if (l.dst_die_row == r_ && l.dst_die_col == c_) link_rx_(l);
    }
    s += body_;
    if (!unused_.empty()) {
      s += "\n  // Outputs of the routers' tied-off ports and packet fields the glue does not need.\n";
      s += "  logic unused_signals;\n  assign unused_signals = ^{";
      for (std::size_t i = 0; i < unused_.size(); ++i) s += (i ? ", " : "") + unused_[i];
      s += "};\n";
    }
    s += "endmodule\n";
    return s;
  }

 private:
  int router_index(int gx, int gy) const { return (gy - r_ * d_.mesh_rows) * d_.mesh_cols + (gx - c_ * d_.mesh_cols); }
  std::string slice(int k, const char* what, int port) const {
    return fmt::format("r{}_{}[{}]", k, what, port);
  }
  std::string flit(int k, const char* what, int port) const {
    return fmt::format("r{}_{}[{} +: {}]", k, what, port * d_.noc.flit_bits, d_.noc.flit_bits);
  }
  void line(const std::string& text) { body_ += "  " + text + "\n"; }
  void decl(int width, const std::string& name) { body_ += fmt::format("  logic {}{};\n", sv::range(width), name); }

  // Whether the out side / in side of a router port is used by a node or a link.
  bool out_used(int gx, int gy, int port) const {
    if (port == kPortLocal) {
      for (const auto* n : plan_.nodes_on(r_, c_))
        if (n->gx == gx && n->gy == gy) return !n->first;
      return false;
    }
    for (const auto& l : plan_.links)
      if (l.src_gx == gx && l.src_gy == gy && l.port == port) return true;
    return false;
  }
  bool in_used(int gx, int gy, int port) const {
    if (port == kPortLocal) {
      for (const auto* n : plan_.nodes_on(r_, c_))
        if (n->gx == gx && n->gy == gy) return !n->last;
      return false;
    }
    for (const auto& l : plan_.links)
      if (l.dst_gx == gx && l.dst_gy == gy && opposite_port(l.port) == port) return true;
    return false;
  }

  void routers_() {
    const int f = d_.noc.flit_bits;
    const int routers = d_.mesh_rows * d_.mesh_cols;
    body_ += "\n  // ---- routers ----\n";
    for (int k = 0; k < routers; ++k) {
      decl(5, fmt::format("r{}_in_valid", k));
      decl(5 * f, fmt::format("r{}_in_flit", k));
      decl(5, fmt::format("r{}_in_credit", k));
      decl(5, fmt::format("r{}_out_valid", k));
      decl(5 * f, fmt::format("r{}_out_flit", k));
      decl(5, fmt::format("r{}_out_credit", k));
    }
    for (int my = 0; my < d_.mesh_rows; ++my) {
      for (int mx = 0; mx < d_.mesh_cols; ++mx) {
        const int k = my * d_.mesh_cols + mx;
        const int gx = c_ * d_.mesh_cols + mx, gy = r_ * d_.mesh_rows + my;
        body_ += sv::instance("snap_noc_router", fmt::format("u_r{}", k),
                              {{"FlitBits", f},
                               {"BufferDepth", d_.noc.buffer_depth},
                               {"CountWidth", clog2(d_.noc.buffer_depth + 1)},
                               {"XBits", d_.noc.x_bits},
                               {"YBits", d_.noc.y_bits},
                               {"X", gx},
                               {"Y", gy},
                               {"TypeOff", d_.noc.field("flit_type").offset},
                               {"DstXOff", d_.noc.field("dst_x").offset},
                               {"DstYOff", d_.noc.field("dst_y").offset},
                               {"RoutingYx", d_.noc.routing == "yx" ? 1 : 0}},
                              {{"clk_i", "clk_i"},
                               {"rst_ni", "rst_ni"},
                               {"in_valid_i", fmt::format("r{}_in_valid", k)},
                               {"in_flit_i", fmt::format("r{}_in_flit", k)},
                               {"in_credit_o", fmt::format("r{}_in_credit", k)},
                               {"out_valid_o", fmt::format("r{}_out_valid", k)},
                               {"out_flit_o", fmt::format("r{}_out_flit", k)},
                               {"out_credit_i", fmt::format("r{}_out_credit", k)}});
        for (int port = 0; port < 5; ++port) {
          const int nx = mx + (port == kPortEast) - (port == kPortWest);
          const int ny = my + (port == kPortSouth) - (port == kPortNorth);
          const bool inside = port != kPortLocal && nx >= 0 && ny >= 0 && nx < d_.mesh_cols && ny < d_.mesh_rows;
          if (inside) {
            // Receiver's view: router k's in[port] comes from neighbour j's out[opposite].
            const int j = ny * d_.mesh_cols + nx, q = opposite_port(port);
            line(fmt::format("assign {} = {};", slice(k, "in_valid", port), slice(j, "out_valid", q)));
            line(fmt::format("assign {} = {};", flit(k, "in_flit", port), flit(j, "out_flit", q)));
            line(fmt::format("assign {} = {};", slice(j, "out_credit", q), slice(k, "in_credit", port)));
            continue;
          }
          if (!in_used(gx, gy, port)) {
            line(fmt::format("assign {} = 1'b0;", slice(k, "in_valid", port)));
            line(fmt::format("assign {} = '0;", flit(k, "in_flit", port)));
            unused_.push_back(slice(k, "in_credit", port));
          }
          if (!out_used(gx, gy, port)) line(fmt::format("assign {} = 1'b0;", slice(k, "out_credit", port)));
        }
      }
    }
    std::string obs = "assign obs_links_o = {";
    for (int k = routers - 1; k >= 0; --k)
      obs += fmt::format("r{}_out_valid, r{}_out_flit{}", k, k, k ? ", " : "");
    line(obs + "};");
  }

  // Parameters shared by the packetizer/depacketizer instances.
  sv::ParamList header_params() const {
    return {{"DstXOff", d_.noc.field("dst_x").offset}, {"DstYOff", d_.noc.field("dst_y").offset},
            {"LenOff", d_.noc.field("len").offset},    {"LenBits", d_.noc.field("len").width},
            {"XBits", d_.noc.x_bits},                 {"YBits", d_.noc.y_bits}};
  }

  // Receives packets from router k's out[port] and delivers vectors of `count` activations.
  void depacketize_(const std::string& p, int k, int port, int count, int max_flits) {
    const int f = d_.noc.flit_bits, a = d_.tile.act_bits;
    decl(1, p + "_flit_valid");
    decl(1, p + "_flit_ready");
    decl(f, p + "_flit");
    body_ += sv::instance("snap_link_rx", "u_" + p + "_link_rx",
                          {{"FlitBits", f}, {"Depth", d_.noc.buffer_depth}, {"CountWidth", clog2(d_.noc.buffer_depth + 1)}},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"link_valid_i", slice(k, "out_valid", port)},
                           {"link_flit_i", flit(k, "out_flit", port)},
                           {"link_credit_o", slice(k, "out_credit", port)},
                           {"out_valid_o", p + "_flit_valid"},
                           {"out_ready_i", p + "_flit_ready"},
                           {"out_flit_o", p + "_flit"}});
    decl(1, p + "_vec_valid");
    decl(1, p + "_vec_ready");
    decl(count * a, p + "_vec");
    decl(d_.noc.x_bits, p + "_dst_x");
    decl(d_.noc.y_bits, p + "_dst_y");
    sv::ParamList params = {{"FlitBits", f},       {"ActBits", a},
                            {"Count", count},      {"PerFlit", plan_.per_flit},
                            {"MaxFlits", max_flits}, {"CntBits", clog2(max_flits + 1)},
                            {"PayOff", plan_.pay_off}};
    for (auto& hp : header_params()) params.push_back(hp);
    body_ += sv::instance("snap_vec_depacketizer", "u_" + p + "_depkt", params,
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
  }

  // Sends vectors of `count` activations as packets into router k's in[port].
  void packetize_(const std::string& p, int k, int port, int count, int gx, int gy, const std::string& vec_valid,
                  const std::string& vec_ready, const std::string& vec, const std::string& dst_x,
                  const std::string& dst_y) {
    const int f = d_.noc.flit_bits, a = d_.tile.act_bits;
    const int flits = plan_.flits_for(count);
    decl(1, p + "_pkt_valid");
    decl(1, p + "_pkt_ready");
    decl(f, p + "_pkt_flit");
    sv::ParamList params = {{"FlitBits", f},
                            {"ActBits", a},
                            {"Count", count},
                            {"PerFlit", plan_.per_flit},
                            {"Flits", flits},
                            {"CntBits", clog2(flits + 1)},
                            {"PayOff", plan_.pay_off},
                            {"KindOff", d_.noc.field("kind").offset},
                            {"DstXOff", d_.noc.field("dst_x").offset},
                            {"DstYOff", d_.noc.field("dst_y").offset},
                            {"SrcXOff", d_.noc.field("src_x").offset},
                            {"SrcYOff", d_.noc.field("src_y").offset},
                            {"LenOff", d_.noc.field("len").offset},
                            {"LenBits", d_.noc.field("len").width},
                            {"XBits", d_.noc.x_bits},
                            {"YBits", d_.noc.y_bits},
                            {"SrcX", gx},
                            {"SrcY", gy}};
    body_ += sv::instance("snap_vec_packetizer", "u_" + p + "_pkt", params,
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"in_valid_i", vec_valid},
                           {"in_ready_o", vec_ready},
                           {"in_vec_i", vec},
                           {"in_dst_x_i", dst_x},
                           {"in_dst_y_i", dst_y},
                           {"out_valid_o", p + "_pkt_valid"},
                           {"out_ready_i", p + "_pkt_ready"},
                           {"out_flit_o", p + "_pkt_flit"}});
    body_ += sv::instance("snap_link_tx", "u_" + p + "_link_tx",
                          {{"FlitBits", f}, {"Credits", d_.noc.buffer_depth}, {"CountWidth", clog2(d_.noc.buffer_depth + 1)}},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"in_valid_i", p + "_pkt_valid"},
                           {"in_ready_o", p + "_pkt_ready"},
                           {"in_flit_i", p + "_pkt_flit"},
                           {"link_valid_o", slice(k, "in_valid", port)},
                           {"link_flit_o", flit(k, "in_flit", port)},
                           {"link_credit_i", slice(k, "in_credit", port)}});
  }

  void node_(const TileNode& n, int local_index) {
    const TileParams& t = d_.tile;
    const int a = t.act_bits;
    const std::string p = fmt::format("n{}", n.layer);
    const int k = router_index(n.gx, n.gy);
    body_ += fmt::format("\n  // ---- tile node: layer {} ({} -> {}) ----\n", n.layer, n.in, n.out);
    std::string vec_valid = "in_valid_i", vec_ready = "in_ready_o", vec = "in_vec_i";
    if (!n.first) {
      depacketize_(p, k, kPortLocal, n.in, n.in_max_flits);
      vec_valid = p + "_vec_valid";
      vec_ready = p + "_vec_ready";
      vec = p + "_vec";
      unused_.push_back(p + "_dst_x");
      unused_.push_back(p + "_dst_y");
    }
    const int in_beats = ceil_div(n.in, t.rows), out_beats = ceil_div(n.out, t.cols);
    decl(1, p + "_beat_valid");
    decl(1, p + "_beat_ready");
    decl(t.rows * a, p + "_beat");
    decl(idx_bits(in_beats), p + "_beat_idx");
    decl(1, p + "_beat_last");
    unused_.push_back(p + "_beat_idx");
    body_ += sv::instance("snap_vec_to_beats", "u_" + p + "_v2b",
                          {{"ElemBits", a}, {"Count", n.in}, {"Lanes", t.rows}, {"Beats", in_beats}, {"IdxBits", idx_bits(in_beats)}},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"in_valid_i", vec_valid},
                           {"in_ready_o", vec_ready},
                           {"in_vec_i", vec},
                           {"out_valid_o", p + "_beat_valid"},
                           {"out_ready_i", p + "_beat_ready"},
                           {"out_beat_o", p + "_beat"},
                           {"out_idx_o", p + "_beat_idx"},
                           {"out_last_o", p + "_beat_last"}});
    for (auto [w, name] : std::vector<std::pair<int, std::string>>{{1, "ld_valid"}, {1, "ld_ready"}, {2, "ld_sel"},
                                                                    {t.ld_addr_bits, "ld_addr"}, {t.ld_data_bits, "ld_data"},
                                                                    {t.mult_bits, "mult"}, {t.shift_bits, "shift"},
                                                                    {a + 1, "zp"}, {1, "act_valid"}, {1, "act_ready"},
                                                                    {1, "start"}, {1, "busy"}, {1, "out_valid"},
                                                                    {1, "out_ready"}, {t.cols * a, "out_beat"}})
      decl(w, p + "_" + name);
    body_ += sv::instance("snap_tile_ctrl", "u_" + p + "_ctrl",
                          {{"NodeId", n.layer},
                           {"NodeBits", plan_.node_bits},
                           {"CfgAddrBits", plan_.cfg_addr_bits},
                           {"CfgDataBits", plan_.cfg_data_bits},
                           {"LdAddrBits", t.ld_addr_bits},
                           {"LdDataBits", t.ld_data_bits},
                           {"MultBits", t.mult_bits},
                           {"ShiftBits", t.shift_bits},
                           {"ActBits", a}},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"cfg_valid_i", "cfg_valid_i"},
                           {"cfg_node_i", "cfg_node_i"},
                           {"cfg_sel_i", "cfg_sel_i"},
                           {"cfg_addr_i", "cfg_addr_i"},
                           {"cfg_data_i", "cfg_data_i"},
                           {"ld_valid_o", p + "_ld_valid"},
                           {"ld_ready_i", p + "_ld_ready"},
                           {"ld_sel_o", p + "_ld_sel"},
                           {"ld_addr_o", p + "_ld_addr"},
                           {"ld_data_o", p + "_ld_data"},
                           {"mult_o", p + "_mult"},
                           {"shift_o", p + "_shift"},
                           {"zp_o", p + "_zp"},
                           {"beat_valid_i", p + "_beat_valid"},
                           {"beat_ready_o", p + "_beat_ready"},
                           {"beat_last_i", p + "_beat_last"},
                           {"act_valid_o", p + "_act_valid"},
                           {"act_ready_i", p + "_act_ready"},
                           {"start_o", p + "_start"},
                           {"busy_i", p + "_busy"}});
    body_ += sv::instance(d_.name + "_tile", "u_" + p + "_tile", {},
                          {{"clk_i", "clk_i"},
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
                           {"cfg_batch_i", fmt::format("{}'d1", t.batch_bits)},
                           {"cfg_mult_i", p + "_mult"},
                           {"cfg_shift_i", p + "_shift"},
                           {"cfg_zp_i", p + "_zp"},
                           {"cfg_relu_i", n.relu ? "1'b1" : "1'b0"},
                           {"act_valid_i", p + "_act_valid"},
                           {"act_ready_o", p + "_act_ready"},
                           {"act_data_i", p + "_beat"},
                           {"out_valid_o", p + "_out_valid"},
                           {"out_ready_i", p + "_out_ready"},
                           {"out_data_o", p + "_out_beat"},
                           {"mac_count_o", fmt::format("obs_macs_o[{} +: {}]", local_index * plan_.mac_count_bits,
                                                       plan_.mac_count_bits)}});
    std::string res_valid = "out_valid_o", res_ready = "out_ready_i", res = "out_vec_o";
    if (!n.last) {
      res_valid = p + "_res_valid";
      res_ready = p + "_res_ready";
      res = p + "_res";
      decl(1, res_valid);
      decl(1, res_ready);
      decl(n.out * a, res);
    }
    body_ += sv::instance("snap_beats_to_vec", "u_" + p + "_b2v",
                          {{"ElemBits", a}, {"Count", n.out}, {"Lanes", t.cols}, {"Beats", out_beats}, {"IdxBits", idx_bits(out_beats)}},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"in_valid_i", p + "_out_valid"},
                           {"in_ready_o", p + "_out_ready"},
                           {"in_beat_i", p + "_out_beat"},
                           {"out_valid_o", res_valid},
                           {"out_ready_i", res_ready},
                           {"out_vec_o", res}});
    if (!n.last)
      packetize_(p, k, kPortLocal, n.out, n.gx, n.gy, res_valid, res_ready, res,
                 fmt::format("{}'d{}", d_.noc.x_bits, n.next_gx), fmt::format("{}'d{}", d_.noc.y_bits, n.next_gy));
  }

  std::string dest_fifo_(const std::string& p, const std::string& push, const std::string& push_ready,
                         const std::string& data, const std::string& pop, const std::string& out) {
    decl(1, p + "_dq_valid");
    decl(clog2(9), p + "_dq_count");
    unused_.push_back(p + "_dq_count");
    body_ += sv::instance("snap_fifo", "u_" + p + "_destq", {{"Width", d_.d2d.dest_bits}, {"Depth", 8}, {"CountWidth", clog2(9)}},
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

  std::string cfg_we(int node, int sel) const {
    return fmt::format("cfg_valid_i && cfg_node_i == {}'d{} && cfg_sel_i == 3'd{}", plan_.node_bits, node, sel);
  }

  void link_tx_(const D2dLink& l) {
    const ClpParams& c = d_.clp;
    const int a = d_.tile.act_bits, n = c.channels, node = static_cast<int>(plan_.nodes.size()) + l.index;
    const std::string p = fmt::format("l{}tx", l.index);
    const int k = router_index(l.src_gx, l.src_gy);
    body_ += fmt::format("\n  // ---- die-to-die link {}: sending side (router ({}, {}) port {}) ----\n", l.index,
                         l.src_gx, l.src_gy, l.port);
    depacketize_(p, k, l.port, n, plan_.vector_flits);
    const int payload = std::max({d_.d2d.spike_bits, d_.d2d.dense_bits, d_.d2d.flit_bits});
    decl(d_.d2d.dest_bits, p + "_dest");
    line(fmt::format("assign {0}_dest = {1}'(32'({0}_dst_y) * 32'd{2} + 32'({0}_dst_x));", p, d_.d2d.dest_bits, d_.grid_cols));
    decl(1, p + "_msg_valid");
    decl(1, p + "_msg_ready");
    decl(payload, p + "_msg");
    decl(1, p + "_dq_ready");
    decl(1, p + "_into_ready");
    decl(d_.d2d.dest_bits, p + "_msg_dest");
    std::string type = "2'd1";
    if (d_.d2d.encoding == "dense") {
      // Dense: the vector goes straight to the transmitter, destination beside it.
      line(fmt::format("assign {0}_dq_ready = 1'b1;", p));
      line(fmt::format("assign {0}_vec_ready = {0}_into_ready;", p));
      line(fmt::format("assign {0}_msg_valid = {0}_vec_valid;", p));
      line(fmt::format("assign {0}_into_ready = {0}_msg_ready;", p));
      line(fmt::format("assign {0}_msg = {1}'({0}_vec);", p, payload));
      line(fmt::format("assign {0}_msg_dest = {0}_dest;", p));
      unused_.push_back(p + "_dq_ready");
    } else {
      // Spikes: the destination travels beside the vector through the encoder in a small FIFO.
      line(fmt::format("assign {0}_vec_ready = {0}_into_ready && {0}_dq_ready;", p));
      const std::string dq_valid = dest_fifo_(p, fmt::format("{0}_vec_valid && {0}_into_ready", p), p + "_dq_ready",
                                              p + "_dest", fmt::format("{0}_msg_valid && {0}_msg_ready", p), p + "_msg_dest");
      unused_.push_back(dq_valid);
      type = "2'd0";
      decl(1, p + "_beat_valid");
      decl(1, p + "_beat_ready");
      decl(c.lanes_per_cycle * a, p + "_beat");
      decl(idx_bits(c.beats), p + "_beat_idx");
      decl(1, p + "_beat_last");
      unused_.push_back(p + "_beat_idx");
      unused_.push_back(p + "_beat_last");
      body_ += sv::instance("snap_vec_to_beats", "u_" + p + "_v2b",
                            {{"ElemBits", a}, {"Count", n}, {"Lanes", c.lanes_per_cycle}, {"Beats", c.beats}, {"IdxBits", idx_bits(c.beats)}},
                            {{"clk_i", "clk_i"},
                             {"rst_ni", "rst_ni"},
                             {"in_valid_i", fmt::format("{0}_vec_valid && {0}_dq_ready", p)},
                             {"in_ready_o", p + "_into_ready"},
                             {"in_vec_i", p + "_vec"},
                             {"out_valid_o", p + "_beat_valid"},
                             {"out_ready_i", p + "_beat_ready"},
                             {"out_beat_o", p + "_beat"},
                             {"out_idx_o", p + "_beat_idx"},
                             {"out_last_o", p + "_beat_last"}});
      decl(1, p + "_frame_valid");
      decl(1, p + "_frame_ready");
      decl(n, p + "_frame");
      decl(c.step_bits, p + "_frame_step");
      decl(1, p + "_frame_last");
      unused_.push_back(p + "_frame_step");
      unused_.push_back(p + "_frame_last");
      body_ += sv::instance(d_.name + "_clp_encoder", "u_" + p + "_enc", {},
                            {{"clk_i", "clk_i"},
                             {"rst_ni", "rst_ni"},
                             {"thr_we_i", cfg_we(node, 4)},
                             {"thr_addr_i", fmt::format("cfg_addr_i[{}:0]", c.beat_bits - 1)},
                             {"thr_data_i", fmt::format("cfg_data_i[{}:0]", c.lanes_per_cycle * c.threshold_bits - 1)},
                             {"in_valid_i", p + "_beat_valid"},
                             {"in_ready_o", p + "_beat_ready"},
                             {"in_data_i", p + "_beat"},
                             {"out_valid_o", p + "_frame_valid"},
                             {"out_ready_i", p + "_frame_ready"},
                             {"out_spikes_o", p + "_frame"},
                             {"out_step_o", p + "_frame_step"},
                             {"out_last_o", p + "_frame_last"}});
      decl(n * c.timesteps, p + "_spikes");
      body_ += sv::instance("snap_beats_to_vec", "u_" + p + "_f2v",
                            {{"ElemBits", n}, {"Count", c.timesteps}, {"Lanes", 1}, {"Beats", c.timesteps}, {"IdxBits", idx_bits(c.timesteps)}},
                            {{"clk_i", "clk_i"},
                             {"rst_ni", "rst_ni"},
                             {"in_valid_i", p + "_frame_valid"},
                             {"in_ready_o", p + "_frame_ready"},
                             {"in_beat_i", p + "_frame"},
                             {"out_valid_o", p + "_msg_valid"},
                             {"out_ready_i", p + "_msg_ready"},
                             {"out_vec_o", p + "_spikes"}});
      line(fmt::format("assign {0}_msg = {1}'({0}_spikes);", p, payload));
    }
    body_ += sv::instance(d_.name + "_emio_tx", "u_" + p + "_emio", {},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"in_valid_i", p + "_msg_valid"},
                           {"in_ready_o", p + "_msg_ready"},
                           {"in_type_i", type},
                           {"in_dest_i", p + "_msg_dest"},
                           {"in_payload_i", p + "_msg"},
                           {"wire_valid_o", fmt::format("l{}_tx_wire_valid_o", l.index)},
                           {"wire_last_o", fmt::format("l{}_tx_wire_last_o", l.index)},
                           {"wire_data_o", fmt::format("l{}_tx_wire_data_o", l.index)},
                           {"credit_i", fmt::format("l{}_tx_credit_i", l.index)},
                           {"ack_valid_i", fmt::format("l{}_tx_ack_valid_i", l.index)},
                           {"ack_nak_i", fmt::format("l{}_tx_ack_nak_i", l.index)},
                           {"ack_seq_i", fmt::format("l{}_tx_ack_seq_i", l.index)},
                           {"rewind_o", fmt::format("l{}_tx_rewind_o", l.index)}});
  }

  void link_rx_(const D2dLink& l) {
    const ClpParams& c = d_.clp;
    const int a = d_.tile.act_bits, n = c.channels, node = static_cast<int>(plan_.nodes.size()) + l.index;
    const std::string p = fmt::format("l{}rx", l.index);
    const int k = router_index(l.dst_gx, l.dst_gy);
    const int port = opposite_port(l.port);
    body_ += fmt::format("\n  // ---- die-to-die link {}: receiving side (router ({}, {}) port {}) ----\n", l.index,
                         l.dst_gx, l.dst_gy, port);
    const int payload = std::max({d_.d2d.spike_bits, d_.d2d.dense_bits, d_.d2d.flit_bits});
    for (auto [w, name] : std::vector<std::pair<int, std::string>>{{1, "msg_valid"}, {1, "msg_ready"}, {2, "msg_type"},
                                                                    {2, "msg_enc"}, {d_.d2d.dest_bits, "msg_dest"},
                                                                    {payload, "msg"}, {1, "vec_valid"}, {1, "vec_ready"},
                                                                    {n * a, "vec"}, {1, "dq_ready"}, {1, "from_ready"},
                                                                    {d_.d2d.dest_bits, "dest"}, {d_.noc.x_bits, "dst_x"},
                                                                    {d_.noc.y_bits, "dst_y"}})
      decl(w, p + "_" + name);
    unused_.push_back(p + "_msg_type");
    unused_.push_back(p + "_msg_enc");
    body_ += sv::instance(d_.name + "_emio_rx", "u_" + p + "_emio", {},
                          {{"clk_i", "clk_i"},
                           {"rst_ni", "rst_ni"},
                           {"wire_valid_i", fmt::format("l{}_rx_wire_valid_i", l.index)},
                           {"wire_last_i", fmt::format("l{}_rx_wire_last_i", l.index)},
                           {"wire_data_i", fmt::format("l{}_rx_wire_data_i", l.index)},
                           {"credit_o", fmt::format("l{}_rx_credit_o", l.index)},
                           {"ack_valid_o", fmt::format("l{}_rx_ack_valid_o", l.index)},
                           {"ack_nak_o", fmt::format("l{}_rx_ack_nak_o", l.index)},
                           {"ack_seq_o", fmt::format("l{}_rx_ack_seq_o", l.index)},
                           {"out_valid_o", p + "_msg_valid"},
                           {"out_ready_i", p + "_msg_ready"},
                           {"out_type_o", p + "_msg_type"},
                           {"out_enc_o", p + "_msg_enc"},
                           {"out_dest_o", p + "_msg_dest"},
                           {"out_payload_o", p + "_msg"},
                           {"crc_error_o", fmt::format("l{}_rx_crc_error_o", l.index)}});
    if (d_.d2d.encoding == "dense") {
      // Dense: the received vector and its destination go straight to the packetizer.
      line(fmt::format("assign {0}_dq_ready = 1'b1;", p));
      line(fmt::format("assign {0}_msg_ready = {0}_from_ready;", p));
      line(fmt::format("assign {0}_vec_valid = {0}_msg_valid;", p));
      line(fmt::format("assign {0}_from_ready = {0}_vec_ready;", p));
      line(fmt::format("assign {0}_vec = {0}_msg[{1}:0];", p, n * a - 1));
      line(fmt::format("assign {0}_dest = {0}_msg_dest;", p));
      unused_.push_back(p + "_msg");
      unused_.push_back(p + "_dq_ready");
    } else {
      // Spikes: the destination waits in a small FIFO while the decoder rebuilds the vector.
      line(fmt::format("assign {0}_msg_ready = {0}_from_ready && {0}_dq_ready;", p));
      const std::string dq_valid = dest_fifo_(p, fmt::format("{0}_msg_valid && {0}_from_ready", p), p + "_dq_ready",
                                              p + "_msg_dest", fmt::format("{0}_vec_valid && {0}_vec_ready", p), p + "_dest");
      unused_.push_back(dq_valid);
      for (auto [w, name] : std::vector<std::pair<int, std::string>>{{1, "frame_valid"}, {1, "frame_ready"},
                                                                      {n, "frame"}, {c.step_bits, "frame_step"},
                                                                      {1, "frame_last"}, {1, "beat_valid"},
                                                                      {1, "beat_ready"}, {c.lanes_per_cycle * a, "beat"},
                                                                      {1, "beat_last"}})
        decl(w, p + "_" + name);
      unused_.push_back(p + "_beat_last");
      body_ += sv::instance("snap_vec_to_beats", "u_" + p + "_p2f",
                            {{"ElemBits", n}, {"Count", c.timesteps}, {"Lanes", 1}, {"Beats", c.timesteps}, {"IdxBits", c.step_bits}},
                            {{"clk_i", "clk_i"},
                             {"rst_ni", "rst_ni"},
                             {"in_valid_i", fmt::format("{0}_msg_valid && {0}_dq_ready", p)},
                             {"in_ready_o", p + "_from_ready"},
                             {"in_vec_i", fmt::format("{}_msg[{}:0]", p, n * c.timesteps - 1)},
                             {"out_valid_o", p + "_frame_valid"},
                             {"out_ready_i", p + "_frame_ready"},
                             {"out_beat_o", p + "_frame"},
                             {"out_idx_o", p + "_frame_step"},
                             {"out_last_o", p + "_frame_last"}});
      if (payload > n * c.timesteps) unused_.push_back(fmt::format("{}_msg[{}:{}]", p, payload - 1, n * c.timesteps));
      body_ += sv::instance(d_.name + "_clp_decoder", "u_" + p + "_dec", {},
                            {{"clk_i", "clk_i"},
                             {"rst_ni", "rst_ni"},
                             {"scale_we_i", cfg_we(node, 5)},
                             {"scale_addr_i", fmt::format("cfg_addr_i[{}:0]", c.beat_bits - 1)},
                             {"scale_data_i", fmt::format("cfg_data_i[{}:0]", c.lanes_per_cycle * c.scale_bits - 1)},
                             {"in_valid_i", p + "_frame_valid"},
                             {"in_ready_o", p + "_frame_ready"},
                             {"in_spikes_i", p + "_frame"},
                             {"in_step_i", p + "_frame_step"},
                             {"in_last_i", p + "_frame_last"},
                             {"out_valid_o", p + "_beat_valid"},
                             {"out_ready_i", p + "_beat_ready"},
                             {"out_data_o", p + "_beat"},
                             {"out_last_o", p + "_beat_last"}});
      body_ += sv::instance("snap_beats_to_vec", "u_" + p + "_b2v",
                            {{"ElemBits", a}, {"Count", n}, {"Lanes", c.lanes_per_cycle}, {"Beats", c.beats}, {"IdxBits", idx_bits(c.beats)}},
                            {{"clk_i", "clk_i"},
                             {"rst_ni", "rst_ni"},
                             {"in_valid_i", p + "_beat_valid"},
                             {"in_ready_o", p + "_beat_ready"},
                             {"in_beat_i", p + "_beat"},
                             {"out_valid_o", p + "_vec_valid"},
                             {"out_ready_i", p + "_vec_ready"},
                             {"out_vec_o", p + "_vec"}});
    }
    line(fmt::format("assign {0}_dst_x = {1}'(32'({0}_dest) % 32'd{2});", p, d_.noc.x_bits, d_.grid_cols));
    line(fmt::format("assign {0}_dst_y = {1}'(32'({0}_dest) / 32'd{2});", p, d_.noc.y_bits, d_.grid_cols));
    packetize_(p, k, port, n, l.dst_gx, l.dst_gy, p + "_vec_valid", p + "_vec_ready", p + "_vec", p + "_dst_x",
               p + "_dst_y");
  }

  const Design& d_;
  const SystemPlan& plan_;
  int r_, c_;
  std::string body_;
  std::vector<std::string> unused_;
};

std::string system_top(const Design& d, const SystemPlan& plan) {
  const std::string top = d.name + "_system";
  const TileNode& first = plan.nodes.front();
  const TileNode& last = plan.nodes.back();
  const int a = d.tile.act_bits;
  const int nlinks = static_cast<int>(plan.links.size());
  std::vector<PortDecl> ports = {{"input ", 1, "clk_i"}, {"input ", 1, "rst_ni"}};
  for (auto& p : cfg_ports(plan)) ports.push_back(p);
  ports.push_back({"input ", 1, "in_valid_i"});
  ports.push_back({"output", 1, "in_ready_o"});
  ports.push_back({"input ", first.in * a, "in_vec_i"});
  ports.push_back({"output", 1, "out_valid_o"});
  ports.push_back({"input ", 1, "out_ready_i"});
  ports.push_back({"output", last.out * a, "out_vec_o"});
  // With no die crossing the link ports keep a width of 1 (constant), so every system has the
  // same port list for the harness.
  const int links_or_one = std::max(1, nlinks);
  ports.push_back({"input ", links_or_one * d.d2d.lanes, "d2d_flip_i"});
  ports.push_back({"output", links_or_one * (plan.fwd_wire_bits + plan.rev_wire_bits), "obs_d2d_o"});
  ports.push_back({"output", links_or_one * 2, "obs_d2d_events_o"});
  const int routers = d.mesh_rows * d.mesh_cols;
  ports.push_back({"output", d.die_rows * d.die_cols * routers * plan.router_obs_bits, "obs_links_o"});
  ports.push_back({"output", static_cast<int>(plan.nodes.size()) * plan.mac_count_bits, "obs_macs_o"});

  std::string s = sv::file_banner(d, top + ": the die grid joined by EMIO links (simulation top, docs/system.md).");
  s += header(top, ports);
  // Wires of every link, at both ends of the package trace.
  for (const D2dLink& l : plan.links) {
    const int i = l.index;
    s += fmt::format("\n  // link {}: die ({}, {}) -> die ({}, {})\n", i, l.src_die_row, l.src_die_col, l.dst_die_row,
                     l.dst_die_col);
    s += fmt::format("  logic {}l{}_fwd_tx, l{}_fwd_rx;\n", sv::range(plan.fwd_wire_bits), i, i);
    s += fmt::format("  logic {}l{}_rev_rx, l{}_rev_tx;\n", sv::range(plan.rev_wire_bits), i, i);
    s += fmt::format("  logic l{}_tx_wire_valid, l{}_tx_wire_last, l{}_tx_credit, l{}_tx_ack_valid, l{}_tx_ack_nak;\n", i, i, i, i, i);
    s += fmt::format("  logic {}l{}_tx_wire_data;\n  logic {}l{}_tx_ack_seq;\n", sv::range(d.d2d.lanes), i,
                     sv::range(d.d2d.seq_bits), i);
    s += fmt::format("  logic l{}_rx_credit, l{}_rx_ack_valid, l{}_rx_ack_nak;\n  logic {}l{}_rx_ack_seq;\n", i, i, i,
                     sv::range(d.d2d.seq_bits), i);
    s += fmt::format("  assign l{0}_fwd_tx = {{l{0}_tx_wire_data, l{0}_tx_wire_last, l{0}_tx_wire_valid}};\n", i);
    s += fmt::format("  assign l{0}_rev_rx = {{l{0}_rx_ack_seq, l{0}_rx_ack_nak, l{0}_rx_ack_valid, l{0}_rx_credit}};\n", i);
    s += sv::instance("snap_emio_pipe", fmt::format("u_l{}_fwd_pipe", i),
                      {{"Width", plan.fwd_wire_bits}, {"Stages", d.d2d.wire_stages}},
                      {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"in_i", fmt::format("l{}_fwd_tx", i)}, {"out_o", fmt::format("l{}_fwd_rx", i)}});
    s += sv::instance("snap_emio_pipe", fmt::format("u_l{}_rev_pipe", i),
                      {{"Width", plan.rev_wire_bits}, {"Stages", d.d2d.wire_stages}},
                      {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"in_i", fmt::format("l{}_rev_rx", i)}, {"out_o", fmt::format("l{}_rev_tx", i)}});
    s += fmt::format("  assign {{l{0}_tx_ack_seq, l{0}_tx_ack_nak, l{0}_tx_ack_valid, l{0}_tx_credit}} = l{0}_rev_tx;\n", i);
    s += fmt::format("  assign obs_d2d_o[{} +: {}] = {{l{}_rev_rx, l{}_fwd_tx}};\n", i * (plan.fwd_wire_bits + plan.rev_wire_bits),
                     plan.fwd_wire_bits + plan.rev_wire_bits, i, i);
  }
  if (nlinks == 0) {
    s += "  assign obs_d2d_o = '0;\n  assign obs_d2d_events_o = '0;\n";
    s += "  logic unused_flip;\n  assign unused_flip = ^d2d_flip_i;\n";
  }
  s += fmt::format("  logic {}cfg_node;\n", sv::range(plan.node_bits));
  s += "  assign cfg_node = cfg_node_i;\n";
  std::map<int, std::string> mac_slices;  // layer -> chiplet obs slice
  for (int r = 0; r < d.die_rows; ++r) {
    for (int c = 0; c < d.die_cols; ++c) {
      const int die = r * d.die_cols + c;
      const auto nodes = plan.nodes_on(r, c);
      sv::PortList conn = {{"clk_i", "clk_i"},         {"rst_ni", "rst_ni"},         {"cfg_valid_i", "cfg_valid_i"},
                           {"cfg_node_i", "cfg_node"}, {"cfg_sel_i", "cfg_sel_i"},   {"cfg_addr_i", "cfg_addr_i"},
                           {"cfg_data_i", "cfg_data_i"}};
      for (const TileNode* n : nodes) {
        if (n->first) {
          conn.push_back({"in_valid_i", "in_valid_i"});
          conn.push_back({"in_ready_o", "in_ready_o"});
          conn.push_back({"in_vec_i", "in_vec_i"});
        }
        if (n->last) {
          conn.push_back({"out_valid_o", "out_valid_o"});
          conn.push_back({"out_ready_i", "out_ready_i"});
          conn.push_back({"out_vec_o", "out_vec_o"});
        }
      }
      for (const D2dLink& l : plan.links) {
        const int i = l.index;
        if (l.src_die_row == r && l.src_die_col == c) {
          conn.push_back({fmt::format("l{}_tx_wire_valid_o", i), fmt::format("l{}_tx_wire_valid", i)});
          conn.push_back({fmt::format("l{}_tx_wire_last_o", i), fmt::format("l{}_tx_wire_last", i)});
          conn.push_back({fmt::format("l{}_tx_wire_data_o", i), fmt::format("l{}_tx_wire_data", i)});
          conn.push_back({fmt::format("l{}_tx_credit_i", i), fmt::format("l{}_tx_credit", i)});
          conn.push_back({fmt::format("l{}_tx_ack_valid_i", i), fmt::format("l{}_tx_ack_valid", i)});
          conn.push_back({fmt::format("l{}_tx_ack_nak_i", i), fmt::format("l{}_tx_ack_nak", i)});
          conn.push_back({fmt::format("l{}_tx_ack_seq_i", i), fmt::format("l{}_tx_ack_seq", i)});
          conn.push_back({fmt::format("l{}_tx_rewind_o", i), fmt::format("obs_d2d_events_o[{}]", 2 * i)});
        }
        if (l.dst_die_row == r && l.dst_die_col == c) {
          const std::string fwd = fmt::format("l{}_fwd_rx", i);
          conn.push_back({fmt::format("l{}_rx_wire_valid_i", i), fwd + "[0]"});
          conn.push_back({fmt::format("l{}_rx_wire_last_i", i), fwd + "[1]"});
          conn.push_back({fmt::format("l{}_rx_wire_data_i", i),
                          fmt::format("{}[{}:2] ^ d2d_flip_i[{} +: {}]", fwd, plan.fwd_wire_bits - 1, i * d.d2d.lanes, d.d2d.lanes)});
          conn.push_back({fmt::format("l{}_rx_credit_o", i), fmt::format("l{}_rx_credit", i)});
          conn.push_back({fmt::format("l{}_rx_ack_valid_o", i), fmt::format("l{}_rx_ack_valid", i)});
          conn.push_back({fmt::format("l{}_rx_ack_nak_o", i), fmt::format("l{}_rx_ack_nak", i)});
          conn.push_back({fmt::format("l{}_rx_ack_seq_o", i), fmt::format("l{}_rx_ack_seq", i)});
          conn.push_back({fmt::format("l{}_rx_crc_error_o", i), fmt::format("obs_d2d_events_o[{}]", 2 * i + 1)});
        }
      }
      conn.push_back({"obs_links_o", fmt::format("obs_links_o[{} +: {}]", die * routers * plan.router_obs_bits,
                                                 routers * plan.router_obs_bits)});
      if (!nodes.empty()) {
        const std::string wire = fmt::format("die{}_macs", die);
        s += fmt::format("  logic {}{};\n", sv::range(static_cast<int>(nodes.size()) * plan.mac_count_bits), wire);
        conn.push_back({"obs_macs_o", wire});
        for (std::size_t j = 0; j < nodes.size(); ++j)
          mac_slices[nodes[j]->layer] = fmt::format("{}[{} +: {}]", wire, j * plan.mac_count_bits, plan.mac_count_bits);
      }
      s += sv::instance(chiplet_name(d, r, c), fmt::format("u_die_r{}c{}", r, c), {}, conn);
    }
  }
  for (const auto& [layer, slice] : mac_slices)
    s += fmt::format("  assign obs_macs_o[{} +: {}] = {};\n", layer * plan.mac_count_bits, plan.mac_count_bits, slice);
  s += "endmodule\n";
  return s;
}

}  // namespace

void emit_system_blocks(const Design& d, Package& p) {
  const SystemPlan plan = plan_system(d);
  for (int r = 0; r < d.die_rows; ++r)
    for (int c = 0; c < d.die_cols; ++c) {
      const std::string name = chiplet_name(d, r, c);
      p.add(name + ".sv", ChipletWriter(d, plan, r, c).write());
      p.tops.push_back(name);
    }
  p.add(d.name + "_system.sv", system_top(d, plan));
  p.tops.push_back(d.name + "_system");
}

}  // namespace snapgen
