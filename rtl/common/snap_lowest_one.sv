// snap_lowest_one: the index of the lowest set bit of in_i. The lowest one is isolated
// (in & -in) and its position encoded bit by bit with constant masks: no priority loop in a
// procedural block (Icarus re-evaluates such loops endlessly when their variables feed back).
// found_o is 0 when in_i is all zeros (idx_o is then 0).
module snap_lowest_one #(
  /// Input width.
  parameter int Width = 8,
  /// Index width (at least $clog2(Width), at least 1).
  parameter int IdxWidth = 3
) (
  input  logic [Width-1:0]    in_i,
  output logic [IdxWidth-1:0] idx_o,
  output logic                found_o
);
  logic [Width-1:0] lowest;
  assign lowest  = in_i & (~in_i + Width'(1));
  assign found_o = |in_i;
  for (genvar b = 0; b < IdxWidth; b++) begin : gen_idx_bit
    logic [Width-1:0] has_bit;  // the positions whose index has bit b set
    for (genvar i = 0; i < Width; i++) begin : gen_pos
      assign has_bit[i] = ((i >> b) & 1) == 1;
    end
    assign idx_o[b] = |(lowest & has_bit);
  end
endmodule
