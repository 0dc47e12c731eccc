// Chiplet and system tops (docs/system.md):
//   <name>_chiplet_r<R>c<C>  one die: its `<name>_mesh` (routers on global coordinates), a tile node
//                            at every router that runs a workload layer (NoC <-> vector <-> tile),
//                            and an EMIO port on every die edge its traffic crosses: the sending
//                            side CLP-encodes activation packets into spike frames (or sends them
//                            dense when d2d.encoding is dense) and serializes them; the receiving
//                            side decodes them back into packets. Synthesizable on its own.
//   <name>_system            the die grid: chiplets joined by their EMIO wires through
//                            d2d.wire_stages register stages, with a fault-injection XOR mask on
//                            the data lanes and observation outputs for the harness (simulation top).
// Every width and bundle comes from Design::system (gen/model/system_model.hpp).
#include <fmt/format.h>

#include <array>
#include <map>

#include "emit/blocks.hpp"
#include "emit/chiplet_glue.hpp"
#include "emit/sv_module.hpp"

namespace snapgen {

namespace {

using emit::ChipletGlue;

std::string chiplet_name(const Design& d, int r, int c) { return fmt::format("{}_chiplet_r{}c{}", d.name, r, c); }

bool on_die(int row, int col, int r, int c) { return row == r && col == c; }

// The EMIO ports of link `l` on the chiplet that sends (tx) or receives (rx) it.
std::vector<sv::PortDecl> link_ports(const SystemModel& s, const D2dLink& l, bool tx) {
  const int lanes = s.fwd_wire.field("data").width, seq = s.rev_wire.field("ack_seq").width;
  const std::string p = fmt::format("l{}_{}_", l.index, tx ? "tx" : "rx");
  auto fwd = [&](int w, const char* n) { return tx ? sv::out(w, p + n + "_o") : sv::in(w, p + n + "_i"); };
  auto rev = [&](int w, const char* n) { return tx ? sv::in(w, p + n + "_i") : sv::out(w, p + n + "_o"); };
  std::vector<sv::PortDecl> ports = {fwd(1, "wire_valid"), fwd(1, "wire_last"), fwd(lanes, "wire_data"), rev(1, "credit"),
                                     rev(1, "ack_valid"),  rev(1, "ack_nak"),  rev(seq, "ack_seq")};
  ports.push_back(tx ? sv::out(1, p + "rewind_o") : sv::out(1, p + "crc_error_o"));
  return ports;
}

std::vector<sv::PortDecl> chiplet_ports(const Design& d, int r, int c) {
  const SystemModel& s = d.system;
  const int a = d.tile.act_bits;
  std::vector<sv::PortDecl> ports = {sv::in(1, "clk_i"), sv::in(1, "rst_ni")};
  for (const auto& p : s.cfg_ports) ports.push_back(sv::decl_of(p));
  const auto nodes = s.nodes_on(r, c);
  for (const TileNode* n : nodes) {
    if (n->first) ports.insert(ports.end(), {sv::in(1, "in_valid_i"), sv::out(1, "in_ready_o"), sv::in(n->in * a, "in_vec_i")});
    if (n->last)
      ports.insert(ports.end(), {sv::out(1, "out_valid_o"), sv::in(1, "out_ready_i"), sv::out(n->out * a, "out_vec_o")});
  }
  for (const D2dLink& l : s.links) {
    if (on_die(l.src_die_row, l.src_die_col, r, c)) for (auto& p : link_ports(s, l, true)) ports.push_back(p);
    if (on_die(l.dst_die_row, l.dst_die_col, r, c)) for (auto& p : link_ports(s, l, false)) ports.push_back(p);
  }
  ports.push_back(sv::out(d.mesh_rows * d.mesh_cols * s.router_obs.width, "obs_links_o"));
  if (!nodes.empty()) ports.push_back(sv::out(static_cast<int>(nodes.size()) * s.mac_count_bits, "obs_macs_o"));
  return ports;
}

// The die's mesh and a wire m_<port> for each of its port vectors (the glue drives/reads bits).
void mesh_instance(sv::Module& m, const Design& d, int r, int c) {
  const int w = d.noc.flit_bits, n = d.mesh_rows * d.mesh_cols;
  m.blank_comment("---- the die's mesh ----");
  // With VCs the mesh has VC wires and per-VC credits; the chiplet's traffic uses VC 0 (ChipletGlue).
  const int vcs = d.noc.vcs, vb = d.noc.vc_bits;
  std::vector<std::pair<std::string, int>> vectors = {{"local_valid_i", n}, {"local_flit_i", n * w}};
  if (vcs > 1) vectors.emplace_back("local_vc_i", n * vb);
  for (const auto& v : std::vector<std::pair<std::string, int>>{
           {"local_credit_o", n * vcs}, {"local_valid_o", n}, {"local_flit_o", n * w}, {"local_credit_i", n}})
    vectors.push_back(v);
  for (const char* side : {"north", "east", "south", "west"}) {
    const int k = (side[0] == 'n' || side[0] == 's') ? d.mesh_cols : d.mesh_rows;
    for (const std::string sfx : {"valid_o", "flit_o", "vc_o", "credit_i", "valid_i", "flit_i", "vc_i", "credit_o"}) {
      if (sfx.starts_with("vc") && vcs == 1) continue;
      const int width = sfx.starts_with("flit") ? k * w : sfx.starts_with("vc") ? k * vb : sfx.starts_with("credit") ? k * vcs : k;
      vectors.emplace_back(fmt::format("{}_{}", side, sfx), width);
    }
  }
  sv::PortList conn = {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}};
  for (const auto& [name, width] : vectors) {
    m.raw(fmt::format("  logic [{}:0] m_{};\n", width - 1, name));
    conn.emplace_back(name, "m_" + name);
    if (name.ends_with("_o")) m.unused("m_" + name);  // bits no glue reads (tied-off ports)
  }
  conn.emplace_back("obs_o", "obs_links_o");
  sv::ExprParamList params = {{"OriginX", std::to_string(c * d.mesh_cols)}, {"OriginY", std::to_string(r * d.mesh_rows)}};
  // Source allocation whatever die.router.vc_alloc says: a packet keeps VC 0, so the vectors of
  // one source and destination arrive in order (per-hop allocation could reorder them).
  emit::add_vc_alloc(params, d, "0");
  m.instance(d.name + "_mesh", "u_mesh", params, conn);
}

std::string chiplet_top(const Design& d, int r, int c) {
  const SystemModel& s = d.system;
  sv::Module m(chiplet_name(d, r, c));
  m.banner(sv::file_banner(d, m.name() + fmt::format(": die ({}, {}) of the package (docs/system.md).", r, c)));
  m.ports(chiplet_ports(d, r, c));
  mesh_instance(m, d, r, c);
  ChipletGlue glue(m, d, r, c);
  const auto nodes = s.nodes_on(r, c);
  for (std::size_t i = 0; i < nodes.size(); ++i) glue.node(*nodes[i], static_cast<int>(i));
  for (const D2dLink& l : s.links) {
    if (on_die(l.src_die_row, l.src_die_col, r, c)) glue.link_tx(l);
    if (on_die(l.dst_die_row, l.dst_die_col, r, c)) glue.link_rx(l);
  }
  // Only tile nodes read the whole configuration bus. A die without one reads at most the low
  // address and data bits of its link CLPs (a crossing routed through it,
  // tests/regress/transit_die.yaml) or nothing at all (tests/regress/idle_die.yaml).
  if (nodes.empty())
    for (const auto& p : s.cfg_ports) m.unused(p.name);
  glue.tie_off_unused();
  return m.str();
}

// The wires of link `l` between its two chiplets: forward and reverse bundles through
// d2d.wire_stages register stages each, observed on obs_d2d_o.
void link_wires(sv::Module& m, const Design& d, const D2dLink& l) {
  const SystemModel& s = d.system;
  const std::string p = fmt::format("l{}", l.index);
  m.blank_comment(fmt::format("link {}: die ({}, {}) -> die ({}, {})", l.index, l.src_die_row, l.src_die_col,
                              l.dst_die_row, l.dst_die_col));
  m.wires(s.fwd_wire.width, {p + "_fwd_tx", p + "_fwd_rx"}).wires(s.rev_wire.width, {p + "_rev_rx", p + "_rev_tx"});
  for (const Field& f : s.fwd_wire.fields) m.wire(f.width, fmt::format("{}_tx_wire_{}", p, f.name));
  for (const Field& f : s.rev_wire.fields) m.wire(f.width, fmt::format("{}_tx_{}", p, f.name));
  for (const Field& f : s.rev_wire.fields) m.wire(f.width, fmt::format("{}_rx_{}", p, f.name));
  m.assign(p + "_fwd_tx", sv::concat(s.fwd_wire, [&](const Field& f) { return fmt::format("{}_tx_wire_{}", p, f.name); }));
  m.assign(p + "_rev_rx", sv::concat(s.rev_wire, [&](const Field& f) { return fmt::format("{}_rx_{}", p, f.name); }));
  for (const char* dir : {"fwd", "rev"}) {
    const int width = std::string(dir) == "fwd" ? s.fwd_wire.width : s.rev_wire.width;
    const std::string from = std::string(dir) == "fwd" ? p + "_fwd_tx" : p + "_rev_rx";
    const std::string to = std::string(dir) == "fwd" ? p + "_fwd_rx" : p + "_rev_tx";
    m.instance("snap_emio_pipe", fmt::format("u_{}_{}_pipe", p, dir), {{"Width", width}, {"Stages", d.d2d.wire_stages}},
               {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"in_i", from}, {"out_o", to}});
  }
  m.assign(sv::concat(s.rev_wire, [&](const Field& f) { return fmt::format("{}_tx_{}", p, f.name); }), p + "_rev_tx");
  m.assign(sv::slice("obs_d2d_o", l.index * s.link_obs.width, s.link_obs.width),
           sv::concat(s.link_obs, [&](const Field& f) { return f.name == "fwd" ? p + "_fwd_tx" : p + "_rev_rx"; }));
}

// Connections of chiplet (r, c) inside the system top.
sv::PortList chiplet_connections(const Design& d, int r, int c) {
  const SystemModel& s = d.system;
  const int lanes = s.fwd_wire.field("data").width;
  const int flip_bits = s.top_port("d2d_flip_i").width;
  sv::PortList conn = {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}};
  for (const auto& p : s.cfg_ports) conn.emplace_back(p.name, p.name);
  for (const TileNode* n : s.nodes_on(r, c)) {
    if (n->first) for (const char* p : {"in_valid_i", "in_ready_o", "in_vec_i"}) conn.emplace_back(p, p);
    if (n->last) for (const char* p : {"out_valid_o", "out_ready_i", "out_vec_o"}) conn.emplace_back(p, p);
  }
  for (const D2dLink& l : s.links) {
    const int i = l.index;
    if (on_die(l.src_die_row, l.src_die_col, r, c)) {
      for (const Field& f : s.fwd_wire.fields) conn.emplace_back(fmt::format("l{}_tx_wire_{}_o", i, f.name), fmt::format("l{}_tx_wire_{}", i, f.name));
      for (const Field& f : s.rev_wire.fields) conn.emplace_back(fmt::format("l{}_tx_{}_i", i, f.name), fmt::format("l{}_tx_{}", i, f.name));
      conn.emplace_back(fmt::format("l{}_tx_rewind_o", i), fmt::format("obs_d2d_events_o[{}]", 2 * i));
    }
    if (on_die(l.dst_die_row, l.dst_die_col, r, c)) {
      const std::string fwd = fmt::format("l{}_fwd_rx", i);
      for (const Field& f : s.fwd_wire.fields) {
        std::string v = sv::slice(fwd, f.offset, f.width);
        if (f.name == "data") v += " ^ " + (flip_bits == lanes ? "d2d_flip_i" : sv::slice("d2d_flip_i", i * lanes, lanes));
        conn.emplace_back(fmt::format("l{}_rx_wire_{}_i", i, f.name), v);
      }
      for (const Field& f : s.rev_wire.fields) conn.emplace_back(fmt::format("l{}_rx_{}_o", i, f.name), fmt::format("l{}_rx_{}", i, f.name));
      conn.emplace_back(fmt::format("l{}_rx_crc_error_o", i), fmt::format("obs_d2d_events_o[{}]", 2 * i + 1));
    }
  }
  const int die_obs = d.mesh_rows * d.mesh_cols * s.router_obs.width;
  conn.emplace_back("obs_links_o", sv::slice("obs_links_o", (r * d.die_cols + c) * die_obs, die_obs));
  return conn;
}

std::string system_top(const Design& d) {
  const SystemModel& s = d.system;
  sv::Module m(d.name + "_system");
  m.banner(sv::file_banner(d, m.name() + ": the die grid joined by EMIO links (simulation top, docs/system.md)."));
  m.ports(s.top_ports);
  for (const D2dLink& l : s.links) link_wires(m, d, l);
  if (s.links.empty()) {
    m.assign("obs_d2d_o", "'0").assign("obs_d2d_events_o", "'0");
    m.wire(1, "unused_flip").assign("unused_flip", "^d2d_flip_i");
  }
  m.wire(s.node_bits, "cfg_node").assign("cfg_node", "cfg_node_i");
  std::map<int, std::string> mac_slices;  // layer -> chiplet obs slice
  for (int r = 0; r < d.die_rows; ++r)
    for (int c = 0; c < d.die_cols; ++c) {
      sv::PortList conn = chiplet_connections(d, r, c);
      for (auto& [port, sig] : conn)
        if (port == "cfg_node_i") sig = "cfg_node";
      const auto nodes = s.nodes_on(r, c);
      if (!nodes.empty()) {
        const std::string wire = fmt::format("die{}_macs", r * d.die_cols + c);
        m.wire(static_cast<int>(nodes.size()) * s.mac_count_bits, wire);
        conn.emplace_back("obs_macs_o", wire);
        for (std::size_t j = 0; j < nodes.size(); ++j)
          mac_slices[nodes[j]->layer] = sv::slice(wire, static_cast<int>(j) * s.mac_count_bits, s.mac_count_bits);
      }
      m.instance(chiplet_name(d, r, c), fmt::format("u_die_r{}c{}", r, c), sv::ParamList{}, conn);
    }
  for (const auto& [layer, slice] : mac_slices)
    m.assign(sv::slice("obs_macs_o", layer * s.mac_count_bits, s.mac_count_bits), slice);
  return m.str();
}

}  // namespace

void emit_system_blocks(const Design& d, Package& p) {
  for (int r = 0; r < d.die_rows; ++r)
    for (int c = 0; c < d.die_cols; ++c) {
      const std::string name = chiplet_name(d, r, c);
      p.add(name + ".sv", chiplet_top(d, r, c));
      p.tops.push_back(name);
      p.die_tops.push_back(name);
    }
  p.add(d.name + "_system.sv", system_top(d));
  p.system_top = d.name + "_system";
  p.tops.push_back(p.system_top);
}

}  // namespace snapgen
