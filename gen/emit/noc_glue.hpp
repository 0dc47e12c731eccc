#pragma once
// NoC glue shared by every generated assembly (meshes, NoC systems, chiplets): the router's
// parameter list and the two credit-flow adapters between a router port and a flit stream.
// Written once here; the mesh, the EMIO-joined NoC system and the chiplet's tile nodes and
// die-to-die links all use them.
#include <string>

#include "emit/sv_module.hpp"
#include "model/design.hpp"

namespace snapgen::emit {

// snap_noc_router's parameters for the router at global (x, y), given as SV expressions.
sv::ExprParamList router_params(const Design& d, const std::string& x, const std::string& y);

// One direction of a router port as signal expressions: valid and flit travel with the data,
// credit against it.
struct FlitPort {
  std::string valid, flit, credit;
};
// A valid/ready flit stream.
struct FlitStream {
  std::string valid, ready, flit;
};

// Eject: the router's output `from` enters a snap_link_rx FIFO of buffer_depth flits (which
// returns a credit per dequeued flit) and leaves as the stream `to`.
void eject(sv::Module& m, const Design& d, const std::string& inst, const FlitPort& from, const FlitStream& to);

// Inject: the stream `from` drives the router's input `to` under its credits (snap_link_tx).
void inject(sv::Module& m, const Design& d, const std::string& inst, const FlitStream& from, const FlitPort& to);

}  // namespace snapgen::emit
