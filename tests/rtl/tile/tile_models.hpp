#pragma once
// The compiled tile models of this test suite (tests/rtl/tile/CMakeLists.txt), one trait struct
// each: the Verilator class and the hardware numbers from that package's snapgen_config.hpp
// (included by absolute path: every package has a header of the same name).
#include "golden/tile/tile_golden.hpp"
#include "tile_hw.hpp"

#include "Vtile_a.h"
#include "Vtile_b.h"
#include "Vtile_c.h"
#include "Vtile_d.h"
#include "Vtile_e.h"
#include "Vtile_f.h"
#include TILE_CFG_tile_a
#include TILE_CFG_tile_b
#include TILE_CFG_tile_c
#include TILE_CFG_tile_d
#include TILE_CFG_tile_e
#include TILE_CFG_tile_f

#define SNAP_TILE_MODEL(ID)                                               \
  struct ID {                                                              \
    using V = V##ID;                                                       \
    static constexpr const char* kId = #ID;                                \
    static snapgen::golden::tile::Hw hw() { return SNAP_TILE_HW(ID); }     \
  }

namespace tile_models {
SNAP_TILE_MODEL(tile_a);  // 2x2, 8-bit unsigned act, 8-bit w, acc 32, per layer
SNAP_TILE_MODEL(tile_b);  // 4x4, 4-bit signed act, 4-bit w, acc 16, per channel
SNAP_TILE_MODEL(tile_c);  // 3x5, 16-bit signed act, 8-bit w, acc 40, per channel, 2 requant lanes (3 groups)
SNAP_TILE_MODEL(tile_d);  // 8x8, 8-bit unsigned act, 8-bit w, acc 32, per layer, $readmemh preload, 4 requant lanes
SNAP_TILE_MODEL(tile_e);  // 5x3, 8-bit signed act, 16-bit w, acc 24 (wraps), per layer
SNAP_TILE_MODEL(tile_f);  // 2x4, 16-bit unsigned act, 16-bit w, acc 48, per channel, 3 requant lanes (2 groups)
}  // namespace tile_models

#define SNAP_TILE_ALL_MODELS \
  tile_models::tile_a, tile_models::tile_b, tile_models::tile_c, tile_models::tile_d, tile_models::tile_e, tile_models::tile_f
