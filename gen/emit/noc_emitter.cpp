// NoC tops (docs/noc.md):
//   <name>_router      one snap_noc_router with this config's numbers (synthesis benchmark)
//   <name>_mesh        one die's mesh: routers + links, die-edge ports (where EMIO attaches),
//                      local ports and an observation output; the die's global origin is a
//                      parameter (default 0,0). The chiplets instantiate it.
//   <name>_noc_system  every die's mesh joined edge to edge by plain wires (EMIO as a wire), so
//                      global routing is testable without the EMIO block
//   <name>_noc_emio_system  the same joined by EMIO links (flit messages), bit flips per link
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "emit/blocks.hpp"
#include "emit/noc_glue.hpp"
#include "emit/sv_module.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

// Sides are the mesh edges (north = row 0, west = column 0), indexed like the router ports.
constexpr int kN = kPortNorth, kE = kPortEast, kS = kPortSouth, kW = kPortWest, kL = kPortLocal;

std::string vec(int width) { return fmt::format("[{}:0] ", width - 1); }

// With virtual channels (die.router.vcs > 1) every router port that carries traffic between
// routers carries the flit's VC (VcBits per link) and one credit per VC; the local output
// (ejection) is one channel. With one VC the ports are the one-VC router's: no VC wires.
bool has_vcs(const Design& d) { return d.noc.vcs > 1; }
// Bits [idx*per +: per] of `bus` (the plain bit `bus[idx]` when per == 1).
std::string part(const std::string& bus, int idx, int per) {
  return per == 1 ? fmt::format("{}[{}]", bus, idx) : fmt::format("{}[{}:{}]", bus, idx * per + per - 1, idx * per);
}

// A port vector that is indexed per router or per edge link (so [0:0] for one).
sv::PortDecl vport(bool output, int width, std::string name, std::string doc = {}) {
  return {output, width, std::move(name), std::move(doc), true};
}

void emit_router_top(const Design& d, Package& p) {
  const int w = d.noc.flit_bits;
  // An inner router when the grid has one, so no route comparison is constant-folded away.
  const int x = std::min(1, d.grid_cols - 1), y = std::min(1, d.grid_rows - 1);
  sv::Module m(d.name + "_router");
  m.banner(sv::file_banner(d, fmt::format("{}: one NoC router at global ({},{}) with this config's parameters.", m.name(), x, y)));
  const int vcs = d.noc.vcs, vb = d.noc.vc_bits;
  m.ports({sv::in(1, "clk_i"), sv::in(1, "rst_ni"), sv::in(kRouterPorts, "in_valid_i"), sv::in(kRouterPorts * w, "in_flit_i")});
  if (has_vcs(d)) m.port(sv::in(kRouterPorts * vb, "in_vc_i"));
  m.ports({sv::out(kRouterPorts * vcs, "in_credit_o"), sv::out(kRouterPorts, "out_valid_o"),
           sv::out(kRouterPorts * w, "out_flit_o")});
  if (has_vcs(d)) m.port(sv::out(kRouterPorts * vb, "out_vc_o"));
  m.port(sv::in(kRouterPorts * vcs, "out_credit_i"));
  if (!has_vcs(d)) m.wire(kRouterPorts, "out_vc").unused("out_vc");
  m.instance("snap_noc_router", "u_router", emit::router_params(d, std::to_string(x), std::to_string(y), emit::config_vc_alloc(d)),
             {{"clk_i", "clk_i"},
              {"rst_ni", "rst_ni"},
              {"in_valid_i", "in_valid_i"},
              {"in_flit_i", "in_flit_i"},
              // Sized: Icarus 11 reads an unsized '0 on a port as one bit (tests/gates/icarus_check.sh).
              {"in_vc_i", has_vcs(d) ? "in_vc_i" : fmt::format("{}'d0", kRouterPorts * vb)},
              {"in_credit_o", "in_credit_o"},
              {"out_valid_o", "out_valid_o"},
              {"out_flit_o", "out_flit_o"},
              {"out_vc_o", has_vcs(d) ? "out_vc_o" : "out_vc"},
              {"out_credit_i", "out_credit_i"}});
  p.add(m.name() + ".sv", m.str());
  p.tops.push_back(m.name());
}

// Ports of one die mesh: local ports (index r*cols+c), four sides (index along the side), and
// every router's outputs for observation (on-die traffic and toggles in `snapgen run`).
std::vector<sv::PortDecl> mesh_ports(const Design& d) {
  const int w = d.noc.flit_bits, n = d.mesh_rows * d.mesh_cols, vcs = d.noc.vcs, vb = d.noc.vc_bits;
  std::vector<sv::PortDecl> p = {sv::in(1, "clk_i"), sv::in(1, "rst_ni"),
                                 vport(false, n, "local_valid_i", fmt::format("local ports, router (r, c) at index r*{}+c", d.mesh_cols)),
                                 vport(false, n * w, "local_flit_i")};
  if (has_vcs(d)) p.push_back(vport(false, n * vb, "local_vc_i", "VC of each injected flit (credits per VC)"));
  for (auto& q : {vport(true, n * vcs, "local_credit_o"), vport(true, n, "local_valid_o"), vport(true, n * w, "local_flit_o"),
                  vport(false, n, "local_credit_i")})
    p.push_back(q);
  for (int side = 0; side < 4; ++side) {
    const int k = (side == kN || side == kS) ? d.mesh_cols : d.mesh_rows;
    const std::string nm = kPortNames[static_cast<std::size_t>(side)];
    p.push_back(vport(true, k, nm + "_valid_o", fmt::format("{} die edge ({} links, index along the edge)", nm, k)));
    p.push_back(vport(true, k * w, nm + "_flit_o"));
    if (has_vcs(d)) p.push_back(vport(true, k * vb, nm + "_vc_o"));
    p.push_back(vport(false, k * vcs, nm + "_credit_i"));
    p.push_back(vport(false, k, nm + "_valid_i"));
    p.push_back(vport(false, k * w, nm + "_flit_i"));
    if (has_vcs(d)) p.push_back(vport(false, k * vb, nm + "_vc_i"));
    p.push_back(vport(true, k * vcs, nm + "_credit_o"));
  }
  p.push_back(sv::out(n * d.system.router_obs.width, "obs_o",
                      "router k = r*cols+c at [k*R +: R]: its out_flit (5 flits) then out_valid (5 bits)"));
  return p;
}

// Router (r, c)'s links inside the mesh: to its neighbours, or to the mesh's edge and local ports.
void mesh_router_links(sv::Module& m, const Design& d, int r, int c) {
  const int w = d.noc.flit_bits, rows = d.mesh_rows, cols = d.mesh_cols, li = r * cols + c;
  const int vcs = d.noc.vcs, vb = d.noc.vc_bits;
  const bool vc = has_vcs(d);
  auto sig = [](int rr, int cc) { return fmt::format("r{}_{}", rr, cc); };
  auto slice = [&](const std::string& bus, int idx) { return part(bus, idx, w); };
  auto cr = [&](const std::string& bus, int idx) { return part(bus, idx, vcs); };
  auto vcs_of = [&](const std::string& bus, int idx) { return part(bus, idx, vb); };
  const std::string me = sig(r, c);
  m.comment(fmt::format("router ({}, {})", r, c));
  m.assign(fmt::format("{}_in_valid[{}]", me, kL), fmt::format("local_valid_i[{}]", li));
  m.assign(slice(me + "_in_flit", kL), slice("local_flit_i", li));
  if (vc) m.assign(vcs_of(me + "_in_vc", kL), vcs_of("local_vc_i", li));
  m.assign(cr("local_credit_o", li), cr(me + "_in_credit", kL));
  m.assign(fmt::format("local_valid_o[{}]", li), fmt::format("{}_out_valid[{}]", me, kL));
  m.assign(slice("local_flit_o", li), slice(me + "_out_flit", kL));
  // The local output is one channel: its credits return on VC 0.
  m.assign(cr(me + "_out_credit", kL), vc ? fmt::format("{{{}'b0, local_credit_i[{}]}}", vcs - 1, li)
                                          : fmt::format("local_credit_i[{}]", li));
  for (int port = 0; port < 4; ++port) {
    const int nr = r + (port == kS) - (port == kN), nc = c + (port == kE) - (port == kW);
    if (nr >= 0 && nr < rows && nc >= 0 && nc < cols) {
      const std::string nb = sig(nr, nc);
      const int op = opposite_port(port);
      m.assign(fmt::format("{}_in_valid[{}]", me, port), fmt::format("{}_out_valid[{}]", nb, op));
      m.assign(slice(me + "_in_flit", port), slice(nb + "_out_flit", op));
      if (vc) m.assign(vcs_of(me + "_in_vc", port), vcs_of(nb + "_out_vc", op));
      m.assign(cr(me + "_out_credit", port), cr(nb + "_in_credit", op));
    } else {
      const std::string side = kPortNames[static_cast<std::size_t>(port)];
      const int idx = (port == kN || port == kS) ? c : r;
      m.assign(fmt::format("{}_in_valid[{}]", me, port), fmt::format("{}_valid_i[{}]", side, idx));
      m.assign(slice(me + "_in_flit", port), slice(side + "_flit_i", idx));
      if (vc) m.assign(vcs_of(me + "_in_vc", port), vcs_of(side + "_vc_i", idx));
      m.assign(cr(side + "_credit_o", idx), cr(me + "_in_credit", port));
      m.assign(fmt::format("{}_valid_o[{}]", side, idx), fmt::format("{}_out_valid[{}]", me, port));
      m.assign(slice(side + "_flit_o", idx), slice(me + "_out_flit", port));
      if (vc) m.assign(vcs_of(side + "_vc_o", idx), vcs_of(me + "_out_vc", port));
      m.assign(cr(me + "_out_credit", port), cr(side + "_credit_i", idx));
    }
  }
}

void emit_mesh_top(const Design& d, Package& p) {
  const int w = d.noc.flit_bits, rows = d.mesh_rows, cols = d.mesh_cols;
  sv::Module m(d.name + "_mesh");
  m.banner(sv::file_banner(d, fmt::format("{}: one die's {}x{} NoC mesh ({} routing on global coordinates).", m.name(),
                                          rows, cols, d.noc.routing == spec::Routing::Yx ? "YX" : "XY")));
  m.param("OriginX", "0", fmt::format("Global column of this die's router (0, 0): die_col * {}.", cols));
  m.param("OriginY", "0", fmt::format("Global row of this die's router (0, 0): die_row * {}.", rows));
  if (has_vcs(d))
    m.param("VcPerHop", emit::config_vc_alloc(d),
            "VC allocation of the routers: 1 = per hop, 0 = at the source (die.router.vc_alloc; the chiplets set 0).");
  m.ports(mesh_ports(d));
  auto sig = [](int r, int c) { return fmt::format("r{}_{}", r, c); };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      m.raw(fmt::format("  logic [4:0] {0}_in_valid, {0}_out_valid;\n", sig(r, c)));
      m.raw(fmt::format("  logic {0}{1}_in_credit, {1}_out_credit;\n", vec(5 * d.noc.vcs), sig(r, c)));
      m.raw(fmt::format("  logic {}{}_in_flit, {}_out_flit;\n", vec(5 * w), sig(r, c), sig(r, c)));
      // VC of each port's flit (with one VC: tied to 0 in, unread out).
      m.raw(fmt::format("  logic {0}{1}_in_vc, {1}_out_vc;\n", vec(5 * d.noc.vc_bits), sig(r, c)));
      if (!has_vcs(d)) m.assign(sig(r, c) + "_in_vc", "'0");
      m.unused(sig(r, c) + "_out_vc" + (has_vcs(d) ? fmt::format("[{}:{}]", 5 * d.noc.vc_bits - 1, kL * d.noc.vc_bits) : ""));
    }
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) mesh_router_links(m, d, r, c);
  std::string obs = "{";
  for (int k = rows * cols - 1; k >= 0; --k)
    obs += fmt::format("{0}_out_valid, {0}_out_flit{1}", sig(k / cols, k % cols), k ? ", " : "");
  m.assign("obs_o", obs + "}");
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      m.instance("snap_noc_router", fmt::format("u_router_{}_{}", r, c),
                 emit::router_params(d, fmt::format("OriginX + {}", c), fmt::format("OriginY + {}", r), "VcPerHop"),
                 {{"clk_i", "clk_i"},
                  {"rst_ni", "rst_ni"},
                  {"in_valid_i", sig(r, c) + "_in_valid"},
                  {"in_flit_i", sig(r, c) + "_in_flit"},
                  {"in_vc_i", sig(r, c) + "_in_vc"},
                  {"in_credit_o", sig(r, c) + "_in_credit"},
                  {"out_valid_o", sig(r, c) + "_out_valid"},
                  {"out_flit_o", sig(r, c) + "_out_flit"},
                  {"out_vc_o", sig(r, c) + "_out_vc"},
                  {"out_credit_i", sig(r, c) + "_out_credit"}});
  p.add(m.name() + ".sv", m.str());
  p.tops.push_back(m.name());
}

// One direction of a die-edge link carried by EMIO: the sending mesh's edge output is ejected
// into a FIFO (which returns the mesh's credits), crosses `<name>_emio_link` as a NoC-flit
// message (type 2), and is injected into the receiving mesh's edge input under its credits.
void emio_bridge(sv::Module& m, const Design& d, int idx, const std::string& from, const std::string& to, int j) {
  const int w = d.noc.flit_bits, lanes = d.d2d.lanes, payload = d.d2d.msg_payload_bits;
  const std::string b = fmt::format("b{}", idx), fs = fmt::format("[{}:{}]", j * w + w - 1, j * w);
  m.blank_comment(fmt::format("EMIO link {}: {}[{}] -> {}[{}]", idx, from, j, to, j));
  m.raw(fmt::format("  logic {0}_valid, {0}_ready, {0}_out_valid, {0}_out_ready;\n  logic {1}{0}_flit;\n"
                    "  logic {2}{0}_payload;\n",
                    b, vec(w), vec(payload)));
  m.raw("  /* verilator lint_off UNUSED */\n");
  m.raw(fmt::format("  logic {1}{0}_out_payload;\n  logic [1:0] {0}_out_type, {0}_out_enc;\n  logic {2}{0}_out_dest;\n"
                    "  logic {0}_wire_valid, {0}_wire_last, {0}_sb_credit, {0}_sb_ack_valid, {0}_sb_ack_nak;\n"
                    "  logic {0}_rewind, {0}_crc_error;\n  logic {3}{0}_wire_data;\n  logic {4}{0}_sb_ack_seq;\n",
                    b, vec(payload), vec(d.d2d.dest_bits), vec(lanes), vec(d.d2d.seq_bits)));
  m.raw("  /* verilator lint_on UNUSED */\n");
  m.assign(b + "_payload", fmt::format("{}'({}_flit)", payload, b));
  // With VCs the message's destination field carries the flit's VC (a NoC-flit message has no
  // other destination; D2dParams sizes dest_bits >= VcBits).
  const bool vc = has_vcs(d);
  const int vb = d.noc.vc_bits, vcs = d.noc.vcs;
  if (vc) m.wire(vb, b + "_vc");
  emit::eject(m, d, "u_" + b + "_rx",
              {fmt::format("{}_valid_o[{}]", from, j), from + "_flit_o" + fs, part(from + "_credit_i", j, vcs),
               vc ? part(from + "_vc_o", j, vb) : ""},
              {b + "_valid", b + "_ready", b + "_flit", vc ? b + "_vc" : ""});
  sv::PortList ports = {{"clk_i", "clk_i"},
                        {"rst_ni", "rst_ni"},
                        {"in_valid_i", b + "_valid"},
                        {"in_ready_o", b + "_ready"},
                        {"in_type_i", "2'd2"},
                        {"in_dest_i", vc ? fmt::format("{}'({}_vc)", d.d2d.dest_bits, b) : fmt::format("{}'d0", d.d2d.dest_bits)},
                        {"in_payload_i", b + "_payload"}};
  if (d.d2d.pack_vectors > 1) ports.emplace_back("in_last_i", "1'b1");  // flits never form groups
  for (const char* s : {"out_valid", "out_ready", "out_type", "out_enc", "out_dest", "out_payload"})
    ports.emplace_back(std::string(s) + (std::string(s) == "out_ready" ? "_i" : "_o"), b + "_" + s);
  ports.emplace_back("flip_i", fmt::format("d2d_flip_i[{}:{}]", idx * lanes + lanes - 1, idx * lanes));
  for (const char* s : {"wire_valid", "wire_last", "wire_data", "sb_credit", "sb_ack_valid", "sb_ack_nak", "sb_ack_seq",
                        "rewind", "crc_error"})
    ports.emplace_back(std::string(s) + "_o", b + "_" + s);
  m.instance(d.name + "_emio_link", "u_" + b + "_emio", sv::ParamList{}, ports);
  emit::inject(m, d, "u_" + b + "_tx",
               {b + "_out_valid", b + "_out_ready", fmt::format("{}_out_payload[{}:0]", b, w - 1),
                vc ? fmt::format("{}_out_dest[{}:0]", b, vb - 1) : ""},
               {fmt::format("{}_valid_i[{}]", to, j), to + "_flit_i" + fs, part(to + "_credit_o", j, vcs),
                vc ? part(to + "_vc_i", j, vb) : ""});
}

// The die grid of a NoC system: which side of a die faces the package edge, how many links a side has.
struct DieGrid {
  const Design& d;
  std::pair<bool, std::string> neighbour(int dr, int dc, int side) const {
    const int nr = dr + (side == kS) - (side == kN), nc = dc + (side == kE) - (side == kW);
    const bool outer = nr < 0 || nr >= d.die_rows || nc < 0 || nc >= d.die_cols;
    return {outer, fmt::format("d{}_{}_{}", nr, nc, kPortNames[static_cast<std::size_t>(opposite_port(side))])};
  }
  int links_on(int side) const { return (side == kN || side == kS) ? d.mesh_cols : d.mesh_rows; }
  int directed_links() const {
    int n = 0;
    for (int dr = 0; dr < d.die_rows; ++dr)
      for (int dc = 0; dc < d.die_cols; ++dc)
        for (int side = 0; side < 4; ++side)
          if (!neighbour(dr, dc, side).first) n += links_on(side);
    return n;
  }
};

// Declarations of die (dr, dc)'s mesh port wires (a link bridge drives signals of both dies).
void die_wires(sv::Module& m, const Design& d, const DieGrid& g, int dr, int dc) {
  const int w = d.noc.flit_bits, per_die = d.mesh_rows * d.mesh_cols;
  const std::string die = fmt::format("d{}_{}", dr, dc);
  m.raw(fmt::format("  logic {0}{1}_local_valid_i, {1}_local_valid_o, {1}_local_credit_i;\n", vec(per_die), die));
  m.raw(fmt::format("  logic {0}{1}_local_credit_o;\n", vec(per_die * d.noc.vcs), die));
  if (has_vcs(d)) m.raw(fmt::format("  logic {0}{1}_local_vc_i;\n", vec(per_die * d.noc.vc_bits), die));
  m.raw(fmt::format("  logic {0}{1}_local_flit_i, {1}_local_flit_o;\n", vec(per_die * w), die));
  m.raw("  /* verilator lint_off UNUSED */\n");
  m.raw(fmt::format("  logic {0}{1}_obs;\n", vec(per_die * d.system.router_obs.width), die));
  m.raw("  /* verilator lint_on UNUSED */\n");
  for (int side = 0; side < 4; ++side) {
    const bool outer = g.neighbour(dr, dc, side).first;
    // Outer-edge outputs are only watched for escapes.
    if (outer) m.raw("  /* verilator lint_off UNUSED */\n");
    const std::string nm = kPortNames[static_cast<std::size_t>(side)];
    m.raw(fmt::format("  logic {0}{1}_{2}_valid_o, {1}_{2}_valid_i;\n", vec(g.links_on(side)), die, nm));
    m.raw(fmt::format("  logic {0}{1}_{2}_credit_o, {1}_{2}_credit_i;\n", vec(g.links_on(side) * d.noc.vcs), die, nm));
    if (has_vcs(d))
      m.raw(fmt::format("  logic {0}{1}_{2}_vc_o, {1}_{2}_vc_i;\n", vec(g.links_on(side) * d.noc.vc_bits), die, nm));
    m.raw(fmt::format("  logic {0}{1}_{2}_flit_o, {1}_{2}_flit_i;\n", vec(g.links_on(side) * w), die,
                      kPortNames[static_cast<std::size_t>(side)]));
    if (outer) m.raw("  /* verilator lint_on UNUSED */\n");
  }
}

// Die (dr, dc): its edges (tied off, wired or bridged), its local ports and its mesh instance.
void die_mesh(sv::Module& m, const Design& d, const DieGrid& g, int dr, int dc, bool emio, int& link,
              std::vector<std::string>& escapes) {
  const int w = d.noc.flit_bits, rows = d.mesh_rows, cols = d.mesh_cols;
  const std::string die = fmt::format("d{}_{}", dr, dc);
  for (int side = 0; side < 4; ++side) {
    const auto [outer, nb] = g.neighbour(dr, dc, side);
    const std::string here = die + "_" + kPortNames[static_cast<std::size_t>(side)];
    if (outer) {
      m.assign(here + "_valid_i", "'0").assign(here + "_flit_i", "'0").assign(here + "_credit_i", "'0");
      if (has_vcs(d)) m.assign(here + "_vc_i", "'0");
      escapes.push_back(fmt::format("(|{}_valid_o)", here));
    } else if (emio) {
      // This die's inputs on `side` (and the neighbour's credit inputs for that direction).
      for (int j = 0; j < g.links_on(side); ++j) emio_bridge(m, d, link++, nb, here, j);
    } else {
      m.assign(here + "_valid_i", nb + "_valid_o").assign(here + "_flit_i", nb + "_flit_o");
      m.assign(here + "_credit_i", nb + "_credit_o");
      if (has_vcs(d)) m.assign(here + "_vc_i", nb + "_vc_o");
    }
  }
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const int li = r * cols + c, gi = (dr * rows + r) * d.grid_cols + dc * cols + c;
      const std::string x = die + "_";
      m.assign(fmt::format("{}local_valid_i[{}]", x, li), fmt::format("local_valid_i[{}]", gi));
      m.assign(part(x + "local_flit_i", li, w), part("local_flit_i", gi, w));
      if (has_vcs(d)) m.assign(part(x + "local_vc_i", li, d.noc.vc_bits), part("local_vc_i", gi, d.noc.vc_bits));
      m.assign(part("local_credit_o", gi, d.noc.vcs), part(x + "local_credit_o", li, d.noc.vcs));
      m.assign(fmt::format("local_valid_o[{}]", gi), fmt::format("{}local_valid_o[{}]", x, li));
      m.assign(part("local_flit_o", gi, w), part(x + "local_flit_o", li, w));
      m.assign(fmt::format("{}local_credit_i[{}]", x, li), fmt::format("local_credit_i[{}]", gi));
    }
  sv::PortList conn = {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}};
  for (const char* port : {"local_valid_i", "local_flit_i", "local_vc_i", "local_credit_o", "local_valid_o", "local_flit_o",
                           "local_credit_i"})
    if (has_vcs(d) || std::string(port) != "local_vc_i") conn.emplace_back(port, fmt::format("{}_{}", die, port));
  for (int side = 0; side < 4; ++side)
    for (const char* sfx : {"valid_o", "flit_o", "vc_o", "credit_i", "valid_i", "flit_i", "vc_i", "credit_o"}) {
      if (!has_vcs(d) && std::string(sfx).starts_with("vc_")) continue;
      const std::string port = fmt::format("{}_{}", kPortNames[static_cast<std::size_t>(side)], sfx);
      conn.emplace_back(port, die + "_" + port);
    }
  conn.emplace_back("obs_o", die + "_obs");
  m.instance(d.name + "_mesh", "u_" + die,
             sv::ExprParamList{{"OriginX", std::to_string(dc * cols)}, {"OriginY", std::to_string(dr * rows)}}, conn);
}

// Every die's mesh joined edge to edge: by plain wires (<name>_noc_system) or, with `emio`, by one
// EMIO link per edge router and direction (<name>_noc_emio_system, bit flips per link on
// d2d_flip_i). Local ports are indexed by global router index y*GridCols+x.
void emit_system_top(const Design& d, Package& p, bool emio) {
  const DieGrid g{d};
  const int w = d.noc.flit_bits, n = d.grid_rows * d.grid_cols, directed_links = g.directed_links();
  if (emio && directed_links == 0) return;  // one die: nothing crosses a die edge
  sv::Module m(d.name + (emio ? "_noc_emio_system" : "_noc_system"));
  m.banner(sv::file_banner(
      d, emio ? fmt::format("{}: all {}x{} dies' meshes joined by EMIO links, one per edge router and "
                            "direction (test top).", m.name(), d.die_rows, d.die_cols)
              : fmt::format("{}: all {}x{} dies' meshes joined edge to edge by wires (EMIO as a wire; test top).",
                            m.name(), d.die_rows, d.die_cols)));
  m.ports({sv::in(1, "clk_i"), sv::in(1, "rst_ni"),
           vport(false, n, "local_valid_i", fmt::format("local ports, global router (x, y) at index y*{}+x", d.grid_cols)),
           vport(false, n * w, "local_flit_i")});
  if (has_vcs(d)) m.port(vport(false, n * d.noc.vc_bits, "local_vc_i", "VC of each injected flit (credits per VC)"));
  m.ports({vport(true, n * d.noc.vcs, "local_credit_o"), vport(true, n, "local_valid_o"), vport(true, n * w, "local_flit_o"),
           vport(false, n, "local_credit_i")});
  if (emio)
    m.port(vport(false, directed_links * d.d2d.lanes, "d2d_flip_i",
                 fmt::format("XORed onto the data lanes of EMIO link i at [i*{0} +: {0}] (bit errors; the link retries).",
                             d.d2d.lanes)));
  m.port(sv::out(1, "escape_o", "A flit left through an outer package edge (never happens with valid destinations)."));
  for (int dr = 0; dr < d.die_rows; ++dr)
    for (int dc = 0; dc < d.die_cols; ++dc) die_wires(m, d, g, dr, dc);
  std::vector<std::string> escapes;
  int link = 0;
  for (int dr = 0; dr < d.die_rows; ++dr)
    for (int dc = 0; dc < d.die_cols; ++dc) die_mesh(m, d, g, dr, dc, emio, link, escapes);
  std::string esc;
  for (std::size_t i = 0; i < escapes.size(); ++i) esc += (i ? " | " : "") + escapes[i];
  m.assign("escape_o", esc);
  p.add(m.name() + ".sv", m.str());
  p.tops.push_back(m.name());
}

}  // namespace

void emit_noc_blocks(const Design& d, Package& p) {
  emit_mesh_top(d, p);
  emit_system_top(d, p, false);
  emit_system_top(d, p, true);
  emit_router_top(d, p);
}

}  // namespace snapgen
