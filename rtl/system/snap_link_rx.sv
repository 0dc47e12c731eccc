// snap_link_rx: receiving end of a credit-based NoC link, turned into a valid/ready stream.
// The sender only sends with a credit, so the FIFO (Depth = the sender's credits) never overflows;
// each flit dequeued here returns one credit (a registered one-cycle pulse, as the routers do).
module snap_link_rx #(
  /// Flit width.
  parameter int FlitBits = 64,
  /// FIFO entries = credits the sender starts with.
  parameter int Depth = 4,
  /// $clog2(Depth+1), written as a number by the generator.
  parameter int CountWidth = 3
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                link_valid_i,
  input  logic [FlitBits-1:0] link_flit_i,
  output logic                link_credit_o,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [FlitBits-1:0] out_flit_o
);
  logic fifo_in_ready;
  logic credit_q;
  logic [CountWidth-1:0] fifo_count;

  snap_fifo #(
    .Width(FlitBits),
    .Depth(Depth),
    .CountWidth(CountWidth)
  ) u_fifo (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (link_valid_i),
    .in_ready_o (fifo_in_ready),
    .in_data_i  (link_flit_i),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .out_data_o (out_flit_o),
    .count_o    (fifo_count)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) credit_q <= 1'b0;
    else credit_q <= out_valid_o && out_ready_i;
  end
  assign link_credit_o = credit_q;

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Credit protocol: a flit only arrives when the FIFO has room.
  assert property (@(posedge clk_i) disable iff (!rst_ni) link_valid_i |-> fifo_in_ready)
    else $error("snap_link_rx: flit arrived without a credit");
  assert property (@(posedge clk_i) disable iff (!rst_ni) fifo_count <= CountWidth'(Depth))
    else $error("snap_link_rx: fill level exceeds depth");
`endif
`endif
endmodule
