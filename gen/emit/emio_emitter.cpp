// EMIO die-to-die link tops (docs/emio.md):
//   <name>_emio_tx    encoder -> packer -> link layer (retry buffer, credits, go-back-N)
//   <name>_emio_rx    link layer (CRC, sequence check, beat buffer, ACK/NAK, credits) -> decoder
//   <name>_emio_link  TX -> wire pipeline (d2d.wire_stages, both directions) -> RX, with a flip
//                     mask XORed onto the data lanes for fault injection (simulation top)
// Every width is a number computed here from D2dParams; every d2d.encoding is implemented.
#include <fmt/format.h>

#include <algorithm>

#include "emit/blocks.hpp"
#include "emit/sv_writer.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

struct Widths {
  int payload, sym_len, step, acc, fill, pack_acc, pack_fill, beat, addr, credit, timer, hdr_beats, ptr, pend, lane_len;
};

Widths widths(const D2dParams& k) {
  Widths w{};
  w.payload = std::max({k.spike_bits, k.dense_bits, k.flit_bits});
  w.sym_len = clog2(k.sym_bits + 1);
  w.step = std::max(1, clog2(k.timesteps));
  w.acc = k.lanes + k.sym_bits;
  w.fill = clog2(w.acc + 1);
  w.pack_acc = 4 * k.lanes + k.sym_bits;
  w.pack_fill = clog2(w.pack_acc + 1);
  w.beat = clog2(k.max_frame_beats + 1);
  w.addr = std::max(1, clog2(static_cast<long long>(k.retry_slots) * k.max_frame_beats));
  w.credit = clog2(k.rx_buf_beats + 1);
  w.timer = clog2(k.timeout + 1);
  w.hdr_beats = (k.header_bits + k.lanes - 1) / k.lanes;
  w.ptr = clog2(k.rx_buf_beats) + 1;
  w.pend = clog2(k.rx_buf_beats + 1) + 1;
  w.lane_len = clog2(k.lanes + 1);
  return w;
}

std::string tx_top(const Design& d, const std::string& top) {
  const auto& k = d.d2d;
  const Widths w = widths(k);
  std::string s = sv::file_banner(d, top + ": EMIO transmitter (encoder, packer, go-back-N link layer).");
  s += fmt::format(
      "module {} (\n"
      "  input  logic clk_i,\n"
      "  input  logic rst_ni,\n"
      "  input  logic in_valid_i,\n"
      "  output logic in_ready_o,\n"
      "  input  logic [1:0] in_type_i,\n"
      "  input  logic {}in_dest_i,\n"
      "  input  logic {}in_payload_i,\n"
      "  output logic wire_valid_o,\n"
      "  output logic wire_last_o,\n"
      "  output logic {}wire_data_o,\n"
      "  input  logic credit_i,\n"
      "  input  logic ack_valid_i,\n"
      "  input  logic ack_nak_i,\n"
      "  input  logic {}ack_seq_i,\n"
      "  output logic rewind_o\n"
      ");\n",
      top, sv::range(k.dest_bits), sv::range(w.payload), sv::range(k.lanes), sv::range(k.seq_bits));
  s += fmt::format(
      "  logic sym_valid, sym_ready, sym_last, beat_valid, beat_last;\n"
      "  logic {}sym_data;\n  logic {}sym_len;\n  logic {}beat_data;\n  logic {}base;\n",
      sv::range(k.sym_bits), sv::range(w.sym_len), sv::range(k.lanes), sv::range(k.seq_bits));
  s += sv::instance("snap_emio_encoder", "u_encoder",
                    {{"Lanes", k.lanes},
                     {"SymBits", k.sym_bits},
                     {"SymLenWidth", w.sym_len},
                     {"Channels", k.channels},
                     {"Timesteps", k.timesteps},
                     {"StepWidth", w.step},
                     {"SpikeBits", k.spike_bits},
                     {"DenseBits", k.dense_bits},
                     {"FlitBits", k.flit_bits},
                     {"PayloadBits", w.payload},
                     {"AddrBits", k.addr_bits},
                     {"CountBits", k.count_bits},
                     {"SeqBits", k.seq_bits},
                     {"DestBits", k.dest_bits},
                     {"LenBits", k.len_bits},
                     {"HeaderBits", k.header_bits},
                     {"CrcBits", k.crc_bits},
                     {"CrcPoly", k.crc_poly},
                     {"EncMode", k.enc_mode},
                     {"RetryDepth", k.retry_depth}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"in_valid_i", "in_valid_i"},
                     {"in_ready_o", "in_ready_o"},
                     {"in_type_i", "in_type_i"},
                     {"in_dest_i", "in_dest_i"},
                     {"in_payload_i", "in_payload_i"},
                     {"base_i", "base"},
                     {"sym_valid_o", "sym_valid"},
                     {"sym_ready_i", "sym_ready"},
                     {"sym_data_o", "sym_data"},
                     {"sym_len_o", "sym_len"},
                     {"sym_last_o", "sym_last"}});
  s += sv::instance("snap_emio_packer", "u_packer",
                    {{"Lanes", k.lanes},
                     {"SymBits", k.sym_bits},
                     {"SymLenWidth", w.sym_len},
                     {"AccBits", w.pack_acc},
                     {"FillWidth", w.pack_fill}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"sym_valid_i", "sym_valid"},
                     {"sym_ready_o", "sym_ready"},
                     {"sym_data_i", "sym_data"},
                     {"sym_len_i", "sym_len"},
                     {"sym_last_i", "sym_last"},
                     {"beat_valid_o", "beat_valid"},
                     {"beat_ready_i", "1'b1"},
                     {"beat_data_o", "beat_data"},
                     {"beat_last_o", "beat_last"}});
  s += sv::instance("snap_emio_tx_link", "u_link",
                    {{"Lanes", k.lanes},
                     {"MaxFrameBeats", k.max_frame_beats},
                     {"BeatWidth", w.beat},
                     {"RetryDepth", k.retry_depth},
                     {"RetrySlots", k.retry_slots},
                     {"AddrWidth", w.addr},
                     {"SeqBits", k.seq_bits},
                     {"Credits", k.rx_buf_beats},
                     {"CreditWidth", w.credit},
                     {"Timeout", k.timeout},
                     {"TimerWidth", w.timer}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"beat_valid_i", "beat_valid"},
                     {"beat_data_i", "beat_data"},
                     {"beat_last_i", "beat_last"},
                     {"base_o", "base"},
                     {"wire_valid_o", "wire_valid_o"},
                     {"wire_last_o", "wire_last_o"},
                     {"wire_data_o", "wire_data_o"},
                     {"credit_i", "credit_i"},
                     {"ack_valid_i", "ack_valid_i"},
                     {"ack_nak_i", "ack_nak_i"},
                     {"ack_seq_i", "ack_seq_i"},
                     {"rewind_o", "rewind_o"}});
  s += "endmodule\n";
  return s;
}

std::string rx_top(const Design& d, const std::string& top) {
  const auto& k = d.d2d;
  const Widths w = widths(k);
  std::string s = sv::file_banner(d, top + ": EMIO receiver (CRC/sequence check, ACK/NAK, credits, decoder).");
  s += fmt::format(
      "module {} (\n"
      "  input  logic clk_i,\n"
      "  input  logic rst_ni,\n"
      "  input  logic wire_valid_i,\n"
      "  input  logic wire_last_i,\n"
      "  input  logic {}wire_data_i,\n"
      "  output logic credit_o,\n"
      "  output logic ack_valid_o,\n"
      "  output logic ack_nak_o,\n"
      "  output logic {}ack_seq_o,\n"
      "  output logic out_valid_o,\n"
      "  input  logic out_ready_i,\n"
      "  output logic [1:0] out_type_o,\n"
      "  output logic [1:0] out_enc_o,\n"
      "  output logic {}out_dest_o,\n"
      "  output logic {}out_payload_o,\n"
      "  output logic crc_error_o\n"
      ");\n",
      top, sv::range(k.lanes), sv::range(k.seq_bits), sv::range(k.dest_bits), sv::range(w.payload));
  s += fmt::format("  logic beat_valid, beat_ready, beat_last;\n  logic {}beat_data;\n", sv::range(k.lanes));
  s += sv::instance("snap_emio_rx_link", "u_link",
                    {{"Lanes", k.lanes},
                     {"SeqBits", k.seq_bits},
                     {"HdrBeats", w.hdr_beats},
                     {"CrcBits", k.crc_bits},
                     {"CrcPoly", k.crc_poly},
                     {"BufBeats", k.rx_buf_beats},
                     {"PtrWidth", w.ptr},
                     {"BeatWidth", w.beat},
                     {"PendWidth", w.pend},
                     {"LaneLenWidth", w.lane_len}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"wire_valid_i", "wire_valid_i"},
                     {"wire_last_i", "wire_last_i"},
                     {"wire_data_i", "wire_data_i"},
                     {"credit_o", "credit_o"},
                     {"ack_valid_o", "ack_valid_o"},
                     {"ack_nak_o", "ack_nak_o"},
                     {"ack_seq_o", "ack_seq_o"},
                     {"beat_valid_o", "beat_valid"},
                     {"beat_ready_i", "beat_ready"},
                     {"beat_data_o", "beat_data"},
                     {"beat_last_o", "beat_last"},
                     {"crc_error_o", "crc_error_o"}});
  s += sv::instance("snap_emio_decoder", "u_decoder",
                    {{"Lanes", k.lanes},
                     {"SymBits", k.sym_bits},
                     {"AccBits", w.acc},
                     {"FillWidth", w.fill},
                     {"Channels", k.channels},
                     {"Timesteps", k.timesteps},
                     {"StepWidth", w.step},
                     {"SpikeBits", k.spike_bits},
                     {"PayloadBits", w.payload},
                     {"AddrBits", k.addr_bits},
                     {"CountBits", k.count_bits},
                     {"SeqBits", k.seq_bits},
                     {"DestBits", k.dest_bits},
                     {"LenBits", k.len_bits},
                     {"HeaderBits", k.header_bits}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"beat_valid_i", "beat_valid"},
                     {"beat_ready_o", "beat_ready"},
                     {"beat_data_i", "beat_data"},
                     {"beat_last_i", "beat_last"},
                     {"out_valid_o", "out_valid_o"},
                     {"out_ready_i", "out_ready_i"},
                     {"out_type_o", "out_type_o"},
                     {"out_enc_o", "out_enc_o"},
                     {"out_dest_o", "out_dest_o"},
                     {"out_payload_o", "out_payload_o"}});
  s += "endmodule\n";
  return s;
}

std::string link_top(const Design& d, const std::string& top) {
  const auto& k = d.d2d;
  const Widths w = widths(k);
  const int fwd = k.lanes + 2, rev = k.seq_bits + 3;
  std::string s = sv::file_banner(d, top + ": EMIO link for simulation: TX -> wires -> RX, fault injection.");
  s += fmt::format(
      "module {} (\n"
      "  input  logic clk_i,\n"
      "  input  logic rst_ni,\n"
      "  input  logic in_valid_i,\n"
      "  output logic in_ready_o,\n"
      "  input  logic [1:0] in_type_i,\n"
      "  input  logic {}in_dest_i,\n"
      "  input  logic {}in_payload_i,\n"
      "  output logic out_valid_o,\n"
      "  input  logic out_ready_i,\n"
      "  output logic [1:0] out_type_o,\n"
      "  output logic [1:0] out_enc_o,\n"
      "  output logic {}out_dest_o,\n"
      "  output logic {}out_payload_o,\n"
      "  // XORed onto the data lanes as they leave the transmitter (bit errors on the package trace)\n"
      "  input  logic {}flip_i,\n"
      "  // the transmitter's side of the wires, before any flip (for comparison and toggle counts)\n"
      "  output logic wire_valid_o,\n"
      "  output logic wire_last_o,\n"
      "  output logic {}wire_data_o,\n"
      "  // the receiver's side of the reverse sideband\n"
      "  output logic sb_credit_o,\n"
      "  output logic sb_ack_valid_o,\n"
      "  output logic sb_ack_nak_o,\n"
      "  output logic {}sb_ack_seq_o,\n"
      "  output logic rewind_o,\n"
      "  output logic crc_error_o\n"
      ");\n",
      top, sv::range(k.dest_bits), sv::range(w.payload), sv::range(k.dest_bits), sv::range(w.payload),
      sv::range(k.lanes), sv::range(k.lanes), sv::range(k.seq_bits));
  s += fmt::format(
      "  logic {0}fwd_tx, fwd_rx;\n  logic {1}rev_rx, rev_tx;\n"
      "  assign fwd_tx = {{wire_valid_o, wire_last_o, wire_data_o ^ flip_i}};\n"
      "  assign rev_rx = {{sb_credit_o, sb_ack_valid_o, sb_ack_nak_o, sb_ack_seq_o}};\n",
      sv::range(fwd), sv::range(rev));
  s += sv::instance(d.name + "_emio_tx", "u_tx", {},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"in_valid_i", "in_valid_i"},
                     {"in_ready_o", "in_ready_o"},
                     {"in_type_i", "in_type_i"},
                     {"in_dest_i", "in_dest_i"},
                     {"in_payload_i", "in_payload_i"},
                     {"wire_valid_o", "wire_valid_o"},
                     {"wire_last_o", "wire_last_o"},
                     {"wire_data_o", "wire_data_o"},
                     {"credit_i", fmt::format("rev_tx[{}]", rev - 1)},
                     {"ack_valid_i", fmt::format("rev_tx[{}]", rev - 2)},
                     {"ack_nak_i", fmt::format("rev_tx[{}]", rev - 3)},
                     {"ack_seq_i", fmt::format("rev_tx[{}:0]", k.seq_bits - 1)},
                     {"rewind_o", "rewind_o"}});
  s += sv::instance("snap_emio_pipe", "u_fwd_wires", {{"Width", fwd}, {"Stages", k.wire_stages}},
                    {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"in_i", "fwd_tx"}, {"out_o", "fwd_rx"}});
  s += sv::instance("snap_emio_pipe", "u_rev_wires", {{"Width", rev}, {"Stages", k.wire_stages}},
                    {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"in_i", "rev_rx"}, {"out_o", "rev_tx"}});
  s += sv::instance(d.name + "_emio_rx", "u_rx", {},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"wire_valid_i", fmt::format("fwd_rx[{}]", fwd - 1)},
                     {"wire_last_i", fmt::format("fwd_rx[{}]", fwd - 2)},
                     {"wire_data_i", fmt::format("fwd_rx[{}:0]", k.lanes - 1)},
                     {"credit_o", "sb_credit_o"},
                     {"ack_valid_o", "sb_ack_valid_o"},
                     {"ack_nak_o", "sb_ack_nak_o"},
                     {"ack_seq_o", "sb_ack_seq_o"},
                     {"out_valid_o", "out_valid_o"},
                     {"out_ready_i", "out_ready_i"},
                     {"out_type_o", "out_type_o"},
                     {"out_enc_o", "out_enc_o"},
                     {"out_dest_o", "out_dest_o"},
                     {"out_payload_o", "out_payload_o"},
                     {"crc_error_o", "crc_error_o"}});
  s += "endmodule\n";
  return s;
}

}  // namespace

void emit_emio_blocks(const Design& d, Package& p) {
  // tx and rx are the per-die halves and are gated (lint, Icarus, Yosys) as tops; the link is a
  // simulation top built from them and is verilated by the EMIO tests, not synthesized again.
  for (const auto& [suffix, text] : {std::pair{"_emio_tx", &tx_top}, std::pair{"_emio_rx", &rx_top}}) {
    const std::string top = d.name + suffix;
    p.add(top + ".sv", text(d, top));
    p.tops.push_back(top);
  }
  p.add(d.name + "_emio_link.sv", link_top(d, d.name + "_emio_link"));
}

}  // namespace snapgen
