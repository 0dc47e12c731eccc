#include "model/noc_params.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "model/deadlock.hpp"
#include "util/text.hpp"

namespace snapgen {

const FlitField& NocParams::field(const std::string& name) const {
  for (const auto& f : header)
    if (f.name == name) return f;
  throw std::logic_error("no flit header field " + name);
}

NocParams elaborate_noc(const Config& c, int grid_rows, int grid_cols, Problems& problems) {
  NocParams n;
  n.flit_bits = static_cast<int>(c.integer("die.router.flit_bits"));
  n.buffer_depth = static_cast<int>(c.integer("die.router.buffer_depth"));
  n.vcs = static_cast<int>(c.integer("die.router.vcs"));
  n.vc_bits = vc_bits_of(n.vcs);
  n.routing = spec::code_of(spec::kRoutings, c.text("die.router.routing"));
  n.vc_alloc = spec::code_of(spec::kVcAllocs, c.text("die.router.vc_alloc"));
  n.x_bits = std::max(1, clog2(grid_cols));
  n.y_bits = std::max(1, clog2(grid_rows));
  // Head-flit layout, LSB first. flit_type: 1 = head, 0 = body, 2 = tail, 3 = head+tail.
  // kind: 0 = dense activations, 1 = spike frame, 2 = control. len: payload flits that follow.
  const std::vector<std::pair<std::string, int>> layout = {
      {"flit_type", 2}, {"kind", 2},        {"dst_x", n.x_bits}, {"dst_y", n.y_bits},
      {"src_x", n.x_bits}, {"src_y", n.y_bits}, {"len", 8}};
  int offset = 0;
  for (const auto& [name, width] : layout) {
    n.header.push_back(FlitField{name, offset, width});
    offset += width;
  }
  n.header_bits = offset;
  if (n.header_bits > n.flit_bits)
    problems.add(c.mark("die.router.flit_bits"), "die.router.flit_bits",
                 fmt::format("found {}, but the head-flit header for a {}x{} router grid needs {} bits; "
                             "allowed {}..512",
                             n.flit_bits, grid_rows, grid_cols, n.header_bits, n.header_bits));
  // Refuse routings whose dependency graph over the whole global grid, per (channel, VC), has a
  // cycle. The die-to-die channels carry all VCs through one FIFO (the EMIO-joined top), so they
  // couple their VCs. The die size is read here so that every caller passes the same grid.
  VcModel vc_model = die_crossings_shared(n.vcs, static_cast<int>(c.integer("die.mesh.rows")),
                                          static_cast<int>(c.integer("die.mesh.cols")));
  vc_model.per_hop = n.vc_alloc == spec::VcAlloc::PerHop;
  const DeadlockReport dl = check_deadlock(grid_rows, grid_cols, dimension_order(n.routing == spec::Routing::Yx), vc_model);
  if (!dl.ok)
    problems.add(c.mark("die.router.routing"), "die.router.routing",
                 fmt::format("'{}' routing can deadlock on the {}x{} router grid with {} VC(s): {}",
                             spec::name_of(spec::kRoutings, n.routing), grid_rows, grid_cols, n.vcs, dl.problem));
  return n;
}

namespace {
std::string upper_camel(const std::string& snake) {
  std::string out;
  bool up = true;
  for (char ch : snake) {
    if (ch == '_') {
      up = true;
      continue;
    }
    out.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch);
    up = false;
  }
  return out;
}
}  // namespace

void append_constants(const NocParams& n, Constants& k) {
  k.push_back({"FlitBits", n.flit_bits, "NoC flit width"});
  k.push_back({"BufferDepth", n.buffer_depth, "Flits per router input FIFO, per VC"});
  k.push_back({"Vcs", n.vcs, "Virtual channels per port"});
  k.push_back({"VcBits", n.vc_bits, "Width of a VC number"});
  k.push_back({"VcPerHop", static_cast<int>(n.vc_alloc), "1 = per-hop VC allocation in the NoC tops, 0 = source"});
  k.push_back({"RoutingYx", static_cast<int>(n.routing), "1 = YX dimension order, 0 = XY"});
  k.push_back({"XBits", n.x_bits, "Global column coordinate width"});
  k.push_back({"YBits", n.y_bits, "Global row coordinate width"});
  k.push_back({"HeaderBits", n.header_bits, "Used bits of a head flit"});
  k.push_back({"PayloadOff", n.field("flit_type").width, "First payload bit of a body/tail flit"});
  k.push_back({"PayloadBits", n.flit_bits - n.field("flit_type").width, "Payload bits of a body/tail flit"});
  for (const auto& f : n.header) {
    k.push_back({"Hdr" + upper_camel(f.name) + "Off", f.offset, "Head-flit field " + f.name + ": offset"});
    k.push_back({"Hdr" + upper_camel(f.name) + "Width", f.width, "Head-flit field " + f.name + ": width"});
  }
}

}  // namespace snapgen
