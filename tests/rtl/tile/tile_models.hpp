#pragma once
// The compiled tile models of this test suite (tests/rtl/tile/CMakeLists.txt), one trait struct
// each: the Verilator class and the hardware numbers from that package's snapgen_config.hpp
// (included by absolute path: every package has a header of the same name).
#include "golden/tile/tile_golden.hpp"

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

#define SNAP_TILE_MODEL(ID)                                                                          \
  struct ID {                                                                                         \
    using V = V##ID;                                                                                  \
    static constexpr const char* kId = #ID;                                                           \
    static snapgen::golden::tile::Hw hw() {                                                           \
      namespace k = snapgen_cfg::ID;                                                                  \
      snapgen::golden::tile::Hw h;                                                                    \
      h.rows = k::kTileRows;                                                                          \
      h.cols = k::kTileCols;                                                                          \
      h.act_bits = k::kActBits;                                                                       \
      h.act_signed = k::kActSigned != 0;                                                              \
      h.weight_bits = k::kWeightBits;                                                                 \
      h.acc_bits = k::kAccBits;                                                                       \
      h.per_channel = k::kRequantPerChannel != 0;                                                     \
      h.mult_bits = k::kMultBits;                                                                     \
      h.shift_bits = k::kShiftBits;                                                                   \
      h.max_in = k::kTileMaxIn;                                                                       \
      h.max_out = k::kTileMaxOut;                                                                     \
      h.max_batch = k::kTileMaxBatch;                                                                 \
      h.requant_lanes = k::kTileRequantLanes;                                                         \
      return h;                                                                                       \
    }                                                                                                 \
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
