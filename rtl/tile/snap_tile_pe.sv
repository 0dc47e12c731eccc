// snap_tile_pe: one weight-stationary processing element of the systolic MAC array.
// Holds two weights (banks 0/1) so the next tile's weights load while the current tile computes;
// the bank an activation uses travels with it (sel), so a bank switch sweeps the array on the
// same diagonal as the data. Each cycle: psum_o <= psum_i + act_i * w[sel_i] (mod 2^AccBits),
// act/sel move one PE to the right, the partial sum one PE down.
module snap_tile_pe #(
  /// Activation width in bits.
  parameter int ActBits = 8,
  /// 1: activations are two's complement; 0: unsigned.
  parameter int ActSigned = 0,
  /// Weight width in bits (two's complement).
  parameter int WeightBits = 8,
  /// Partial-sum width in bits; sums wrap modulo 2^AccBits (AccBits >= ActBits + WeightBits).
  parameter int AccBits = 32
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // weight write into one bank (visible from the next cycle)
  input  logic                  w_we_i,
  input  logic                  w_bank_i,
  input  logic [WeightBits-1:0] w_data_i,
  // activation stream from the left, with the weight bank it uses
  input  logic [ActBits-1:0]    act_i,
  input  logic                  sel_i,
  output logic [ActBits-1:0]    act_o,
  output logic                  sel_o,
  // partial sums from above / to below
  input  logic [AccBits-1:0]    psum_i,
  output logic [AccBits-1:0]    psum_o
);
  // The exact product needs ActBits+WeightBits bits (signed); one more keeps the unsigned
  // activation's extension bit, so both operands are sign-extended to ProdBits.
  localparam int ProdBits = ActBits + WeightBits + 1;

  logic [WeightBits-1:0] w0_q, w1_q, w_cur;
  logic                  act_msb;
  logic [ProdBits-1:0]   act_ext, w_ext, prod;
  logic [AccBits-1:0]    prod_acc;
  logic [ActBits-1:0]    act_q;
  logic                  sel_q;
  logic [AccBits-1:0]    psum_q;

  assign w_cur   = sel_i ? w1_q : w0_q;
  assign act_msb = (ActSigned != 0) ? act_i[ActBits-1] : 1'b0;
  assign act_ext = {{(WeightBits + 1){act_msb}}, act_i};
  assign w_ext   = {{(ActBits + 1){w_cur[WeightBits-1]}}, w_cur};
  assign prod    = $signed(act_ext) * $signed(w_ext);

  if (AccBits > ProdBits) begin : gen_prod_ext
    assign prod_acc = {{(AccBits - ProdBits){prod[ProdBits-1]}}, prod};
  end else if (AccBits == ProdBits) begin : gen_prod_same
    assign prod_acc = prod;
  end else begin : gen_prod_trunc
    // AccBits == ActBits + WeightBits: the product always fits, the top bit is a sign copy.
    logic unused_prod_msb;
    assign unused_prod_msb = prod[ProdBits-1];
    assign prod_acc = prod[AccBits-1:0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      act_q  <= '0;
      sel_q  <= 1'b0;
      psum_q <= '0;
    end else begin
      act_q  <= act_i;
      sel_q  <= sel_i;
      psum_q <= psum_i + prod_acc;
    end
  end

  // Weights need no reset: a bank is always written before an activation selects it.
  always_ff @(posedge clk_i) begin
    if (w_we_i && !w_bank_i) w0_q <= w_data_i;
  end
  always_ff @(posedge clk_i) begin
    if (w_we_i && w_bank_i) w1_q <= w_data_i;
  end

  assign act_o  = act_q;
  assign sel_o  = sel_q;
  assign psum_o = psum_q;
endmodule
