#pragma once
// The enumerated hardware choices of a configuration, each defined once. The config schema takes
// its allowed values (and their order) from these tables, the elaborated model stores the codes,
// the golden models switch on them, and snapgen_config.hpp / `snapgen schema` / docs print them.
// Where an RTL parameter carries the choice, the code is its value (EncMode, RoutingYx).
// Lives with the golden models because they must not depend on the generator (tb/ never includes
// gen/); the generator includes it from here.
#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace snapgen::spec {

template <class E>
struct Choice {
  E code;
  std::string_view name;
};

// d2d.encoding -> EncMode of snap_emio_encoder (docs/emio.md). dense and dense_zc are the
// ANN-only baselines (the CLP is bypassed, activation vectors cross as dense frames; dense_zc
// sends them zero-compressed: a bitmap of the non-zero activations, then their values; lowbit
// requantizes each activation to d2d.lowbit_bits bits before the link and sends raw dense frames
// of those).
enum class Encoding : int { Dense = 0, Bitmap = 1, Aer = 2, Rice = 3, Adaptive = 4, DenseZc = 5, LowBit = 6 };
inline constexpr std::array<Choice<Encoding>, 7> kEncodings = {{{Encoding::Dense, "dense"},
                                                                {Encoding::Bitmap, "bitmap"},
                                                                {Encoding::Aer, "aer"},
                                                                {Encoding::Rice, "rice"},
                                                                {Encoding::Adaptive, "adaptive"},
                                                                {Encoding::DenseZc, "dense_zc"},
                                                                {Encoding::LowBit, "lowbit"}}};
// The encodings that send activation vectors as dense frames (no CLP conversion).
constexpr bool is_dense(Encoding e) {
  return e == Encoding::Dense || e == Encoding::DenseZc || e == Encoding::LowBit;
}

// d2d.crc -> CrcBits / CrcPoly (init all ones, MSB first).
enum class Crc : int { None = 0, Crc8 = 1, Crc16 = 2 };
inline constexpr std::array<Choice<Crc>, 3> kCrcs = {{{Crc::None, "none"}, {Crc::Crc8, "crc8"}, {Crc::Crc16, "crc16"}}};
constexpr int crc_bits(Crc c) { return c == Crc::Crc16 ? 16 : c == Crc::Crc8 ? 8 : 0; }
constexpr int crc_poly(int bits) { return bits == 16 ? 0x1021 : bits == 8 ? 0x07 : 0; }

// die.router.routing -> RoutingYx of snap_noc_router (dimension order).
enum class Routing : int { Xy = 0, Yx = 1 };
inline constexpr std::array<Choice<Routing>, 2> kRoutings = {{{Routing::Xy, "xy"}, {Routing::Yx, "yx"}}};

// die.router.vc_alloc -> VcPerHop of snap_noc_router: a packet keeps its injection VC (source)
// or its head takes any free VC of each output (per_hop).
enum class VcAlloc : int { Source = 0, PerHop = 1 };
inline constexpr std::array<Choice<VcAlloc>, 2> kVcAllocs = {{{VcAlloc::Source, "source"}, {VcAlloc::PerHop, "per_hop"}}};

// clp.reset: the membrane after a spike (snap_clp_neuron's ResetSubtract = 1 for Subtract).
enum class Reset : int { Subtract = 0, Zero = 1 };
inline constexpr std::array<Choice<Reset>, 2> kResets = {{{Reset::Subtract, "subtract"}, {Reset::Zero, "zero"}}};

template <class E, std::size_t N>
std::vector<std::string> names(const std::array<Choice<E>, N>& table) {
  std::vector<std::string> v;
  for (const auto& c : table) v.emplace_back(c.name);
  return v;
}

// The code of a name the schema has already admitted; an unknown name is a programming error.
template <class E, std::size_t N>
E code_of(const std::array<Choice<E>, N>& table, std::string_view name) {
  for (const auto& c : table)
    if (c.name == name) return c.code;
  throw std::logic_error("unknown enumeration value '" + std::string(name) + "'");
}

template <class E, std::size_t N>
std::string_view name_of(const std::array<Choice<E>, N>& table, E code) {
  for (const auto& c : table)
    if (c.code == code) return c.name;
  throw std::logic_error("enumeration code out of range");
}

// "0 dense 1 bitmap ..." for constant docs and RTL parameter comments.
template <class E, std::size_t N>
std::string legend(const std::array<Choice<E>, N>& table) {
  std::string s;
  for (const auto& c : table) {
    if (!s.empty()) s += ' ';
    s += std::to_string(static_cast<int>(c.code));
    s += ' ';
    s += c.name;
  }
  return s;
}

}  // namespace snapgen::spec
