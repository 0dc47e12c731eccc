// One bit of the leaf output is never driven: undriven inside the leaf.
module leaf (input logic a_i, output logic [1:0] y_o);
  assign y_o[0] = a_i;  // y_o[1] never driven
endmodule
module top (input logic a_i, output logic [1:0] y_o);
  leaf u_leaf (.a_i(a_i), .y_o(y_o));
endmodule
