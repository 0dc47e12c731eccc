#pragma once
// Golden model of the NoC's observable rules (docs/noc.md): the flit format bit by bit,
// dimension-order routing on global coordinates, and zero-load latency. Independent of the RTL
// and of the generator: the layout numbers are passed in (tests fill them from
// snapgen_config.hpp), the rules are written here once.
#include <cstdint>
#include <string>
#include <vector>

namespace snapgen::golden::noc {

// A flit of any width: 32-bit words, LSB word first (Verilator's VlWide layout).
using Flit = std::vector<std::uint32_t>;

struct Layout {
  int flit_bits = 64;
  int type_off = 0;  // 2 bits in every flit: bit 0 = head, bit 1 = tail
  int kind_off = 2, kind_bits = 2;
  int dst_x_off = 4, dst_y_off = 5, src_x_off = 6, src_y_off = 7;
  int x_bits = 1, y_bits = 1;
  int len_off = 8, len_bits = 8;
  int header_bits = 16;  // head-flit bits above this are free (the harness puts a tag there)
  int payload_off() const { return type_off + 2; }  // body/tail payload: [flit_bits-1 : 2]
  int payload_bits() const { return flit_bits - payload_off(); }
  int words() const { return (flit_bits + 31) / 32; }
};

enum FlitType : int { kBody = 0, kHead = 1, kTail = 2, kHeadTail = 3 };
enum Port : int { kNorth = 0, kEast = 1, kSouth = 2, kWest = 3, kLocal = 4 };

struct Header {
  int type = kHead, kind = 0, dst_x = 0, dst_y = 0, src_x = 0, src_y = 0, len = 0;
};

std::uint64_t get_bits(const Flit& f, int off, int width);   // width <= 64
void set_bits(Flit& f, int off, int width, std::uint64_t v);  // v truncated to width

Flit encode_head(const Layout& l, const Header& h);
Header decode_head(const Layout& l, const Flit& f);
int flit_type(const Layout& l, const Flit& f);

// Output port chosen at router (x, y) for destination (dx, dy): XY = correct x first.
int route(bool yx, int x, int y, int dx, int dy);
// Routers visited from source to destination, both included (the path the golden routing takes).
std::vector<std::pair<int, int>> path(bool yx, int sx, int sy, int dx, int dy);

// Cycles from driving a head flit on a local input to sampling the tail on the destination's
// local output, alone in the network, when every buffer holds >= 4 flits (credits never stall):
// 2 cycles per router (input FIFO, output register) on hops + 1 routers, then one flit per cycle.
int zero_load_latency(int hops, int flits);

std::string to_hex(const Flit& f, int flit_bits);

}  // namespace snapgen::golden::noc
