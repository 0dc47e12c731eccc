// snap_link_tx: sending end of a credit-based NoC link, fed by a valid/ready stream.
// A flit is accepted only while a credit is available; link outputs are registered.
module snap_link_tx #(
  /// Flit width.
  parameter int FlitBits = 64,
  /// Credits after reset = the receiver's FIFO depth.
  parameter int Credits = 4,
  /// $clog2(Credits+1), written as a number by the generator.
  parameter int CountWidth = 3
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [FlitBits-1:0] in_flit_i,
  output logic                link_valid_o,
  output logic [FlitBits-1:0] link_flit_o,
  input  logic                link_credit_i
);
  logic                  available;
  logic                  fire;
  logic                  valid_q;
  logic [FlitBits-1:0]   flit_q;
  logic [CountWidth-1:0] credits;

  assign in_ready_o = available;
  assign fire       = in_valid_i && available;

  snap_credit_counter #(
    .MaxCredits(Credits),
    .CountWidth(CountWidth)
  ) u_credits (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .consume_i  (fire),
    .credit_i   (link_credit_i),
    .available_o(available),
    .count_o    (credits)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) valid_q <= 1'b0;
    else valid_q <= fire;
  end
  // The flit register keeps its value while idle (no toggles on an idle link).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) flit_q <= '0;
    else if (fire) flit_q <= in_flit_i;
  end
  assign link_valid_o = valid_q;
  assign link_flit_o  = flit_q;

`ifndef SYNTHESIS
`ifdef VERILATOR
  assert property (@(posedge clk_i) disable iff (!rst_ni) credits <= CountWidth'(Credits))
    else $error("snap_link_tx: more credits than the receiver has buffers");
`endif
`endif
endmodule
