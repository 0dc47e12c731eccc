// snap_onehot_index: the index of the set bit of a one-hot (or all-zero) vector: bit b of the
// index is the OR of the positions whose index has bit b set. An all-zero input gives 0; an
// input with several bits set gives the OR of their indices.
module snap_onehot_index #(
  /// Input width.
  parameter int Width = 8,
  /// Index width (at least $clog2(Width), at least 1).
  parameter int IdxWidth = 3
) (
  input  logic [Width-1:0]    onehot_i,
  output logic [IdxWidth-1:0] idx_o
);
  // The positions whose index has bit b set, as a constant: over 2^IdxWidth positions, runs of
  // 2^b zeros and 2^b ones. (A generate scope per position, Width x IdxWidth of them, until
  // 2026-12-06, made Icarus's elaboration, which grows about quadratically with a design's
  // generate scopes, take 45 s on a system of eight EMIO links; a constant function instead
  // made Icarus mis-simulate the NoC router, tests/rtl/noc/equiv.)
  localparam int Positions = 1 << IdxWidth;
  for (genvar b = 0; b < IdxWidth; b++) begin : gen_idx_bit
    localparam logic [Positions-1:0] HasBit = {(Positions >> (b + 1)){{(1 << b){1'b1}}, {(1 << b){1'b0}}}};
    assign idx_o[b] = |(onehot_i & HasBit[Width-1:0]);
  end
endmodule
