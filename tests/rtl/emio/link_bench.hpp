#pragma once
// Test bench for a generated <name>_emio_link model: drives messages in with random valid,
// takes them out with random ready, optionally flips wire bits at a bit error rate, and records
// every beat the transmitter puts on the wires, the messages that come out, toggles and link
// events. Templated on the Verilator model; the Format comes from the model's snapgen_config.hpp.
#include <cstdint>
#include <deque>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

#include "golden/emio/emio_golden.hpp"
#include "harness/clocked.hpp"
#include "harness/rng.hpp"
#include "harness/toggle_counter.hpp"
#include "harness/wide_port.hpp"

namespace emio_test {

using namespace snapgen::golden::emio;
using snapgen::tb::Clocked;
using snapgen::tb::Rng;

// The golden Format of a generated package (constants namespace NS).
#define EMIO_FORMAT(NS)                                                                      \
  ([] {                                                                                      \
    emio_test::Format f;                                                                     \
    f.lanes = static_cast<int>(NS::kD2dLanes);                                               \
    f.crc_bits = static_cast<int>(NS::kD2dCrcBits);                                          \
    f.seq_bits = static_cast<int>(NS::kD2dSeqBits);                                          \
    f.dest_bits = static_cast<int>(NS::kD2dDestBits);                                        \
    f.len_bits = static_cast<int>(NS::kD2dLenBits);                                          \
    f.channels = static_cast<int>(NS::kD2dChannels);                                         \
    f.timesteps = static_cast<int>(NS::kD2dTimesteps);                                       \
    f.act_bits = static_cast<int>(NS::kD2dDenseBits / NS::kD2dChannels);                     \
    f.flit_bits = static_cast<int>(NS::kD2dFlitBits);                                        \
    f.mode = static_cast<emio_test::Mode>(NS::kD2dEncMode);                                  \
    f.pack_vectors = static_cast<int>(NS::kD2dPackVectors);                                  \
    return f;                                                                                \
  }())

// ---- Verilator port access: one bit per Bits element, through tb/harness/wide_port.hpp ---------
template <class P>
void put_bits(P& port, const Bits& b) {
  snapgen::tb::clear(port);
  for (std::size_t i = 0; i < b.size() && i < snapgen::tb::port_words<P>() * 32; ++i)
    if (b[i]) snapgen::tb::set_port_bit(port, static_cast<int>(i), true);
}
template <class P>
Bits get_bits(const P& port, std::size_t n) {
  Bits b(n, 0);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(snapgen::tb::port_bit(port, static_cast<int>(i)));
  return b;
}

// ---- stimulus ----------------------------------------------------------------------------------
inline Message random_spikes(const Format& f, Rng& rng, double rate) {
  Message m{Type::Spike, static_cast<std::uint32_t>(rng.uniform(0, (1 << f.dest_bits) - 1)), {}};
  m.payload.resize(f.raw_bits(Type::Spike));
  for (auto& b : m.payload) b = rng.chance(rate) ? 1 : 0;
  return m;
}
// One block of consecutive spikes in a silent frame: long zero-runs beside many spikes (Rice with
// a small k codes them with unary parts longer than a symbol or the receiver's accumulator).
inline Message burst_spikes(const Format& f, Rng& rng) {
  Message m{Type::Spike, static_cast<std::uint32_t>(rng.uniform(0, (1 << f.dest_bits) - 1)), {}};
  const int n = f.raw_bits(Type::Spike);
  m.payload.assign(static_cast<std::size_t>(n), 0);
  const int from = static_cast<int>(rng.uniform(0, n - 1));
  const int to = static_cast<int>(rng.uniform(from, n));
  for (int i = from; i < to; ++i) m.payload[static_cast<std::size_t>(i)] = 1;
  return m;
}
inline Message random_raw(const Format& f, Rng& rng, Type t) {
  Message m{t, static_cast<std::uint32_t>(rng.uniform(0, (1 << f.dest_bits) - 1)), {}};
  m.payload.resize(f.raw_bits(t));
  for (auto& b : m.payload) b = static_cast<std::uint8_t>(rng.uniform(0, 1));
  return m;
}
// A dense activation vector whose activations are zero with probability `zero` and otherwise a
// uniform non-zero value (dense_zc stimulus); `fill` >= 0 sets every activation to that value.
inline Message random_dense(const Format& f, Rng& rng, double zero, long long fill = -1) {
  Message m{Type::Dense, static_cast<std::uint32_t>(rng.uniform(0, (1 << f.dest_bits) - 1)), {}};
  const long long top = (1LL << f.act_bits) - 1;
  for (int i = 0; i < f.channels; ++i) {
    const long long v = fill >= 0 ? fill : rng.chance(zero) ? 0 : rng.uniform(1, top);
    put_field(m.payload, static_cast<std::uint64_t>(v), f.act_bits);
  }
  return m;
}
// A mix of every message kind: spike frames at firing rates from 0 to 100% (including the
// all-silent and all-firing edge cases), bursts, dense activation vectors and NoC flits.
inline std::vector<Message> mixed_messages(const Format& f, Rng& rng, std::size_t n) {
  std::vector<Message> out;
  const double rates[] = {0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0};
  for (std::size_t i = 0; i < n; ++i) {
    const auto pick = rng.uniform(0, 9);
    if (pick < 6) out.push_back(random_spikes(f, rng, rates[rng.uniform(0, 8)]));
    else if (pick < 7) out.push_back(random_raw(f, rng, Type::Dense));
    else if (pick < 9) out.push_back(random_raw(f, rng, Type::Flit));
    else out.push_back(burst_spikes(f, rng));
  }
  return out;
}
// Short frames for the fault-injection volume: flits and sparse spike frames.
inline std::vector<Message> small_messages(const Format& f, Rng& rng, std::size_t n) {
  std::vector<Message> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(rng.chance(0.5) ? random_raw(f, rng, Type::Flit) : random_spikes(f, rng, 0.01));
  return out;
}

// The sender's group marks (in_last_i) for a stream of n messages, the same in every test: about
// one message in five closes its group, and the stream's last one always does (the transmitter
// waits for the next vector after an unmarked one). Only links with d2d.pack_vectors > 1 read them.
inline bool group_last(std::size_t i, std::size_t n) {
  return i + 1 == n || ((i * 2654435761u) >> 9) % 5 == 0;
}
inline std::vector<bool> group_marks(std::size_t n) {
  std::vector<bool> last(n);
  for (std::size_t i = 0; i < n; ++i) last[i] = group_last(i, n);
  return last;
}

// Golden beats of the frames of `msgs`, sequence numbers 0, 1, 2, ... mod 2^seq_bits, back to
// back: one message per frame, or (d2d.pack_vectors > 1) spike vectors in groups as the
// transmitter forms them from the marks of group_last.
inline std::vector<Beat> golden_wire(const Format& f, const std::vector<Message>& msgs) {
  std::vector<Beat> out;
  std::size_t first = 0, seq = 0;
  for (const std::size_t n : frame_groups(f, msgs, group_marks(msgs.size()))) {
    const auto beats =
        to_beats(f, group_frame_bits(f, msgs, first, n, static_cast<std::uint32_t>(seq++ % (1u << f.seq_bits))));
    out.insert(out.end(), beats.begin(), beats.end());
    first += n;
  }
  return out;
}

// Index of the first difference (or -1 when equal, including length).
template <class T>
long first_mismatch(const std::vector<T>& a, const std::vector<T>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (!(a[i] == b[i])) return static_cast<long>(i);
  return a.size() == b.size() ? -1 : static_cast<long>(n);
}

struct Options {
  double in_valid = 1.0;   // probability the source offers a message in a cycle
  double out_ready = 1.0;  // probability the sink takes one
  double ber = 0.0;        // probability each data bit of a beat on the wires flips
  std::uint64_t seed = 1;
  std::uint64_t max_cycles = 50'000'000;
  // Single flips at chosen places, as {index of the valid beat on the wires, lane}: for checks
  // that need a known error at a known bit (not random ones).
  std::vector<std::pair<std::size_t, int>> flip_at;
  // Group marks (d2d.pack_vectors > 1): 0 = group_last's; n = every n-th message closes its group
  // (frames of one size, for line-rate measurement).
  std::size_t group_size = 0;
};

struct Result {
  std::vector<Message> received;
  std::vector<int> received_enc;
  std::vector<Beat> wire;                // every valid beat the transmitter sent (incl. retries)
  std::vector<std::uint8_t> wire_valid;  // valid per cycle (for line-rate measurement)
  std::uint64_t cycles = 0, rewinds = 0, crc_errors = 0, flips = 0, toggles = 0;
  bool finished = false;
};

template <class V>
Result run_link(const Format& f, const std::vector<Message>& msgs, const Options& o) {
  Clocked<V> sim;
  Rng rng(o.seed);
  // Distance to the next flipped bit is geometric: one draw per error instead of one per bit.
  std::geometric_distribution<std::uint64_t> gap(o.ber > 0 ? o.ber : 0.5);
  std::uint64_t until_flip = o.ber > 0 ? gap(rng.engine()) : ~std::uint64_t{0};
  snapgen::tb::ToggleCounter toggles(f.lanes);
  Result r;
  auto& io = sim.io();
  io.in_valid_i = 0;
  io.out_ready_i = 0;
  io.flip_i = 0;
  sim.reset();
  std::size_t next = 0;
  bool offering = false;
  const std::size_t payload_bits = static_cast<std::size_t>(
      std::max({f.raw_bits(Type::Spike), f.raw_bits(Type::Dense), f.raw_bits(Type::Flit)}));
  while (r.received.size() < msgs.size() && sim.cycles() < o.max_cycles) {
    // A message once offered stays offered until taken (valid/ready rule).
    if (!offering && next < msgs.size() && rng.chance(o.in_valid)) {
      offering = true;
      io.in_type_i = static_cast<std::uint8_t>(msgs[next].type);
      io.in_dest_i = static_cast<std::uint8_t>(msgs[next].dest);
      Bits padded = msgs[next].payload;
      padded.resize(payload_bits, 0);
      put_bits(io.in_payload_i, padded);
      if constexpr (requires { io.in_last_i; })
        io.in_last_i = o.group_size > 0 ? (next % o.group_size + 1 == o.group_size || next + 1 == msgs.size())
                                        : group_last(next, msgs.size());
    }
    io.in_valid_i = offering;
    io.out_ready_i = rng.chance(o.out_ready);
    std::uint64_t flip = 0;
    if (io.wire_valid_o && o.ber > 0) {
      for (int l = 0; l < f.lanes; ++l) {
        if (until_flip == 0) {
          flip |= std::uint64_t{1} << l;
          ++r.flips;
          until_flip = gap(rng.engine());
        } else {
          --until_flip;
        }
      }
    }
    if (io.wire_valid_o)
      for (const auto& [beat, lane] : o.flip_at)
        if (beat == r.wire.size()) {
          flip |= std::uint64_t{1} << lane;
          ++r.flips;
        }
    io.flip_i = static_cast<std::remove_reference_t<decltype(io.flip_i)>>(flip);
    sim.settle();
    if (offering && io.in_ready_o) {
      offering = false;
      ++next;
    }
    if (io.out_valid_o && io.out_ready_i) {
      Message m;
      m.type = static_cast<Type>(io.out_type_o);
      m.dest = io.out_dest_o;
      m.payload = get_bits(io.out_payload_o, payload_bits);
      m.payload.resize(static_cast<std::size_t>(f.raw_bits(m.type)));
      r.received.push_back(std::move(m));
      r.received_enc.push_back(io.out_enc_o);
    }
    if (io.wire_valid_o) r.wire.push_back(Beat{static_cast<std::uint64_t>(io.wire_data_o), io.wire_last_o != 0});
    r.wire_valid.push_back(io.wire_valid_o);
    toggles.sample(static_cast<std::uint64_t>(io.wire_data_o));
    r.rewinds += io.rewind_o;
    r.crc_errors += io.crc_error_o;
    sim.tick();
  }
  r.cycles = sim.cycles();
  r.toggles = toggles.toggles();
  r.finished = r.received.size() == msgs.size();
  return r;
}

}  // namespace emio_test
