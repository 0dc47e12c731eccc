// snap_vec_packetizer: sends a vector of Count activations as one NoC packet: a head flit
// (flit_type 1, kind 0 = dense activations, destination, source, len = payload flits) followed by
// ceil(Count/PerFlit) payload flits (flit_type 0 body, 2 tail). Payload flit j carries elements
// j*PerFlit .. j*PerFlit+PerFlit-1 at bits [PayOff + i*ActBits +: ActBits]; unused positions are 0.
// Flit field offsets come from the generator (docs/system.md has the layout).
module snap_vec_packetizer #(
  /// Flit width.
  parameter int FlitBits = 64,
  /// Bits per activation.
  parameter int ActBits = 8,
  /// Activations per vector.
  parameter int Count = 16,
  /// Activations per payload flit: (FlitBits - PayOff) / ActBits.
  parameter int PerFlit = 7,
  /// Payload flits: ceil(Count / PerFlit).
  parameter int Flits = 3,
  /// Width of the payload-flit counter: max(1, $clog2(Flits + 1)).
  parameter int CntBits = 2,
  /// First payload bit of a payload flit (right above the 2-bit flit type at bit 0).
  parameter int PayOff = 2,
  /// Head-flit field offsets and widths.
  parameter int KindOff = 2,
  parameter int DstXOff = 4,
  parameter int DstYOff = 6,
  parameter int SrcXOff = 7,
  parameter int SrcYOff = 9,
  parameter int LenOff = 10,
  parameter int LenBits = 8,
  parameter int XBits = 2,
  parameter int YBits = 1,
  /// This node's global coordinates (source field).
  parameter int SrcX = 0,
  parameter int SrcY = 0
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     in_valid_i,
  output logic                     in_ready_o,
  input  logic [Count*ActBits-1:0] in_vec_i,
  input  logic [XBits-1:0]         in_dst_x_i,
  input  logic [YBits-1:0]         in_dst_y_i,
  output logic                     out_valid_o,
  input  logic                     out_ready_i,
  output logic [FlitBits-1:0]      out_flit_o
);
  localparam int PayBits = PerFlit * ActBits;
  localparam int ShiftBits = Flits * PayBits;

  logic                 busy_q;     // a packet is being sent
  logic                 head_q;     // the head flit is next
  logic [CntBits-1:0]   left_q;     // payload flits still to send
  logic [ShiftBits-1:0] shift_q;
  logic [FlitBits-1:0]  head_flit;
  logic [FlitBits-1:0]  body_flit;
  logic [XBits-1:0]     dst_x_q;
  logic [YBits-1:0]     dst_y_q;

  assign in_ready_o  = !busy_q;
  assign out_valid_o = busy_q;

  always_comb begin
    head_flit = '0;
    head_flit[1:0] = 2'd1;
    head_flit[KindOff +: 2] = 2'd0;
    head_flit[DstXOff +: XBits] = dst_x_q;
    head_flit[DstYOff +: YBits] = dst_y_q;
    head_flit[SrcXOff +: XBits] = XBits'(SrcX);
    head_flit[SrcYOff +: YBits] = YBits'(SrcY);
    head_flit[LenOff +: LenBits] = LenBits'(Flits);
  end

  always_comb begin
    body_flit = '0;
    body_flit[1:0] = (left_q == CntBits'(1)) ? 2'd2 : 2'd0;
    body_flit[PayOff +: PayBits] = shift_q[PayBits-1:0];
  end

  assign out_flit_o = head_q ? head_flit : body_flit;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q  <= 1'b0;
      head_q  <= 1'b0;
      left_q  <= '0;
      shift_q <= '0;
      dst_x_q <= '0;
      dst_y_q <= '0;
    end else if (in_valid_i && !busy_q) begin
      busy_q  <= 1'b1;
      head_q  <= 1'b1;
      left_q  <= CntBits'(Flits);
      shift_q <= ShiftBits'(in_vec_i);
      dst_x_q <= in_dst_x_i;
      dst_y_q <= in_dst_y_i;
    end else if (busy_q && out_ready_i) begin
      if (head_q) begin
        head_q <= 1'b0;
      end else begin
        shift_q <= shift_q >> PayBits;
        left_q  <= left_q - CntBits'(1);
        if (left_q == CntBits'(1)) busy_q <= 1'b0;
      end
    end
  end
endmodule
