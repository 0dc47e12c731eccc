// NoC tops (docs/noc.md):
//   <name>_router      one snap_noc_router with this config's numbers (synthesis benchmark)
//   <name>_mesh        one die's mesh: routers + links, die-edge ports (where EMIO attaches) and
//                      local ports; the die's global origin is a parameter (default 0,0)
//   <name>_noc_system  every die's mesh joined edge to edge by plain wires (EMIO as a wire), so
//                      global routing is testable without the EMIO block
//   <name>_noc_emio_system  the same joined by EMIO links (flit messages), bit flips per link
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "emit/blocks.hpp"
#include "emit/sv_writer.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

// Port order of snap_noc_router; sides are the mesh edges (north = row 0, west = column 0).
enum Port { kN = 0, kE = 1, kS = 2, kW = 3, kL = 4 };
const std::array<const char*, 4> kSide = {"north", "east", "south", "west"};
int opposite(int p) { return (p + 2) % 4; }

std::string vec(int width) { return fmt::format("[{}:0] ", width - 1); }

// X and Y are placeholders: router_instance writes them as expressions.
sv::ParamList router_params(const Design& d) {
  const NocParams& n = d.noc;
  return {{"FlitBits", n.flit_bits},          {"BufferDepth", n.buffer_depth},
          {"CountWidth", clog2(n.buffer_depth + 1)}, {"XBits", n.x_bits},
          {"YBits", n.y_bits},                {"X", 0},
          {"Y", 0},                           {"TypeOff", n.field("flit_type").offset},
          {"DstXOff", n.field("dst_x").offset}, {"DstYOff", n.field("dst_y").offset},
          {"RoutingYx", n.routing == "yx" ? 1 : 0}};
}

// sv::instance only takes numbers; the mesh needs X/Y as expressions of its origin parameters.
std::string router_instance(const Design& d, const std::string& name, const std::string& x,
                            const std::string& y, const std::string& sig) {
  std::string s = "  snap_noc_router #(\n";
  const auto params = router_params(d);
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::string value = std::to_string(params[i].second);
    if (params[i].first == "X") value = x;
    if (params[i].first == "Y") value = y;
    s += fmt::format("    .{}({}){}\n", params[i].first, value, i + 1 < params.size() ? "," : "");
  }
  s += fmt::format(
      "  ) {1} (\n    .clk_i       (clk_i),\n    .rst_ni      (rst_ni),\n"
      "    .in_valid_i  ({0}_in_valid),\n    .in_flit_i   ({0}_in_flit),\n    .in_credit_o ({0}_in_credit),\n"
      "    .out_valid_o ({0}_out_valid),\n    .out_flit_o  ({0}_out_flit),\n    .out_credit_i({0}_out_credit)\n"
      "  );\n",
      sig, name);
  return s;
}

void emit_router_top(const Design& d, Package& p) {
  const std::string top = d.name + "_router";
  const int w = d.noc.flit_bits;
  // An inner router when the grid has one, so no route comparison is constant-folded away.
  const int x = std::min(1, d.grid_cols - 1), y = std::min(1, d.grid_rows - 1);
  std::string s = sv::file_banner(d, top + ": one NoC router at global (" + std::to_string(x) + "," +
                                         std::to_string(y) + ") with this config's parameters.");
  s += fmt::format(
      "module {} (\n  input  logic clk_i,\n  input  logic rst_ni,\n"
      "  input  logic [4:0] in_valid_i,\n  input  logic {}in_flit_i,\n  output logic [4:0] in_credit_o,\n"
      "  output logic [4:0] out_valid_o,\n  output logic {}out_flit_o,\n  input  logic [4:0] out_credit_i\n);\n",
      top, vec(5 * w), vec(5 * w));
  s += "  logic [4:0] r_in_valid, r_in_credit, r_out_valid, r_out_credit;\n";
  s += fmt::format("  logic {}r_in_flit, r_out_flit;\n", vec(5 * w));
  s += "  assign r_in_valid = in_valid_i;\n  assign r_in_flit = in_flit_i;\n  assign in_credit_o = r_in_credit;\n";
  s += "  assign out_valid_o = r_out_valid;\n  assign out_flit_o = r_out_flit;\n  assign r_out_credit = out_credit_i;\n";
  s += router_instance(d, "u_router", std::to_string(x), std::to_string(y), "r");
  s += "endmodule\n";
  p.add(top + ".sv", s);
  p.tops.push_back(top);
}

// Ports of one die mesh: local ports (index r*cols+c) and four sides (index along the side).
std::string mesh_ports(const Design& d) {
  const int w = d.noc.flit_bits, n = d.mesh_rows * d.mesh_cols;
  std::string s = "  input  logic clk_i,\n  input  logic rst_ni,\n";
  s += fmt::format(
      "  // local ports, router (r, c) at index r*{}+c\n"
      "  input  logic {}local_valid_i,\n  input  logic {}local_flit_i,\n  output logic {}local_credit_o,\n"
      "  output logic {}local_valid_o,\n  output logic {}local_flit_o,\n  input  logic {}local_credit_i",
      d.mesh_cols, vec(n), vec(n * w), vec(n), vec(n), vec(n * w), vec(n));
  for (int side = 0; side < 4; ++side) {
    const int k = (side == kN || side == kS) ? d.mesh_cols : d.mesh_rows;
    const char* nm = kSide[side];
    s += fmt::format(
        ",\n  // {0} die edge ({1} links, index along the edge)\n"
        "  output logic {2}{0}_valid_o,\n  output logic {3}{0}_flit_o,\n  input  logic {2}{0}_credit_i,\n"
        "  input  logic {2}{0}_valid_i,\n  input  logic {3}{0}_flit_i,\n  output logic {2}{0}_credit_o",
        nm, k, vec(k), vec(k * w));
  }
  return s + "\n";
}

void emit_mesh_top(const Design& d, Package& p) {
  const std::string top = d.name + "_mesh";
  const int w = d.noc.flit_bits, rows = d.mesh_rows, cols = d.mesh_cols;
  std::string s = sv::file_banner(
      d, fmt::format("{}: one die's {}x{} NoC mesh ({} routing on global coordinates).", top, rows, cols,
                     d.noc.routing == "yx" ? "YX" : "XY"));
  s += fmt::format(
      "module {} #(\n  /// Global column of this die's router (0, 0): die_col * {}.\n  parameter int OriginX = 0,\n"
      "  /// Global row of this die's router (0, 0): die_row * {}.\n  parameter int OriginY = 0\n) (\n",
      top, cols, rows);
  s += mesh_ports(d) + ");\n";
  auto sig = [&](int r, int c) { return fmt::format("r{}_{}", r, c); };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      s += fmt::format("  logic [4:0] {0}_in_valid, {0}_in_credit, {0}_out_valid, {0}_out_credit;\n", sig(r, c));
      s += fmt::format("  logic {}{}_in_flit, {}_out_flit;\n", vec(5 * w), sig(r, c), sig(r, c));
    }
  auto slice = [&](const std::string& bus, int idx) { return fmt::format("{}[{}:{}]", bus, idx * w + w - 1, idx * w); };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const std::string me = sig(r, c);
      const int li = r * cols + c;
      s += fmt::format("  // router ({}, {})\n", r, c);
      s += fmt::format("  assign {0}_in_valid[{1}] = local_valid_i[{2}];\n  assign {3} = {4};\n"
                       "  assign local_credit_o[{2}] = {0}_in_credit[{1}];\n",
                       me, static_cast<int>(kL), li, slice(me + "_in_flit", kL), slice("local_flit_i", li));
      s += fmt::format("  assign local_valid_o[{2}] = {0}_out_valid[{1}];\n  assign {4} = {3};\n"
                       "  assign {0}_out_credit[{1}] = local_credit_i[{2}];\n",
                       me, static_cast<int>(kL), li, slice(me + "_out_flit", kL), slice("local_flit_o", li));
      for (int port = 0; port < 4; ++port) {
        const int nr = r + (port == kS) - (port == kN), nc = c + (port == kE) - (port == kW);
        if (nr >= 0 && nr < rows && nc >= 0 && nc < cols) {
          const std::string nb = sig(nr, nc);
          const int op = opposite(port);
          s += fmt::format("  assign {}_in_valid[{}] = {}_out_valid[{}];\n", me, port, nb, op);
          s += fmt::format("  assign {} = {};\n", slice(me + "_in_flit", port), slice(nb + "_out_flit", op));
          s += fmt::format("  assign {}_out_credit[{}] = {}_in_credit[{}];\n", me, port, nb, op);
        } else {
          const std::string side = kSide[port];
          const int idx = (port == kN || port == kS) ? c : r;
          s += fmt::format("  assign {}_in_valid[{}] = {}_valid_i[{}];\n", me, port, side, idx);
          s += fmt::format("  assign {} = {};\n", slice(me + "_in_flit", port), slice(side + "_flit_i", idx));
          s += fmt::format("  assign {}_credit_o[{}] = {}_in_credit[{}];\n", side, idx, me, port);
          s += fmt::format("  assign {}_valid_o[{}] = {}_out_valid[{}];\n", side, idx, me, port);
          s += fmt::format("  assign {} = {};\n", slice(side + "_flit_o", idx), slice(me + "_out_flit", port));
          s += fmt::format("  assign {}_out_credit[{}] = {}_credit_i[{}];\n", me, port, side, idx);
        }
      }
    }
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      s += router_instance(d, fmt::format("u_router_{}_{}", r, c), fmt::format("OriginX + {}", c),
                           fmt::format("OriginY + {}", r), sig(r, c));
  s += "endmodule\n";
  p.add(top + ".sv", s);
  p.tops.push_back(top);
}

// One direction of a die-edge link carried by EMIO: the sending mesh's edge output enters a
// snap_link_rx (its FIFO returns the mesh's credits), crosses `<name>_emio_link` as a NoC-flit
// message (type 2), and a snap_link_tx drives the receiving mesh's edge input under its credits.
std::string emio_bridge(const Design& d, int idx, const std::string& from, const std::string& to, int j) {
  const int w = d.noc.flit_bits, depth = d.noc.buffer_depth;
  const int payload = std::max({d.d2d.spike_bits, d.d2d.dense_bits, d.d2d.flit_bits}), lanes = d.d2d.lanes;
  const std::string b = fmt::format("b{}", idx), fs = fmt::format("[{}:{}]", j * w + w - 1, j * w);
  std::string s = fmt::format("\n  // EMIO link {}: {}[{}] -> {}[{}]\n", idx, from, j, to, j);
  s += fmt::format("  logic {0}_valid, {0}_ready, {0}_out_valid, {0}_out_ready;\n  logic {1}{0}_flit;\n"
                   "  logic {2}{0}_payload;\n",
                   b, vec(w), vec(payload));
  s += "  /* verilator lint_off UNUSED */\n";
  s += fmt::format("  logic {1}{0}_out_payload;\n  logic [1:0] {0}_out_type, {0}_out_enc;\n  logic {2}{0}_out_dest;\n"
                   "  logic {0}_wire_valid, {0}_wire_last, {0}_sb_credit, {0}_sb_ack_valid, {0}_sb_ack_nak;\n"
                   "  logic {0}_rewind, {0}_crc_error;\n  logic {3}{0}_wire_data;\n  logic {4}{0}_sb_ack_seq;\n",
                   b, vec(payload), vec(d.d2d.dest_bits), vec(lanes), vec(d.d2d.seq_bits));
  s += "  /* verilator lint_on UNUSED */\n";
  s += fmt::format("  assign {0}_payload = {1}'({0}_flit);\n", b, payload);
  s += sv::instance("snap_link_rx", "u_" + b + "_rx",
                    {{"FlitBits", w}, {"Depth", depth}, {"CountWidth", clog2(depth + 1)}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"link_valid_i", fmt::format("{}_valid_o[{}]", from, j)},
                     {"link_flit_i", from + "_flit_o" + fs},
                     {"link_credit_o", fmt::format("{}_credit_i[{}]", from, j)},
                     {"out_valid_o", b + "_valid"},
                     {"out_ready_i", b + "_ready"},
                     {"out_flit_o", b + "_flit"}});
  s += sv::instance(d.name + "_emio_link", "u_" + b + "_emio", {},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"in_valid_i", b + "_valid"},
                     {"in_ready_o", b + "_ready"},
                     {"in_type_i", "2'd2"},
                     {"in_dest_i", fmt::format("{}'d0", d.d2d.dest_bits)},
                     {"in_payload_i", b + "_payload"},
                     {"out_valid_o", b + "_out_valid"},
                     {"out_ready_i", b + "_out_ready"},
                     {"out_type_o", b + "_out_type"},
                     {"out_enc_o", b + "_out_enc"},
                     {"out_dest_o", b + "_out_dest"},
                     {"out_payload_o", b + "_out_payload"},
                     {"flip_i", fmt::format("d2d_flip_i[{}:{}]", idx * lanes + lanes - 1, idx * lanes)},
                     {"wire_valid_o", b + "_wire_valid"},
                     {"wire_last_o", b + "_wire_last"},
                     {"wire_data_o", b + "_wire_data"},
                     {"sb_credit_o", b + "_sb_credit"},
                     {"sb_ack_valid_o", b + "_sb_ack_valid"},
                     {"sb_ack_nak_o", b + "_sb_ack_nak"},
                     {"sb_ack_seq_o", b + "_sb_ack_seq"},
                     {"rewind_o", b + "_rewind"},
                     {"crc_error_o", b + "_crc_error"}});
  s += sv::instance("snap_link_tx", "u_" + b + "_tx",
                    {{"FlitBits", w}, {"Credits", depth}, {"CountWidth", clog2(depth + 1)}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"in_valid_i", b + "_out_valid"},
                     {"in_ready_o", b + "_out_ready"},
                     {"in_flit_i", fmt::format("{}_out_payload[{}:0]", b, w - 1)},
                     {"link_valid_o", fmt::format("{}_valid_i[{}]", to, j)},
                     {"link_flit_o", to + "_flit_i" + fs},
                     {"link_credit_i", fmt::format("{}_credit_o[{}]", to, j)}});
  return s;
}

// Every die's mesh joined edge to edge: by plain wires (<name>_noc_system) or, with `emio`, by one
// EMIO link per edge router and direction (<name>_noc_emio_system, bit flips per link on
// d2d_flip_i). Local ports are indexed by global router index y*GridCols+x.
void emit_system_top(const Design& d, Package& p, bool emio) {
  const std::string top = d.name + (emio ? "_noc_emio_system" : "_noc_system");
  const std::string mesh = d.name + "_mesh";
  const int w = d.noc.flit_bits, rows = d.mesh_rows, cols = d.mesh_cols;
  const int n = d.grid_rows * d.grid_cols, per_die = rows * cols;
  auto neighbour = [&](int dr, int dc, int side) {
    const int nr = dr + (side == kS) - (side == kN), nc = dc + (side == kE) - (side == kW);
    const bool outer = nr < 0 || nr >= d.die_rows || nc < 0 || nc >= d.die_cols;
    return std::pair{outer, fmt::format("d{}_{}_{}", nr, nc, kSide[opposite(side)])};
  };
  auto links_on = [&](int side) { return (side == kN || side == kS) ? cols : rows; };
  int directed_links = 0;
  for (int dr = 0; dr < d.die_rows; ++dr)
    for (int dc = 0; dc < d.die_cols; ++dc)
      for (int side = 0; side < 4; ++side)
        if (!neighbour(dr, dc, side).first) directed_links += links_on(side);
  if (emio && directed_links == 0) return;  // one die: nothing crosses a die edge
  std::string s = sv::file_banner(
      d, emio ? fmt::format("{}: all {}x{} dies' meshes joined by EMIO links, one per edge router and "
                            "direction (test top).", top, d.die_rows, d.die_cols)
              : fmt::format("{}: all {}x{} dies' meshes joined edge to edge by wires (EMIO as a wire; test top).",
                            top, d.die_rows, d.die_cols));
  s += fmt::format(
      "module {} (\n  input  logic clk_i,\n  input  logic rst_ni,\n"
      "  // local ports, global router (x, y) at index y*{}+x\n"
      "  input  logic {}local_valid_i,\n  input  logic {}local_flit_i,\n  output logic {}local_credit_o,\n"
      "  output logic {}local_valid_o,\n  output logic {}local_flit_o,\n  input  logic {}local_credit_i,\n",
      top, d.grid_cols, vec(n), vec(n * w), vec(n), vec(n), vec(n * w), vec(n));
  if (emio)
    s += fmt::format("  /// XORed onto the data lanes of EMIO link i at [i*{0} +: {0}] (bit errors; the link retries).\n"
                     "  input  logic {1}d2d_flip_i,\n",
                     d.d2d.lanes, vec(directed_links * d.d2d.lanes));
  s += "  /// A flit left through an outer package edge (never happens with valid destinations).\n"
       "  output logic escape_o\n);\n";
  std::vector<std::string> escapes;
  // Declarations first: a link bridge drives signals of both dies.
  for (int dr = 0; dr < d.die_rows; ++dr)
    for (int dc = 0; dc < d.die_cols; ++dc) {
      const std::string die = fmt::format("d{}_{}", dr, dc);
      s += fmt::format("  logic {0}{1}_local_valid_i, {1}_local_credit_o, {1}_local_valid_o, {1}_local_credit_i;\n",
                       vec(per_die), die);
      s += fmt::format("  logic {0}{1}_local_flit_i, {1}_local_flit_o;\n", vec(per_die * w), die);
      for (int side = 0; side < 4; ++side) {
        const bool outer = neighbour(dr, dc, side).first;
        // Outer-edge outputs are only watched for escapes.
        if (outer) s += "  /* verilator lint_off UNUSED */\n";
        s += fmt::format("  logic {0}{1}_{2}_valid_o, {1}_{2}_credit_o, {1}_{2}_valid_i, {1}_{2}_credit_i;\n",
                         vec(links_on(side)), die, kSide[side]);
        s += fmt::format("  logic {0}{1}_{2}_flit_o, {1}_{2}_flit_i;\n", vec(links_on(side) * w), die, kSide[side]);
        if (outer) s += "  /* verilator lint_on UNUSED */\n";
      }
    }
  int link = 0;
  for (int dr = 0; dr < d.die_rows; ++dr)
    for (int dc = 0; dc < d.die_cols; ++dc) {
      const std::string die = fmt::format("d{}_{}", dr, dc);
      for (int side = 0; side < 4; ++side) {
        const auto [outer, nb] = neighbour(dr, dc, side);
        const std::string here = die + "_" + kSide[side];
        if (outer) {
          s += fmt::format("  assign {0}_valid_i = '0;\n  assign {0}_flit_i = '0;\n  assign {0}_credit_i = '0;\n", here);
          escapes.push_back(fmt::format("(|{}_valid_o)", here));
        } else if (emio) {
          // This die's inputs on `side` (and the neighbour's credit inputs for that direction).
          for (int j = 0; j < links_on(side); ++j) s += emio_bridge(d, link++, nb, here, j);
        } else {
          s += fmt::format("  assign {0}_valid_i = {1}_valid_o;\n  assign {0}_flit_i = {1}_flit_o;\n"
                           "  assign {0}_credit_i = {1}_credit_o;\n",
                           here, nb);
        }
      }
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
          const int li = r * cols + c, gi = (dr * rows + r) * d.grid_cols + dc * cols + c;
          s += fmt::format("  assign {0}_local_valid_i[{1}] = local_valid_i[{2}];\n"
                           "  assign {0}_local_flit_i[{3}:{4}] = local_flit_i[{5}:{6}];\n"
                           "  assign local_credit_o[{2}] = {0}_local_credit_o[{1}];\n"
                           "  assign local_valid_o[{2}] = {0}_local_valid_o[{1}];\n"
                           "  assign local_flit_o[{5}:{6}] = {0}_local_flit_o[{3}:{4}];\n"
                           "  assign {0}_local_credit_i[{1}] = local_credit_i[{2}];\n",
                           die, li, gi, li * w + w - 1, li * w, gi * w + w - 1, gi * w);
        }
      s += fmt::format("  {} #(\n    .OriginX({}),\n    .OriginY({})\n  ) u_{} (\n    .clk_i(clk_i),\n    .rst_ni(rst_ni)",
                       mesh, dc * cols, dr * rows, die);
      for (const char* port : {"local_valid_i", "local_flit_i", "local_credit_o", "local_valid_o", "local_flit_o",
                               "local_credit_i"})
        s += fmt::format(",\n    .{0}({1}_{0})", port, die);
      for (int side = 0; side < 4; ++side)
        for (const char* sfx : {"valid_o", "flit_o", "credit_i", "valid_i", "flit_i", "credit_o"})
          s += fmt::format(",\n    .{0}_{1}({2}_{0}_{1})", kSide[side], sfx, die);
      s += "\n  );\n";
    }
  std::string esc;
  for (std::size_t i = 0; i < escapes.size(); ++i) esc += (i ? " | " : "") + escapes[i];
  s += fmt::format("  assign escape_o = {};\n", esc);
  s += "endmodule\n";
  p.add(top + ".sv", s);
  p.tops.push_back(top);
}

}  // namespace

void emit_noc_blocks(const Design& d, Package& p) {
  emit_mesh_top(d, p);
  emit_system_top(d, p, false);
  emit_system_top(d, p, true);
  emit_router_top(d, p);
}

}  // namespace snapgen
