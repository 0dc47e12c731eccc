// ref_rr_arbiter: snap_rr_arbiter as it was before issue 18 (index arithmetic), kept as the
// reference the one-hot snap_rr_arbiter is compared against (tb_rr_arbiter.sv).
// Grant is combinational from req_i; the priority pointer advances past the winner when the
// grant is accepted (advance_i), so every persistent requester is served within N grants.
module ref_rr_arbiter #(
  /// Number of requesters (>= 1).
  parameter int N = 4,
  /// Width of the grant index: max(1, $clog2(N)), written as a number by the generator.
  parameter int IdxWidth = 2
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [N-1:0]        req_i,
  /// Pulse when the granted requester actually transfers (moves the priority pointer).
  input  logic                advance_i,
  output logic [N-1:0]        gnt_o,
  output logic [IdxWidth-1:0] gnt_idx_o,
  output logic                gnt_valid_o
);
  logic [IdxWidth-1:0] ptr_q;

  // Scan from ptr_q upwards (mod N): rotate the requests right by ptr_q through a doubled
  // vector, take the lowest requester, add ptr_q back. Only IdxWidth+1-bit arithmetic: a 32-bit
  // `% N` in the index made Yosys techmap one divider per scan step (minutes and 5 GB per router).
  localparam int SumWidth = IdxWidth + 1;
  logic [2*N-1:0]      req_dbl;
  logic [N-1:0]        req_rot;
  logic [SumWidth-1:0] offset, index;
  assign req_dbl = {req_i, req_i};
  assign req_rot = N'(req_dbl >> ptr_q);
  always_comb begin
    offset = '0;
    for (int k = N - 1; k >= 0; k--) begin
      if (req_rot[k]) offset = SumWidth'(k);
    end
  end
  assign index       = SumWidth'(ptr_q) + offset;
  assign gnt_idx_o   = IdxWidth'((index >= SumWidth'(N)) ? index - SumWidth'(N) : index);
  assign gnt_valid_o = |req_i;

  always_comb begin
    gnt_o = '0;
    if (gnt_valid_o) gnt_o[gnt_idx_o] = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ptr_q <= '0;
    end else if (advance_i && gnt_valid_o) begin
      if (32'(gnt_idx_o) == N - 1) ptr_q <= '0;
      else ptr_q <= gnt_idx_o + IdxWidth'(1);
    end
  end
endmodule
