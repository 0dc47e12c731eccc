// snap_vec_to_beats: sends a flat vector of Count elements as ceil(Count/Lanes) beats of Lanes
// elements (element j of beat b = vector element b*Lanes + j; lanes past Count are zero), with the
// beat index and a last flag. One vector is held at a time.
module snap_vec_to_beats #(
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
  input  logic [Count*ElemBits-1:0] in_vec_i,
  output logic                      out_valid_o,
  input  logic                      out_ready_i,
  output logic [Lanes*ElemBits-1:0] out_beat_o,
  output logic [IdxBits-1:0]        out_idx_o,
  output logic                      out_last_o
);
  localparam int BeatBits = Lanes * ElemBits;
  localparam int ShiftBits = Beats * BeatBits;

  logic                 full_q;
  logic [ShiftBits-1:0] shift_q;
  logic [IdxBits-1:0]   idx_q;

  assign in_ready_o  = !full_q;
  assign out_valid_o = full_q;
  assign out_beat_o  = shift_q[BeatBits-1:0];
  assign out_idx_o   = idx_q;
  assign out_last_o  = (idx_q == IdxBits'(Beats - 1));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q  <= 1'b0;
      shift_q <= '0;
      idx_q   <= '0;
    end else if (in_valid_i && !full_q) begin
      full_q  <= 1'b1;
      shift_q <= ShiftBits'(in_vec_i);  // zero-extended to whole beats
      idx_q   <= '0;
    end else if (full_q && out_ready_i) begin
      shift_q <= shift_q >> BeatBits;
      idx_q   <= idx_q + IdxBits'(1);
      if (out_last_o) full_q <= 1'b0;
    end
  end
endmodule
