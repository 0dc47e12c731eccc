// snap_lowest_one: the index of the lowest set bit of in_i. The lowest one is isolated
// (in & -in) and its position encoded with constant masks (snap_onehot_index): no priority loop
// in a procedural block (Icarus re-evaluates such loops endlessly when their variables feed back).
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
  snap_onehot_index #(.Width(Width), .IdxWidth(IdxWidth)) u_index (.onehot_i(lowest), .idx_o(idx_o));
endmodule
