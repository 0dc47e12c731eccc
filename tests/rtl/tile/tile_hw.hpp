#pragma once
// The golden model's hardware numbers of a compiled tile package, read from the constants
// namespace of its snapgen_config.hpp (snapgen_cfg::NS). Shared by the tile tests and the bench.
#include "golden/tile/tile_golden.hpp"

#define SNAP_TILE_HW(NS)                            \
  [] {                                              \
    namespace k = snapgen_cfg::NS;                  \
    snapgen::golden::tile::Hw h;                    \
    h.rows = k::kTileRows;                          \
    h.cols = k::kTileCols;                          \
    h.act_bits = k::kActBits;                       \
    h.act_signed = k::kActSigned != 0;              \
    h.weight_bits = k::kWeightBits;                 \
    h.acc_bits = k::kAccBits;                       \
    h.per_channel = k::kRequantPerChannel != 0;     \
    h.mult_bits = k::kMultBits;                     \
    h.shift_bits = k::kShiftBits;                   \
    h.max_in = k::kTileMaxIn;                       \
    h.max_out = k::kTileMaxOut;                     \
    h.max_batch = k::kTileMaxBatch;                 \
    h.requant_lanes = k::kTileRequantLanes;         \
    return h;                                       \
  }()
