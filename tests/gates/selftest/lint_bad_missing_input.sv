// An instance input left out of the connection list: Verilator -Wall PINMISSING.
module leaf (input logic a_i, output logic y_o);
  assign y_o = a_i;
endmodule
module top (input logic a_i, output logic y_o, output logic z_o);
  leaf u_leaf (.y_o(y_o));
  assign z_o = a_i;
endmodule
