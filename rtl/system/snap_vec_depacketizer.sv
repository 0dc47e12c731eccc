// snap_vec_depacketizer: receives one activation packet (the format of snap_vec_packetizer) and
// outputs its first Count activations as a flat vector, with the packet's destination. Packets may
// carry fewer payload flits than MaxFlits (the missing elements read as 0) or more elements than
// Count (the extra ones, always zero padding in snapgen's systems, are dropped).
module snap_vec_depacketizer #(
  /// Flit width.
  parameter int FlitBits = 64,
  /// Bits per activation.
  parameter int ActBits = 8,
  /// Activations delivered per vector.
  parameter int Count = 16,
  /// Activations per payload flit.
  parameter int PerFlit = 7,
  /// Most payload flits a packet may have (storage).
  parameter int MaxFlits = 3,
  /// Width of the payload-flit counter: $clog2(MaxFlits + 1).
  parameter int CntBits = 2,
  /// First payload bit of a payload flit.
  parameter int PayOff = 2,
  /// Head-flit field offsets and widths.
  parameter int DstXOff = 4,
  parameter int DstYOff = 6,
  parameter int LenOff = 10,
  parameter int LenBits = 8,
  parameter int XBits = 2,
  parameter int YBits = 1
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     in_valid_i,
  output logic                     in_ready_o,
  input  logic [FlitBits-1:0]      in_flit_i,
  output logic                     out_valid_o,
  input  logic                     out_ready_i,
  output logic [Count*ActBits-1:0] out_vec_o,
  output logic [XBits-1:0]         out_dst_x_o,
  output logic [YBits-1:0]         out_dst_y_o
);
  localparam int PayBits = PerFlit * ActBits;
  localparam int ShiftBits = MaxFlits * PayBits;
  localparam int WideBits = (ShiftBits > Count * ActBits) ? ShiftBits : Count * ActBits;

  logic                 full_q;     // a whole packet is held
  logic [CntBits-1:0]   got_q;      // payload flits received
  logic [ShiftBits-1:0] shift_q;
  logic [XBits-1:0]     dst_x_q;
  logic [YBits-1:0]     dst_y_q;
  logic [ShiftBits-1:0] shifted_in;
  logic [WideBits-1:0]  aligned;
  logic                 is_head, is_tail;

  assign is_head = in_flit_i[0];
  assign is_tail = in_flit_i[1];
  assign in_ready_o  = !full_q;
  assign out_valid_o = full_q;
  assign out_dst_x_o = dst_x_q;
  assign out_dst_y_o = dst_y_q;

  // Payload flits enter at the top and move down.
  if (MaxFlits > 1) begin : gen_shift
    assign shifted_in = {in_flit_i[PayOff +: PayBits], shift_q[ShiftBits-1:PayBits]};
  end else begin : gen_single
    assign shifted_in = in_flit_i[PayOff +: PayBits];
  end

  // A packet of got_q < MaxFlits payload flits sits at the top: move it to the bottom.
  always_comb begin
    aligned = WideBits'(shift_q);
    for (int n = 0; n < MaxFlits; n++) begin
      if (got_q == CntBits'(n)) aligned = WideBits'(shift_q >> ((MaxFlits - n) * PayBits));
    end
  end
  assign out_vec_o = aligned[Count*ActBits-1:0];

  // Header fields other than the destination, and padding past Count, are not needed here.
  logic unused_bits;
  assign unused_bits = ^{in_flit_i, aligned};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q  <= 1'b0;
      got_q   <= '0;
      shift_q <= '0;
      dst_x_q <= '0;
      dst_y_q <= '0;
    end else if (in_valid_i && !full_q) begin
      if (is_head) begin
        got_q   <= '0;
        shift_q <= '0;
        dst_x_q <= in_flit_i[DstXOff +: XBits];
        dst_y_q <= in_flit_i[DstYOff +: YBits];
      end else begin
        shift_q <= shifted_in;
        if (got_q != CntBits'(MaxFlits)) got_q <= got_q + CntBits'(1);
      end
      if (is_tail) full_q <= 1'b1;
    end else if (full_q && out_ready_i) begin
      full_q <= 1'b0;
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // The packet must fit the storage: its len field is at most MaxFlits.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   (in_valid_i && !full_q && is_head) |-> (in_flit_i[LenOff +: LenBits] <= LenBits'(MaxFlits)))
    else $error("snap_vec_depacketizer: packet longer than MaxFlits");
`endif
`endif
endmodule
