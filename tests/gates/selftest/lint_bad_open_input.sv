// An instance input connected to nothing by name: Verilator -Wall PINCONNECTEMPTY.
module leaf (input logic a_i, output logic y_o);
  assign y_o = a_i;
endmodule
module top (input logic a_i, output logic y_o, output logic z_o);
  leaf u_leaf (.a_i(), .y_o(y_o));
  assign z_o = a_i;
endmodule
