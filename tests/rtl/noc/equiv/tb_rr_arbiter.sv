// tb_rr_arbiter: snap_rr_arbiter (one-hot) against ref_rr_arbiter (the index-arithmetic version it
// replaced), cycle by cycle on random requests and advances: grant, valid, and the index while a
// request is present (with no request the index is a don't-care). Prints one "RESULT" line.
module tb_rr_arbiter;
  parameter int N = 5;
  parameter int IdxWidth = 3;
  parameter int Cycles = 100000;
  logic                clk = 1'b0, rst_n = 1'b1;
  logic [N-1:0]        req;
  logic                adv;
  logic [N-1:0]        gnt_ref, gnt_dut;
  logic [IdxWidth-1:0] idx_ref, idx_dut;
  logic                valid_ref, valid_dut;
  ref_rr_arbiter #(.N(N), .IdxWidth(IdxWidth)) u_ref (
    .clk_i(clk), .rst_ni(rst_n), .req_i(req), .advance_i(adv),
    .gnt_o(gnt_ref), .gnt_idx_o(idx_ref), .gnt_valid_o(valid_ref));
  snap_rr_arbiter #(.N(N), .IdxWidth(IdxWidth)) u_dut (
    .clk_i(clk), .rst_ni(rst_n), .req_i(req), .advance_i(adv),
    .gnt_o(gnt_dut), .gnt_idx_o(idx_dut), .gnt_valid_o(valid_dut));
  int mismatches = 0, transfers = 0;
  initial begin
    req = '0;
    adv = 1'b0;
    #1 rst_n = 1'b0;
    #4 rst_n = 1'b1;
    for (int t = 0; t < Cycles; t++) begin
      req = N'($urandom);
      if ($urandom % 7 == 0) req = N'(1 << ($urandom % N));  // lone requesters too
      adv = ($urandom % 4) != 0;
      #1;
      if (gnt_ref !== gnt_dut || valid_ref !== valid_dut || (valid_ref && idx_ref !== idx_dut)) begin
        mismatches++;
        if (mismatches <= 5)
          $display("cycle %0d req %b: ref %b/%0d, dut %b/%0d", t, req, gnt_ref, idx_ref, gnt_dut, idx_dut);
      end
      if (valid_dut && adv) transfers++;
      #4 clk = 1'b1;
      #5 clk = 1'b0;
    end
    $display("RESULT rr_arbiter N=%0d cycles=%0d transfers=%0d mismatches=%0d", N, Cycles, transfers,
             mismatches);
    $finish;
  end
endmodule
