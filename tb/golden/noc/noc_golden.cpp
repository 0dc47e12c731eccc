#include "golden/noc/noc_golden.hpp"

#include <cstdlib>
#include <stdexcept>

namespace snapgen::golden::noc {

std::uint64_t get_bits(const Flit& f, int off, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) {
    const int b = off + i;
    if ((f.at(static_cast<std::size_t>(b / 32)) >> (b % 32)) & 1u) v |= std::uint64_t{1} << i;
  }
  return v;
}

void set_bits(Flit& f, int off, int width, std::uint64_t v) {
  for (int i = 0; i < width; ++i) {
    const int b = off + i;
    auto& w = f.at(static_cast<std::size_t>(b / 32));
    const std::uint32_t m = 1u << (b % 32);
    w = ((v >> i) & 1u) ? (w | m) : (w & ~m);
  }
}

Flit encode_head(const Layout& l, const Header& h) {
  if (h.len < 0 || h.len >= (1 << l.len_bits)) throw std::invalid_argument("packet too long for len field");
  Flit f(static_cast<std::size_t>(l.words()), 0);
  set_bits(f, l.type_off, 2, static_cast<std::uint64_t>(h.type));
  set_bits(f, l.kind_off, l.kind_bits, static_cast<std::uint64_t>(h.kind));
  set_bits(f, l.dst_x_off, l.x_bits, static_cast<std::uint64_t>(h.dst_x));
  set_bits(f, l.dst_y_off, l.y_bits, static_cast<std::uint64_t>(h.dst_y));
  set_bits(f, l.src_x_off, l.x_bits, static_cast<std::uint64_t>(h.src_x));
  set_bits(f, l.src_y_off, l.y_bits, static_cast<std::uint64_t>(h.src_y));
  set_bits(f, l.len_off, l.len_bits, static_cast<std::uint64_t>(h.len));
  return f;
}

Header decode_head(const Layout& l, const Flit& f) {
  Header h;
  h.type = static_cast<int>(get_bits(f, l.type_off, 2));
  h.kind = static_cast<int>(get_bits(f, l.kind_off, l.kind_bits));
  h.dst_x = static_cast<int>(get_bits(f, l.dst_x_off, l.x_bits));
  h.dst_y = static_cast<int>(get_bits(f, l.dst_y_off, l.y_bits));
  h.src_x = static_cast<int>(get_bits(f, l.src_x_off, l.x_bits));
  h.src_y = static_cast<int>(get_bits(f, l.src_y_off, l.y_bits));
  h.len = static_cast<int>(get_bits(f, l.len_off, l.len_bits));
  return h;
}

int flit_type(const Layout& l, const Flit& f) { return static_cast<int>(get_bits(f, l.type_off, 2)); }

int route(bool yx, int x, int y, int dx, int dy) {
  const int xdir = dx > x ? kEast : dx < x ? kWest : -1;
  const int ydir = dy > y ? kSouth : dy < y ? kNorth : -1;
  const int first = yx ? ydir : xdir, second = yx ? xdir : ydir;
  return first >= 0 ? first : second >= 0 ? second : kLocal;
}

std::vector<std::pair<int, int>> path(bool yx, int sx, int sy, int dx, int dy) {
  std::vector<std::pair<int, int>> p{{sx, sy}};
  int x = sx, y = sy;
  for (int port; (port = route(yx, x, y, dx, dy)) != kLocal;) {
    x += (port == kEast) - (port == kWest);
    y += (port == kSouth) - (port == kNorth);
    p.emplace_back(x, y);
  }
  return p;
}

int zero_load_latency(int hops, int flits) { return 2 * (hops + 1) + (flits - 1); }

std::string to_hex(const Flit& f, int flit_bits) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (int nib = (flit_bits + 3) / 4 - 1; nib >= 0; --nib)
    s.push_back(digits[get_bits(f, nib * 4, std::min(4, flit_bits - nib * 4))]);
  return s;
}

}  // namespace snapgen::golden::noc
