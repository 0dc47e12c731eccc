// snap_vc_link_rx: receiving end of a credit-based NoC link with virtual channels, turned into
// one valid/ready stream that carries each flit's VC (for a link that is one channel further on,
// e.g. an EMIO die crossing). One FIFO of Depth flits per VC (the sender's credits per VC); each
// flit dequeued returns one credit on its own VC (a registered one-cycle pulse on bit vc of
// link_credit_o, as the routers do).
//
// The stream carries whole packets: a head flit that is not also a tail locks the stream to its
// VC until the tail has passed (round robin among the VCs between packets). Interleaving packets
// of different VCs in one stream would let a packet's tail wait behind another packet's head at
// the far end, a wait the channel dependency graph does not see: two crossings with packets
// turning in opposite directions then deadlock (found by tests/rtl/noc at 4 VCs).
module snap_vc_link_rx #(
  /// Flit width.
  parameter int FlitBits = 64,
  /// FIFO entries per VC = credits the sender holds per VC.
  parameter int Depth = 4,
  /// Virtual channels (>= 2; one VC is snap_link_rx).
  parameter int Vcs = 2,
  /// Width of a VC number: $clog2(Vcs), written as a number by the generator.
  parameter int VcBits = 1,
  /// $clog2(Depth+1), written as a number by the generator.
  parameter int CountWidth = 3,
  /// Offset of the 2-bit flit type (bit 0 head, bit 1 tail) in every flit.
  parameter int TypeOff = 0
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                link_valid_i,
  input  logic [FlitBits-1:0] link_flit_i,
  input  logic [VcBits-1:0]   link_vc_i,
  output logic [Vcs-1:0]      link_credit_o,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [FlitBits-1:0] out_flit_o,
  output logic [VcBits-1:0]   out_vc_o
);
  logic [Vcs-1:0]          q_valid;
  logic [Vcs-1:0]          q_push;
  logic [Vcs-1:0]          q_pop;
  logic [FlitBits-1:0]     q_flit [Vcs];
  logic [FlitBits-1:0]     flit_sel;
  /* verilator lint_off UNUSED */
  logic [Vcs-1:0]          q_ready;  // only checked by an assertion: credits prevent overflow
  logic [CountWidth-1:0]   q_count [Vcs];
  logic                    any;
  /* verilator lint_on UNUSED */
  logic [Vcs-1:0]          req;
  logic [Vcs-1:0]          gnt;
  logic                    fire;
  logic                    locked_q;
  logic [Vcs-1:0]          owner_q;
  logic [Vcs-1:0]          credit_q;

  for (genvar v = 0; v < Vcs; v++) begin : gen_vc
    assign q_push[v] = link_valid_i && (link_vc_i == VcBits'(v));
    snap_fifo #(
      .Width     (FlitBits),
      .Depth     (Depth),
      .CountWidth(CountWidth)
    ) u_fifo (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (q_push[v]),
      .in_ready_o (q_ready[v]),
      .in_data_i  (link_flit_i),
      .out_valid_o(q_valid[v]),
      .out_ready_i(q_pop[v]),
      .out_data_o (q_flit[v]),
      .count_o    (q_count[v])
    );
  end

  // Between packets any VC with a flit may go; within one only the VC that holds the stream.
  assign req = locked_q ? (q_valid & owner_q) : q_valid;
  snap_rr_arbiter #(
    .N       (Vcs),
    .IdxWidth(VcBits)
  ) u_arb (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .req_i      (req),
    .advance_i  (fire && !locked_q),
    .gnt_o      (gnt),
    .gnt_idx_o  (out_vc_o),
    .gnt_valid_o(any)
  );

  assign out_valid_o = |req;
  // One-hot AND-OR select of the granted VC's head (a loop in always_comb: Icarus 12
  // mis-simulates a module whose function does this OR, see snap_noc_router).
  always_comb begin
    flit_sel = '0;
    for (int v = 0; v < Vcs; v++) flit_sel = flit_sel | (q_flit[v] & {FlitBits{gnt[v]}});
  end
  assign out_flit_o  = flit_sel;
  assign fire        = out_valid_o && out_ready_i;
  assign q_pop       = gnt & {Vcs{fire}};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      locked_q <= 1'b0;
      owner_q  <= '0;
    end else if (fire) begin
      if (out_flit_o[TypeOff + 1]) begin
        locked_q <= 1'b0;
      end else if (out_flit_o[TypeOff]) begin
        locked_q <= 1'b1;
        owner_q  <= gnt;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) credit_q <= '0;
    else credit_q <= q_pop;
  end
  assign link_credit_o = credit_q;

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Credit protocol: a flit only arrives when its VC's FIFO has room.
  assert property (@(posedge clk_i) disable iff (!rst_ni) !(|(q_push & ~q_ready)))
    else $error("snap_vc_link_rx: flit arrived without a credit");
  // Every VC number names a channel (Vcs need not be a power of two).
  assert property (@(posedge clk_i) disable iff (!rst_ni) link_valid_i |-> (32'(link_vc_i) < Vcs))
    else $error("snap_vc_link_rx: flit on VC %0d of %0d", link_vc_i, Vcs);
`endif
`endif
endmodule
