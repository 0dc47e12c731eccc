#pragma once
// NoC glue shared by every generated assembly (meshes, NoC systems, chiplets): the router's
// parameter list and the two credit-flow adapters between a router port and a flit stream.
// Written once here; the mesh, the EMIO-joined NoC system and the chiplet's tile nodes and
// die-to-die links all use them.
#include <string>

#include "emit/sv_module.hpp"
#include "model/design.hpp"

namespace snapgen::emit {

// The VC allocation a router or mesh instance gets, as an SV expression ("1" per hop, "0" at the
// source): the config's die.router.vc_alloc.
std::string config_vc_alloc(const Design& d);

// Appends VcPerHop = `per_hop` to an instance's parameters when the routers have VCs (with one
// VC the router and mesh have no such parameter): the one place that decides it.
void add_vc_alloc(sv::ExprParamList& params, const Design& d, const std::string& per_hop);

// snap_noc_router's parameters for the router at global (x, y), VcPerHop = `per_hop` (all SV
// expressions).
sv::ExprParamList router_params(const Design& d, const std::string& x, const std::string& y,
                                const std::string& per_hop);

// One direction of a router port as signal expressions: valid and flit travel with the data,
// credit against it. `vc` is the flit's VC beside it, and `credit` then has one bit per VC; an
// empty `vc` is a one-channel port (one credit bit).
struct FlitPort {
  std::string valid, flit, credit, vc = {};
};
// A valid/ready flit stream; `vc`, when not empty, carries each flit's VC.
struct FlitStream {
  std::string valid, ready, flit, vc = {};
};

// Eject: the router's output `from` enters a FIFO of buffer_depth flits per VC (which returns a
// credit per dequeued flit on its VC) and leaves as the stream `to`: snap_link_rx, or
// snap_vc_link_rx when `from` has a VC (then `to` must carry it, whole packets one at a time).
void eject(sv::Module& m, const Design& d, const std::string& inst, const FlitPort& from, const FlitStream& to);

// Inject: the stream `from` drives the router's input `to` under its credits: snap_link_tx, or
// snap_vc_link_tx (per-VC credits) when `to` has a VC (then `from` must carry it).
void inject(sv::Module& m, const Design& d, const std::string& inst, const FlitStream& from, const FlitPort& to);

}  // namespace snapgen::emit
