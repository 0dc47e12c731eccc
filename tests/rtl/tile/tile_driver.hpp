#pragma once
// Drives one compiled tile model (any generated `<name>_tile` top) through the protocol of
// docs/tile.md: load port -> start -> activation beats -> result beats, with optional random
// gaps on every valid and random stalls on out_ready. Knows the bit formats, not the arithmetic:
// expected values always come from tb/golden/tile.
#include <verilated.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "golden/tile/tile_golden.hpp"
#include "harness/clocked.hpp"
#include "harness/rng.hpp"
#include "harness/wide_port.hpp"

namespace snapgen::tb::tile {

using golden::tile::Hw;
using golden::tile::Layer;

// A little-endian bit vector for ports of any width.
class Bits {
 public:
  explicit Bits(int width) : words_(static_cast<std::size_t>(width / 64 + 1), 0) {}
  void put(int offset, int width, std::int64_t value) {
    for (int i = 0; i < width; ++i)
      if ((static_cast<std::uint64_t>(value) >> i) & 1u)
        words_[static_cast<std::size_t>((offset + i) / 64)] |= std::uint64_t{1} << ((offset + i) % 64);
  }
  std::uint32_t word32(std::size_t i) const {
    return static_cast<std::uint32_t>(words_[i / 2] >> (32 * (i % 2)));
  }

 private:
  std::vector<std::uint64_t> words_;
};

// Writes a Bits value to a Verilator port (CData/SData/IData/QData or VlWide<N>).
template <class Port>
void drive(Port& port, const Bits& v) {
  for (std::size_t i = 0; i < port_words<Port>(); ++i) set_port_word(port, i, v.word32(i));
}

// Assigns an integer to a narrow (<= 64-bit) Verilator port.
template <class Port, class T>
void set(Port& port, T value) {
  port = static_cast<Port>(value);
}

// Reads `width` bits at `offset` of a port, sign-extended if `is_signed`.
template <class Port>
std::int64_t field(const Port& port, int offset, int width, bool is_signed) {
  std::uint64_t u = get_bits(port, offset, width);
  if (is_signed && width < 64 && ((u >> (width - 1)) & 1u)) u |= ~std::uint64_t{0} << width;
  return static_cast<std::int64_t>(u);
}

struct RunResult {
  std::vector<std::int64_t> y;  // batch x out, as the tile produced it
  int nonzero_pad_lanes = 0;    // output lanes past `out` that were not 0 (must stay 0)
  std::uint64_t cycles = 0;     // start accepted .. last result beat accepted
  std::uint64_t macs = 0;       // mac_count_o delta over the layer
  // Slot issue cycles (mac_count_o grew), relative to the start: the array is fully used between
  // the first and the last when slot_cycles == last_slot - first_slot + 1.
  std::uint64_t first_slot = 0, last_slot = 0, slot_cycles = 0;
};

struct Backpressure {
  double ld_gap = 0;     // probability a load beat is withheld in a cycle
  double in_gap = 0;     // probability an activation beat is withheld
  double out_stall = 0;  // probability out_ready_i is low
};

template <class V>
class TileDriver {
 public:
  TileDriver(const Hw& hw, std::uint64_t seed) : hw_(hw), rng_(seed) {
    idle();
    sim_.reset();
  }

  void set_backpressure(const Backpressure& bp) { bp_ = bp; }
  Clocked<V>& sim() { return sim_; }

  // Writes W (weight words), bias and per-channel M/S through the load port.
  void load(const Layer& l) {
    for (int nt = 0; nt < hw_.nt(l.out); ++nt)
      for (int k = 0; k < l.in; ++k) {
        Bits d(ld_width());
        for (int c = 0; c < hw_.cols; ++c) {
          const int n = nt * hw_.cols + c;
          if (n < l.out) d.put(c * hw_.weight_bits, hw_.weight_bits, l.w[static_cast<std::size_t>(n) * l.in + k]);
        }
        load_beat(0, nt * hw_.max_in + k, d);
      }
    for (int n = 0; n < l.out; ++n) {
      Bits d(ld_width());
      d.put(0, hw_.acc_bits, l.bias[static_cast<std::size_t>(n)]);
      load_beat(1, n, d);
    }
    if (hw_.per_channel)
      for (int n = 0; n < l.out; ++n) {
        Bits d(ld_width());
        d.put(0, hw_.mult_bits, l.requant_of(n).mult);
        d.put(hw_.mult_bits, hw_.shift_bits, l.requant_of(n).shift);
        load_beat(2, n, d);
      }
    idle();
  }

  // Runs one layer call (weights already loaded) and collects every result beat.
  RunResult run(const Layer& l, std::uint64_t max_cycles = 200000) {
    auto& io = sim_.io();
    RunResult r;
    r.y.assign(static_cast<std::size_t>(l.batch) * l.out, 0);
    set(io.cfg_in_i, l.in);
    set(io.cfg_out_i, l.out);
    set(io.cfg_batch_i, l.batch);
    set(io.cfg_mult_i, static_cast<std::uint64_t>(l.rq[0].mult) & 0xFFFFFFFFu);
    set(io.cfg_shift_i, l.rq[0].shift);
    set(io.cfg_zp_i, static_cast<std::uint64_t>(l.zp) &
                                                     ((std::uint64_t{1} << (hw_.act_bits + 1)) - 1));
    io.cfg_relu_i = l.relu;
    io.start_i = 1;
    sim_.settle();
    if (io.busy_o) throw std::runtime_error("tile busy at start");
    const std::uint64_t macs0 = io.mac_count_o;
    sim_.tick();
    io.start_i = 0;
    const std::uint64_t t0 = sim_.cycles();

    const int kt = hw_.kt(l.in), beats_in = kt * l.batch, beats_out = hw_.nt(l.out) * l.batch;
    int sent = 0, got = 0;
    while (got < beats_out || io.busy_o) {
      if (sim_.cycles() - t0 > max_cycles) throw std::runtime_error("tile did not finish the layer");
      const bool offer = sent < beats_in && !rng_.chance(bp_.in_gap);
      io.act_valid_i = offer;
      if (offer) {
        const int b = sent / kt, chunk = sent % kt;
        Bits d(hw_.rows * hw_.act_bits);
        for (int r = 0; r < hw_.rows; ++r) {
          const int k = chunk * hw_.rows + r;
          // Lanes past `in` carry junk: the tile must ignore them.
          const std::int64_t v = k < l.in ? l.x[static_cast<std::size_t>(b) * l.in + k] : rng_.uniform(0, 255);
          d.put(r * hw_.act_bits, hw_.act_bits, v);
        }
        drive(io.act_data_i, d);
      }
      io.out_ready_i = !rng_.chance(bp_.out_stall);
      sim_.settle();
      const bool in_fire = offer && io.act_ready_o;
      if (io.out_valid_o && io.out_ready_i) {
        if (got >= beats_out) throw std::runtime_error("tile produced more result beats than expected");
        const int nt = got / l.batch, b = got % l.batch;
        for (int c = 0; c < hw_.cols; ++c) {
          const int n = nt * hw_.cols + c;
          const std::int64_t v = field(io.out_data_o, c * hw_.act_bits, hw_.act_bits, hw_.act_signed);
          if (n < l.out) r.y[static_cast<std::size_t>(b) * l.out + n] = v;
          else if (v != 0) ++r.nonzero_pad_lanes;
        }
        ++got;
        r.cycles = sim_.cycles() - t0 + 1;
      }
      const std::uint64_t macs_before = io.mac_count_o;
      sim_.tick();
      if (in_fire) ++sent;
      if (io.mac_count_o != macs_before) {
        const std::uint64_t t = sim_.cycles() - t0;
        if (r.slot_cycles++ == 0) r.first_slot = t;
        r.last_slot = t;
      }
    }
    idle();
    r.macs = io.mac_count_o - macs0;
    return r;
  }

 private:
  int ld_width() const { return 64 * 8; }

  void load_beat(int sel, int addr, const Bits& data) {
    auto& io = sim_.io();
    while (rng_.chance(bp_.ld_gap)) {
      io.ld_valid_i = 0;
      sim_.tick();
    }
    io.ld_valid_i = 1;
    set(io.ld_sel_i, sel);
    set(io.ld_addr_i, addr);
    drive(io.ld_data_i, data);
    sim_.settle();
    if (!io.ld_ready_o) throw std::runtime_error("tile load port not ready while idle");
    sim_.tick();
    io.ld_valid_i = 0;
  }

  void idle() {
    auto& io = sim_.io();
    io.ld_valid_i = 0;
    io.start_i = 0;
    io.act_valid_i = 0;
    io.out_ready_i = 0;
  }

  Hw hw_;
  Rng rng_;
  Backpressure bp_;
  Clocked<V> sim_;
};

}  // namespace snapgen::tb::tile
