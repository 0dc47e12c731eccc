// Correct: one leaf at two parameter sets (hierarchical prep derives both).
module leaf #(parameter int W = 1) (input logic [W-1:0] a_i, output logic [W-1:0] y_o);
  assign y_o = ~a_i;
endmodule
module top (input logic [1:0] a_i, output logic [2:0] y_o);
  leaf #(.W(1)) u_a (.a_i(a_i[0]), .y_o(y_o[0]));
  leaf #(.W(2)) u_b (.a_i(a_i), .y_o(y_o[2:1]));
endmodule
