// snap_beats_to_vec: collects ceil(Count/Lanes) beats of Lanes elements into one flat vector of
// Count elements (the inverse of snap_vec_to_beats; lanes past Count are dropped).
module snap_beats_to_vec #(
  /// Bits per element.
  parameter int ElemBits = 8,
  /// Elements per vector.
  parameter int Count = 16,
  /// Elements per beat.
  parameter int Lanes = 4,
  /// ceil(Count / Lanes), written as a number by the generator.
  parameter int Beats = 4,
  /// max(1, $clog2(Beats)).
  parameter int IdxBits = 2
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      in_valid_i,
  output logic                      in_ready_o,
  input  logic [Lanes*ElemBits-1:0] in_beat_i,
  output logic                      out_valid_o,
  input  logic                      out_ready_i,
  output logic [Count*ElemBits-1:0] out_vec_o
);
  localparam int BeatBits = Lanes * ElemBits;
  localparam int ShiftBits = Beats * BeatBits;

  logic                 full_q;
  logic [ShiftBits-1:0] shift_q;
  logic [IdxBits-1:0]   idx_q;

  assign in_ready_o  = !full_q;
  assign out_valid_o = full_q;
  assign out_vec_o   = shift_q[Count*ElemBits-1:0];

  // Lanes of the last beat past Count are padding.
  logic unused_padding;
  assign unused_padding = ^shift_q;

  // Beats enter at the top and move down: after Beats beats, beat 0 is at the bottom.
  logic [ShiftBits-1:0] shifted_in;
  if (Beats > 1) begin : gen_shift
    assign shifted_in = {in_beat_i, shift_q[ShiftBits-1:BeatBits]};
  end else begin : gen_single
    assign shifted_in = in_beat_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q  <= 1'b0;
      shift_q <= '0;
      idx_q   <= '0;
    end else if (in_valid_i && !full_q) begin
      shift_q <= shifted_in;
      if (idx_q == IdxBits'(Beats - 1)) begin
        idx_q  <= '0;
        full_q <= 1'b1;
      end else begin
        idx_q <= idx_q + IdxBits'(1);
      end
    end else if (full_q && out_ready_i) begin
      full_q <= 1'b0;
    end
  end
endmodule
