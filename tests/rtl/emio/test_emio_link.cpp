// Specification of a generated EMIO link (TX -> wires -> RX), checked bit-exact against the
// golden model. Compiled once per model: EMIO_MODEL / EMIO_HEADER / EMIO_NS select it.
#include EMIO_HEADER
#include "snapgen_config.hpp"
#include "link_checks.hpp"

namespace {
namespace cfg = EMIO_NS;
using Model = EMIO_MODEL;
using namespace emio_test;
const Format kFormat = EMIO_FORMAT(cfg);
constexpr bool kHasCrc = cfg::kD2dCrcBits > 0;
constexpr int kMaxFrameBeats = static_cast<int>(cfg::kD2dMaxFrameBeats);
constexpr int kSymBits = static_cast<int>(cfg::kD2dSymBits);
}  // namespace

TEST_CASE("wire beats equal the golden frames and RX delivers every message unchanged, in order") {
  SECTION("both ends always ready") {
    Options o;
    o.seed = 21;
    check_wire_and_delivery<Model>(kFormat, 400, o);
  }
  SECTION("random valid at the source, random ready at the sink (idle cycles on the wires)") {
    Options o;
    o.seed = 22;
    o.in_valid = 0.4;
    o.out_ready = 0.3;
    check_wire_and_delivery<Model>(kFormat, 400, o);
  }
}

TEST_CASE("spike bursts: zero-runs next to many spikes, Rice unary parts longer than a symbol") {
  Rng rng(23);
  std::vector<Message> msgs;
  for (int i = 0; i < 150; ++i) msgs.push_back(burst_spikes(kFormat, rng));
  Options o;
  o.seed = 24;
  o.out_ready = 0.5;
  const Result r = run_link<Model>(kFormat, msgs, o);
  REQUIRE(r.finished);
  CHECK(first_mismatch(r.received, msgs) == -1);
  CHECK(first_mismatch(r.wire, golden_wire(kFormat, msgs)) == -1);
  // Where Rice is sent, the stimulus reaches the split unary path: some run's q + 1 + k exceeds
  // the symbol width (the encoder sends ones first) and the receiver's accumulator.
  if (kFormat.mode == Mode::Rice || kFormat.mode == Mode::Adaptive) {
    int longest = 0;
    for (const auto& m : msgs) {
      if (choose_encoding(kFormat, m) != Enc::Rice) continue;
      const int k = rice_k(kFormat, m.payload);
      for (const auto run : zero_runs(m.payload)) longest = std::max(longest, static_cast<int>(run >> k) + 1 + k);
    }
    CHECK(longest > static_cast<int>(cfg::kD2dSymBits + cfg::kD2dLanes));
  }
}

TEST_CASE("a perturbed golden beat or payload is detected at its position") {
  check_perturbation_detected<Model>(kFormat);
}

TEST_CASE("with both ends ready the link sends one beat per cycle through the credit and ACK loops") {
  check_line_rate<Model>(kFormat, Type::Dense, 60, kMaxFrameBeats, kSymBits, EMIO_ID);
  check_line_rate<Model>(kFormat, Type::Flit, 300, kMaxFrameBeats, kSymBits, EMIO_ID);
  // AER and Rice frames are encoder-bound (one address or run code per cycle), so spike frames
  // are measured only where they go as bitmaps (random 50% spike frames: adaptive picks bitmap).
  // A bitmap frame of fewer beats than symbols (emio_h: 2 beats, 3 symbols) is encoder-bound
  // too: check_line_rate then expects one cycle per symbol.
  if (kFormat.mode != Mode::Aer && kFormat.mode != Mode::Rice)
    check_line_rate<Model>(kFormat, Type::Spike, 100, kMaxFrameBeats, kSymBits, EMIO_ID);
}

TEST_CASE("adaptive spike frames at 0.5% to 30% firing use at least 0.95 of an 8- or 32-lane line") {
  // A Rice frame's header leaves in its first cycle (length field 0, pad sized at the payload's
  // end), and both ends handle up to ceil(lanes / 3) run codes a cycle (3 on 8 lanes, 11 on 32),
  // across timesteps. Before 2026-12-05 each Rice-candidate frame first spent T cycles measuring
  // its length and emio_a ran at 0.63..0.76 of the line here; with one run code a cycle it ran
  // at 0.54..0.91 from 5% up. On 32 lanes (emio_c), with at most 4 codes a cycle, each within a
  // timestep, and the count a cycle of its own, it ran at 0.30..0.58 (bench/emio, 2026-12-05).
  if (kFormat.mode != Mode::Adaptive || (kFormat.lanes != 8 && kFormat.lanes != 32)) return;
  for (const double rate : {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3}) {
    Rng rng(31);
    std::vector<Message> msgs;
    for (int i = 0; i < 200; ++i) msgs.push_back(random_spikes(kFormat, rng, rate));
    const auto [beats, window] = run_at_full_rate<Model>(kFormat, msgs, kMaxFrameBeats);
    const double utilization = static_cast<double>(beats) / static_cast<double>(window);
    fmt::print("emio adaptive line rate {} at {}: {} beats in {} cycles ({:.3f})\n", EMIO_ID, rate, beats, window,
               utilization);
    INFO("firing " << rate << ": " << beats << " beats in " << window << " cycles");
    CHECK(utilization >= 0.95);
  }
}

TEST_CASE("bit errors at BER up to 1e-3 and at 1e-5 lose, duplicate, reorder or corrupt nothing") {
  if constexpr (!kHasCrc) {
    // No CRC: a bit error cannot be detected. The link must still run (no hang), raise no CRC
    // error, ask for no retry (the wires carry each golden frame once), and deliver every message
    // in order, each flipped payload bit reaching the sink as exactly one wrong bit in its
    // message: undetected corruption, which is what a CRC is for. The flips go into the middle
    // beat of dense frames, where every lane carries payload (not header, not padding).
    Rng rng(31);
    std::vector<Message> msgs;
    for (int i = 0; i < 60; ++i) msgs.push_back(random_raw(kFormat, rng, Type::Dense));
    const auto golden = golden_wire(kFormat, msgs);
    std::vector<std::size_t> starts{0};  // first beat of each frame
    for (std::size_t b = 0; b + 1 < golden.size(); ++b)
      if (golden[b].last) starts.push_back(b + 1);
    REQUIRE(starts.size() == msgs.size());
    starts.push_back(golden.size());
    const std::vector<std::size_t> hit = {5, 17, 42};
    Options o;
    o.seed = 33;
    o.out_ready = 0.5;
    for (std::size_t k = 0; k < hit.size(); ++k)
      o.flip_at.push_back({(starts[hit[k]] + starts[hit[k] + 1]) / 2, static_cast<int>(k * 3) % kFormat.lanes});
    const Result r = run_link<Model>(kFormat, msgs, o);
    REQUIRE(r.finished);
    CHECK(r.flips == hit.size());
    CHECK(r.crc_errors == 0);
    CHECK(r.rewinds == 0);
    CHECK(first_mismatch(r.wire, golden) == -1);
    REQUIRE(r.received.size() == msgs.size());
    for (std::size_t i = 0; i < msgs.size(); ++i) {
      INFO("message " << i);
      CHECK(r.received[i].type == msgs[i].type);
      CHECK(r.received[i].dest == msgs[i].dest);
      REQUIRE(r.received[i].payload.size() == msgs[i].payload.size());
      std::size_t wrong = 0;
      for (std::size_t b = 0; b < msgs[i].payload.size(); ++b) wrong += r.received[i].payload[b] != msgs[i].payload[b];
      CHECK(wrong == (std::find(hit.begin(), hit.end(), i) != hit.end() ? 1u : 0u));
    }
  } else {
    // CRC-8 misses about 1 in 256 multi-bit errors: at BER 1e-3 on frames of a few hundred bits
    // that is an expected escape every few 10^4 frames, so CRC-8 links are held to 1e-4.
    const double high = cfg::kD2dCrcBits >= 16 ? 1e-3 : 1e-4;
    SECTION("BER 1e-3 (CRC-16) or 1e-4 (CRC-8)") { check_faults<Model>(kFormat, high, 15000, 31, EMIO_ID); }
    SECTION("BER 1e-5") { check_faults<Model>(kFormat, 1e-5, 12000, 32, EMIO_ID); }
  }
}

// dense_zc models only: zero-compressed dense frames (map of non-zero activations, then their
// values), every wire beat against the golden frames and every message delivered unchanged.
TEST_CASE("dense_zc: zero-compressed dense frames, beat-exact, under backpressure and bit errors") {
  if (kFormat.mode != Mode::DenseZc) return;
  Rng rng(41);
  const long long top = (1LL << kFormat.act_bits) - 1;
  std::vector<Message> msgs;
  // Edge cases: all zero, all ones (the largest value in every slot), all non-zero, one
  // non-zero activation at the first and at the last channel, then seeded random vectors.
  msgs.push_back(random_dense(kFormat, rng, 0.0, 0));
  msgs.push_back(random_dense(kFormat, rng, 0.0, top));
  msgs.push_back(random_dense(kFormat, rng, 0.0));
  for (int at : {0, kFormat.channels - 1}) {
    Message m = random_dense(kFormat, rng, 0.0, 0);
    m.payload[static_cast<std::size_t>(at * kFormat.act_bits + kFormat.act_bits - 1)] = 1;
    msgs.push_back(m);
  }
  for (int i = 0; i < 300; ++i) {
    const double zero[] = {0.0, 0.1, 0.5, 0.8, 0.95, 1.0};
    msgs.push_back(random_dense(kFormat, rng, zero[rng.uniform(0, 5)]));
  }
  // The all-zero frame is the map alone, the all-ones one map + N values.
  CHECK(encode_payload(kFormat, msgs[0], Enc::Zc).size() == static_cast<std::size_t>(kFormat.channels));
  CHECK(encode_payload(kFormat, msgs[1], Enc::Zc).size() ==
        static_cast<std::size_t>(kFormat.channels * (1 + kFormat.act_bits)));
  const std::vector<int> zc(msgs.size(), static_cast<int>(Enc::Zc));
  check_handshakes_beat_exact<Model>(kFormat, msgs, zc, 42, 0.4);
  SECTION("bit errors: CRC errors and go-back-N retries, every message delivered once, in order") {
    if constexpr (!kHasCrc) return;
    std::vector<Message> many;
    for (int i = 0; i < 3000; ++i) many.push_back(random_dense(kFormat, rng, rng.chance(0.5) ? 0.9 : 0.3));
    Options o;
    o.seed = 44;
    o.ber = cfg::kD2dCrcBits >= 16 ? 1e-3 : 1e-4;
    o.in_valid = 0.9;
    o.out_ready = 0.8;
    const Result r = run_link<Model>(kFormat, many, o);
    REQUIRE(r.finished);
    CHECK(first_mismatch(r.received, many) == -1);
    CHECK(r.crc_errors > 0);
    CHECK(r.rewinds > 0);
    fmt::print("emio dense_zc faults {}: ber {:g} frames {} cycles {} beats {} flips {} crc_errors {} rewinds {}\n",
               EMIO_ID, o.ber, many.size(), r.cycles, r.wire.size(), r.flips, r.crc_errors, r.rewinds);
  }
}

// Group-frame models only (d2d.pack_vectors > 1): spike vectors share a frame until the sender's
// mark, a full group, or a message of another kind or destination; every wire beat against the
// golden group frames, every vector delivered unchanged with its own encoding.
TEST_CASE("group frames: one header and CRC for up to pack_vectors spike vectors, beat-exact") {
  if (kFormat.pack_vectors <= 1) return;
  Rng rng(51);
  const double rates[] = {0.0, 0.01, 0.05, 0.1, 0.3, 1.0};
  std::vector<Message> msgs;
  for (int i = 0; i < 600; ++i) {
    const auto pick = rng.uniform(0, 19);
    if (pick == 0) msgs.push_back(random_raw(kFormat, rng, Type::Flit));
    else if (pick == 1) msgs.push_back(random_raw(kFormat, rng, Type::Dense));
    else {
      Message m = random_spikes(kFormat, rng, rates[rng.uniform(0, 5)]);
      m.dest = pick == 2 ? 1 : 0;  // mostly one destination, so groups can fill
      msgs.push_back(m);
    }
  }
  // The stimulus reaches every group size from 1 to pack_vectors (the golden grouping; the RTL's
  // own is checked by the wire comparison).
  std::vector<int> sizes(static_cast<std::size_t>(kFormat.pack_vectors) + 1, 0);
  std::size_t first = 0;
  for (const std::size_t n : frame_groups(kFormat, msgs, group_marks(msgs.size()))) {
    if (msgs[first].type == Type::Spike) ++sizes.at(n);
    first += n;
  }
  for (int n = 1; n <= kFormat.pack_vectors; ++n) {
    INFO("group size " << n);
    CHECK(sizes[static_cast<std::size_t>(n)] > 0);
  }
  std::vector<int> enc;
  for (const auto& m : msgs) enc.push_back(static_cast<int>(choose_encoding(kFormat, m)));
  // A slow source (30% valid) makes the transmitter wait for a group's next vector (StWait).
  check_handshakes_beat_exact<Model>(kFormat, msgs, enc, 52, 0.3);
  SECTION("bit errors: a group is retried as one frame, every vector delivered once, in order") {
    Options o;
    o.seed = 54;
    o.ber = cfg::kD2dCrcBits >= 16 ? 1e-3 : 1e-4;
    o.in_valid = 0.9;
    o.out_ready = 0.8;
    const Result r = run_link<Model>(kFormat, msgs, o);
    REQUIRE(r.finished);
    CHECK(first_mismatch(r.received, msgs) == -1);
    CHECK(r.crc_errors > 0);
    CHECK(r.rewinds > 0);
  }
}

// Framing amortized (issue 18 item 4): at N=64, T=4 and 5% firing, full groups of pack_vectors
// vectors spend under 10% of the wire bits on framing (header, the 1 + enc before each further
// vector, the closing 0, pad and CRC), measured on the RTL's wire beats against the golden
// payload lengths.
TEST_CASE("group frames: framing under 10% of the wire bits at 5% firing with full groups") {
  if (kFormat.pack_vectors < 8 || kFormat.channels != 64 || kFormat.timesteps != 4) return;
  Rng rng(61);
  std::vector<Message> msgs;
  for (int i = 0; i < 40 * kFormat.pack_vectors; ++i) {
    Message m = random_spikes(kFormat, rng, 0.05);
    m.dest = 0;
    msgs.push_back(m);
  }
  Options o;
  o.group_size = static_cast<std::size_t>(kFormat.pack_vectors);
  const Result r = run_link<Model>(kFormat, msgs, o);
  REQUIRE(r.finished);
  REQUIRE(first_mismatch(r.received, msgs) == -1);
  std::uint64_t payload = 0;
  for (const auto& m : msgs) payload += encode_payload(kFormat, m, choose_encoding(kFormat, m)).size();
  const std::uint64_t wire = r.wire.size() * static_cast<std::uint64_t>(kFormat.lanes);
  const double framing = 1.0 - static_cast<double>(payload) / static_cast<double>(wire);
  fmt::print("emio group framing {}: {} frames of {} vectors, {} wire bits, {} payload bits, framing {:.3f}\n",
             EMIO_ID, msgs.size() / kFormat.pack_vectors, kFormat.pack_vectors, wire, payload, framing);
  CHECK(static_cast<std::size_t>(std::count_if(r.wire.begin(), r.wire.end(), [](const Beat& b) { return b.last; })) ==
        msgs.size() / static_cast<std::size_t>(kFormat.pack_vectors));
  CHECK(framing < 0.10);
}
