#include "model/d2d_params.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/diagnostic.hpp"
#include "model/noc_params.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {
int pow2_at_least(int n) { return 1 << clog2(n); }
bool uses_rice(const D2dParams& d) { return d.enc_mode == 3 || d.enc_mode == 4; }  // Rice or adaptive
void check_d2d(const Config& c, const D2dParams& d);

// The largest and smallest encoded payload of the configuration's messages.
void set_payload_bounds(D2dParams& d) {
  // Spike payloads by encoding. Rice: the spike count's code (rice_count_max_bits at most, 3
  // bits with no spike), then one run code per spike; the k rule (largest k with
  // (S+1) * 2^k <= N*T - S) keeps the run codes at most N*T + 1 bits (k = 0: one bit per
  // position; for k > 0 the quotients sum to at most (N*T - S) >> k).
  const int rice_max = d.rice_count_max_bits + d.spike_bits + 1;
  const int rice_min = 3;
  int spike_max = d.spike_bits, spike_min = d.spike_bits;
  switch (d.enc_mode) {
    case 2: spike_max = d.aer_max_bits; spike_min = d.timesteps * d.count_bits; break;
    case 3: spike_max = rice_max; spike_min = rice_min; break;
    case 4: spike_max = d.spike_bits; spike_min = std::min(d.timesteps * d.count_bits, rice_min); break;
    default: break;
  }
  // A group frame: the first vector as a spike frame's payload, each further one behind a 1 and
  // its 2-bit enc, then the 0 that ends the group (docs/emio.md, section 3).
  d.group_max_bits = d.pack_vectors > 1 ? d.pack_vectors * spike_max + (d.pack_vectors - 1) * 3 + 1 : 0;
  // dense_zc: an N-bit map of the non-zero activations, then their values (N*act_bits at most).
  const bool zc = d.encoding == spec::Encoding::DenseZc;
  const int dense_max = zc ? d.channels + d.dense_bits : d.dense_bits;
  const int dense_min = zc ? d.channels : d.dense_bits;
  d.max_payload_bits = std::max({spike_max, dense_max, d.flit_bits});
  d.min_payload_bits = std::min({spike_min, dense_min, d.flit_bits});
}

// The Rice coder's parameters: the largest k, the spike count's code, the run codes per symbol
// and the window they are searched in.
void set_rice_search(D2dParams& d) {
  d.rice_k_max = std::min(15, clog2(d.spike_bits + 1) - 1);
  // Exp-Golomb order 2 of S <= N*T: 2 * floor(log2((N*T >> 2) + 1)) + 3 bits.
  d.rice_count_max_bits = 2 * (clog2((d.spike_bits >> 2) + 2) - 1) + 3;
  // A run code is k + 2 bits or more, 3 at the least likely k (1, at a third of the positions
  // firing): lanes / 3 codes a cycle keep the lanes busy, 12 at most (each is one more
  // lowest-one search over the N*T spikes in the encoder and first-zero search in the decoder,
  // in series; 12 serve 36 lanes), and no more than a frame has spikes (the RTL's code counters
  // are sized by the spike count: valid-config fuzzing found N = 2 with 4 codes failing lint,
  // seed 2, when codes stayed within a timestep).
  const bool rice = uses_rice(d);
  d.rice_codes = rice ? std::clamp(ceil_div(d.lanes, 3), 1, std::min(12, d.spike_bits)) : 1;
  // The encoder searches a symbol's codes among one timestep's spikes while it emits 3 codes a
  // cycle or fewer (lanes <= 9): a timestep's last symbol may then carry fewer codes, and 8
  // lanes still run at line rate (tests/rtl/emio emio_a) with a search a T-th as wide (fmax,
  // area). Wider links search the whole frame: 32 lanes need it (emio_c).
  // Without Rice the encoder's search is tied off, and the RTL's default (N*T) is kept.
  d.rice_window = (rice && d.rice_codes <= 3) ? d.channels : d.spike_bits;
}

// The link layer's loop, buffers and retry window, and the widths the RTL sizes from them.
void set_link_sizes(D2dParams& d) {
  // Register stages in the loop besides the wires: TX wire register, RX input register, RX
  // decision/credit register, TX sideband register, plus slack for the RX read port.
  d.loop_overhead = 6;
  d.round_trip = 2 * d.wire_stages + d.loop_overhead;
  d.rx_buf_beats = pow2_at_least(d.max_frame_beats + d.round_trip + 2);
  // Frames in flight: the one being framed, the one being sent, and those awaiting their ACK.
  d.retry_needed = 2 + ceil_div(d.round_trip, d.min_frame_beats);
  d.timeout = d.round_trip + 16;

  d.msg_payload_bits = std::max({d.spike_bits, d.dense_bits, d.flit_bits});
  d.sym_len_bits = clog2(d.sym_bits + 1);
  d.step_bits = std::max(1, clog2(d.timesteps));
  d.dec_acc_bits = d.lanes + d.sym_bits;
  d.dec_fill_bits = clog2(d.dec_acc_bits + 1);
  d.pack_acc_bits = 4 * d.lanes + d.sym_bits;
  d.pack_fill_bits = clog2(d.pack_acc_bits + 1);
  d.frame_beat_bits = clog2(d.max_frame_beats + 1);
  d.retry_addr_bits = std::max(1, clog2(static_cast<long long>(d.retry_slots) * d.max_frame_beats));
  d.credit_bits = clog2(d.rx_buf_beats + 1);
  d.timer_bits = clog2(d.timeout + 1);
  d.hdr_beats = ceil_div(d.header_bits, d.lanes);
  d.rx_ptr_bits = clog2(d.rx_buf_beats) + 1;
  d.rx_pend_bits = clog2(d.rx_buf_beats + 1) + 1;
  d.lane_len_bits = clog2(d.lanes + 1);
}
}  // namespace

D2dParams derive_d2d(const Config& c) {
  D2dParams d;
  d.lanes = static_cast<int>(c.integer("d2d.lanes"));
  d.encoding = spec::code_of(spec::kEncodings, c.text("d2d.encoding"));
  d.enc_mode = static_cast<int>(d.encoding);
  d.crc_bits = spec::crc_bits(spec::code_of(spec::kCrcs, c.text("d2d.crc")));
  d.crc_poly = spec::crc_poly(d.crc_bits);
  d.retry_depth = static_cast<int>(c.integer("d2d.retry_depth"));
  d.retry_slots = pow2_at_least(d.retry_depth);
  d.wire_stages = static_cast<int>(c.integer("d2d.wire_stages"));
  d.seq_bits = clog2(2 * d.retry_depth) + 1;
  d.pack_vectors = static_cast<int>(c.integer("d2d.pack_vectors"));

  d.channels = static_cast<int>(c.integer("clp.channels"));
  d.timesteps = static_cast<int>(c.integer("clp.timesteps"));
  d.tile_act_bits = static_cast<int>(c.integer("die.tile.act_bits"));
  d.lowbit_bits = d.encoding == spec::Encoding::LowBit ? static_cast<int>(c.integer("d2d.lowbit_bits")) : 0;
  d.act_bits = d.lowbit_bits > 0 ? d.lowbit_bits : d.tile_act_bits;
  d.flit_bits = static_cast<int>(c.integer("die.router.flit_bits"));
  d.spike_bits = d.channels * d.timesteps;
  d.dense_bits = d.channels * d.act_bits;
  d.addr_bits = std::max(1, clog2(d.channels));
  d.count_bits = clog2(d.channels + 1);
  d.aer_max_bits = d.timesteps * (d.count_bits + d.channels * d.addr_bits);

  set_rice_search(d);
  set_payload_bounds(d);
  const bool zc = d.encoding == spec::Encoding::DenseZc;

  const auto grid = c.integer("package.die_rows") * c.integer("die.mesh.rows") * c.integer("package.die_cols") *
                    c.integer("die.mesh.cols");
  // A NoC-flit message (the EMIO-joined NoC test top) carries the flit's VC in this field.
  d.dest_bits = std::max({1, clog2(grid), vc_bits_of(static_cast<int>(c.integer("die.router.vcs")))});
  d.len_bits = clog2(d.max_payload_bits + 1);
  d.header_bits = d.type_bits + d.enc_bits + d.seq_bits + d.dest_bits + d.len_bits;
  // A Rice code q ones | 0 | k bits must fit a symbol with q >= 1, so the unary part can always
  // be sent in pieces; the spike count's code goes out as one symbol.
  // A group frame's tail is its closing 0, the pad and the CRC: up to lanes + crc_bits bits.
  const bool grouped = d.pack_vectors > 1;
  d.sym_bits = std::max({2 * d.lanes, d.header_bits, d.lanes - 1 + d.crc_bits, d.count_bits, d.addr_bits,
                         d.rice_k_max + 2, d.rice_count_max_bits, zc ? d.act_bits : 0,
                         grouped ? d.lanes + d.crc_bits : 0});
  // The spike count rides in the header's symbol where both fit (a Rice frame's first cycle
  // then carries both; at 8 lanes the symbol is too narrow).
  d.rice_count_in_header = uses_rice(d) && d.header_bits + d.rice_count_max_bits <= d.sym_bits;
  d.max_frame_beats = ceil_div(d.header_bits + std::max(d.max_payload_bits, d.group_max_bits) + d.crc_bits, d.lanes);
  d.min_frame_beats = ceil_div(d.header_bits + d.min_payload_bits + d.crc_bits, d.lanes);

  set_link_sizes(d);
  return d;
}

D2dParams elaborate_d2d(const Config& c) {
  D2dParams d = derive_d2d(c);
  check_d2d(c, d);
  return d;
}

namespace {
// The link the numbers describe must make sense: frames wider than the lanes, a retry window
// that covers the ACK loop.
void check_d2d(const Config& c, const D2dParams& d) {
  Problems problems;
  if (d.lanes > d.flit_bits)
    problems.add(c.mark("d2d.lanes"), "d2d.lanes",
                 fmt::format("found {}, but a die-to-die link narrower than a flit is the point; "
                             "die.router.flit_bits is {}, allowed 1..{}",
                             d.lanes, d.flit_bits, std::min(64, d.flit_bits)));
  // Lanes wider than a flit invalidate every frame-derived check below: report that one alone.
  problems.throw_if_any();
  const int min_frame_bits = d.header_bits + d.min_payload_bits + d.crc_bits;
  if (d.lanes > min_frame_bits)
    problems.add(c.mark("d2d.lanes"), "d2d.lanes",
                 fmt::format("found {}, but the smallest frame of this configuration is {} bits (header {} + "
                             "payload {} + crc {}); lanes wider than a frame only carry padding; allowed 1..{}",
                             d.lanes, min_frame_bits, d.header_bits, d.min_payload_bits, d.crc_bits,
                             min_frame_bits));
  if (d.retry_depth < d.retry_needed)
    problems.add(c.mark("d2d.retry_depth"), "d2d.retry_depth",
                 fmt::format("found {}, but the ACK loop of {} cycles (2 x wire_stages {} + {}) spans up to {} "
                             "frames of {} beats, so go-back-N needs {} frames to stay at line rate; "
                             "allowed {}..64",
                             d.retry_depth, d.round_trip, d.wire_stages, d.loop_overhead,
                             ceil_div(d.round_trip, d.min_frame_beats), d.min_frame_beats, d.retry_needed,
                             d.retry_needed));
  problems.throw_if_any();
}
}  // namespace

void append_constants(const D2dParams& d, Constants& k) {
  k.push_back({"D2dLanes", d.lanes, "Die-to-die data wires per direction"});
  k.push_back({"D2dEncMode", d.enc_mode, fmt::format("Payload encoding: {}", spec::legend(spec::kEncodings))});
  k.push_back({"D2dCrcBits", d.crc_bits, "Frame CRC width (0 = none)"});
  k.push_back({"D2dCrcPoly", d.crc_poly, "Frame CRC polynomial (init all ones, MSB first)"});
  k.push_back({"D2dRetryDepth", d.retry_depth, "Retry buffer frames (go-back-N window)"});
  k.push_back({"D2dRetrySlots", d.retry_slots, "Retry buffer physical frame slots"});
  k.push_back({"D2dWireStages", d.wire_stages, "Wire pipeline stages"});
  k.push_back({"D2dSeqBits", d.seq_bits, "Frame sequence number width"});
  k.push_back({"D2dPackVectors", d.pack_vectors, "Spike vectors per frame at most (1 = no groups)"});
  k.push_back({"D2dChannels", d.channels, "Spike frame channels N"});
  k.push_back({"D2dTimesteps", d.timesteps, "Spike frame timesteps T"});
  k.push_back({"D2dSpikeBits", d.spike_bits, "Spike payload bits N*T (bitmap)"});
  k.push_back({"D2dDenseBits", d.dense_bits, "Dense payload bits N*act_bits"});
  k.push_back({"D2dFlitBits", d.flit_bits, "NoC flit payload bits"});
  k.push_back({"D2dAddrBits", d.addr_bits, "AER address width"});
  k.push_back({"D2dCountBits", d.count_bits, "AER per-timestep count width"});
  k.push_back({"D2dDestBits", d.dest_bits, "Frame header destination width"});
  k.push_back({"D2dLenBits", d.len_bits, "Frame header length width"});
  k.push_back({"D2dHeaderBits", d.header_bits, "Frame header width"});
  k.push_back({"D2dMaxPayloadBits", d.max_payload_bits, "Largest encoded payload"});
  k.push_back({"D2dSymBits", d.sym_bits, "EMIO symbol datapath width"});
  k.push_back({"D2dMaxFrameBeats", d.max_frame_beats, "Beats of the longest frame"});
  k.push_back({"D2dMinFrameBeats", d.min_frame_beats, "Beats of the shortest frame"});
  k.push_back({"D2dRoundTrip", d.round_trip, "Credit/ACK loop cycles"});
  k.push_back({"D2dRxBufBeats", d.rx_buf_beats, "RX beat buffer (credits)"});
  k.push_back({"D2dTimeout", d.timeout, "TX go-back timer"});
}

}  // namespace snapgen
