#include "golden/emio/emio_golden.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace snapgen::golden::emio {

namespace {
int clog2i(long long n) {
  int r = 0;
  while ((1LL << r) < n) ++r;
  return r;
}
}  // namespace

int Format::addr_bits() const { return std::max(1, clog2i(channels)); }
int Format::count_bits() const { return clog2i(channels + 1); }
int Format::raw_bits(Type t) const {
  switch (t) {
    case Type::Spike: return channels * timesteps;
    case Type::Dense: return channels * act_bits;
    case Type::Flit: return flit_bits;
  }
  return 0;
}

std::uint64_t get_field(const Bits& b, std::size_t pos, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i)
    if (pos + i < b.size() && b[pos + i]) v |= std::uint64_t{1} << i;
  return v;
}

void put_field(Bits& b, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) b.push_back(static_cast<std::uint8_t>((value >> i) & 1));
}

// ---- AER -----------------------------------------------------------------------------------
Bits encode_aer(const Format& f, const Bits& s) {
  Bits out;
  const int n = f.channels;
  for (int t = 0; t < f.timesteps; ++t) {
    int count = 0;
    for (int i = 0; i < n; ++i) count += s[t * n + i];
    put_field(out, count, f.count_bits());
    for (int i = 0; i < n; ++i)
      if (s[t * n + i]) put_field(out, i, f.addr_bits());
  }
  return out;
}

Bits decode_aer(const Format& f, const Bits& code) {
  Bits s(f.channels * f.timesteps, 0);
  std::size_t pos = 0;
  for (int t = 0; t < f.timesteps; ++t) {
    const auto count = get_field(code, pos, f.count_bits());
    pos += f.count_bits();
    for (std::uint64_t j = 0; j < count; ++j) {
      const auto a = get_field(code, pos, f.addr_bits());
      pos += f.addr_bits();
      if (a < static_cast<std::uint64_t>(f.channels)) s[t * f.channels + a] = 1;
    }
  }
  return s;
}

// ---- Rice ----------------------------------------------------------------------------------
namespace {
int floor_log2(std::uint64_t v) {
  int u = 0;
  while ((v >> (u + 1)) != 0) ++u;
  return u;
}
}  // namespace

int rice_count_bits(std::uint64_t spikes) { return 2 * floor_log2((spikes >> 2) + 1) + 3; }

Bits encode_rice_k(const Format& /*f*/, const Bits& s, int k) {
  Bits out;
  const auto runs = zero_runs(s);
  const std::uint64_t v = (runs.size() >> 2) + 1;
  const int u = floor_log2(v);
  for (int i = 0; i < u; ++i) out.push_back(1);
  out.push_back(0);
  put_field(out, v, u);  // v's top bit (bit u) is implied
  put_field(out, runs.size() & 3u, 2);
  for (const auto run : runs) {
    for (std::uint64_t q = run >> k; q > 0; --q) out.push_back(1);
    out.push_back(0);
    put_field(out, run, k);
  }
  return out;
}

std::vector<std::uint64_t> zero_runs(const Bits& s) {
  std::vector<std::uint64_t> runs;
  std::uint64_t run = 0;
  for (auto bit : s) {
    if (bit) {
      runs.push_back(run);
      run = 0;
    } else {
      ++run;
    }
  }
  return runs;
}

int rice_k_of(long long positions, long long spikes) {
  int k = 0;
  while (k < 15 && (spikes + 1) * (1LL << (k + 1)) <= positions - spikes) ++k;
  return k;
}

int rice_k(const Format& /*f*/, const Bits& s) {
  long long spikes = 0;
  for (auto b : s) spikes += b;
  return rice_k_of(static_cast<long long>(s.size()), spikes);
}

Bits encode_rice(const Format& f, const Bits& s) { return encode_rice_k(f, s, rice_k(f, s)); }

Bits decode_rice(const Format& f, const Bits& code) {
  const std::size_t m = static_cast<std::size_t>(f.channels) * f.timesteps;
  Bits s(m, 0);
  std::size_t pos = 0;
  int u = 0;
  while (pos < code.size() && code[pos] && u < 32) ++u, ++pos;
  ++pos;  // the terminating zero
  const std::uint64_t v = (std::uint64_t{1} << u) | get_field(code, pos, u);
  pos += static_cast<std::size_t>(u);
  const std::uint64_t spikes = ((v - 1) << 2) | get_field(code, pos, 2);
  pos += 2;
  const int k = rice_k_of(static_cast<long long>(m), static_cast<long long>(spikes));
  std::size_t at = 0;
  for (std::uint64_t n = 0; n < spikes && pos < code.size(); ++n) {
    std::uint64_t q = 0;
    while (pos < code.size() && code[pos]) ++q, ++pos;
    ++pos;  // the terminating zero
    const std::uint64_t run = (q << k) | get_field(code, pos, k);
    pos += static_cast<std::size_t>(k);
    at += run;
    if (at >= m) break;  // only a malformed code runs past N*T
    s[at++] = 1;
  }
  return s;
}

// ---- zero-compressed dense ---------------------------------------------------------------------
Bits encode_zc(const Format& f, const Bits& d) {
  const auto a = static_cast<std::size_t>(f.act_bits);
  Bits map, values;
  for (int i = 0; i < f.channels; ++i) {
    const auto first = d.begin() + static_cast<long>(i * a);
    const bool nz = std::any_of(first, first + static_cast<long>(a), [](std::uint8_t b) { return b != 0; });
    map.push_back(nz ? 1 : 0);
    if (nz) values.insert(values.end(), first, first + static_cast<long>(a));
  }
  map.insert(map.end(), values.begin(), values.end());
  return map;
}

Bits decode_zc(const Format& f, const Bits& code) {
  const auto a = static_cast<std::size_t>(f.act_bits);
  Bits d(static_cast<std::size_t>(f.channels) * a, 0);
  std::size_t pos = static_cast<std::size_t>(f.channels);
  for (int i = 0; i < f.channels; ++i) {
    if (static_cast<std::size_t>(i) >= code.size() || !code[static_cast<std::size_t>(i)]) continue;
    for (std::size_t b = 0; b < a; ++b, ++pos) d[i * a + b] = pos < code.size() ? code[pos] : 0;
  }
  return d;
}

// ---- payload ---------------------------------------------------------------------------------
Enc choose_encoding(const Format& f, const Message& m) {
  if (m.type == Type::Dense && f.mode == Mode::DenseZc) return Enc::Zc;
  if (m.type != Type::Spike) return Enc::Raw;
  switch (f.mode) {
    case Mode::DenseZc:
    case Mode::LowBit:
    case Mode::Dense:
    case Mode::Bitmap: return Enc::Raw;
    case Mode::Aer: return Enc::Aer;
    case Mode::Rice: return Enc::Rice;
    case Mode::Adaptive: break;
  }
  const std::size_t bitmap = m.payload.size();
  const std::size_t aer = encode_aer(f, m.payload).size();
  // Rice is judged by its bound, not its code: the code's length needs every zero-run, which the
  // encoder would have to scan for before the header (docs/emio.md section 2, adaptive).
  const auto spikes = static_cast<std::uint64_t>(std::count(m.payload.begin(), m.payload.end(), 1));
  const std::size_t rice = rice_bound_bits(f, spikes);
  if (bitmap <= aer && bitmap <= rice) return Enc::Raw;
  return aer <= rice ? Enc::Aer : Enc::Rice;
}

std::size_t rice_bound_bits(const Format& f, std::uint64_t spikes) {
  const auto positions = static_cast<std::uint64_t>(f.raw_bits(Type::Spike));
  const int k = rice_k_of(static_cast<long long>(positions), static_cast<long long>(spikes));
  return static_cast<std::size_t>(rice_count_bits(spikes)) + spikes * static_cast<std::uint64_t>(1 + k) +
         ((positions - spikes) >> k);
}

std::uint32_t length_field(Enc e, const Bits& code) {
  return e == Enc::Rice ? 0u : static_cast<std::uint32_t>(code.size());
}

Bits encode_payload(const Format& f, const Message& m, Enc e) {
  switch (e) {
    case Enc::Raw: return m.payload;
    case Enc::Aer: return encode_aer(f, m.payload);
    case Enc::Rice: return encode_rice(f, m.payload);
    case Enc::Zc: return encode_zc(f, m.payload);
  }
  throw std::logic_error("bad encoding");
}

Bits decode_payload(const Format& f, Type t, Enc e, const Bits& code) {
  if (e == Enc::Aer) return decode_aer(f, code);
  if (e == Enc::Rice) return decode_rice(f, code);
  if (e == Enc::Zc && t == Type::Dense) return decode_zc(f, code);
  Bits raw(code.begin(), code.end());
  raw.resize(f.raw_bits(t), 0);
  return raw;
}

// ---- framing ---------------------------------------------------------------------------------
std::uint32_t crc(const Format& f, const Bits& bits, std::size_t n) {
  const int c = f.crc_bits;
  if (c == 0) return 0;
  const std::uint32_t mask = (1u << c) - 1;
  std::uint32_t r = mask;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t fb = ((r >> (c - 1)) & 1u) ^ bits[i];
    r = (r << 1) & mask;
    if (fb) r ^= static_cast<std::uint32_t>(f.crc_poly());
  }
  return r;
}

namespace {
// Zero pad up to a beat boundary (leaving room for the CRC), then the CRC, MSB first.
void pad_and_crc(const Format& f, Bits& b) {
  const std::size_t total = (b.size() + f.crc_bits + f.lanes - 1) / f.lanes * f.lanes;
  b.resize(total - f.crc_bits, 0);
  const std::uint32_t r = crc(f, b, b.size());
  for (int i = f.crc_bits - 1; i >= 0; --i) b.push_back(static_cast<std::uint8_t>((r >> i) & 1));
}
bool groups_spikes(const Format& f, const Message& m) { return f.pack_vectors > 1 && m.type == Type::Spike; }

// A received frame's bits, read field by field from the start.
struct FrameReader {
  Bits bits;
  std::size_t pos = 0;
  FrameReader(const Format& f, const std::vector<Beat>& beats) {
    for (const auto& beat : beats) put_field(bits, beat.data, f.lanes);
  }
  std::uint64_t take(int width) {
    const auto v = get_field(bits, pos, width);
    pos += static_cast<std::size_t>(width);
    return v;
  }
};
}  // namespace

Bits frame_bits(const Format& f, const Message& m, std::uint32_t seq) {
  if (static_cast<int>(m.payload.size()) != f.raw_bits(m.type)) throw std::invalid_argument("payload size");
  if (groups_spikes(f, m)) return group_frame_bits(f, std::vector<Message>{m}, 0, 1, seq);
  const Enc e = choose_encoding(f, m);
  return frame_bits(f, m, seq, e, encode_payload(f, m, e));
}

Bits frame_bits(const Format& f, const Message& m, std::uint32_t seq, Enc e, const Bits& code) {
  Bits b;
  put_field(b, static_cast<int>(m.type), 2);
  put_field(b, static_cast<int>(e), 2);
  put_field(b, seq, f.seq_bits);
  put_field(b, m.dest, f.dest_bits);
  put_field(b, length_field(e, code), f.len_bits);
  b.insert(b.end(), code.begin(), code.end());
  pad_and_crc(f, b);
  return b;
}

std::vector<Beat> to_beats(const Format& f, const Bits& frame) {
  std::vector<Beat> beats(frame.size() / f.lanes);
  for (std::size_t j = 0; j < beats.size(); ++j) {
    beats[j].data = get_field(frame, j * f.lanes, f.lanes);
    beats[j].last = j + 1 == beats.size();
  }
  return beats;
}

std::vector<std::size_t> frame_groups(const Format& f, const std::vector<Message>& msgs, const std::vector<bool>& last) {
  std::vector<std::size_t> sizes;
  for (std::size_t i = 0; i < msgs.size();) {
    std::size_t n = 1;
    if (groups_spikes(f, msgs[i]))
      while (!last.at(i + n - 1) && n < static_cast<std::size_t>(f.pack_vectors) && i + n < msgs.size() &&
             msgs[i + n].type == Type::Spike && msgs[i + n].dest == msgs[i].dest)
        ++n;
    sizes.push_back(n);
    i += n;
  }
  return sizes;
}

Bits group_frame_bits(const Format& f, std::uint32_t dest, std::uint32_t seq, const std::vector<Enc>& encs,
                      const std::vector<Bits>& codes) {
  Bits b;
  put_field(b, kGroupType, 2);
  put_field(b, static_cast<int>(encs.at(0)), 2);
  put_field(b, seq, f.seq_bits);
  put_field(b, dest, f.dest_bits);
  put_field(b, length_field(encs.at(0), codes.at(0)), f.len_bits);
  for (std::size_t v = 0; v < codes.size(); ++v) {
    if (v > 0) {
      put_field(b, 1, 1);
      put_field(b, static_cast<int>(encs.at(v)), 2);
    }
    b.insert(b.end(), codes[v].begin(), codes[v].end());
  }
  put_field(b, 0, 1);
  pad_and_crc(f, b);
  return b;
}

Bits group_frame_bits(const Format& f, const std::vector<Message>& msgs, std::size_t first, std::size_t count,
                      std::uint32_t seq) {
  const Message& head = msgs.at(first);
  if (!groups_spikes(f, head)) {
    if (count != 1) throw std::invalid_argument("only spike vectors share a frame");
    return frame_bits(f, head, seq);
  }
  if (count == 0 || count > static_cast<std::size_t>(f.pack_vectors)) throw std::invalid_argument("group size");
  std::vector<Enc> encs;
  std::vector<Bits> codes;
  for (std::size_t i = first; i < first + count; ++i) {
    const Message& m = msgs.at(i);
    if (m.type != Type::Spike || m.dest != head.dest || static_cast<int>(m.payload.size()) != f.raw_bits(m.type))
      throw std::invalid_argument("a group holds spike vectors to one destination");
    encs.push_back(choose_encoding(f, m));
    codes.push_back(encode_payload(f, m, encs.back()));
  }
  return group_frame_bits(f, head.dest, seq, encs, codes);
}

DecodedGroup decode_group_frame(const Format& f, const std::vector<Beat>& beats) {
  FrameReader r(f, beats);
  const Bits& b = r.bits;
  auto take = [&r](int w) { return r.take(w); };
  DecodedGroup d;
  d.crc_ok = crc(f, b, b.size()) == 0;
  if (take(2) != kGroupType) throw std::invalid_argument("not a group frame");
  Enc e = static_cast<Enc>(take(2));
  d.seq = static_cast<std::uint32_t>(take(f.seq_bits));
  const auto dest = static_cast<std::uint32_t>(take(f.dest_bits));
  take(f.len_bits);
  // Each payload is self-delimiting: decode it from here, then re-encode to know its length.
  for (bool more = true; more && r.pos < b.size();) {
    const Bits rest(b.begin() + static_cast<long>(r.pos), b.end());
    Message m{Type::Spike, dest, decode_payload(f, Type::Spike, e, rest)};
    r.pos += encode_payload(f, m, e).size();
    d.encs.push_back(e);
    d.msgs.push_back(std::move(m));
    more = take(1) == 1;
    if (more) e = static_cast<Enc>(take(2));
  }
  return d;
}

std::vector<Beat> frame_beats(const Format& f, const Message& m, std::uint32_t seq) {
  return to_beats(f, frame_bits(f, m, seq));
}

Decoded decode_frame(const Format& f, const std::vector<Beat>& beats) {
  FrameReader r(f, beats);
  const Bits& b = r.bits;
  auto take = [&r](int w) { return r.take(w); };
  Decoded d;
  d.crc_ok = crc(f, b, b.size()) == 0;
  d.msg.type = static_cast<Type>(take(2));
  d.enc = static_cast<Enc>(take(2));
  d.seq = static_cast<std::uint32_t>(take(f.seq_bits));
  d.msg.dest = static_cast<std::uint32_t>(take(f.dest_bits));
  d.length = static_cast<std::uint32_t>(take(f.len_bits));
  // A Rice payload delimits itself (its header length is 0): it is read up to its S-th spike.
  const std::size_t end = d.enc == Enc::Rice ? b.size() : std::min(b.size(), r.pos + d.length);
  const Bits code(b.begin() + static_cast<long>(r.pos), b.begin() + static_cast<long>(end));
  d.msg.payload = decode_payload(f, d.msg.type, d.enc, code);
  return d;
}

std::string to_string(const Beat& b) { return fmt::format("{:#x}{}", b.data, b.last ? " last" : ""); }

}  // namespace snapgen::golden::emio
