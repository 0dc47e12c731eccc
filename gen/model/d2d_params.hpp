#pragma once
// EMIO die-to-die link: every number of the frame format and of the link layer, derived once here
// so the emitter, the generated constants and the C++ harness never re-derive anything.
// Frame format (LSB first on the wires; see docs/emio.md):
//   header  = type(2) | enc(2) | seq(seq_bits) | dest(dest_bits) | length(len_bits)
//   payload = `length` bits, encoded per `enc`
//   pad     = zeros so that the frame ends on a beat boundary
//   crc     = crc_bits, the last bits of the last beat (MSB of the CRC first in wire order)
#include <string>

#include "config/config.hpp"
#include "golden/enums.hpp"
#include "model/constant.hpp"

namespace snapgen {

struct D2dParams {
  int lanes = 0;
  spec::Encoding encoding = spec::Encoding::Adaptive;
  int enc_mode = 0;      // the EncMode parameter: the code of `encoding`
  int crc_bits = 0;      // 0, 8 or 16
  int crc_poly = 0;      // CRC-8 0x07, CRC-16/CCITT 0x1021 (init all ones, no reflection, no xorout)
  int retry_depth = 0;   // go-back-N window in frames
  int retry_slots = 0;   // physical retry-buffer frame slots: next power of two >= retry_depth
  int wire_stages = 0;
  int seq_bits = 0;      // sequence number width: go-back-N needs > 2 x retry window
  int pack_vectors = 1;  // spike vectors per frame at most (> 1: type-3 group frames)

  // Payload sources.
  // act_bits: bits per activation in a dense frame: die.tile.act_bits, or d2d.lowbit_bits with
  // d2d.encoding lowbit (tile_act_bits then says what the receiver restores).
  int channels = 0, timesteps = 0, act_bits = 0, flit_bits = 0;
  int tile_act_bits = 0;
  int lowbit_bits = 0;   // d2d.lowbit_bits when d2d.encoding is lowbit, else 0
  int spike_bits = 0;    // N*T, timestep-major: bit t*N + i = channel i fired at step t
  int dense_bits = 0;    // N*act_bits
  int addr_bits = 0;     // AER address: max(1, clog2(N))
  int count_bits = 0;    // AER per-timestep event count: clog2(N+1)
  int aer_max_bits = 0;  // AER payload with every channel firing
  int rice_k_max = 0;    // largest Rice k: floor(log2(N*T)), at most 15
  int rice_count_max_bits = 0;  // longest Rice spike-count code (S = N*T)
  // Rice run codes per encoder symbol and per decoder cycle (1..12): ceil(lanes / 3), since one
  // code of about k + 2 bits a cycle leaves wider lanes idle (docs/emio.md §5); 1 without Rice.
  int rice_codes = 1;
  bool rice_count_in_header = false;  // the Rice spike count shares the header's symbol
  // Spike positions the encoder searches for one symbol's Rice codes: N (a timestep) or N*T.
  int rice_window = 0;

  // Frame format.
  int type_bits = 2, enc_bits = 2;
  int dest_bits = 0;      // global router index, or a NoC flit's VC: max(1, clog2(grid routers), VcBits)
  int len_bits = 0;       // payload length field: clog2(max_payload_bits + 1)
  int header_bits = 0;
  int max_payload_bits = 0;  // largest encoded payload this configuration can send
  int min_payload_bits = 0;  // smallest
  int sym_bits = 0;          // TX/RX symbol datapath width (header, payload chunk, pad+CRC)
  int group_max_bits = 0;    // longest group frame (pack_vectors > 1), header to CRC; else 0
  int max_frame_beats = 0;
  int min_frame_beats = 0;

  // Datapath widths of the EMIO RTL (snap_emio_* parameters).
  int msg_payload_bits = 0;  // message payload port: max(spike_bits, dense_bits, flit_bits)
  int sym_len_bits = 0;      // symbol length field: clog2(sym_bits + 1)
  int step_bits = 0;         // timestep index: max(1, clog2(timesteps))
  int dec_acc_bits = 0;      // decoder accumulator: lanes + sym_bits
  int dec_fill_bits = 0;     // its fill counter
  int pack_acc_bits = 0;     // packer accumulator: 4 * lanes + sym_bits
  int pack_fill_bits = 0;    // its fill counter
  int frame_beat_bits = 0;   // beat counter of a frame: clog2(max_frame_beats + 1)
  int retry_addr_bits = 0;   // retry buffer address: clog2(retry_slots * max_frame_beats)
  int credit_bits = 0;       // TX credit counter: clog2(rx_buf_beats + 1)
  int timer_bits = 0;        // go-back timer: clog2(timeout + 1)
  int hdr_beats = 0;         // beats of the header: ceil(header_bits / lanes)
  int rx_ptr_bits = 0;       // RX buffer pointers (one wrap bit)
  int rx_pend_bits = 0;      // RX pending-credit counter
  int lane_len_bits = 0;     // bits used in a beat: clog2(lanes + 1)

  // Link layer, sized from the credit loop.
  int loop_overhead = 0;  // round-trip cycles beyond 2 x wire_stages (register stages in TX/RX)
  int round_trip = 0;     // 2 * wire_stages + loop_overhead
  int rx_buf_beats = 0;   // RX beat buffer (power of two): one whole frame + the credit loop
  int retry_needed = 0;   // smallest retry_depth that keeps the link at line rate
  int timeout = 0;        // TX go-back timer (cycles without ACK progress)
};

// Throws ConfigError (with the key's source mark) when the link cannot work as configured:
// lanes wider than the smallest frame, retry_depth too small for the ACK loop.
D2dParams elaborate_d2d(const Config& c);

// The same numbers without the checks (for tools that size a link before it is valid, e.g. the
// valid-configuration fuzzer drawing d2d.lanes and d2d.retry_depth inside the allowed range).
D2dParams derive_d2d(const Config& c);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const D2dParams& p, Constants& out);

}  // namespace snapgen
