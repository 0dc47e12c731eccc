// EMIO die-to-die link tops (docs/emio.md):
//   <name>_emio_tx    encoder -> packer -> link layer (retry buffer, credits, go-back-N)
//   <name>_emio_rx    link layer (CRC, sequence check, beat buffer, ACK/NAK, credits) -> decoder
//   <name>_emio_link  TX -> wire pipeline (d2d.wire_stages, both directions) -> RX, with a flip
//                     mask XORed onto the data lanes for fault injection (simulation top)
// Every width is a number from D2dParams; the link wires are the bundles of Design::system; every d2d.encoding is implemented.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "emit/blocks.hpp"
#include "emit/sv_module.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

// Parameter groups shared by the encoder and the decoder (one frame format, docs/emio.md).
sv::ParamList frame_shape(const D2dParams& k) {
  return {{"Channels", k.channels}, {"Timesteps", k.timesteps}, {"StepWidth", k.step_bits}, {"SpikeBits", k.spike_bits}};
}
sv::ParamList header_fields(const D2dParams& k) {
  return {{"PayloadBits", k.msg_payload_bits}, {"AddrBits", k.addr_bits}, {"CountBits", k.count_bits},
          {"SeqBits", k.seq_bits},           {"DestBits", k.dest_bits}, {"LenBits", k.len_bits},
          {"HeaderBits", k.header_bits}};
}

// The message side of the transmitter and of the receiver, as ports and as pass-through connections.
// in_last_i (the sender's group mark) exists only with group frames (d2d.pack_vectors > 1).
bool grouped(const D2dParams& k) { return k.pack_vectors > 1; }
// RiceCodes and RiceCountInHeader (both ends) only where they are not the RTL's defaults.
sv::ParamList rice_codes(const D2dParams& k) {
  sv::ParamList p;
  if (k.rice_codes > 1) p.push_back({"RiceCodes", k.rice_codes});
  if (k.rice_count_in_header) p.push_back({"RiceCountInHeader", 1});
  return p;
}
std::vector<sv::PortDecl> message_in_ports(const D2dParams& k) {
  std::vector<sv::PortDecl> ports = {sv::in(1, "in_valid_i"), sv::out(1, "in_ready_o"), sv::in(2, "in_type_i"),
                                     sv::in(k.dest_bits, "in_dest_i"), sv::in(k.msg_payload_bits, "in_payload_i")};
  if (grouped(k))
    ports.push_back(sv::in(1, "in_last_i", "the spike vector closes its group frame (d2d.pack_vectors > 1)"));
  return ports;
}
std::vector<sv::PortDecl> message_out_ports(const D2dParams& k) {
  return {sv::out(1, "out_valid_o"), sv::in(1, "out_ready_i"), sv::out(2, "out_type_o"), sv::out(2, "out_enc_o"),
          sv::out(k.dest_bits, "out_dest_o"), sv::out(k.msg_payload_bits, "out_payload_o")};
}
sv::PortList message_in(const D2dParams& k) {
  auto ports = sv::same_names({"clk_i", "rst_ni", "in_valid_i", "in_ready_o", "in_type_i", "in_dest_i", "in_payload_i"});
  if (grouped(k)) ports.emplace_back("in_last_i", "in_last_i");
  return ports;
}
sv::PortList message_out() {
  return sv::same_names({"out_valid_o", "out_ready_i", "out_type_o", "out_enc_o", "out_dest_o", "out_payload_o"});
}
const std::vector<sv::PortDecl> kClockReset = {sv::in(1, "clk_i"), sv::in(1, "rst_ni")};

std::string tx_top(const Design& d, const std::string& top) {
  const auto& k = d.d2d;
  sv::Module m(top);
  m.banner(sv::file_banner(d, top + ": EMIO transmitter (encoder, packer, go-back-N link layer)."));
  m.ports(sv::joined(kClockReset, message_in_ports(k),
                     std::vector{sv::out(1, "wire_valid_o"), sv::out(1, "wire_last_o"), sv::out(k.lanes, "wire_data_o"),
                                 sv::in(1, "credit_i"), sv::in(1, "ack_valid_i"), sv::in(1, "ack_nak_i"),
                                 sv::in(k.seq_bits, "ack_seq_i"), sv::out(1, "rewind_o")}));
  m.raw(fmt::format(
      "  logic sym_valid, sym_ready, sym_last, beat_valid, beat_last;\n"
      "  logic {}sym_data;\n  logic {}sym_len;\n  logic {}beat_data;\n  logic {}base;\n",
      sv::range(k.sym_bits), sv::range(k.sym_len_bits), sv::range(k.lanes), sv::range(k.seq_bits)));
  m.instance("snap_emio_encoder", "u_encoder",
             sv::joined(sv::ParamList{{"Lanes", k.lanes}, {"SymBits", k.sym_bits}, {"SymLenWidth", k.sym_len_bits}},
                        frame_shape(k),
                        sv::ParamList{{"DenseBits", k.dense_bits}, {"ActBits", k.act_bits}, {"FlitBits", k.flit_bits}},
                        header_fields(k),
                        sv::ParamList{{"CrcBits", k.crc_bits}, {"CrcPoly", k.crc_poly}, {"EncMode", k.enc_mode},
                                      {"RetryDepth", k.retry_depth}},
                        grouped(k) ? sv::ParamList{{"PackVectors", k.pack_vectors}} : sv::ParamList{},
                        rice_codes(k),
                        k.rice_window != k.spike_bits ? sv::ParamList{{"RiceWindow", k.rice_window}} : sv::ParamList{}),
             sv::joined(message_in(k), grouped(k) ? sv::PortList{} : sv::PortList{{"in_last_i", "1'b1"}},
                        sv::PortList{{"base_i", "base"}, {"sym_valid_o", "sym_valid"},
                                                   {"sym_ready_i", "sym_ready"}, {"sym_data_o", "sym_data"},
                                                   {"sym_len_o", "sym_len"}, {"sym_last_o", "sym_last"}}));
  m.instance("snap_emio_packer", "u_packer",
             {{"Lanes", k.lanes}, {"SymBits", k.sym_bits}, {"SymLenWidth", k.sym_len_bits},
              {"AccBits", k.pack_acc_bits}, {"FillWidth", k.pack_fill_bits}},
             {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"sym_valid_i", "sym_valid"}, {"sym_ready_o", "sym_ready"},
              {"sym_data_i", "sym_data"}, {"sym_len_i", "sym_len"}, {"sym_last_i", "sym_last"},
              {"beat_valid_o", "beat_valid"}, {"beat_ready_i", "1'b1"}, {"beat_data_o", "beat_data"},
              {"beat_last_o", "beat_last"}});
  m.instance("snap_emio_tx_link", "u_link",
             {{"Lanes", k.lanes}, {"MaxFrameBeats", k.max_frame_beats}, {"BeatWidth", k.frame_beat_bits},
              {"RetryDepth", k.retry_depth}, {"RetrySlots", k.retry_slots}, {"AddrWidth", k.retry_addr_bits},
              {"SeqBits", k.seq_bits}, {"Credits", k.rx_buf_beats}, {"CreditWidth", k.credit_bits},
              {"Timeout", k.timeout}, {"TimerWidth", k.timer_bits}},
             sv::joined(sv::PortList{{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"beat_valid_i", "beat_valid"},
                                     {"beat_data_i", "beat_data"}, {"beat_last_i", "beat_last"}, {"base_o", "base"}},
                        sv::same_names({"wire_valid_o", "wire_last_o", "wire_data_o", "credit_i", "ack_valid_i",
                                        "ack_nak_i", "ack_seq_i", "rewind_o"})));
  return m.str();
}

std::string rx_top(const Design& d, const std::string& top) {
  const auto& k = d.d2d;
  sv::Module m(top);
  m.banner(sv::file_banner(d, top + ": EMIO receiver (CRC/sequence check, ACK/NAK, credits, decoder)."));
  m.ports(sv::joined(kClockReset,
                     std::vector{sv::in(1, "wire_valid_i"), sv::in(1, "wire_last_i"), sv::in(k.lanes, "wire_data_i"),
                                 sv::out(1, "credit_o"), sv::out(1, "ack_valid_o"), sv::out(1, "ack_nak_o"),
                                 sv::out(k.seq_bits, "ack_seq_o")},
                     message_out_ports(k), std::vector{sv::out(1, "crc_error_o")}));
  m.raw(fmt::format("  logic beat_valid, beat_ready, beat_last;\n  logic {}beat_data;\n", sv::range(k.lanes)));
  m.instance("snap_emio_rx_link", "u_link",
             {{"Lanes", k.lanes}, {"SeqBits", k.seq_bits}, {"HdrBeats", k.hdr_beats}, {"CrcBits", k.crc_bits},
              {"CrcPoly", k.crc_poly}, {"BufBeats", k.rx_buf_beats}, {"PtrWidth", k.rx_ptr_bits},
              {"BeatWidth", k.frame_beat_bits}, {"PendWidth", k.rx_pend_bits}, {"LaneLenWidth", k.lane_len_bits}},
             sv::joined(sv::same_names({"clk_i", "rst_ni", "wire_valid_i", "wire_last_i", "wire_data_i", "credit_o",
                                        "ack_valid_o", "ack_nak_o", "ack_seq_o"}),
                        sv::PortList{{"beat_valid_o", "beat_valid"}, {"beat_ready_i", "beat_ready"},
                                     {"beat_data_o", "beat_data"}, {"beat_last_o", "beat_last"}},
                        sv::same_names({"crc_error_o"})));
  m.instance("snap_emio_decoder", "u_decoder",
             sv::joined(sv::ParamList{{"Lanes", k.lanes}, {"SymBits", k.sym_bits}, {"AccBits", k.dec_acc_bits},
                                      {"FillWidth", k.dec_fill_bits}},
                        frame_shape(k),
                        sv::ParamList{{"ActBits", k.act_bits},
                                      {"ZcEn", k.encoding == spec::Encoding::DenseZc ? 1 : 0}},
                        header_fields(k), grouped(k) ? sv::ParamList{{"PackEn", 1}} : sv::ParamList{},
                        rice_codes(k)),
             sv::joined(sv::PortList{{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"beat_valid_i", "beat_valid"},
                                     {"beat_ready_o", "beat_ready"}, {"beat_data_i", "beat_data"},
                                     {"beat_last_i", "beat_last"}},
                        message_out()));
  return m.str();
}

std::string link_top(const Design& d, const std::string& top) {
  const auto& k = d.d2d;
  const SystemModel& sm = d.system;
  const int fwd = sm.fwd_wire.width, rev = sm.rev_wire.width;
  sv::Module m(top);
  m.banner(sv::file_banner(d, top + ": EMIO link for simulation: TX -> wires -> RX, fault injection."));
  m.ports(sv::joined(
      kClockReset, message_in_ports(k), message_out_ports(k),
      std::vector{
          sv::in(k.lanes, "flip_i", "XORed onto the data lanes as they leave the transmitter (bit errors on the package trace)"),
          sv::out(1, "wire_valid_o", "the transmitter's side of the wires, before any flip (for comparison and toggle counts)"),
          sv::out(1, "wire_last_o"), sv::out(k.lanes, "wire_data_o"),
          sv::out(1, "sb_credit_o", "the receiver's side of the reverse sideband"), sv::out(1, "sb_ack_valid_o"),
          sv::out(1, "sb_ack_nak_o"), sv::out(k.seq_bits, "sb_ack_seq_o"), sv::out(1, "rewind_o"),
          sv::out(1, "crc_error_o")}));
  // The wire bundles of Design::system (field 0 at bit 0), as in <name>_system.
  m.wires(fwd, {"fwd_tx", "fwd_rx"}).wires(rev, {"rev_rx", "rev_tx"});
  m.assign("fwd_tx", sv::concat(sm.fwd_wire, [](const Field& f) {
    return f.name == "data" ? std::string("wire_data_o ^ flip_i") : "wire_" + f.name + "_o";
  }));
  m.assign("rev_rx", sv::concat(sm.rev_wire, [](const Field& f) { return "sb_" + f.name + "_o"; }));
  auto rev_tx = [&](const char* f) { return sv::slice("rev_tx", sm.rev_wire.field(f).offset, sm.rev_wire.field(f).width); };
  auto fwd_rx = [&](const char* f) { return sv::slice("fwd_rx", sm.fwd_wire.field(f).offset, sm.fwd_wire.field(f).width); };
  m.instance(d.name + "_emio_tx", "u_tx", sv::ParamList{},
             sv::joined(message_in(k), sv::same_names({"wire_valid_o", "wire_last_o", "wire_data_o"}),
                        sv::PortList{{"credit_i", rev_tx("credit")}, {"ack_valid_i", rev_tx("ack_valid")},
                                     {"ack_nak_i", rev_tx("ack_nak")}, {"ack_seq_i", rev_tx("ack_seq")}},
                        sv::same_names({"rewind_o"})));
  for (const auto& [name, width, in, out] : {std::tuple{"u_fwd_wires", fwd, "fwd_tx", "fwd_rx"},
                                             std::tuple{"u_rev_wires", rev, "rev_rx", "rev_tx"}})
    m.instance("snap_emio_pipe", name, {{"Width", width}, {"Stages", k.wire_stages}},
               {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"in_i", in}, {"out_o", out}});
  m.instance(d.name + "_emio_rx", "u_rx", sv::ParamList{},
             sv::joined(sv::PortList{{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"wire_valid_i", fwd_rx("valid")},
                                     {"wire_last_i", fwd_rx("last")}, {"wire_data_i", fwd_rx("data")},
                                     {"credit_o", "sb_credit_o"}, {"ack_valid_o", "sb_ack_valid_o"},
                                     {"ack_nak_o", "sb_ack_nak_o"}, {"ack_seq_o", "sb_ack_seq_o"}},
                        message_out(), sv::same_names({"crc_error_o"})));
  return m.str();
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
