#include "golden/noc/noc_traffic.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace snapgen::golden::noc {

Pattern parse_pattern(const std::string& name) {
  if (name == "uniform") return Pattern::kUniform;
  if (name == "transpose") return Pattern::kTranspose;
  if (name == "bit_complement") return Pattern::kBitComplement;
  if (name == "hotspot") return Pattern::kHotspot;
  if (name == "neighbour") return Pattern::kNeighbour;
  throw std::invalid_argument("unknown traffic pattern " + name);
}

std::string pattern_name(Pattern p) {
  switch (p) {
    case Pattern::kUniform: return "uniform";
    case Pattern::kTranspose: return "transpose";
    case Pattern::kBitComplement: return "bit_complement";
    case Pattern::kHotspot: return "hotspot";
    case Pattern::kNeighbour: return "neighbour";
  }
  return "?";
}

int destination(Pattern p, int src, int cols, int rows, tb::Rng& rng, int hotspot, double hotspot_share) {
  const int n = cols * rows, x = src % cols, y = src / cols;
  auto uniform_other = [&] {
    if (n == 1) return src;
    const int d = static_cast<int>(rng.uniform(0, n - 2));
    return d >= src ? d + 1 : d;
  };
  switch (p) {
    case Pattern::kUniform: return uniform_other();
    case Pattern::kTranspose: {
      // (x, y) -> (y, x), scaled onto the other axis when the grid is not square.
      const int tx = y * cols / rows, ty = x * rows / cols;
      return ty * cols + tx;
    }
    case Pattern::kBitComplement:  // every coordinate mirrored: (cols-1-x, rows-1-y)
      return (rows - 1 - y) * cols + (cols - 1 - x);
    case Pattern::kHotspot:
      if (src != hotspot && rng.chance(hotspot_share)) return hotspot;
      return uniform_other();
    case Pattern::kNeighbour:  // east neighbour, wrapping to the row start
      return y * cols + (x + 1) % cols;
  }
  return src;
}

TrafficGen::TrafficGen(const Layout& layout, int cols, int rows, const TrafficSpec& spec)
    : layout_(layout), cols_(cols), rows_(rows), spec_(spec), rng_(spec.seed) {}

Packet TrafficGen::make_packet(int src, int dst, int flits, std::uint64_t now) {
  Packet p;
  p.id = next_id_++;
  p.src = src;
  p.dst = dst;
  p.created = now;
  Header h;
  h.type = flits == 1 ? kHeadTail : kHead;
  h.kind = static_cast<int>(rng_.uniform(0, (1 << layout_.kind_bits) - 1));
  h.dst_x = dst % cols_;
  h.dst_y = dst / cols_;
  h.src_x = src % cols_;
  h.src_y = src / cols_;
  h.len = flits - 1;
  Flit head = encode_head(layout_, h);
  // Free head bits carry the packet id, so equal headers stay distinguishable (reordering).
  const int tag_bits = std::min(64, layout_.flit_bits - layout_.header_bits);
  if (tag_bits > 0) set_bits(head, layout_.header_bits, tag_bits, p.id);
  p.flits.push_back(head);
  for (int i = 1; i < flits; ++i) {
    Flit f(static_cast<std::size_t>(layout_.words()), 0);
    for (int b = layout_.payload_off(); b < layout_.flit_bits; b += 32) {
      const int w = std::min(32, layout_.flit_bits - b);
      set_bits(f, b, w, static_cast<std::uint64_t>(rng_.engine()()));
    }
    set_bits(f, layout_.type_off, 2, i + 1 == flits ? kTail : kBody);
    p.flits.push_back(f);
  }
  return p;
}

std::optional<Packet> TrafficGen::generate(int src, std::uint64_t now) {
  const double mean = 0.5 * (spec_.min_flits + spec_.max_flits);
  if (!rng_.chance(spec_.rate / mean)) return std::nullopt;
  const int dst = destination(spec_.pattern, src, cols_, rows_, rng_, spec_.hotspot, spec_.hotspot_share);
  if (dst == src) return std::nullopt;
  const int flits = static_cast<int>(rng_.uniform(spec_.min_flits, spec_.max_flits));
  return make_packet(src, dst, flits, now);
}

Scoreboard::Scoreboard(const Layout& layout, int cols, int nodes, bool in_order)
    : layout_(layout), cols_(cols), in_order_(in_order), rx_(static_cast<std::size_t>(nodes)) {}

void Scoreboard::error(std::string msg) {
  if (errors_.size() < 20) errors_.push_back(std::move(msg));
}

void Scoreboard::expect(const Packet& p) {
  pending_[{p.src, p.dst}].push_back(p);
  ++outstanding_;
}

bool Scoreboard::perturb_first_pending(int bit) {
  for (auto& [key, q] : pending_) {
    if (q.empty()) continue;
    Flit& f = q.front().flits.back();
    f.at(static_cast<std::size_t>(bit / 32)) ^= 1u << (bit % 32);
    return true;
  }
  return false;
}

void Scoreboard::on_flit(int node, const Flit& f, std::uint64_t now) {
  ++delivered_flits_;
  Rx& rx = rx_.at(static_cast<std::size_t>(node));
  if (rx.expected == nullptr) {
    const int type = flit_type(layout_, f);
    if (!(type & kHead)) {
      error(fmt::format("node {}: cycle {}: flit {} outside a packet", node, now, to_hex(f, layout_.flit_bits)));
      return;
    }
    const Header h = decode_head(layout_, f);
    const int src = h.src_y * cols_ + h.src_x, dst = h.dst_y * cols_ + h.dst_x;
    if (dst != node) {
      error(fmt::format("node {}: cycle {}: packet for node {} ejected here", node, now, dst));
      return;
    }
    auto it = pending_.find({src, dst});
    if (it == pending_.end() || it->second.empty()) {
      error(fmt::format("node {}: cycle {}: packet {}->{} not expected (duplicate?)", node, now, src, dst));
      return;
    }
    // In order: the oldest packet of the pair. Otherwise every pending packet with this head.
    // (Indices stay valid: while a packet is received its queue only grows at the back.)
    rx.queue = &it->second;
    rx.candidates.assign(1, 0);
    if (!in_order_) {
      std::vector<std::size_t> match;
      for (std::size_t i = 0; i < it->second.size(); ++i)
        if (it->second[i].flits.front() == f) match.push_back(i);
      if (!match.empty()) rx.candidates = std::move(match);
    }
    rx.expected = &(*rx.queue)[rx.candidates.front()];
    rx.next = 0;
  } else if (rx.candidates.size() > 1) {
    std::vector<std::size_t> still;
    for (const std::size_t i : rx.candidates) {
      const Packet& c = (*rx.queue)[i];
      if (rx.next < c.flits.size() && c.flits[rx.next] == f) still.push_back(i);
    }
    if (!still.empty()) rx.candidates = std::move(still);
    rx.expected = &(*rx.queue)[rx.candidates.front()];
  }
  const Packet& p = *rx.expected;
  const Flit& want = p.flits.at(rx.next);
  if (want != f)
    error(fmt::format("node {}: cycle {}: packet id {} ({}->{}) flit {}: got {} expected {}", node, now, p.id, p.src,
                      p.dst, rx.next, to_hex(f, layout_.flit_bits), to_hex(want, layout_.flit_bits)));
  if (++rx.next == p.flits.size()) {
    latencies_.emplace_back(p.created, now - p.created);
    ++delivered_packets_;
    --outstanding_;
    rx.expected = nullptr;
    rx.queue->erase(rx.queue->begin() + static_cast<std::ptrdiff_t>(rx.candidates.front()));
  }
}

}  // namespace snapgen::golden::noc
