// snap_vc_link_tx: sending end of a credit-based NoC link with virtual channels, fed by one
// valid/ready stream that carries each flit's VC. A flit is accepted only while its VC has a
// credit; a flit without one holds the stream, which is safe because the stream carries whole
// packets (snap_vc_link_rx): it is one channel, as a one-VC link is. Link outputs are registered.
module snap_vc_link_tx #(
  /// Flit width.
  parameter int FlitBits = 64,
  /// Credits per VC after reset = the receiver's FIFO depth per VC.
  parameter int Credits = 4,
  /// Virtual channels (>= 2; one VC is snap_link_tx).
  parameter int Vcs = 2,
  /// Width of a VC number: $clog2(Vcs), written as a number by the generator.
  parameter int VcBits = 1,
  /// $clog2(Credits+1), written as a number by the generator.
  parameter int CountWidth = 3
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [FlitBits-1:0] in_flit_i,
  input  logic [VcBits-1:0]   in_vc_i,
  output logic                link_valid_o,
  output logic [FlitBits-1:0] link_flit_o,
  output logic [VcBits-1:0]   link_vc_o,
  input  logic [Vcs-1:0]      link_credit_i
);
  logic [Vcs-1:0]      available;
  logic                fire;
  logic                valid_q;
  logic [FlitBits-1:0] flit_q;
  logic [VcBits-1:0]   vc_q;
  /* verilator lint_off UNUSED */
  logic [CountWidth-1:0] credits [Vcs];
  /* verilator lint_on UNUSED */

  assign in_ready_o = available[in_vc_i];
  assign fire       = in_valid_i && in_ready_o;

  for (genvar v = 0; v < Vcs; v++) begin : gen_vc
    snap_credit_counter #(
      .MaxCredits(Credits),
      .CountWidth(CountWidth)
    ) u_credits (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .consume_i  (fire && (in_vc_i == VcBits'(v))),
      .credit_i   (link_credit_i[v]),
      .available_o(available[v]),
      .count_o    (credits[v])
    );
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) valid_q <= 1'b0;
    else valid_q <= fire;
  end
  // The flit register keeps its value while idle (no toggles on an idle link).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      flit_q <= '0;
      vc_q   <= '0;
    end else if (fire) begin
      flit_q <= in_flit_i;
      vc_q   <= in_vc_i;
    end
  end
  assign link_valid_o = valid_q;
  assign link_flit_o  = flit_q;
  assign link_vc_o    = vc_q;
endmodule
