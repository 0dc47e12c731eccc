// The leaf output and an assign both drive y_o: two drivers in the parent.
module leaf (input logic a_i, output logic y_o);
  assign y_o = a_i;
endmodule
module top (input logic a_i, input logic b_i, output logic y_o);
  leaf u_leaf (.a_i(a_i), .y_o(y_o));
  assign y_o = b_i;
endmodule
