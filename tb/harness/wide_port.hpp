#pragma once
// Bit access on Verilator ports of any width: plain integers (CData/SData/IData/QData, up to 64
// bits) and VlWide<N> (N 32-bit words) through one set of functions, so drivers never care which
// C++ type Verilator chose for a port. Header-only: also compiled into the `snapgen run` simulator.
#include <cstdint>
#include <type_traits>

#include "harness/bit_words.hpp"

namespace snapgen::tb {

// 32-bit words behind a port.
template <class P>
constexpr std::size_t port_words() {
  if constexpr (std::is_integral_v<P>) return sizeof(P) > 4 ? 2 : 1;
  else return sizeof(P) / sizeof(std::uint32_t);
}

template <class P>
std::uint32_t port_word(const P& port, std::size_t i) {
  if constexpr (std::is_integral_v<P>) return static_cast<std::uint32_t>(static_cast<std::uint64_t>(port) >> (32 * i));
  else return port[i];
}

template <class P>
void set_port_word(P& port, std::size_t i, std::uint32_t w) {
  if constexpr (std::is_integral_v<P>) {
    const std::uint64_t mask = std::uint64_t{0xffffffffu} << (32 * i);
    port = static_cast<P>((static_cast<std::uint64_t>(port) & ~mask) | (static_cast<std::uint64_t>(w) << (32 * i)));
  } else {
    port[i] = w;
  }
}

template <class P>
bool port_bit(const P& port, int b) {
  return (port_word(port, static_cast<std::size_t>(b / 32)) >> (b % 32)) & 1u;
}

template <class P>
void set_port_bit(P& port, int b, bool v) {
  const auto i = static_cast<std::size_t>(b / 32);
  const std::uint32_t m = 1u << (b % 32), w = port_word(port, i);
  set_port_word(port, i, v ? (w | m) : (w & ~m));
}

// Bits [lsb, lsb + width) of a port (width <= 64).
template <class P>
std::uint64_t get_bits(const P& port, int lsb, int width) {
  if constexpr (std::is_integral_v<P>) {
    const std::uint64_t v = static_cast<std::uint64_t>(port) >> lsb;
    return width >= 64 ? v : v & ((std::uint64_t{1} << width) - 1);
  } else {
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(port_bit(port, lsb + i)) << i;
    return v;
  }
}

// Writes the low `width` bits of `value` at [lsb, lsb + width) (width <= 64).
template <class P>
void set_bits(P& port, int lsb, int width, std::uint64_t value) {
  if constexpr (std::is_integral_v<P>) {
    const std::uint64_t mask = (width >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << width) - 1)) << lsb;
    port = static_cast<P>((static_cast<std::uint64_t>(port) & ~mask) | ((value << lsb) & mask));
  } else {
    for (int i = 0; i < width; ++i) set_port_bit(port, lsb + i, (value >> i) & 1u);
  }
}

template <class P>
void clear(P& port) {
  for (std::size_t i = 0; i < port_words<P>(); ++i) set_port_word(port, i, 0);
}

// The whole port <-> a BitWords (words beyond the port are dropped / zero).
template <class P>
void put(P& port, const BitWords& v) {
  for (std::size_t i = 0; i < port_words<P>(); ++i)
    set_port_word(port, i, i < v.words().size() ? v.words()[i] : 0u);
}

// Into an existing vector of the port's width (no allocation: the runner samples every cycle).
template <class P>
void get_into(const P& port, BitWords& v) {
  for (std::size_t i = 0; i < port_words<P>() && i < v.words().size(); ++i) v.words()[i] = port_word(port, i);
}
template <class P>
BitWords get(const P& port, int bits) {
  BitWords v(bits);
  get_into(port, v);
  return v;
}

}  // namespace snapgen::tb
