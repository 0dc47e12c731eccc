// Specification of the EMIO frame format, by the golden model alone (docs/emio.md). Expected
// values are written out by hand or computed by an independent rule stated next to them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "golden/emio/emio_golden.hpp"
#include "harness/rng.hpp"

using namespace snapgen::golden::emio;

namespace {
Format small_format() {
  Format f;
  f.lanes = 4;
  f.crc_bits = 8;
  f.seq_bits = 3;
  f.dest_bits = 2;
  f.len_bits = 6;
  f.channels = 8;
  f.timesteps = 2;
  f.act_bits = 4;
  f.flit_bits = 16;
  f.mode = Mode::Aer;
  return f;
}
Bits bytes_msb_first(const std::string& s) {
  Bits b;
  for (unsigned char c : s)
    for (int i = 7; i >= 0; --i) b.push_back((c >> i) & 1);
  return b;
}
}  // namespace

TEST_CASE("CRC-16 is CRC-16/CCITT-FALSE: check value 0x29B1 over \"123456789\"") {
  Format f;
  f.crc_bits = 16;
  const Bits b = bytes_msb_first("123456789");
  CHECK(crc(f, b, b.size()) == 0x29B1);
}

TEST_CASE("CRC-8 is poly 0x07 with init 0xFF: over one zero byte it is 0xF3") {
  // Init 0xFF, eight zero bits: CRC-8/SMBUS (init 0) of 0xFF followed by nothing is the same
  // register state; SMBUS CRC of the single byte 0xFF is 0xF3.
  Format f;
  f.crc_bits = 8;
  const Bits zero(8, 0);
  CHECK(crc(f, zero, 8) == 0xF3);
  // And the catalogue check value of CRC-8/SMBUS ("123456789" -> 0xF4) holds for the same
  // register once the init contribution (0xF3 propagated over 72 bits) is removed by linearity:
  // crc(init FF, m) = crc(init 00, m) ^ crc(init FF, zeros(|m|)).
  const Bits m = bytes_msb_first("123456789");
  const Bits z(m.size(), 0);
  CHECK((crc(f, m, m.size()) ^ crc(f, z, z.size())) == 0xF4);
}

TEST_CASE("AER: per timestep a count, then ascending channel addresses, LSB first") {
  Format f = small_format();  // N = 8: 3-bit addresses, 4-bit counts
  Bits s(16, 0);
  s[1] = s[6] = 1;  // step 0: channels 1 and 6; step 1: silent
  const Bits expect = {0, 1, 0, 0, /*1*/ 1, 0, 0, /*6*/ 0, 1, 1, /*count 0*/ 0, 0, 0, 0};
  CHECK(encode_aer(f, s) == expect);
  CHECK(decode_aer(f, expect) == s);
}

TEST_CASE("Rice: the spike count, then q ones, a zero and k low bits per zero-run before a spike") {
  Format f = small_format();
  f.timesteps = 1;  // 8 positions
  Bits s(8, 0);
  s[2] = s[3] = 1;  // runs 2 and 0; the 4 zeros after the last spike are not coded
  // S = 2: (S+1) * 2 = 6 <= 8 - 2, (S+1) * 4 > 6, so k = 1.
  // count 2: v = 1, u = 0: 0 | S low bits 0 1 | run 2: 1 0 0 | run 0: 0 0
  const Bits expect = {0, 0, 1, 1, 0, 0, 0, 0};
  CHECK(rice_k(f, s) == 1);
  CHECK(encode_rice(f, s) == expect);
  CHECK(decode_rice(f, expect) == s);
  // The best-k reference of the bench: k = 0 is 0 0 1 | 1 1 0 | 0 (7 bits), k = 2 is 9.
  const Bits k0 = {0, 0, 1, 1, 1, 0, 0};
  CHECK(encode_rice_k(f, s, 0) == k0);
  CHECK(encode_rice_k(f, s, 2).size() == 9);
}

TEST_CASE("Rice spike count: Exp-Golomb of order 2, ones first, 2u + 3 bits") {
  Format f;  // 64 x 4 = 256 positions
  auto code_of = [&](std::size_t spikes) {
    Bits s(256, 0);
    for (std::size_t i = 0; i < spikes; ++i) s[i] = 1;
    Bits c = encode_rice(f, s);
    c.resize(static_cast<std::size_t>(rice_count_bits(spikes)));
    return c;
  };
  CHECK(code_of(0) == Bits{0, 0, 0});                 // v = 1, u = 0: 0 | 00
  CHECK(code_of(3) == Bits{0, 1, 1});                 // v = 1: 0 | 11
  CHECK(code_of(5) == Bits{1, 0, 0, 1, 0});           // v = 2, u = 1: 1 0 | 0 | 01
  CHECK(code_of(13) == Bits{1, 1, 0, 0, 0, 1, 0});    // v = 4, u = 2: 1 1 0 | 00 | 01
  CHECK(rice_count_bits(256) == 15);                  // v = 65, u = 6
  CHECK(encode_rice(f, Bits(256, 0)) == Bits{0, 0, 0});  // no spike: the count alone
  // One spike: count 0 0 1 (v = 1, S = 1), k = 6 (2 * 64 <= 255 < 2 * 128), run q | 0 | 6 bits.
  Bits first(256, 0), last(256, 0);
  first[0] = 1;
  last[255] = 1;
  CHECK(encode_rice(f, first).size() == 3 + 1 + 6);      // run 0
  CHECK(encode_rice(f, last).size() == 3 + 3 + 1 + 6);   // run 255: q = 3
  CHECK(decode_rice(f, encode_rice(f, last)) == last);
}

TEST_CASE("Rice k: the largest k <= 15 with (S+1) * 2^k <= N*T - S") {
  Format f;
  auto k_of = [&](std::size_t m, std::size_t spikes) {
    Bits s(m, 0);
    for (std::size_t i = 0; i < spikes; ++i) s[i * (m / std::max<std::size_t>(spikes, 1))] = 1;
    return rice_k(f, s);
  };
  CHECK(k_of(8, 0) == 3);        // 1 * 8 <= 8
  CHECK(k_of(256, 0) == 8);      // no spike: one run of 256
  CHECK(k_of(256, 1) == 6);      // 2 * 64 <= 255 < 2 * 128
  CHECK(k_of(256, 84) == 1);     // 85 * 2 = 170 <= 172 < 85 * 4
  CHECK(k_of(256, 85) == 0);     // 86 * 2 = 172 > 171
  CHECK(k_of(256, 256) == 0);    // every position fires
  CHECK(k_of(1 << 17, 0) == 15); // capped at 15 (a 4-bit k register at both ends)
}

TEST_CASE("every encoding round-trips random spike frames at every firing rate") {
  snapgen::tb::Rng rng(11);
  Format f;
  f.channels = 64;
  f.timesteps = 4;
  for (double p : {0.0, 0.005, 0.01, 0.1, 0.3, 0.5, 0.9, 1.0}) {
    for (int rep = 0; rep < 20; ++rep) {
      Bits s(256);
      for (auto& b : s) b = rng.chance(p);
      CHECK(decode_aer(f, encode_aer(f, s)) == s);
      CHECK(decode_rice(f, encode_rice(f, s)) == s);
    }
  }
}

TEST_CASE("frame: header fields at fixed offsets, zero pad, CRC in the last bits, whole beats") {
  Format f = small_format();
  Message m{Type::Spike, 3, Bits(16, 0)};
  m.payload[1] = m.payload[6] = 1;
  const Bits b = frame_bits(f, m, 5);
  // header: type 0 (2) | enc 1 = AER (2) | seq 5 (3) | dest 3 (2) | length 14 (6) = 15 bits,
  // payload 14 bits, CRC 8: 37 bits -> 40 (10 beats of 4), pad 3 zeros before the CRC.
  REQUIRE(b.size() == 40);
  CHECK(get_field(b, 0, 2) == 0);
  CHECK(get_field(b, 2, 2) == 1);
  CHECK(get_field(b, 4, 3) == 5);
  CHECK(get_field(b, 7, 2) == 3);
  CHECK(get_field(b, 9, 6) == 14);
  CHECK(get_field(b, 29, 3) == 0);
  CHECK(crc(f, b, b.size()) == 0);  // the CRC, sent MSB first, leaves a zero remainder
  const auto beats = to_beats(f, b);
  REQUIRE(beats.size() == 10);
  CHECK(beats.back().last);
  CHECK_FALSE(beats[8].last);
  CHECK(beats[0].data == (0b0100 | 0b0000));  // bits 0..3: type 00, enc 01 -> lanes 2 = 1
  const Decoded d = decode_frame(f, beats);
  CHECK(d.crc_ok);
  CHECK(d.seq == 5);
  CHECK(d.msg == m);
}

TEST_CASE("group frame: header type 3, first payload, then 1 | enc | payload per vector, a closing 0") {
  Format f = small_format();
  f.pack_vectors = 2;
  Message a{Type::Spike, 3, Bits(16, 0)}, b{Type::Spike, 3, Bits(16, 0)};
  a.payload[1] = a.payload[6] = 1;  // step 0: channels 1 and 6
  b.payload[8 + 7] = 1;             // step 1: channel 7
  const Bits bits = group_frame_bits(f, std::vector<Message>{a, b}, 0, 2, 5);
  // Written out by hand (docs/emio.md section 3), wire order:
  //   header  type 3 `11`, enc AER `10`, seq 5 `101`, dest 3 `11`, length 14 `011100`   15 bits
  //   a (AER) count 2 `0100`, address 1 `100`, address 6 `011`, count 0 `0000`         14 bits
  //   next    `1`, enc AER `10`                                                          3 bits
  //   b (AER) count 0 `0000`, count 1 `1000`, address 7 `111`                          11 bits
  //   end     `0`; 44 bits + CRC-8 = 52 = 13 beats of 4, no pad.
  const std::string expect = "111010111011100" "01001000110000" "110" "00001000111" "0";
  REQUIRE(bits.size() == 52);
  for (std::size_t i = 0; i < expect.size(); ++i) {
    INFO("bit " << i);
    CHECK(bits[i] == (expect[i] == '1' ? 1 : 0));
  }
  CHECK(crc(f, bits, bits.size()) == 0);
  const DecodedGroup d = decode_group_frame(f, to_beats(f, bits));
  CHECK(d.crc_ok);
  CHECK(d.seq == 5);
  REQUIRE(d.msgs.size() == 2);
  CHECK(d.msgs[0] == a);
  CHECK(d.msgs[1] == b);
  // Alone, a spike vector is a group of one (as the link sends it): the same header, its payload,
  // the closing 0 (15 + 14 + 1 + 8 = 38 bits -> 40, two pad zeros after the 0).
  const Bits one = frame_bits(f, a, 5);
  REQUIRE(one.size() == 40);
  CHECK(get_field(one, 0, 2) == 3);
  CHECK(get_field(one, 29, 3) == 0);
  CHECK(decode_group_frame(f, to_beats(f, one)).msgs == std::vector<Message>{a});
}

TEST_CASE("groups end at the sender's mark, at pack_vectors, and before another kind of message") {
  Format f = small_format();
  f.pack_vectors = 3;
  const Message s0{Type::Spike, 0, Bits(16, 0)}, s1{Type::Spike, 1, Bits(16, 0)}, fl{Type::Flit, 0, Bits(16, 0)};
  using Sizes = std::vector<std::size_t>;
  // Five unmarked spike vectors to one destination, the last marked: full groups of 3, then 2.
  CHECK(frame_groups(f, {s0, s0, s0, s0, s0}, {false, false, false, false, true}) == Sizes{3, 2});
  // A mark closes a group early.
  CHECK(frame_groups(f, {s0, s0, s0, s0}, {true, false, false, true}) == Sizes{1, 3});
  // Another destination or a flit starts a new frame; a flit is always a frame of its own.
  CHECK(frame_groups(f, {s0, s0, s1, fl, s0}, {false, false, false, false, true}) == Sizes{2, 1, 1, 1});
  // Without groups every message is a frame.
  f.pack_vectors = 1;
  CHECK(frame_groups(f, {s0, s0, s0}, {false, false, true}) == Sizes{1, 1, 1});
}

TEST_CASE("a single flipped bit anywhere in a frame fails its CRC") {
  Format f = small_format();
  f.crc_bits = 16;
  Message m{Type::Flit, 1, Bits(16, 0)};
  m.payload[3] = 1;
  const Bits b = frame_bits(f, m, 2);
  for (std::size_t i = 0; i < b.size(); ++i) {
    Bits x = b;
    x[i] ^= 1;
    CHECK(crc(f, x, x.size()) != 0);
  }
}

TEST_CASE("adaptive picks the shortest of bitmap, AER and Rice's bound; ties prefer bitmap, then AER") {
  Format f;  // N = 64, T = 4
  f.mode = Mode::Adaptive;
  // The bound, written out for S = 70: k = 1 (71 * 2 <= 186 < 71 * 4), count code 11 bits
  // (v = 18, u = 4), 70 * (1 + 1) zeros and low bits, (256 - 70) >> 1 = 93 ones.
  CHECK(rice_bound_bits(f, 70) == 11u + 140u + 93u);
  // No spike: the count code (3 bits) and at most N*T >> 8 = 1 one.
  CHECK(rice_bound_bits(f, 0) == 4u);
  snapgen::tb::Rng rng(5);
  for (double p : {0.0, 0.01, 0.05, 0.2, 0.5}) {
    Message m{Type::Spike, 0, Bits(256)};
    for (auto& b : m.payload) b = rng.chance(p);
    const auto spikes = static_cast<std::uint64_t>(std::count(m.payload.begin(), m.payload.end(), 1));
    const auto bitmap = m.payload.size(), aer = encode_aer(f, m.payload).size(), bound = rice_bound_bits(f, spikes);
    const Enc e = choose_encoding(f, m);
    CHECK(encode_rice(f, m.payload).size() <= bound);  // a bound indeed
    if (bitmap <= aer && bitmap <= bound) CHECK(e == Enc::Raw);
    else if (aer <= bound) CHECK(e == Enc::Aer);
    else CHECK(e == Enc::Rice);
  }
  // 70 spikes in front: the code is 11 + 140 = 151 bits (every run 0), the bound 244 < 256 and
  // AER's 28 + 70 * 6 = 448: Rice. Its header's length field is 0, and the frame decodes.
  Message front{Type::Spike, 2, Bits(256, 0)};
  for (int i = 0; i < 70; ++i) front.payload[i] = 1;
  CHECK(encode_rice(f, front.payload).size() == 151u);
  REQUIRE(choose_encoding(f, front) == Enc::Rice);
  const Bits fb = frame_bits(f, front, 3);
  CHECK(get_field(fb, 4 + f.seq_bits + f.dest_bits, f.len_bits) == 0u);
  CHECK(fb.size() == (f.header_bits() + 151u + static_cast<std::size_t>(f.crc_bits) + f.lanes - 1) / f.lanes * f.lanes);
  const Decoded d = decode_frame(f, to_beats(f, fb));
  CHECK(d.crc_ok);
  CHECK(d.enc == Enc::Rice);
  CHECK(d.msg == front);
  // 80 in front: the code would be 11 + 160 = 171 bits, but the bound is 11 + 160 + 88 = 259
  // > 256: bitmap (the encoder cannot know the runs before the header).
  for (int i = 70; i < 80; ++i) front.payload[i] = 1;
  CHECK(encode_rice(f, front.payload).size() == 171u);
  CHECK(rice_bound_bits(f, 80) == 259u);
  CHECK(choose_encoding(f, front) == Enc::Raw);
  Message dense{Type::Dense, 0, Bits(512, 1)};
  CHECK(choose_encoding(f, dense) == Enc::Raw);
}

TEST_CASE("dense_zc: the map of non-zero activations, then their values in ascending order, LSB first") {
  Format f = small_format();  // N = 8 activations of 4 bits
  f.mode = Mode::DenseZc;
  const int values[8] = {0, 5, 0, 0, 15, 0, 0, 1};
  Message m{Type::Dense, 3, {}};
  for (int v : values) put_field(m.payload, static_cast<unsigned>(v), 4);
  REQUIRE(choose_encoding(f, m) == Enc::Zc);
  // Map 0100 1001, then 5 (1010), 15 (1111), 1 (1000): 8 + 3 * 4 = 20 bits.
  const Bits expect = {0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0};
  CHECK(encode_zc(f, m.payload) == expect);
  CHECK(decode_zc(f, expect) == m.payload);
  // The header says enc 3 and the payload length; the frame decodes back to the message.
  const Bits b = frame_bits(f, m, 5);
  CHECK(get_field(b, 2, 2) == 3);
  CHECK(get_field(b, 4 + f.seq_bits + f.dest_bits, f.len_bits) == 20);
  const Decoded d = decode_frame(f, to_beats(f, b));
  CHECK(d.crc_ok);
  CHECK(d.enc == Enc::Zc);
  CHECK(d.msg == m);
  // All zero: the map alone (N bits); all non-zero: N + N * act_bits. Spike frames stay bitmaps.
  CHECK(encode_zc(f, Bits(32, 0)) == Bits(8, 0));
  CHECK(encode_zc(f, Bits(32, 1)).size() == 8u + 32u);
  Message spikes{Type::Spike, 0, Bits(16, 1)};
  CHECK(choose_encoding(f, spikes) == Enc::Raw);
  // Seeded round trips at several zero fractions.
  snapgen::tb::Rng rng(17);
  for (double p : {0.0, 0.3, 0.7, 1.0}) {
    Bits x;
    for (int i = 0; i < 8; ++i) put_field(x, rng.chance(p) ? 0u : static_cast<unsigned>(rng.uniform(1, 15)), 4);
    CHECK(decode_zc(f, encode_zc(f, x)) == x);
  }
}
