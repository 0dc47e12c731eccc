#include "emit/noc_glue.hpp"

#include "util/text.hpp"

namespace snapgen::emit {

std::string config_vc_alloc(const Design& d) { return std::to_string(static_cast<int>(d.noc.vc_alloc)); }

void add_vc_alloc(sv::ExprParamList& params, const Design& d, const std::string& per_hop) {
  if (d.noc.vcs > 1) params.emplace_back("VcPerHop", per_hop);
}

sv::ExprParamList router_params(const Design& d, const std::string& x, const std::string& y,
                                const std::string& per_hop) {
  const NocParams& n = d.noc;
  sv::ExprParamList params = {{"FlitBits", std::to_string(n.flit_bits)},
          {"BufferDepth", std::to_string(n.buffer_depth)},
          {"CountWidth", std::to_string(clog2(n.buffer_depth + 1))},
          {"XBits", std::to_string(n.x_bits)},
          {"YBits", std::to_string(n.y_bits)},
          {"X", x},
          {"Y", y},
          {"TypeOff", std::to_string(n.field("flit_type").offset)},
          {"DstXOff", std::to_string(n.field("dst_x").offset)},
          {"DstYOff", std::to_string(n.field("dst_y").offset)},
          {"RoutingYx", std::to_string(static_cast<int>(n.routing))},
          {"Vcs", std::to_string(n.vcs)},
          {"VcBits", std::to_string(n.vc_bits)}};
  add_vc_alloc(params, d, per_hop);
  return params;
}

// The one-VC adapters and their VC versions share every port but the VC ones (appended last).
void eject(sv::Module& m, const Design& d, const std::string& inst, const FlitPort& from, const FlitStream& to) {
  const int depth = d.noc.buffer_depth;
  const bool vc = !from.vc.empty();
  sv::ParamList params = {{"FlitBits", d.noc.flit_bits}, {"Depth", depth}, {"CountWidth", clog2(depth + 1)}};
  sv::PortList ports = {{"clk_i", "clk_i"},         {"rst_ni", "rst_ni"},     {"link_valid_i", from.valid},
                        {"link_flit_i", from.flit}, {"link_credit_o", from.credit}, {"out_valid_o", to.valid},
                        {"out_ready_i", to.ready},  {"out_flit_o", to.flit}};
  if (vc) {
    params.insert(params.end(),
                  {{"Vcs", d.noc.vcs}, {"VcBits", d.noc.vc_bits}, {"TypeOff", d.noc.field("flit_type").offset}});
    ports.insert(ports.end(), {{"link_vc_i", from.vc}, {"out_vc_o", to.vc}});
  }
  m.instance(vc ? "snap_vc_link_rx" : "snap_link_rx", inst, params, ports);
}

void inject(sv::Module& m, const Design& d, const std::string& inst, const FlitStream& from, const FlitPort& to) {
  const int depth = d.noc.buffer_depth;
  const bool vc = !to.vc.empty();
  sv::ParamList params = {{"FlitBits", d.noc.flit_bits}, {"Credits", depth}, {"CountWidth", clog2(depth + 1)}};
  sv::PortList ports = {{"clk_i", "clk_i"},       {"rst_ni", "rst_ni"},      {"in_valid_i", from.valid},
                        {"in_ready_o", from.ready}, {"in_flit_i", from.flit}, {"link_valid_o", to.valid},
                        {"link_flit_o", to.flit},   {"link_credit_i", to.credit}};
  if (vc) {
    params.insert(params.end(), {{"Vcs", d.noc.vcs}, {"VcBits", d.noc.vc_bits}});
    ports.insert(ports.end(), {{"in_vc_i", from.vc}, {"link_vc_o", to.vc}});
  }
  m.instance(vc ? "snap_vc_link_tx" : "snap_link_tx", inst, params, ports);
}

}  // namespace snapgen::emit
