// A combinational process that does not assign y_o on every path: a latch in the leaf.
module leaf (input logic en_i, input logic a_i, output logic y_o);
  always_comb if (en_i) y_o = a_i;
endmodule
module top (input logic en_i, input logic a_i, output logic y_o);
  leaf u_leaf (.en_i(en_i), .a_i(a_i), .y_o(y_o));
endmodule
