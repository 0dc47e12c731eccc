// snap_emio_tx_link: EMIO link layer, transmit side.
// Framed beats from the packer are stored in a retry buffer (RetrySlots frame slots of
// MaxFrameBeats beats; slot = seq mod RetrySlots) and sent, whole frames in order, one beat per
// cycle while beat credits last (one credit = one beat of the receiver's buffer). A frame stays
// buffered until it is acknowledged (cumulative ACK = seq). Go-back-N: on a NAK, or when no ACK
// arrived for Timeout cycles while a sent frame is unacknowledged, sending restarts from the
// oldest unacknowledged frame once the frame on the wire is complete. The wire outputs are
// registers; when no beat is sent they hold their value (idle lanes do not toggle).
module snap_emio_tx_link #(
  /// Data wires.
  parameter int Lanes = 8,
  /// Beats of the longest frame.
  parameter int MaxFrameBeats = 8,
  /// Width of a beat counter: $clog2(MaxFrameBeats+1).
  parameter int BeatWidth = 4,
  /// Go-back-N window in frames (the encoder admits a frame only inside it).
  parameter int RetryDepth = 8,
  /// Physical frame slots: a power of two >= the window.
  parameter int RetrySlots = 8,
  /// Width of the buffer address: $clog2(RetrySlots*MaxFrameBeats).
  parameter int AddrWidth = 6,
  /// Sequence number width.
  parameter int SeqBits = 5,
  /// Receiver buffer beats = initial credits.
  parameter int Credits = 64,
  /// Width of the credit counter: $clog2(Credits+1).
  parameter int CreditWidth = 7,
  /// Go-back timer in cycles.
  parameter int Timeout = 26,
  /// Width of the timer: $clog2(Timeout+1).
  parameter int TimerWidth = 5
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // framed beats (always accepted: the encoder window keeps a slot free)
  input  logic               beat_valid_i,
  input  logic [Lanes-1:0]   beat_data_i,
  input  logic               beat_last_i,
  output logic [SeqBits-1:0] base_o,
  // die-to-die wires
  output logic               wire_valid_o,
  output logic               wire_last_o,
  output logic [Lanes-1:0]   wire_data_o,
  // reverse sideband
  input  logic               credit_i,
  input  logic               ack_valid_i,
  input  logic               ack_nak_i,
  input  logic [SeqBits-1:0] ack_seq_i,
  /// Pulses when sending restarts from the oldest unacknowledged frame.
  output logic               rewind_o
);
  localparam int MemDepth = RetrySlots * MaxFrameBeats;

  logic [Lanes-1:0]     mem_q [MemDepth];
  logic [BeatWidth-1:0] len_q [RetrySlots];
  logic [SeqBits-1:0]   wr_seq_q, send_seq_q, send_seq_d, base_q, base_d;
  logic [BeatWidth-1:0] wr_beat_q, send_beat_q;
  logic                 pend_q, pend_d, pending;
  logic [TimerWidth-1:0] timer_q, timer_d;
  logic                 valid_q, last_q;
  logic [Lanes-1:0]     data_q;

  function automatic logic [AddrWidth-1:0] slot_addr(input logic [SeqBits-1:0] seq,
                                                     input logic [BeatWidth-1:0] beat);
    slot_addr = AddrWidth'(32'(seq) % RetrySlots * MaxFrameBeats + 32'(beat));
  endfunction
  function automatic int slot_of(input logic [SeqBits-1:0] seq);
    slot_of = 32'(seq) % RetrySlots;
  endfunction

  // ---- retry buffer write side ---------------------------------------------------------------
  always_ff @(posedge clk_i) begin
    if (beat_valid_i) mem_q[slot_addr(wr_seq_q, wr_beat_q)] <= beat_data_i;
    if (beat_valid_i && beat_last_i) len_q[slot_of(wr_seq_q)] <= wr_beat_q + BeatWidth'(1);
  end

  // ---- sender --------------------------------------------------------------------------------
  logic credit_ok, avail, send, send_final, ack_ok, nak, timer_fire, outstanding, rewind;
  logic [CreditWidth-1:0] credit_count;
  assign avail      = (send_beat_q != '0) || (send_seq_q != wr_seq_q);
  assign send       = avail && credit_ok;
  assign send_final = (send_beat_q + BeatWidth'(1)) == len_q[slot_of(send_seq_q)];
  assign ack_ok     = ack_valid_i && !ack_nak_i;
  assign nak        = ack_valid_i && ack_nak_i;
  assign base_d     = ack_ok ? (ack_seq_i + SeqBits'(1)) : base_q;
  // Frames completely sent and not yet acknowledged.
  assign outstanding = (send_seq_q != base_q);
  assign timer_fire  = outstanding && !ack_ok && (timer_q == TimerWidth'(Timeout - 1));
  assign pending     = pend_q || nak || timer_fire;

  snap_credit_counter #(.MaxCredits(Credits), .CountWidth(CreditWidth)) u_credits (
    .clk_i, .rst_ni, .consume_i(send), .credit_i(credit_i), .available_o(credit_ok),
    .count_o(credit_count));

  // The rewind takes effect between frames: at the end of the frame being sent, or at once when
  // no frame is in progress.
  always_comb begin
    send_seq_d = send_seq_q;
    pend_d     = pending;
    rewind     = 1'b0;
    if (send && send_final) begin
      send_seq_d = pending ? base_d : send_seq_q + SeqBits'(1);
      rewind     = pending;
      pend_d     = 1'b0;
    end else if (!send && send_beat_q == '0 && pending) begin
      send_seq_d = base_d;
      rewind     = 1'b1;
      pend_d     = 1'b0;
    end
  end
  assign rewind_o = rewind;

  always_comb begin
    timer_d = timer_q + TimerWidth'(1);
    if (!outstanding || ack_ok || pending) timer_d = '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_seq_q    <= '0;
      wr_beat_q   <= '0;
      send_seq_q  <= '0;
      send_beat_q <= '0;
      base_q      <= '0;
      pend_q      <= 1'b0;
      timer_q     <= '0;
      valid_q     <= 1'b0;
      last_q      <= 1'b0;
      data_q      <= '0;
    end else begin
      if (beat_valid_i) begin
        wr_beat_q <= beat_last_i ? '0 : wr_beat_q + BeatWidth'(1);
        if (beat_last_i) wr_seq_q <= wr_seq_q + SeqBits'(1);
      end
      valid_q <= send;
      if (send) begin
        data_q      <= mem_q[slot_addr(send_seq_q, send_beat_q)];
        last_q      <= send_final;
        send_beat_q <= send_final ? '0 : send_beat_q + BeatWidth'(1);
      end
      send_seq_q <= send_seq_d;
      base_q     <= base_d;
      pend_q     <= pend_d;
      timer_q    <= timer_d;
    end
  end

  assign wire_valid_o = valid_q;
  assign wire_last_o  = last_q;
  assign wire_data_o  = data_q;
  assign base_o       = base_q;

  logic unused_count;
  assign unused_count = ^credit_count;

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Acknowledgements only ever cover frames that were sent.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   !(ack_ok && (SeqBits'(ack_seq_i - base_q) >= SeqBits'(wr_seq_q - base_q))))
    else $error("snap_emio_tx_link: ACK outside the window");
  // Go-back-N window: the frames written and not yet acknowledged, base .. wr_seq-1, are at most
  // RetryDepth (so none overwrites a retry slot still needed, and sequence numbers stay
  // unambiguous: 2^SeqBits >= 2*RetryDepth).
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   SeqBits'(wr_seq_q - base_q) <= SeqBits'(RetryDepth))
    else $error("snap_emio_tx_link: more unacknowledged frames than the go-back-N window");
  // Every frame that starts on the wire is inside the window: base <= send_seq < wr_seq.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   !(send && send_beat_q == '0) ||
                   (SeqBits'(send_seq_q - base_q) < SeqBits'(wr_seq_q - base_q)))
    else $error("snap_emio_tx_link: frame sent outside the go-back-N window");
`endif
`endif
endmodule
