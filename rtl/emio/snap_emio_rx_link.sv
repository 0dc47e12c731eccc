// snap_emio_rx_link: EMIO link layer, receive side.
// Beats from the wires are registered, written to a ring buffer of BufBeats beats and run through
// the CRC. At a frame's last beat the frame is committed if its CRC remainder is zero and its
// sequence number is the expected one (ACK seq on the sideband); otherwise its beats are
// discarded (rolled back). A CRC error NAKs the expected sequence number once; the NAK is armed
// again by the next good frame. Frames with a good CRC but another sequence number (go-back-N
// duplicates) are dropped silently. Every beat read by the decoder or discarded returns one
// credit, at most one per cycle on the sideband.
module snap_emio_rx_link #(
  /// Data wires.
  parameter int Lanes = 8,
  /// Sequence number width.
  parameter int SeqBits = 5,
  /// Beats that hold the header: ceil(HeaderBits / Lanes).
  parameter int HdrBeats = 3,
  /// CRC width (0 = none, 8, 16).
  parameter int CrcBits = 16,
  /// CRC polynomial.
  parameter int CrcPoly = 'h1021,
  /// Buffer beats (a power of two): the credits given to the transmitter.
  parameter int BufBeats = 64,
  /// Buffer pointer width: $clog2(BufBeats) + 1 (one wrap bit).
  parameter int PtrWidth = 7,
  /// Width of a per-frame beat counter: $clog2(MaxFrameBeats+1).
  parameter int BeatWidth = 4,
  /// Width of the pending-credit counter: $clog2(BufBeats+1) + 1.
  parameter int PendWidth = 8,
  /// Width of the CRC length input: $clog2(Lanes+1).
  parameter int LaneLenWidth = 4
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               wire_valid_i,
  input  logic               wire_last_i,
  input  logic [Lanes-1:0]   wire_data_i,
  output logic               credit_o,
  output logic               ack_valid_o,
  output logic               ack_nak_o,
  output logic [SeqBits-1:0] ack_seq_o,
  output logic               beat_valid_o,
  input  logic               beat_ready_i,
  output logic [Lanes-1:0]   beat_data_o,
  output logic               beat_last_o,
  /// Pulses when a frame fails its CRC.
  output logic               crc_error_o
);
  localparam int CrcW = (CrcBits > 0) ? CrcBits : 8;
  localparam int CrcP = (CrcBits > 0) ? CrcPoly : 'h07;
  localparam int IdxWidth = PtrWidth - 1;

  logic                   in_valid_q, in_last_q;
  logic [Lanes-1:0]       in_data_q;
  logic [Lanes:0]         mem_q [BufBeats];
  logic [PtrWidth-1:0]    wr_q, commit_q, rd_q;
  logic [BeatWidth-1:0]   beat_q;
  logic [CrcW-1:0]        crc_q, crc_in, crc_cur;
  logic [HdrBeats*Lanes-1:0] hdr_q, hdr_cur;
  logic [SeqBits-1:0]     expect_q, seq_rx;
  logic                   nak_sent_q;
  logic [PendWidth-1:0]   pend_q;
  logic                   credit_q, ack_valid_q, ack_nak_q;
  logic [SeqBits-1:0]     ack_seq_q;

  assign crc_in = (beat_q == '0) ? '1 : crc_q;
  snap_emio_crc #(.CrcBits(CrcW), .CrcPoly(CrcP), .DataBits(Lanes), .LenWidth(LaneLenWidth)) u_crc (
    .crc_i(crc_in), .data_i(in_data_q), .len_i(LaneLenWidth'(Lanes)), .crc_o(crc_cur));

  always_comb begin
    hdr_cur = hdr_q;
    if (32'(beat_q) < HdrBeats) hdr_cur[32'(beat_q) * Lanes +: Lanes] = in_data_q;
  end
  assign seq_rx = hdr_cur[4 +: SeqBits];

  logic frame_end, crc_ok, good, bad_crc, drop, rd_fire;
  assign frame_end = in_valid_q && in_last_q;
  assign crc_ok    = (CrcBits == 0) || (crc_cur == '0);
  assign good      = frame_end && crc_ok && (seq_rx == expect_q);
  assign bad_crc   = frame_end && !crc_ok;
  assign drop      = frame_end && !good;
  assign rd_fire   = beat_valid_o && beat_ready_i;

  assign beat_valid_o = (rd_q != commit_q);
  assign beat_data_o  = mem_q[rd_q[IdxWidth-1:0]][Lanes-1:0];
  assign beat_last_o  = mem_q[rd_q[IdxWidth-1:0]][Lanes];

  always_ff @(posedge clk_i) begin
    if (in_valid_q) mem_q[wr_q[IdxWidth-1:0]] <= {in_last_q, in_data_q};
  end

  logic [PendWidth-1:0] pend_d;
  always_comb begin
    pend_d = pend_q + PendWidth'(rd_fire) - PendWidth'(pend_q != '0);
    if (drop) pend_d = pend_d + PendWidth'(beat_q) + PendWidth'(1);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_valid_q  <= 1'b0;
      in_last_q   <= 1'b0;
      in_data_q   <= '0;
      wr_q        <= '0;
      commit_q    <= '0;
      rd_q        <= '0;
      beat_q      <= '0;
      crc_q       <= '0;
      hdr_q       <= '0;
      expect_q    <= '0;
      nak_sent_q  <= 1'b0;
      pend_q      <= '0;
      credit_q    <= 1'b0;
      ack_valid_q <= 1'b0;
      ack_nak_q   <= 1'b0;
      ack_seq_q   <= '0;
    end else begin
      in_valid_q <= wire_valid_i;
      in_last_q  <= wire_last_i;
      in_data_q  <= wire_data_i;
      if (in_valid_q) begin
        crc_q  <= crc_cur;
        hdr_q  <= hdr_cur;
        beat_q <= in_last_q ? '0 : beat_q + BeatWidth'(1);
        wr_q   <= drop ? commit_q : wr_q + PtrWidth'(1);
      end
      if (good) begin
        commit_q   <= wr_q + PtrWidth'(1);
        expect_q   <= expect_q + SeqBits'(1);
        nak_sent_q <= 1'b0;
      end else if (bad_crc) begin
        nak_sent_q <= 1'b1;
      end
      if (rd_fire) rd_q <= rd_q + PtrWidth'(1);
      pend_q      <= pend_d;
      credit_q    <= (pend_q != '0);
      ack_valid_q <= good || (bad_crc && !nak_sent_q);
      ack_nak_q   <= !good;
      ack_seq_q   <= good ? seq_rx : expect_q;
    end
  end

  assign credit_o    = credit_q;
  assign ack_valid_o = ack_valid_q;
  assign ack_nak_o   = ack_nak_q;
  assign ack_seq_o   = ack_seq_q;
  assign crc_error_o = bad_crc;

  logic unused_hdr;
  assign unused_hdr = ^hdr_cur;

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Credits guarantee the buffer never overflows.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   !(in_valid_q && (PtrWidth'(wr_q - rd_q) >= PtrWidth'(BufBeats))))
    else $error("snap_emio_rx_link: buffer overflow (credit protocol violated)");
  // Credits owed (read or discarded beats not yet returned) plus beats held never exceed the
  // buffer: the receiver never returns more credits than the transmitter spent.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   (PendWidth + 1)'(pend_q) + (PendWidth + 1)'(PtrWidth'(wr_q - rd_q)) <=
                   (PendWidth + 1)'(BufBeats))
    else $error("snap_emio_rx_link: credits owed plus beats held exceed the buffer");
  // The expected sequence number is coherent with what was acknowledged: an ACK names the frame
  // just committed (expected - 1), a NAK the expected frame.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   !ack_valid_q || (ack_seq_q == (ack_nak_q ? expect_q : expect_q - SeqBits'(1))))
    else $error("snap_emio_rx_link: ACK/NAK sequence number incoherent with the expected one");
`endif
`endif
endmodule
