// The leaf input is a parent net nobody drives: used but undriven in the parent.
module leaf (input logic a_i, output logic y_o);
  assign y_o = a_i;
endmodule
module top (input logic a_i, output logic y_o);
  logic nc;
  leaf u_leaf (.a_i(nc), .y_o(y_o));
endmodule
