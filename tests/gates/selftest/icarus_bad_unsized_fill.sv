// An unbased unsized fill literal on a multi-bit port: SystemVerilog fills the port ('1 is 4'b1111
// here), Verilator -Wall and Yosys accept it, and Icarus 11 sizes it as one bit, padded with
// zeros: its leaf sees 4'b0001. The Icarus gate (icarus_check.sh, -Wall) is what catches it.
module leaf (input logic [3:0] a_i, output logic [3:0] y_o);
  assign y_o = a_i;
endmodule
module top (output logic [3:0] y_o);
  leaf u_leaf (.a_i('1), .y_o(y_o));
endmodule
