#pragma once
// The EMIO link specification, as checks shared by every model's test file.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdlib>

#include "link_bench.hpp"

namespace emio_test {

// One run of `msgs` under `o`: every message delivered unchanged, in order, with the encoding
// flag `enc[i]`, and every wire beat equal to the golden frames (the first wrong beat reported).
template <class V>
Result check_delivered_beat_exact(const Format& f, const std::vector<Message>& msgs, const std::vector<int>& enc,
                                  const Options& o) {
  Result r = run_link<V>(f, msgs, o);
  REQUIRE(r.finished);
  CHECK(first_mismatch(r.received, msgs) == -1);
  CHECK(first_mismatch(r.received_enc, enc) == -1);
  const auto golden = golden_wire(f, msgs);
  const long bad = first_mismatch(r.wire, golden);
  if (bad >= 0 && static_cast<std::size_t>(bad) < std::min(r.wire.size(), golden.size()))
    FAIL(fmt::format("beat {}: rtl {} golden {}", bad, to_string(r.wire[bad]), to_string(golden[bad])));
  CHECK(bad == -1);
  return r;
}

// `msgs` through the link in the three handshake regimes, a SECTION each: both ends always
// ready; random valid at the source (in_valid) and ready at the sink (0.3), seed `seed`; the
// sink taking a message in 2% of the cycles (maximum backpressure), seed `seed + 1`. Each run
// as check_delivered_beat_exact.
template <class V>
void check_handshakes_beat_exact(const Format& f, const std::vector<Message>& msgs, const std::vector<int>& enc,
                                 std::uint64_t seed, double in_valid) {
  SECTION("both ends always ready") { check_delivered_beat_exact<V>(f, msgs, enc, Options{}); }
  SECTION("random valid at the source, random ready at the sink") {
    Options o;
    o.seed = seed;
    o.in_valid = in_valid;
    o.out_ready = 0.3;
    check_delivered_beat_exact<V>(f, msgs, enc, o);
  }
  SECTION("maximum backpressure: the sink takes a message in 2% of the cycles") {
    Options o;
    o.seed = seed + 1;
    o.out_ready = 0.02;
    check_delivered_beat_exact<V>(f, msgs, enc, o);
  }
}

// Error-free link, random backpressure at both ends: the wires carry exactly the golden frames
// (sequence numbers 0, 1, 2, ... in order, no retransmission), and the receiver delivers every
// message unchanged, in order, with the encoding the golden model chooses.
template <class V>
void check_wire_and_delivery(const Format& f, std::size_t n, const Options& o) {
  Rng rng(o.seed);
  const auto msgs = mixed_messages(f, rng, n);
  std::vector<int> enc;
  for (const auto& m : msgs) enc.push_back(static_cast<int>(choose_encoding(f, m)));
  const Result r = check_delivered_beat_exact<V>(f, msgs, enc, o);
  CHECK(r.rewinds == 0);
  CHECK(r.crc_errors == 0);
  // Idle lanes hold their value: the data lanes, sampled every cycle (idle ones included), toggle
  // exactly as often as the golden beat sequence alone does.
  std::uint64_t expect_toggles = 0, prev = 0;
  for (const auto& b : golden_wire(f, msgs)) {
    expect_toggles += static_cast<std::uint64_t>(std::popcount(b.data ^ prev));
    prev = b.data;
  }
  CHECK(r.toggles == expect_toggles);
}

// The comparison above can fail: one flipped bit in one golden beat, or in one delivered
// payload, is reported at exactly that position.
template <class V>
void check_perturbation_detected(const Format& f) {
  Rng rng(7);
  const auto msgs = mixed_messages(f, rng, 20);
  const Result r = run_link<V>(f, msgs, Options{});
  REQUIRE(r.finished);
  auto golden = golden_wire(f, msgs);
  REQUIRE(first_mismatch(r.wire, golden) == -1);
  const std::size_t at = golden.size() / 2;
  golden[at].data ^= std::uint64_t{1} << (f.lanes - 1);
  CHECK(first_mismatch(r.wire, golden) == static_cast<long>(at));
  auto sent = msgs;
  sent[11].payload[0] ^= 1;
  CHECK(first_mismatch(r.received, sent) == 11);
}

struct FaultStats {
  std::uint64_t frames = 0, cycles = 0, flips = 0, crc_errors = 0, rewinds = 0, beats = 0;
};

// Bit errors at `ber` on the data lanes, random backpressure: every message is delivered
// exactly once, in order, unchanged (nothing lost, duplicated, reordered or corrupted).
template <class V>
FaultStats check_faults(const Format& f, double ber, std::size_t n, std::uint64_t seed, const char* model) {
  Rng rng(seed);
  const auto msgs = small_messages(f, rng, n);
  Options o;
  o.ber = ber;
  o.seed = seed;
  o.in_valid = 0.9;
  o.out_ready = 0.8;
  const Result r = run_link<V>(f, msgs, o);
  REQUIRE(r.finished);
  CHECK(r.received.size() == msgs.size());
  CHECK(first_mismatch(r.received, msgs) == -1);
  if (ber >= 1e-4) {
    CHECK(r.flips > 0);
    CHECK(r.crc_errors > 0);
    CHECK(r.rewinds > 0);
  }
  fmt::print("emio faults {}: ber {:g} frames {} cycles {} beats {} flips {} crc_errors {} rewinds {}\n", model, ber,
             msgs.size(), r.cycles, r.wire.size(), r.flips, r.crc_errors, r.rewinds);
  return {msgs.size(), r.cycles, r.flips, r.crc_errors, r.rewinds, r.wire.size()};
}

// Beats and encoder symbols of a raw frame (dense, flit, bitmap spike) of type t: the encoder
// emits one symbol per cycle (header, payload chunks of up to sym_bits, tail = pad + CRC unless
// empty), so a frame of fewer beats than symbols (a short frame on wide lanes) is encoder-bound.
struct RawFrameShape {
  int beats = 0, symbols = 0;
};
inline RawFrameShape raw_frame_shape(const Format& f, Type t, int sym_bits) {
  const int payload = f.raw_bits(t), bits = f.header_bits() + payload + f.crc_bits;
  const int beats = (bits + f.lanes - 1) / f.lanes;
  const int tail = beats * f.lanes - f.header_bits() - payload;  // pad + CRC
  return {beats, 1 + (payload + sym_bits - 1) / sym_bits + (tail > 0 ? 1 : 0)};
}

// Both ends always ready and a source that never pauses: once the credit and ACK loops are
// primed, a beat leaves the transmitter in every cycle (beats == cycles) until the source runs dry;
// a raw frame of fewer beats than encoder symbols instead takes exactly one cycle per symbol
// (beats / cycles == frame beats / frame symbols, to within one frame in the window). Frames are
// of one size (group frames full): the transmitter sends whole frames from its retry buffer, so a
// frame longer than any before it leaves the wires idle once, for the difference in length.
// Beats on the wires between the first two and the last two frames (pipeline fill, source
// drained) and the cycles of that window.
struct SteadyState {
  long beats = 0, window = 0;
};
inline SteadyState steady_state(const Result& r, int max_frame_beats) {
  const auto first = std::find(r.wire_valid.begin(), r.wire_valid.end(), 1) - r.wire_valid.begin();
  const auto last = r.wire_valid.rend() - std::find(r.wire_valid.rbegin(), r.wire_valid.rend(), 1) - 1;
  const long from = first + 2 * max_frame_beats, to = last - 2 * max_frame_beats;
  REQUIRE(to > from);
  SteadyState s{0, to - from + 1};
  for (long c = from; c <= to; ++c) s.beats += r.wire_valid[c];
  if (std::getenv("EMIO_DEBUG")) {  // print the valid pattern of the first 400 steady-state cycles
    std::string pat;
    for (long c = from; c < from + 400 && c <= to; ++c) pat += r.wire_valid[c] ? '1' : '.';
    fmt::print("{}\n", pat);
  }
  return s;
}

// msgs through the link with both ends always ready and full groups: every one delivered, and
// the steady state's beats and cycles.
template <class V>
SteadyState run_at_full_rate(const Format& f, const std::vector<Message>& msgs, int max_frame_beats) {
  Options o;
  o.group_size = static_cast<std::size_t>(f.pack_vectors);
  const Result r = run_link<V>(f, msgs, o);
  REQUIRE(r.finished);
  REQUIRE(first_mismatch(r.received, msgs) == -1);
  return steady_state(r, max_frame_beats);
}

template <class V>
void check_line_rate(const Format& f, Type t, std::size_t n, int max_frame_beats, int sym_bits, const char* model) {
  Rng rng(3);
  std::vector<Message> msgs;
  for (std::size_t i = 0; i < n; ++i) msgs.push_back(random_raw(f, rng, t));
  const auto [beats, window] = run_at_full_rate<V>(f, msgs, max_frame_beats);
  fmt::print("emio line rate {} type {}: {} beats in {} steady-state cycles\n", model, static_cast<int>(t), beats,
             window);
  const RawFrameShape shape = raw_frame_shape(f, t, sym_bits);
  if (shape.symbols <= shape.beats) {
    CHECK(beats == window);
  } else {
    INFO("encoder-bound: " << shape.beats << " beats, " << shape.symbols << " symbols per frame");
    CHECK(std::labs(beats * shape.symbols - window * shape.beats) <= static_cast<long>(shape.symbols) * shape.beats);
  }
}

}  // namespace emio_test
