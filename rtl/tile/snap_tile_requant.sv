// snap_tile_requant: one lane of the requantization stage, two pipeline registers (en_i advances
// both). Exact integer rule (docs/tile.md, tb/golden/tile):
//   p = acc * M                                (exact, AccBits+MultBits bits)
//   s = (p + (S > 0 ? 2^(S-1) : 0)) >>> S      (round half up, arithmetic shift: floor)
//   u = s + zp
//   y = min(max(u, lo), hi)   lo = relu ? max(zp, qmin) : qmin,  hi = qmax
// where [qmin, qmax] is the activation range (unsigned: [0, 2^A-1], signed: [-2^(A-1), 2^(A-1)-1]).
// s is first saturated to ActBits+2 signed bits; with |zp| <= 2^ActBits this cannot change y.
module snap_tile_requant #(
  /// Output (activation) width in bits.
  parameter int ActBits = 8,
  /// 1: signed output range; 0: unsigned.
  parameter int ActSigned = 0,
  /// Accumulator width in bits (input, two's complement).
  parameter int AccBits = 32,
  /// Multiplier M width in bits (two's complement).
  parameter int MultBits = 32,
  /// Shift S width in bits (unsigned).
  parameter int ShiftBits = 6
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 en_i,
  input  logic [AccBits-1:0]   acc_i,
  input  logic [MultBits-1:0]  mult_i,
  input  logic [ShiftBits-1:0] shift_i,
  input  logic [ActBits:0]     zp_i,
  input  logic                 relu_i,
  output logic [ActBits-1:0]   y_o
);
  localparam int ProdBits = AccBits + MultBits;
  // The rounding term reaches 2^(2^ShiftBits - 2); one extra bit keeps p + round exact.
  localparam int RoundBits = (1 << ShiftBits) - 1;
  localparam int SumBits = ((ProdBits > RoundBits) ? ProdBits : RoundBits) + 1;
  localparam int SatBits = ActBits + 2;  // s saturated to [-2^(ActBits+1), 2^(ActBits+1)-1]
  localparam int OutBits = ActBits + 3;  // u, lo, hi

  // ---- stage 1: product -------------------------------------------------------------------
  logic [ProdBits-1:0]  acc_ext, mult_ext, prod_d, prod_q;
  logic [ShiftBits-1:0] shift_q;
  logic [ActBits:0]     zp_q;
  logic                 relu_q;

  assign acc_ext  = {{MultBits{acc_i[AccBits-1]}}, acc_i};
  assign mult_ext = {{AccBits{mult_i[MultBits-1]}}, mult_i};
  assign prod_d   = $signed(acc_ext) * $signed(mult_ext);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prod_q  <= '0;
      shift_q <= '0;
      zp_q    <= '0;
      relu_q  <= 1'b0;
    end else if (en_i) begin
      prod_q  <= prod_d;
      shift_q <= shift_i;
      zp_q    <= zp_i;
      relu_q  <= relu_i;
    end
  end

  // ---- stage 2: round, shift, saturate, zero point, clamp -------------------------------------
  logic [SumBits-1:0] round_term, sum, shifted;
  logic               sat_ok;
  logic [SatBits-1:0] sat;
  logic [OutBits-1:0] u, zp_ext, qmin, qmax, lo, lo_clamped;
  logic [OutBits-1:0] y_full;
  logic [ActBits-1:0] y_q;

  assign round_term = (shift_q == '0) ? '0 : (SumBits'(1) << (shift_q - ShiftBits'(1)));
  assign sum        = {{(SumBits - ProdBits){prod_q[ProdBits-1]}}, prod_q} + round_term;
  assign shifted    = $signed(sum) >>> shift_q;
  // In range iff every bit above the saturated width equals its sign bit.
  assign sat_ok = (shifted[SumBits-1:SatBits-1] == '0) || (shifted[SumBits-1:SatBits-1] == '1);
  assign sat    = sat_ok ? shifted[SatBits-1:0]
                : (shifted[SumBits-1] ? {1'b1, {(SatBits-1){1'b0}}} : {1'b0, {(SatBits-1){1'b1}}});
  assign zp_ext = {{2{zp_q[ActBits]}}, zp_q};
  assign u      = {sat[SatBits-1], sat} + zp_ext;
  assign qmin   = (ActSigned != 0) ? ~(OutBits'(1) << (ActBits - 1)) + OutBits'(1) : '0;
  assign qmax   = (ActSigned != 0) ? (OutBits'(1) << (ActBits - 1)) - OutBits'(1)
                                   : (OutBits'(1) << ActBits) - OutBits'(1);
  assign lo     = (relu_q && ($signed(zp_ext) > $signed(qmin))) ? zp_ext : qmin;
  assign lo_clamped = ($signed(u) < $signed(lo)) ? lo : u;
  assign y_full = ($signed(lo_clamped) > $signed(qmax)) ? qmax : lo_clamped;

  // y_full lies in [qmin, qmax], so its low ActBits bits are the exact result.
  logic [2:0] unused_y_hi;
  assign unused_y_hi = y_full[OutBits-1:ActBits];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) y_q <= '0;
    else if (en_i) y_q <= y_full[ActBits-1:0];
  end
  assign y_o = y_q;
endmodule
