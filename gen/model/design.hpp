#pragma once
// Stage 3 of the pipeline: elaboration. A Design holds every parameter of the hardware as plain
// numbers, including everything derived (global coordinates, widths, field offsets), so emitters
// and harnesses never re-derive anything. Each block's parameters live in their own header.
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "model/runtime_params.hpp"
#include "model/clp_params.hpp"
#include "model/constant.hpp"
#include "model/d2d_params.hpp"
#include "model/noc_params.hpp"
#include "model/system_model.hpp"
#include "model/tile_params.hpp"

namespace snapgen {

struct LayerPlacement {
  int index = 0;
  int in = 0, out = 0;
  bool relu = true;
  int die_row = 0, die_col = 0, mesh_row = 0, mesh_col = 0;
  int gx = 0, gy = 0;           // global router coordinates (die grid x mesh grid)
  bool next_on_other_die = false;  // the output vector crosses a die boundary (CLP + EMIO path)
};

struct Design {
  std::string name;
  double clock_mhz = 0;
  int die_rows = 0, die_cols = 0;    // die grid
  int mesh_rows = 0, mesh_cols = 0;  // routers per die
  int grid_rows = 0, grid_cols = 0;  // global router grid
  NocParams noc;
  TileParams tile;
  ClpParams clp;
  D2dParams d2d;
  std::vector<LayerPlacement> layers;
  RuntimeParams runtime;      // keys that change no hardware (inputs, BER, energy, training)
  SystemModel system;         // tiles, die-to-die links, wire bundles, system ports
  std::string config_hash;    // sha256 of the full canonical config
  std::string hardware_hash;  // sha256 of the hardware keys only (model-cache key)

  std::vector<Constant> constants() const;
};

// Throws ConfigError when a derived quantity does not fit (e.g. flit header wider than a flit).
Design elaborate(const Config& config);

}  // namespace snapgen
