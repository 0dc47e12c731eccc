#include "golden/tile/tile_golden.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace snapgen::golden::tile {

std::int64_t Hw::act_min() const { return act_signed ? -(std::int64_t{1} << (act_bits - 1)) : 0; }
std::int64_t Hw::act_max() const {
  return act_signed ? (std::int64_t{1} << (act_bits - 1)) - 1 : (std::int64_t{1} << act_bits) - 1;
}

std::int64_t wrap(std::int64_t v, int bits) {
  if (bits >= 64) return v;
  const auto u = static_cast<std::uint64_t>(v) & ((std::uint64_t{1} << bits) - 1);
  const auto sign = std::uint64_t{1} << (bits - 1);
  return static_cast<std::int64_t>(u ^ sign) - static_cast<std::int64_t>(sign);
}

std::int64_t requant(const Hw& hw, std::int64_t acc, const Requant& rq, std::int64_t zp, bool relu) {
  const __int128 prod = static_cast<__int128>(acc) * rq.mult;
  const __int128 round = rq.shift > 0 ? (static_cast<__int128>(1) << (rq.shift - 1)) : 0;
  const __int128 shifted = (prod + round) >> rq.shift;  // C++20: arithmetic shift (floor)
  const __int128 u = shifted + zp;
  const __int128 lo = relu ? std::max<std::int64_t>(zp, hw.act_min()) : hw.act_min();
  const __int128 hi = hw.act_max();
  return static_cast<std::int64_t>(std::min(std::max(u, lo), hi));
}

void check_layer(const Hw& hw, const Layer& l) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("tile golden: " + what); };
  if (l.in < 1 || l.in > hw.max_in || l.out < 1 || l.out > hw.max_out || l.batch < 1 || l.batch > hw.max_batch)
    fail("layer shape outside the hardware limits");
  if (l.w.size() != static_cast<std::size_t>(l.in) * l.out || l.bias.size() != static_cast<std::size_t>(l.out) ||
      l.x.size() != static_cast<std::size_t>(l.in) * l.batch)
    fail("tensor sizes do not match the layer shape");
  if (l.rq.size() != (hw.per_channel ? static_cast<std::size_t>(l.out) : 1u)) fail("wrong number of requant entries");
  for (auto w : l.w)
    if (w < hw.weight_min() || w > hw.weight_max()) fail("weight out of range: " + std::to_string(w));
  for (auto x : l.x)
    if (x < hw.act_min() || x > hw.act_max()) fail("activation out of range: " + std::to_string(x));
  for (auto b : l.bias)
    if (b != wrap(b, hw.acc_bits)) fail("bias does not fit AccBits: " + std::to_string(b));
  for (const auto& r : l.rq)
    if (r.mult != wrap(r.mult, hw.mult_bits) || r.shift < 0 || r.shift >= (1 << hw.shift_bits))
      fail("requant M/S out of range");
  if (l.zp < hw.zp_min() || l.zp > hw.zp_max()) fail("zero point out of range");
}

std::vector<std::int64_t> accumulate(const Hw& hw, const Layer& l) {
  std::vector<std::int64_t> acc(static_cast<std::size_t>(l.batch) * l.out);
  for (int b = 0; b < l.batch; ++b)
    for (int n = 0; n < l.out; ++n) {
      // Exact in 64 bits: |product| < 2^31, at most 1024 terms; wrap once at the end equals
      // wrapping after every add (arithmetic modulo 2^AccBits).
      std::int64_t s = l.bias[static_cast<std::size_t>(n)];
      for (int k = 0; k < l.in; ++k)
        s += l.w[static_cast<std::size_t>(n) * l.in + k] * l.x[static_cast<std::size_t>(b) * l.in + k];
      acc[static_cast<std::size_t>(b) * l.out + n] = wrap(s, hw.acc_bits);
    }
  return acc;
}

std::vector<std::int64_t> run_layer(const Hw& hw, const Layer& l) {
  check_layer(hw, l);
  auto y = accumulate(hw, l);
  for (int b = 0; b < l.batch; ++b)
    for (int n = 0; n < l.out; ++n) {
      auto& v = y[static_cast<std::size_t>(b) * l.out + n];
      v = requant(hw, v, l.requant_of(n), l.zp, l.relu);
    }
  return y;
}

std::int64_t ideal_cycles(const Hw& hw, const Layer& l) {
  return static_cast<std::int64_t>(hw.kt(l.in)) * hw.nt(l.out) * l.batch;
}

std::int64_t useful_macs(const Layer& l) { return static_cast<std::int64_t>(l.in) * l.out * l.batch; }

std::int64_t lowbit_crossing(std::int64_t a, int act_bits, bool act_signed, int bits) {
  const int s = act_bits - bits;
  if (s <= 0) return a;
  const std::int64_t qmin = act_signed ? -(std::int64_t{1} << (bits - 1)) : 0;
  const std::int64_t qmax = act_signed ? (std::int64_t{1} << (bits - 1)) - 1 : (std::int64_t{1} << bits) - 1;
  const std::int64_t q = std::clamp<std::int64_t>((a + (std::int64_t{1} << (s - 1))) >> s, qmin, qmax);
  return q * (std::int64_t{1} << s);
}

}  // namespace snapgen::golden::tile
