#pragma once
// Golden model of the EMIO die-to-die link (docs/emio.md): payload encodings, framing, CRC and the
// exact beat sequence on the `lanes` data wires of an error-free link. Shares no code with the RTL
// or the generator; the test harness fills Format from the generated snapgen_config.hpp.
//
// Bit order everywhere: a frame is a bit string b_0 b_1 ...; beat j carries b_{j*lanes + l} on
// lane l. Multi-bit fields are written LSB first, except the CRC (MSB first, so that running
// the CRC over the whole frame leaves a zero remainder).
#include <cstdint>
#include <string>
#include <vector>

#include "golden/enums.hpp"

namespace snapgen::golden::emio {

enum class Type : int { Spike = 0, Dense = 1, Flit = 2 };
// The header type of a group frame (d2d.pack_vectors > 1): spike vectors, one header and CRC.
inline constexpr int kGroupType = 3;
// Payload encoding, as written in the header's 2-bit enc field. Raw = bitmap for spike frames;
// Zc = zero-compressed dense vector (mode dense_zc, dense frames only).
enum class Enc : int { Raw = 0, Aer = 1, Rice = 2, Zc = 3 };
// d2d.encoding (defined once in golden/enums.hpp).
using Mode = spec::Encoding;

using Bits = std::vector<std::uint8_t>;  // one bit (0/1) per element

struct Format {
  int lanes = 8;
  int crc_bits = 16;  // 0, 8 (poly 0x07) or 16 (poly 0x1021); init all ones
  int seq_bits = 5;
  int dest_bits = 3;
  int len_bits = 10;
  int channels = 64, timesteps = 4, act_bits = 8, flit_bits = 64;
  Mode mode = Mode::Adaptive;
  int pack_vectors = 1;  // d2d.pack_vectors: > 1 sends spike messages in group frames (type 3)

  int addr_bits() const;   // max(1, clog2(N))
  int count_bits() const;  // clog2(N + 1)
  int header_bits() const { return 4 + seq_bits + dest_bits + len_bits; }
  int raw_bits(Type t) const;  // unencoded payload size of a message of type t
  int crc_poly() const { return spec::crc_poly(crc_bits); }
};

struct Message {
  Type type = Type::Spike;
  std::uint32_t dest = 0;
  Bits payload;  // raw_bits(type) bits; spikes timestep-major: bit t*N + i
  bool operator==(const Message&) const = default;
};

struct Beat {
  std::uint64_t data = 0;
  bool last = false;
  bool operator==(const Beat&) const = default;
};

// --- payload encodings ------------------------------------------------------------------------
// AER: per timestep t = 0..T-1: count (count_bits), then the channel of each spike in ascending
// order (addr_bits each).
Bits encode_aer(const Format& f, const Bits& spikes);
Bits decode_aer(const Format& f, const Bits& code);
// Rice: the spike count S, then for each spike the zero-run before it: q = run >> k ones, a zero,
// then the k low bits of run. S is an Exp-Golomb code of order 2 written ones first
// (rice_count_bits): v = (S >> 2) + 1 with u = floor(log2 v), then u ones, a zero, the u low
// bits of v and the 2 low bits of S (2u + 3 bits). k is not sent: both ends derive it from S
// (rice_k_of): the largest k in 0..15 with (S+1) * 2^k <= N*T - S, i.e. 2^k at most the mean
// zero-run. The decoder stops after the S-th spike, so the zeros after it cost nothing.
int rice_k_of(long long positions, long long spikes);
int rice_k(const Format& f, const Bits& spikes);
int rice_count_bits(std::uint64_t spikes);
// The zero-runs Rice codes: the one before each spike (S runs).
std::vector<std::uint64_t> zero_runs(const Bits& spikes);
Bits encode_rice(const Format& f, const Bits& spikes);
// With any k (a bench's best-k reference; a decoder only reads the k of rice_k).
Bits encode_rice_k(const Format& f, const Bits& spikes, int k);
Bits decode_rice(const Format& f, const Bits& code);

// Zero-compressed dense vector: N bits, bit i = activation i is non-zero, then the non-zero
// activations in ascending order, act_bits each (LSB first).
Bits encode_zc(const Format& f, const Bits& dense);
Bits decode_zc(const Format& f, const Bits& code);

// The encoding a message is sent with (adaptive: the shortest of bitmap, AER and Rice's bound
// rice_bound_bits; ties prefer Raw, then Aer, then Rice). Rice is judged by a bound from the spike
// count alone, so that the encoder needs no scan of the zero-runs before the header.
Enc choose_encoding(const Format& f, const Message& m);
// An upper bound on the Rice payload from S alone: the count code, S * (1 + k) for the codes'
// zeros and low bits, and (N*T - S) >> k for their ones (the quotients of runs summing to at most
// N*T - S). Never below the code.
std::size_t rice_bound_bits(const Format& f, std::uint64_t spikes);
// The header's length field: the payload bits, or 0 for Rice, whose payload delimits itself.
std::uint32_t length_field(Enc e, const Bits& code);
Bits encode_payload(const Format& f, const Message& m, Enc e);
Bits decode_payload(const Format& f, Type t, Enc e, const Bits& code);

// --- framing ----------------------------------------------------------------------------------
// CRC of bits[0..n): MSB-first shift register, init all ones, no reflection, no final xor.
std::uint32_t crc(const Format& f, const Bits& bits, std::size_t n);
// The whole frame: header | payload | zero pad | CRC, a multiple of lanes bits long (with
// pack_vectors > 1 a spike message alone goes as a group frame of one vector, as the link sends it).
Bits frame_bits(const Format& f, const Message& m, std::uint32_t seq);
// The same with a given encoding and payload code (benchmarks: codes the link would not choose).
Bits frame_bits(const Format& f, const Message& m, std::uint32_t seq, Enc e, const Bits& code);
std::vector<Beat> to_beats(const Format& f, const Bits& frame);

// --- group frames (d2d.pack_vectors > 1) ------------------------------------------------------
// Every spike message goes in a group frame: header type 3 with the first vector's enc and
// length field, its payload, then for each further vector a 1, its 2-bit enc and its payload
// (every spike payload is self-delimiting: a bitmap is N*T bits, AER counts T timesteps, Rice
// counts S spikes), then a 0, the pad and the CRC. A group ends after the message the sender
// marks last, after pack_vectors vectors, or before a message that is not a spike vector to the
// same destination (that one starts the next frame).
// How many messages each frame of the stream `msgs` carries (`last[i]`: the sender's mark).
std::vector<std::size_t> frame_groups(const Format& f, const std::vector<Message>& msgs, const std::vector<bool>& last);
// The frame of msgs[first .. first + count) (count == 1 for a non-spike message).
Bits group_frame_bits(const Format& f, const std::vector<Message>& msgs, std::size_t first, std::size_t count,
                      std::uint32_t seq);
// The same with given encodings and payload codes (benchmarks).
Bits group_frame_bits(const Format& f, std::uint32_t dest, std::uint32_t seq, const std::vector<Enc>& encs,
                      const std::vector<Bits>& codes);
// Decodes a group frame's vectors (crc_ok, seq and dest as in decode_frame).
struct DecodedGroup {
  bool crc_ok = false;
  std::uint32_t seq = 0;
  std::vector<Enc> encs;
  std::vector<Message> msgs;
};
DecodedGroup decode_group_frame(const Format& f, const std::vector<Beat>& beats);
std::vector<Beat> frame_beats(const Format& f, const Message& m, std::uint32_t seq);

struct Decoded {
  bool crc_ok = false;
  Enc enc = Enc::Raw;
  std::uint32_t seq = 0;
  std::uint32_t length = 0;  // the header's length field (payload bits; 0 for Rice)
  Message msg;
};
Decoded decode_frame(const Format& f, const std::vector<Beat>& beats);

// Helpers.
std::uint64_t get_field(const Bits& b, std::size_t pos, int width);
void put_field(Bits& b, std::uint64_t value, int width);
std::string to_string(const Beat& b);

}  // namespace snapgen::golden::emio
