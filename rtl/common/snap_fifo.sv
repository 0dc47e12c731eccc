// snap_fifo: synchronous FIFO with valid/ready on both sides.
// Storage is an unpacked array of plain vectors (struct-free dialect, see docs/architecture.md).
// Depth 1 is allowed. There is no bypass path, so in_ready_o = !full (one-cycle minimum latency).
module snap_fifo #(
  /// Width of one entry in bits.
  parameter int Width = 8,
  /// Number of entries (>= 1).
  parameter int Depth = 4,
  /// Width of the fill-level output: $clog2(Depth+1), written as a number by the generator.
  parameter int CountWidth = 3
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // enqueue side
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [Width-1:0]      in_data_i,
  // dequeue side
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [Width-1:0]      out_data_o,
  // fill level
  output logic [CountWidth-1:0] count_o
);
  localparam int PtrWidth = (Depth > 1) ? $clog2(Depth) : 1;

  logic [Width-1:0]      mem_q [Depth];
  logic [PtrWidth-1:0]   wr_ptr_q, rd_ptr_q;
  logic [CountWidth-1:0] count_q;

  logic push, pop;
  assign push = in_valid_i && in_ready_o;
  assign pop  = out_valid_o && out_ready_i;

  assign in_ready_o  = (count_q != CountWidth'(Depth));
  assign out_valid_o = (count_q != '0);
  assign out_data_o  = mem_q[rd_ptr_q];
  assign count_o     = count_q;

  function automatic logic [PtrWidth-1:0] next_ptr(input logic [PtrWidth-1:0] ptr);
    if (ptr == PtrWidth'(Depth - 1)) next_ptr = '0;
    else next_ptr = ptr + PtrWidth'(1);
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      count_q  <= '0;
    end else begin
      if (push) wr_ptr_q <= next_ptr(wr_ptr_q);
      if (pop)  rd_ptr_q <= next_ptr(rd_ptr_q);
      if (push && !pop)      count_q <= count_q + CountWidth'(1);
      else if (pop && !push) count_q <= count_q - CountWidth'(1);
    end
  end

  // Storage has no reset: it is only read where count_q says it was written.
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_ptr_q] <= in_data_i;
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Invariant: the fill level never exceeds Depth.
  assert property (@(posedge clk_i) disable iff (!rst_ni) count_q <= CountWidth'(Depth))
    else $error("snap_fifo: count exceeds depth");
`endif
`endif
endmodule
