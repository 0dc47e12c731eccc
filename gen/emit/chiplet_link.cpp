// Both sides of a die-to-die link inside a chiplet. Sending: packets leaving the die through a
// mesh edge are depacketized into a vector, CLP-encoded into T spike frames (or sent dense) and
// handed to <name>_emio_tx with their destination; receiving: <name>_emio_rx delivers the message,
// the CLP decoder rebuilds the vector, and it re-enters the mesh as a packet.
#include <fmt/format.h>

#include <algorithm>

#include "emit/chiplet_glue.hpp"
#include "util/text.hpp"

namespace snapgen::emit {

namespace {
int idx_bits(int n) { return std::max(1, clog2(n)); }

// The received dense vector: `n` activations of `a` bits from message `msg`; with a low-bit
// crossing (k > 0) each k-bit q is restored to q * 2^(a - k) (k bits, then a - k zero bits).
std::string lowbit_restore(const std::string& msg, int n, int a, int k) {
  if (k == 0) return fmt::format("{}[{}:0]", msg, n * a - 1);
  std::string s;
  for (int i = n - 1; i >= 0; --i)
    s += fmt::format("{}{}[{}:{}], {}'b0", s.empty() ? "" : ", ", msg, i * k + k - 1, i * k, a - k);
  return "{" + s + "}";
}

// The chiplet port of link `l` for an EMIO port name: wire_valid_o -> l<i>_tx_wire_valid_o.
std::string link_port(const D2dLink& l, const char* side, const std::string& emio_port) {
  return fmt::format("l{}_{}_{}", l.index, side, emio_port);
}
}  // namespace

// Vector (<p>_vec, handshake <p>_vec_valid && <p>_dq_ready / <p>_into_ready) -> beats -> CLP
// encoder -> T frames gathered into <p>_msg.
void ChipletGlue::clp_encode(const std::string& p, int node) {
  const ClpParams& c = d_.clp;
  const int a = d_.tile.act_bits, n = c.channels;
  m_.wire(1, p + "_beat_valid").wire(1, p + "_beat_ready").wire(c.lanes_per_cycle * a, p + "_beat");
  m_.wire(idx_bits(c.beats), p + "_beat_idx").wire(1, p + "_beat_last");
  m_.unused(p + "_beat_idx").unused(p + "_beat_last");
  m_.instance("snap_vec_to_beats", "u_" + p + "_v2b",
              {{"ElemBits", a}, {"Count", n}, {"Lanes", c.lanes_per_cycle}, {"Beats", c.beats}, {"IdxBits", idx_bits(c.beats)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", fmt::format("{0}_vec_valid && {0}_dq_ready", p)},
               {"in_ready_o", p + "_into_ready"},
               {"in_vec_i", p + "_vec"},
               {"out_valid_o", p + "_beat_valid"},
               {"out_ready_i", p + "_beat_ready"},
               {"out_beat_o", p + "_beat"},
               {"out_idx_o", p + "_beat_idx"},
               {"out_last_o", p + "_beat_last"}});
  m_.wire(1, p + "_frame_valid").wire(1, p + "_frame_ready").wire(n, p + "_frame");
  m_.wire(c.step_bits, p + "_frame_step").wire(1, p + "_frame_last");
  m_.unused(p + "_frame_step").unused(p + "_frame_last");
  m_.instance(d_.name + "_clp_encoder", "u_" + p + "_enc", sv::ParamList{},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"thr_we_i", cfg_we(node, 4)},
               {"thr_addr_i", fmt::format("cfg_addr_i[{}:0]", c.beat_bits - 1)},
               {"thr_data_i", fmt::format("cfg_data_i[{}:0]", c.lanes_per_cycle * c.threshold_bits - 1)},
               {"in_valid_i", p + "_beat_valid"},
               {"in_ready_o", p + "_beat_ready"},
               {"in_data_i", p + "_beat"},
               {"out_valid_o", p + "_frame_valid"},
               {"out_ready_i", p + "_frame_ready"},
               {"out_spikes_o", p + "_frame"},
               {"out_step_o", p + "_frame_step"},
               {"out_last_o", p + "_frame_last"}});
  m_.wire(n * c.timesteps, p + "_spikes");
  m_.instance("snap_beats_to_vec", "u_" + p + "_f2v",
              {{"ElemBits", n}, {"Count", c.timesteps}, {"Lanes", 1}, {"Beats", c.timesteps}, {"IdxBits", idx_bits(c.timesteps)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", p + "_frame_valid"},
               {"in_ready_o", p + "_frame_ready"},
               {"in_beat_i", p + "_frame"},
               {"out_valid_o", p + "_msg_valid"},
               {"out_ready_i", p + "_msg_ready"},
               {"out_vec_o", p + "_spikes"}});
  m_.assign(p + "_msg", fmt::format("{}'({}_spikes)", d_.d2d.msg_payload_bits, p));
}

void ChipletGlue::link_tx(const D2dLink& l) {
  const int n = d_.clp.channels, node = static_cast<int>(d_.system.nodes.size()) + l.index;
  const int payload = d_.d2d.msg_payload_bits;
  const std::string p = fmt::format("l{}tx", l.index);
  m_.blank_comment(fmt::format("---- die-to-die link {}: sending side (router ({}, {}) port {}) ----", l.index,
                               l.src_gx, l.src_gy, l.port));
  depacketize(p, router_out(l.src_gx, l.src_gy, l.port), n, d_.system.vector_flits);
  m_.wire(d_.d2d.dest_bits, p + "_dest");
  m_.assign(p + "_dest", fmt::format("{1}'(32'({0}_dst_y) * 32'd{2} + 32'({0}_dst_x))", p, d_.d2d.dest_bits, d_.grid_cols));
  m_.wire(1, p + "_msg_valid").wire(1, p + "_msg_ready").wire(payload, p + "_msg");
  m_.wire(1, p + "_dq_ready").wire(1, p + "_into_ready").wire(d_.d2d.dest_bits, p + "_msg_dest");
  std::string type = "2'd1";
  if (spec::is_dense(d_.d2d.encoding)) {
    // Dense: the vector goes straight to the transmitter, destination beside it (lowbit: each
    // activation requantized to d2d.lowbit_bits bits on the way, snap_lowbit_quant).
    m_.assign(p + "_dq_ready", "1'b1").assign(p + "_vec_ready", p + "_into_ready");
    m_.assign(p + "_msg_valid", p + "_vec_valid").assign(p + "_into_ready", p + "_msg_ready");
    std::string sent = p + "_vec";
    if (const int k = d_.d2d.lowbit_bits; k > 0) {
      sent = p + "_low";
      m_.wire(n * k, sent);
      m_.instance("snap_lowbit_quant", "u_" + p + "_lowbit",
                  {{"Count", n}, {"InBits", d_.tile.act_bits}, {"OutBits", k}, {"Signed", d_.tile.act_signed ? 1 : 0}},
                  {{"in_i", p + "_vec"}, {"out_o", sent}});
    }
    m_.assign(p + "_msg", fmt::format("{}'({})", payload, sent)).assign(p + "_msg_dest", p + "_dest");
    m_.unused(p + "_dq_ready");
  } else {
    // Spikes: the destination travels beside the vector through the encoder in a small FIFO.
    m_.assign(p + "_vec_ready", fmt::format("{0}_into_ready && {0}_dq_ready", p));
    m_.unused(dest_fifo(p, fmt::format("{0}_vec_valid && {0}_into_ready", p), p + "_dq_ready", p + "_dest",
                        fmt::format("{0}_msg_valid && {0}_msg_ready", p), p + "_msg_dest"));
    type = "2'd0";
    clp_encode(p, node);
  }
  sv::PortList ports = {{"clk_i", "clk_i"},           {"rst_ni", "rst_ni"},      {"in_valid_i", p + "_msg_valid"},
                        {"in_ready_o", p + "_msg_ready"}, {"in_type_i", type},    {"in_dest_i", p + "_msg_dest"},
                        {"in_payload_i", p + "_msg"}};
  // One vector per frame here: the crossing has no group boundary to mark (docs/emio.md).
  if (d_.d2d.pack_vectors > 1) ports.emplace_back("in_last_i", "1'b1");
  for (const char* e : {"wire_valid_o", "wire_last_o", "wire_data_o", "credit_i", "ack_valid_i", "ack_nak_i", "ack_seq_i",
                        "rewind_o"})
    ports.emplace_back(e, link_port(l, "tx", e));
  m_.instance(d_.name + "_emio_tx", "u_" + p + "_emio", sv::ParamList{}, ports);
}

// <p>_msg (T frames) -> frames -> CLP decoder -> beats -> <p>_vec.
void ChipletGlue::clp_decode(const std::string& p, int node) {
  const ClpParams& c = d_.clp;
  const int a = d_.tile.act_bits, n = c.channels, payload = d_.d2d.msg_payload_bits;
  for (auto [w, name] : std::vector<std::pair<int, std::string>>{
           {1, "frame_valid"}, {1, "frame_ready"}, {n, "frame"}, {c.step_bits, "frame_step"}, {1, "frame_last"},
           {1, "beat_valid"}, {1, "beat_ready"}, {c.lanes_per_cycle * a, "beat"}, {1, "beat_last"}})
    m_.wire(w, p + "_" + name);
  m_.unused(p + "_beat_last");
  m_.instance("snap_vec_to_beats", "u_" + p + "_p2f",
              {{"ElemBits", n}, {"Count", c.timesteps}, {"Lanes", 1}, {"Beats", c.timesteps}, {"IdxBits", c.step_bits}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", fmt::format("{0}_msg_valid && {0}_dq_ready", p)},
               {"in_ready_o", p + "_from_ready"},
               {"in_vec_i", fmt::format("{}_msg[{}:0]", p, n * c.timesteps - 1)},
               {"out_valid_o", p + "_frame_valid"},
               {"out_ready_i", p + "_frame_ready"},
               {"out_beat_o", p + "_frame"},
               {"out_idx_o", p + "_frame_step"},
               {"out_last_o", p + "_frame_last"}});
  if (payload > n * c.timesteps) m_.unused(fmt::format("{}_msg[{}:{}]", p, payload - 1, n * c.timesteps));
  m_.instance(d_.name + "_clp_decoder", "u_" + p + "_dec", sv::ParamList{},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"scale_we_i", cfg_we(node, 5)},
               {"scale_addr_i", fmt::format("cfg_addr_i[{}:0]", c.beat_bits - 1)},
               {"scale_data_i", fmt::format("cfg_data_i[{}:0]", c.lanes_per_cycle * c.scale_bits - 1)},
               {"in_valid_i", p + "_frame_valid"},
               {"in_ready_o", p + "_frame_ready"},
               {"in_spikes_i", p + "_frame"},
               {"in_step_i", p + "_frame_step"},
               {"in_last_i", p + "_frame_last"},
               {"out_valid_o", p + "_beat_valid"},
               {"out_ready_i", p + "_beat_ready"},
               {"out_data_o", p + "_beat"},
               {"out_last_o", p + "_beat_last"}});
  m_.instance("snap_beats_to_vec", "u_" + p + "_b2v",
              {{"ElemBits", a}, {"Count", n}, {"Lanes", c.lanes_per_cycle}, {"Beats", c.beats}, {"IdxBits", idx_bits(c.beats)}},
              {{"clk_i", "clk_i"},
               {"rst_ni", "rst_ni"},
               {"in_valid_i", p + "_beat_valid"},
               {"in_ready_o", p + "_beat_ready"},
               {"in_beat_i", p + "_beat"},
               {"out_valid_o", p + "_vec_valid"},
               {"out_ready_i", p + "_vec_ready"},
               {"out_vec_o", p + "_vec"}});
}

void ChipletGlue::link_rx(const D2dLink& l) {
  const int a = d_.tile.act_bits, n = d_.clp.channels, node = static_cast<int>(d_.system.nodes.size()) + l.index;
  const int payload = d_.d2d.msg_payload_bits, port = opposite_port(l.port);
  const std::string p = fmt::format("l{}rx", l.index);
  m_.blank_comment(fmt::format("---- die-to-die link {}: receiving side (router ({}, {}) port {}) ----", l.index,
                               l.dst_gx, l.dst_gy, port));
  for (auto [w, name] : std::vector<std::pair<int, std::string>>{
           {1, "msg_valid"}, {1, "msg_ready"}, {2, "msg_type"}, {2, "msg_enc"}, {d_.d2d.dest_bits, "msg_dest"},
           {payload, "msg"}, {1, "vec_valid"}, {1, "vec_ready"}, {n * a, "vec"}, {1, "dq_ready"}, {1, "from_ready"},
           {d_.d2d.dest_bits, "dest"}, {d_.noc.x_bits, "dst_x"}, {d_.noc.y_bits, "dst_y"}})
    m_.wire(w, p + "_" + name);
  m_.unused(p + "_msg_type").unused(p + "_msg_enc");
  sv::PortList ports = {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}};
  for (const char* e : {"wire_valid_i", "wire_last_i", "wire_data_i", "credit_o", "ack_valid_o", "ack_nak_o", "ack_seq_o"})
    ports.emplace_back(e, link_port(l, "rx", e));
  for (const char* e : {"out_valid_o", "out_ready_i", "out_type_o", "out_enc_o", "out_dest_o"}) {
    const std::string s = e;
    ports.emplace_back(s, p + "_msg_" + s.substr(4, s.size() - 6));
  }
  ports.emplace_back("out_payload_o", p + "_msg");
  ports.emplace_back("crc_error_o", link_port(l, "rx", "crc_error_o"));
  m_.instance(d_.name + "_emio_rx", "u_" + p + "_emio", sv::ParamList{}, ports);
  if (spec::is_dense(d_.d2d.encoding)) {
    // Dense: the received vector and its destination go straight to the packetizer.
    m_.assign(p + "_dq_ready", "1'b1").assign(p + "_msg_ready", p + "_from_ready");
    m_.assign(p + "_vec_valid", p + "_msg_valid").assign(p + "_from_ready", p + "_vec_ready");
    m_.assign(p + "_vec", lowbit_restore(p + "_msg", n, a, d_.d2d.lowbit_bits)).assign(p + "_dest", p + "_msg_dest");
    m_.unused(p + "_msg").unused(p + "_dq_ready");
  } else {
    // Spikes: the destination waits in a small FIFO while the decoder rebuilds the vector.
    m_.assign(p + "_msg_ready", fmt::format("{0}_from_ready && {0}_dq_ready", p));
    m_.unused(dest_fifo(p, fmt::format("{0}_msg_valid && {0}_from_ready", p), p + "_dq_ready", p + "_msg_dest",
                        fmt::format("{0}_vec_valid && {0}_vec_ready", p), p + "_dest"));
    clp_decode(p, node);
  }
  m_.assign(p + "_dst_x", fmt::format("{}'(32'({}_dest) % 32'd{})", d_.noc.x_bits, p, d_.grid_cols));
  m_.assign(p + "_dst_y", fmt::format("{}'(32'({}_dest) / 32'd{})", d_.noc.y_bits, p, d_.grid_cols));
  packetize(p, router_in(l.dst_gx, l.dst_gy, port), n, l.dst_gx, l.dst_gy, {p + "_vec_valid", p + "_vec_ready", p + "_vec"},
            p + "_dst_x", p + "_dst_y");
}

}  // namespace snapgen::emit
