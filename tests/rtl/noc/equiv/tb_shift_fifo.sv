// tb_shift_fifo: snap_shift_fifo against snap_fifo (same interface and cycle behaviour), cycle by
// cycle on random pushes and pops in alternating fill-heavy and drain-heavy phases: in_ready,
// out_valid, count, and the head data while valid. Also counts the cycles spent full and empty
// (both must occur). Prints one "RESULT" line.
module tb_shift_fifo;
  parameter int Width = 16;
  parameter int Depth = 4;
  parameter int CountWidth = 3;
  parameter int Cycles = 100000;
  logic                  clk = 1'b0, rst_n = 1'b1;
  logic                  in_valid, out_ready;
  logic [Width-1:0]      in_data;
  logic                  ready_ref, ready_dut, valid_ref, valid_dut;
  logic [Width-1:0]      data_ref, data_dut;
  logic [CountWidth-1:0] count_ref, count_dut;
  snap_fifo #(.Width(Width), .Depth(Depth), .CountWidth(CountWidth)) u_ref (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(in_valid), .in_ready_o(ready_ref), .in_data_i(in_data),
    .out_valid_o(valid_ref), .out_ready_i(out_ready), .out_data_o(data_ref), .count_o(count_ref));
  snap_shift_fifo #(.Width(Width), .Depth(Depth), .CountWidth(CountWidth)) u_dut (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(in_valid), .in_ready_o(ready_dut), .in_data_i(in_data),
    .out_valid_o(valid_dut), .out_ready_i(out_ready), .out_data_o(data_dut), .count_o(count_dut));
  int mismatches = 0, pops = 0, full = 0, empty = 0;
  initial begin
    in_valid  = 1'b0;
    out_ready = 1'b0;
    in_data   = '0;
    #1 rst_n = 1'b0;
    #4 rst_n = 1'b1;
    for (int t = 0; t < Cycles; t++) begin
      // Phases of 1000 cycles: push 6/8 pop 3/8, then push 3/8 pop 6/8.
      in_valid  = ($urandom % 8) < (((t / 1000) % 2) != 0 ? 6 : 3);
      out_ready = ($urandom % 8) < (((t / 1000) % 2) != 0 ? 3 : 6);
      in_data   = Width'($urandom);
      #1;
      if (ready_ref !== ready_dut || valid_ref !== valid_dut || count_ref !== count_dut ||
          (valid_ref && data_ref !== data_dut)) begin
        mismatches++;
        if (mismatches <= 5)
          $display("cycle %0d: count %0d/%0d, head %h/%h", t, count_ref, count_dut, data_ref, data_dut);
      end
      if (valid_dut && out_ready) pops++;
      if (!ready_ref) full++;
      if (!valid_ref) empty++;
      #4 clk = 1'b1;
      #5 clk = 1'b0;
    end
    $display("RESULT shift_fifo Depth=%0d cycles=%0d pops=%0d full=%0d empty=%0d mismatches=%0d", Depth,
             Cycles, pops, full, empty, mismatches);
    $finish;
  end
endmodule
