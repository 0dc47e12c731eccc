#pragma once
// Golden model of the systolic MAC tile (rtl/tile): the exact integer semantics of one layer,
// Y = requant(W X + b), written once and shared by tests and benchmarks (docs/tile.md).
//   acc[b][n] = wrap_AccBits( sum_k W[n][k] * x[b][k] + bias[n] )      (two's complement wrap)
//   y = min(max(((acc * M) + (S > 0 ? 2^(S-1) : 0)) >> S) + zp, lo), hi)   (>> is floor)
//   lo = relu ? max(zp, qmin) : qmin, hi = qmax, [qmin, qmax] = the activation range.
// acc * M is exact (80 bits at most), so nothing overflows before the clamp.
#include <cstdint>
#include <string>
#include <vector>

namespace snapgen::golden::tile {

// The hardware parameters of one compiled tile (the generated package's constants).
struct Hw {
  int rows = 0, cols = 0;
  int act_bits = 8;
  bool act_signed = false;
  int weight_bits = 8;
  int acc_bits = 32;
  bool per_channel = false;
  int mult_bits = 32, shift_bits = 6;
  int max_in = 0, max_out = 0, max_batch = 0;
  int requant_lanes = 1;  // timing only: a result beat takes ceil(cols / requant_lanes) cycles

  std::int64_t act_min() const;
  std::int64_t act_max() const;
  std::int64_t weight_min() const { return -(std::int64_t{1} << (weight_bits - 1)); }
  std::int64_t weight_max() const { return (std::int64_t{1} << (weight_bits - 1)) - 1; }
  std::int64_t zp_min() const { return -(std::int64_t{1} << act_bits); }       // zp is ActBits+1 signed
  std::int64_t zp_max() const { return (std::int64_t{1} << act_bits) - 1; }
  int kt(int in) const { return (in + rows - 1) / rows; }
  int nt(int out) const { return (out + cols - 1) / cols; }
};

struct Requant {
  std::int64_t mult = 1;  // signed MultBits
  int shift = 0;          // 0 .. 2^ShiftBits - 1
};

struct Layer {
  int in = 0, out = 0, batch = 0;
  std::vector<std::int64_t> w;     // out x in, row-major W[n][k]
  std::vector<std::int64_t> bias;  // out (signed, fits AccBits)
  std::vector<Requant> rq;         // 1 entry (per layer) or `out` entries (per channel)
  std::int64_t zp = 0;
  bool relu = false;
  std::vector<std::int64_t> x;     // batch x in, row-major x[b][k]

  const Requant& requant_of(int n) const { return rq.size() == 1 ? rq[0] : rq[static_cast<std::size_t>(n)]; }
};

// Two's complement wrap of v to `bits` bits (1..64).
std::int64_t wrap(std::int64_t v, int bits);

// The requantization of one accumulator value (acc already wrapped to AccBits).
std::int64_t requant(const Hw& hw, std::int64_t acc, const Requant& rq, std::int64_t zp, bool relu);

// acc[b][n] (wrapped, bias included), batch x out.
std::vector<std::int64_t> accumulate(const Hw& hw, const Layer& l);

// y[b][n], batch x out.
std::vector<std::int64_t> run_layer(const Hw& hw, const Layer& l);

// Throws std::invalid_argument naming the first operand outside its range (so a test cannot
// silently feed the hardware something the golden model reads differently).
void check_layer(const Hw& hw, const Layer& l);

// ceil(in/rows) * ceil(out/cols) * batch: array passes x slots, the cycles a perfectly fed
// array needs between fill and drain.
std::int64_t ideal_cycles(const Hw& hw, const Layer& l);
// Useful MACs of a layer: in * out * batch.
std::int64_t useful_macs(const Layer& l);

// The low-bit dense crossing (d2d.encoding lowbit; the trained low-bit network): activation a of
// act_bits bits requantized to `bits` bits, q = clamp((a + 2^(s-1)) >> s) with s = act_bits - bits
// (arithmetic shift; clamped to the signed or unsigned `bits`-bit range), restored as q * 2^s.
// Returns q * 2^s (a itself when bits >= act_bits).
std::int64_t lowbit_crossing(std::int64_t a, int act_bits, bool act_signed, int bits);

}  // namespace snapgen::golden::tile
