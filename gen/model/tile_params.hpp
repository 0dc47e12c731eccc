#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "model/constant.hpp"

namespace snapgen {

// Weights and biases of one workload layer, as the tile's memories hold them.
struct TileLayerData {
  int in = 0, out = 0;
  std::vector<std::int64_t> weights;  // out x in, row-major: W[n][k]
  std::vector<std::int64_t> bias;     // out
};

struct TileParams {
  int rows = 0, cols = 0;
  int act_bits = 0;
  bool act_signed = false;
  int weight_bits = 0;
  int acc_bits = 0;
  bool per_channel = false;  // requant M/S per output channel (else per layer)
  int mult_bits = 32;        // requant multiplier M (signed, gemmlowp-style Q31)
  int shift_bits = 6;        // requant shift S in 0..63
  // Memory sizing (die.tile.max_*; 0 in the config = the workload's largest layer).
  int max_in = 0, max_out = 0, max_batch = 0;
  // Derived: every width the RTL ports need, written as numbers into the generated top.
  int kt_max = 0, nt_max = 0;           // ceil(max_in / rows), ceil(max_out / cols)
  int weight_depth = 0;                 // nt_max * max_in words of cols*weight_bits
  int chan_depth = 0;                   // nt_max * cols (bias / per-channel requant entries)
  int in_bits = 0, out_bits = 0, batch_bits = 0;
  int ld_addr_bits = 0, ld_data_bits = 0;
  int count_bits = 48;                  // mac_count_o
  int requant_lanes = 0;                // min(die.tile.requant_lanes, cols)
  int requant_groups = 0;               // ceil(cols / requant_lanes): cycles per result beat
  // Result reorder buffer of a chiplet's tile node (snap_batch_reorder): 2 * max_batch * nt_max
  // beats of cols*act_bits, two calls of max_batch vectors of the widest layer. With one call's
  // room the next call's first block (spread over the whole buffer) waits until the previous call
  // has left through the link: hnn_2die, B = 64, 512 vectors: 92.1 cycles per vector, not 7x.
  int reorder_depth = 0, reorder_addr_bits = 0;
  // Workload data for the $readmemh images (from workload.weights_dir .npy files or the seed).
  std::vector<TileLayerData> layers;
};

// Reads die.tile.* and the workload; throws ConfigError if a weights .npy is missing, has the
// wrong dtype/shape, or holds values that do not fit weight_bits / acc_bits.
TileParams elaborate_tile(const Config& c);

// Cycles of one layer call (in x out, `batch` vectors) from `start_i` to the last result beat,
// by the launch rules of docs/tile.md: the activation beats (batch x ceil(in/R)) enter first, then
// every pass launches max(batch, R, ceil((batch + C - 1) / 2)) cycles after the one before it
// (slot issuer, weight-row reader, bank reuse), a block of ceil(in/R) passes no faster than the
// previous block's drain (batch x requant_groups cycles), and the last slot needs R + C cycles
// through the array and batch x requant_groups to drain. The runner's `bottleneck` line uses it for
// the tile's busy cycles (the tile has no busy counter on the observation ports); a system test
// compares it with the measured steady-state period of tile-bound runs.
std::uint64_t tile_call_cycles(const TileParams& p, int in, int out, int batch);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const TileParams& p, Constants& out);

// $readmemh image of a layer's weights: nt_max * max_in lines, line nt*max_in + k holds
// W[nt*cols + c][k] at bits [c*weight_bits +: weight_bits] (zero where n >= out or k >= in).
std::string tile_weight_mem(const TileParams& p, const TileLayerData& layer);
// $readmemh image of a layer's biases: chan_depth lines of acc_bits two's complement.
std::string tile_bias_mem(const TileParams& p, const TileLayerData& layer);

}  // namespace snapgen
