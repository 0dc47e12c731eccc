// snap_tile_array: Rows x Cols weight-stationary systolic array.
// PE (r, c) holds weight W[n = nt*Cols + c][k = kt*Rows + r]. A slot (one activation chunk of
// Rows values, row r = input feature kt*Rows + r) presented on act_i in cycle t enters row r in
// cycle t + r (input skew), reaches PE (r, c) in cycle t + r + c, and column c's sum over all
// rows is on psum_o[c] during cycle t + Rows + c. Weight rows are written one row per cycle
// (w_row_we_i one-hot) into the bank given by w_bank_i; sel_i picks the bank of the slot.
module snap_tile_array #(
  /// PE rows (input features per pass).
  parameter int Rows = 4,
  /// PE columns (output features per pass).
  parameter int Cols = 4,
  /// Activation width in bits.
  parameter int ActBits = 8,
  /// 1: signed activations; 0: unsigned.
  parameter int ActSigned = 0,
  /// Signed weight width in bits.
  parameter int WeightBits = 8,
  /// Partial-sum width in bits (wraps).
  parameter int AccBits = 32
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic [Rows-1:0]            w_row_we_i,
  input  logic                       w_bank_i,
  input  logic [Cols*WeightBits-1:0] w_row_data_i,
  input  logic [Rows*ActBits-1:0]    act_i,
  input  logic                       sel_i,
  output logic [Cols*AccBits-1:0]    psum_o
);
  // Interconnect as flat unpacked arrays: act/sel by row*(Cols+1)+col, psum by row*Cols+col.
  logic [ActBits-1:0] act_h [Rows*(Cols+1)];
  logic               sel_h [Rows*(Cols+1)];
  logic [AccBits-1:0] psum_v [(Rows+1)*Cols];

  for (genvar r = 0; r < Rows; r++) begin : gen_row
    // Input skew: row r sees the slot r cycles late (r registers).
    if (r == 0) begin : gen_no_skew
      assign act_h[0] = act_i[0 +: ActBits];
      assign sel_h[0] = sel_i;
    end else begin : gen_skew
      logic [ActBits:0] skew_q [r];
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          for (int i = 0; i < r; i++) skew_q[i] <= '0;
        end else begin
          skew_q[0] <= {sel_i, act_i[r*ActBits +: ActBits]};
          for (int i = 1; i < r; i++) skew_q[i] <= skew_q[i-1];
        end
      end
      assign act_h[r*(Cols+1)] = skew_q[r-1][ActBits-1:0];
      assign sel_h[r*(Cols+1)] = skew_q[r-1][ActBits];
    end

    for (genvar c = 0; c < Cols; c++) begin : gen_col
      snap_tile_pe #(
        .ActBits(ActBits),
        .ActSigned(ActSigned),
        .WeightBits(WeightBits),
        .AccBits(AccBits)
      ) u_pe (
        .clk_i   (clk_i),
        .rst_ni  (rst_ni),
        .w_we_i  (w_row_we_i[r]),
        .w_bank_i(w_bank_i),
        .w_data_i(w_row_data_i[c*WeightBits +: WeightBits]),
        .act_i   (act_h[r*(Cols+1) + c]),
        .sel_i   (sel_h[r*(Cols+1) + c]),
        .act_o   (act_h[r*(Cols+1) + c + 1]),
        .sel_o   (sel_h[r*(Cols+1) + c + 1]),
        .psum_i  (psum_v[r*Cols + c]),
        .psum_o  (psum_v[(r+1)*Cols + c])
      );
    end

    // The right edge of each row has no consumer.
    logic [ActBits:0] unused_right;
    assign unused_right = {sel_h[r*(Cols+1) + Cols], act_h[r*(Cols+1) + Cols]};
  end

  for (genvar c = 0; c < Cols; c++) begin : gen_edge
    assign psum_v[c] = '0;
    assign psum_o[c*AccBits +: AccBits] = psum_v[Rows*Cols + c];
  end
endmodule
