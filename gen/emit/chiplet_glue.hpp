#pragma once
// The glue inside one chiplet (docs/system.md): a tile node at every router that runs a workload
// layer (NoC -> vector -> tile -> vector -> NoC) and both sides of every die-to-die link the
// workload uses (sending: vector -> CLP encoder -> EMIO TX; receiving: EMIO RX -> CLP decoder ->
// packets; dense encoding skips the CLP). Every router port is reached through the die's
// `<name>_mesh` instance, whose port vectors the chiplet declares as m_<port>.
#include <set>
#include <string>
#include <utility>

#include "emit/noc_glue.hpp"
#include "emit/sv_module.hpp"
#include "model/design.hpp"

namespace snapgen::emit {

class ChipletGlue {
 public:
  ChipletGlue(sv::Module& m, const Design& d, int die_row, int die_col) : m_(m), d_(d), r_(die_row), c_(die_col) {}

  void node(const TileNode& n, int local_index);
  void link_tx(const D2dLink& l);
  void link_rx(const D2dLink& l);
  // Ties off every mesh input no glue drives (no traffic enters, no credit returns there).
  void tie_off_unused();

  // Router (gx, gy)'s port `port` as seen from outside the mesh: its output (into the glue) and
  // its input (from the glue).
  FlitPort router_out(int gx, int gy, int port);
  FlitPort router_in(int gx, int gy, int port);

 private:
  FlitStream depacketize(const std::string& p, const FlitPort& from, int count, int max_flits);
  void reorder(const std::string& p, int out_beats);
  void packetize(const std::string& p, const FlitPort& to, int count, int gx, int gy, const FlitStream& vec,
                 const std::string& dst_x, const std::string& dst_y);
  std::string dest_fifo(const std::string& p, const std::string& push, const std::string& push_ready,
                        const std::string& data, const std::string& pop, const std::string& out);
  std::string cfg_we(int node, int sel) const;
  sv::ParamList header_params() const;
  void clp_encode(const std::string& p, int node);
  void clp_decode(const std::string& p, int node);
  // Mesh port (name, index) for router (gx, gy) port `port`, e.g. ("north", 1) or ("local", 3).
  std::pair<std::string, int> mesh_port(int gx, int gy, int port) const;

  sv::Module& m_;
  const Design& d_;
  int r_, c_;
  std::set<std::pair<std::string, int>> driven_in_, driven_credit_;
};

}  // namespace snapgen::emit
