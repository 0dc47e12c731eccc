// snap_noc_router: 5-port input-buffered wormhole router with credit-based flow control.
//
// Ports (index into every 5-wide vector): 0 = north (y-1), 1 = east (x+1), 2 = south (y+1),
// 3 = west (x-1), 4 = local. Flits are FlitBits wide; bits [TypeOff +: 2] of EVERY flit hold the
// flit type (bit 0 = head, bit 1 = tail; 0 = body, 3 = single-flit packet). Head flits carry the
// global destination at [DstXOff +: XBits] / [DstYOff +: YBits].
//
// Pipeline (per hop, zero load): cycle 0 the flit is written into the input FIFO; cycle 1 it is at
// the FIFO head, where route computation (dimension order, combinational on the head flit),
// switch allocation (round robin per output) and switch traversal happen, and it is registered
// in the output register; cycle 2 it is on the link. So a hop costs 2 cycles.
//
// Flow control: the sender keeps one credit counter per output (starting at BufferDepth = the
// receiver's FIFO depth) and sends only with a credit; the receiver returns one credit (a
// registered one-cycle pulse on in_credit_o) per flit it dequeues. Input FIFOs therefore never
// overflow, and no ready signal crosses a link (links may be pipelined or cross a die edge).
//
// Wormhole: a head flit that wins output o locks o for its input until the tail flit passes, so
// the flits of a packet are never interleaved with other packets on any link.
//
// Virtual channels (Vcs > 1): every input has one FIFO of BufferDepth flits per VC, every link
// carries the flit's VC beside it (in_vc_i / out_vc_o) and credits per VC (credit bit p*Vcs+v).
// The local output (ejection) is one channel, so a sink sees whole packets one after another as
// with one VC. The lock of the wormhole
// is per output channel (output, VC): the flits of two packets never interleave within a VC, but
// packets on different VCs share the link flit by flit, so a packet blocked on one VC no longer
// blocks the other VCs behind it. VC allocation (VcPerHop):
//   0 = at the source: a packet keeps the VC it was injected on, end to end (a stream stalled at
//       its sink blocks only its own VC);
//   1 = per hop: a head flit takes the lowest-numbered free channel (unlocked, with a credit) of
//       its output, and its body flits follow on that channel (more throughput: a head waits only
//       when every VC of its output is busy; a stalled stream can fill every VC).
// Allocation is one round-robin arbiter per output over every input queue (input, VC) whose head
// flit can move now (a head needs a free output channel, a body flit a credit on its packet's
// channel); the pointer advances on head flits as with one VC. The crossbar has one leg per
// queue, so the VCs of one input may leave on different outputs in the same cycle (input
// speedup Vcs; BookSim's routers default to input speedup 1). With Vcs = 1 this is the one-VC
// router.
module snap_noc_router #(
  /// Flit width in bits.
  parameter int FlitBits = 64,
  /// Entries of each input FIFO, per VC (= credits of the upstream sender per VC).
  parameter int BufferDepth = 4,
  /// $clog2(BufferDepth+1), written as a number by the generator.
  parameter int CountWidth = 3,
  /// Width of a global column coordinate.
  parameter int XBits = 1,
  /// Width of a global row coordinate.
  parameter int YBits = 1,
  /// This router's global column.
  parameter int X = 0,
  /// This router's global row.
  parameter int Y = 0,
  /// Offset of the 2-bit flit type in every flit.
  parameter int TypeOff = 0,
  /// Offset of the destination column in a head flit.
  parameter int DstXOff = 4,
  /// Offset of the destination row in a head flit.
  parameter int DstYOff = 5,
  /// 1 = route Y first (YX), 0 = X first (XY).
  parameter int RoutingYx = 0,
  /// Virtual channels per port (1..4).
  parameter int Vcs = 1,
  /// Width of a VC number: max(1, $clog2(Vcs)), written as a number by the generator.
  parameter int VcBits = 1,
  /// VC allocation: 0 = at the source (a packet keeps its VC), 1 = per hop (see above).
  parameter int VcPerHop = 0
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // input links (from neighbours / local source)
  input  logic [4:0]            in_valid_i,
  input  logic [5*FlitBits-1:0] in_flit_i,
  /* verilator lint_off UNUSED */
  input  logic [5*VcBits-1:0]   in_vc_i,       // unused with one VC
  /* verilator lint_on UNUSED */
  output logic [5*Vcs-1:0]      in_credit_o,   // input p, VC v at p*Vcs+v
  // output links (to neighbours / local sink)
  output logic [4:0]            out_valid_o,
  output logic [5*FlitBits-1:0] out_flit_o,
  output logic [5*VcBits-1:0]   out_vc_o,      // 0 on the local output (one channel)
  /* verilator lint_off UNUSED */
  input  logic [5*Vcs-1:0]      out_credit_i   // local output: only VC 0's bit is used
  /* verilator lint_on UNUSED */
);
  localparam int NumPorts = 5;
  localparam int PortN = 0;
  localparam int PortE = 1;
  localparam int PortS = 2;
  localparam int PortW = 3;
  localparam int PortL = 4;
  localparam int NumQ = NumPorts * Vcs;  // input queues: input i, VC v at i*Vcs+v
  localparam int QIdxBits = $clog2(NumQ);  // width of a queue number (NumQ >= 5)

  // ---- input buffers, one per input and VC ---------------------------------------------------
  logic [FlitBits-1:0]   q_flit [NumQ];
  logic [NumQ-1:0]       q_valid;
  logic [NumQ-1:0]       q_push;
  logic [NumQ-1:0]       q_pop;
  /* verilator lint_off UNUSED */
  logic [NumQ-1:0]       q_ready;  // only checked by an assertion: credits prevent overflow
  logic [CountWidth-1:0] q_count [NumQ];
  /* verilator lint_on UNUSED */

  for (genvar i = 0; i < NumPorts; i++) begin : gen_input
    for (genvar v = 0; v < Vcs; v++) begin : gen_vc
      localparam int Q = i * Vcs + v;
      if (Vcs == 1) begin : gen_one
        assign q_push[Q] = in_valid_i[i];
      end else begin : gen_many
        assign q_push[Q] = in_valid_i[i] && (in_vc_i[i*VcBits +: VcBits] == VcBits'(v));
      end
      snap_shift_fifo #(
        .Width     (FlitBits),
        .Depth     (BufferDepth),
        .CountWidth(CountWidth)
      ) u_fifo (
        .clk_i      (clk_i),
        .rst_ni     (rst_ni),
        .in_valid_i (q_push[Q]),
        .in_ready_o (q_ready[Q]),
        .in_data_i  (in_flit_i[i*FlitBits +: FlitBits]),
        .out_valid_o(q_valid[Q]),
        .out_ready_i(q_pop[Q]),
        .out_data_o (q_flit[Q]),
        .count_o    (q_count[Q])
      );
    end
  end

  // ---- route computation (dimension order on global coordinates) ------------------------------
  // Returns a one-hot output-port vector for destination (dx, dy).
  function automatic logic [NumPorts-1:0] route(input logic [XBits-1:0] dx, input logic [YBits-1:0] dy);
    logic go_e, go_w, go_s, go_n;
    // At a grid edge some of these comparisons are constant (e.g. dx < 0): intended, and folded.
    /* verilator lint_off CMPCONST */
    /* verilator lint_off UNSIGNED */
    go_e = dx > XBits'(X);
    go_w = dx < XBits'(X);
    go_s = dy > YBits'(Y);
    go_n = dy < YBits'(Y);
    /* verilator lint_on UNSIGNED */
    /* verilator lint_on CMPCONST */
    route = '0;
    if (RoutingYx == 0) begin
      if (go_e)      route[PortE] = 1'b1;
      else if (go_w) route[PortW] = 1'b1;
      else if (go_s) route[PortS] = 1'b1;
      else if (go_n) route[PortN] = 1'b1;
      else           route[PortL] = 1'b1;
    end else begin
      if (go_s)      route[PortS] = 1'b1;
      else if (go_n) route[PortN] = 1'b1;
      else if (go_e) route[PortE] = 1'b1;
      else if (go_w) route[PortW] = 1'b1;
      else           route[PortL] = 1'b1;
    end
  endfunction

  // Turns of dimension-order routing: a flit that entered on input i can leave on output o.
  // Local input: anywhere (also back to local). Input of the first dimension (XY: east/west): on
  // anything but back where it came from. Input of the second dimension (XY: north/south): only
  // straight on or to local (the first dimension is done). The router computes routes on the
  // head flit's destination as before; every flit forwarded by a neighbouring router wants a
  // legal turn (one that entered moving west has dst_x <= X; one that entered in the second
  // dimension has the first one done), so pruning the others changes no behaviour.
  function automatic logic turn_ok(input int i, input int o);
    logic i_is_x, i_is_y, o_is_x, o_is_y, first_dim;
    i_is_x    = (i == PortE) || (i == PortW);
    i_is_y    = (i == PortN) || (i == PortS);
    o_is_x    = (o == PortE) || (o == PortW);
    o_is_y    = (o == PortN) || (o == PortS);
    first_dim = (RoutingYx == 0) ? i_is_x : i_is_y;
    if (i == PortL || o == PortL) turn_ok = 1'b1;
    else if (i == o)              turn_ok = 1'b0;  // no U-turn
    else if (first_dim)           turn_ok = 1'b1;
    else                          turn_ok = (i_is_x && o_is_x) || (i_is_y && o_is_y);  // straight on
  endfunction

  // ---- output channels: one per output and VC (the local output has only VC 0) ----------------
  // chan_free[v][o]: output o's channel for a VC-v packet is unlocked and has a credit (a head
  // may take it); chan_credit[v][o]: it has a credit (a body flit of the packet holding it may go).
  // (Source allocation reads chan_free/chan_credit, per-hop allocation any_free/free_vc below;
  // the unread pair folds away.)
  /* verilator lint_off UNUSED */
  logic [Vcs*NumPorts-1:0] chan_free;    // VC v's vector at [v*NumPorts +: NumPorts]
  logic [Vcs*NumPorts-1:0] chan_credit;
  /* verilator lint_on UNUSED */
  logic [Vcs-1:0]      locked [NumPorts];  // channel (o, v) held by a packet in flight
  logic [Vcs-1:0]      credit_ok [NumPorts];
  /* verilator lint_off UNUSED */
  logic [CountWidth-1:0] credit_count [NumPorts*Vcs];  // channel (o, v) at o*Vcs+v
  /* verilator lint_on UNUSED */
  for (genvar v = 0; v < Vcs; v++) begin : gen_chan_vc
    for (genvar o = 0; o < NumPorts; o++) begin : gen_chan_out
      localparam int OutVc = (o == PortL) ? 0 : v;  // ejection is one channel
      assign chan_credit[v*NumPorts+o] = credit_ok[o][OutVc];
      assign chan_free[v*NumPorts+o]   = credit_ok[o][OutVc] && !locked[o][OutVc];
    end
  end

  // Per hop: the lowest free channel of each output (any_free[o]: there is one). The local output
  // is one channel: chan_free reads its VC 0 for every v, so it only ever offers VC 0.
  /* verilator lint_off UNUSED */
  logic [NumPorts-1:0] any_free;
  logic [VcBits-1:0]   free_vc [NumPorts];
  /* verilator lint_on UNUSED */
  for (genvar o = 0; o < NumPorts; o++) begin : gen_free
    always_comb begin
      any_free[o] = 1'b0;
      free_vc[o]  = '0;
      for (int v = Vcs - 1; v >= 0; v--) begin
        if (chan_free[v*NumPorts+o]) begin
          any_free[o] = 1'b1;
          free_vc[o]  = VcBits'(v);
        end
      end
    end
  end

  // ---- per queue: route, packet state, what it may do now --------------------------------------
  logic [NumQ-1:0]     active_q;           // a packet is in flight (head passed, tail not yet)
  logic [NumPorts-1:0] route_q [NumQ];     // the output it holds
  logic [NumPorts-1:0] want [NumQ];        // one-hot output of the queue's head flit (0 if empty)
  logic [NumPorts-1:0] can [NumQ];         // want, where the output channel can take the flit now
  logic [NumQ-1:0]     head_is_head;       // type bits of each queue's head flit
  logic [NumQ-1:0]     head_is_tail;
  /* verilator lint_off UNUSED */
  logic [VcBits-1:0]   ovc_q [NumQ];       // per hop: the output VC of the packet in flight
  /* verilator lint_on UNUSED */
  logic [VcBits-1:0]   q_ovc [NumQ];       // the output VC the queue's head flit would take
  for (genvar q = 0; q < NumQ; q++) begin : gen_route
    assign want[q] = !q_valid[q] ? '0 :
                     active_q[q] ? route_q[q] :
                     route(q_flit[q][DstXOff +: XBits], q_flit[q][DstYOff +: YBits]);
    if (VcPerHop == 0 || Vcs == 1) begin : gen_static
      assign can[q] = want[q] & (active_q[q] ? chan_credit[(q % Vcs)*NumPorts +: NumPorts]
                                             : chan_free[(q % Vcs)*NumPorts +: NumPorts]);
      assign q_ovc[q] = VcBits'(q % Vcs);  // the local output maps it to 0 in the crossbar
    end else begin : gen_per_hop
      logic [NumPorts-1:0] body_ok;  // the packet's output channel has a credit, per output
      for (genvar o = 0; o < NumPorts; o++) begin : gen_body_ok
        assign body_ok[o] = credit_ok[o][ovc_q[q]];
      end
      assign can[q] = want[q] & (active_q[q] ? body_ok : any_free);
      // The head's output is one-hot in want: an AND-OR over the five outputs, written out. The
      // same as a loop in always_comb (as the crossbar's) hung Icarus 12 in noc_equiv's per-hop
      // router runs (2026-12-06), with or without reading its own result.
      assign q_ovc[q] = active_q[q] ? ovc_q[q] :
                        (free_vc[0] & {VcBits{want[q][0]}}) | (free_vc[1] & {VcBits{want[q][1]}}) |
                        (free_vc[2] & {VcBits{want[q][2]}}) | (free_vc[3] & {VcBits{want[q][3]}}) |
                        (free_vc[4] & {VcBits{want[q][4]}});
    end
    assign head_is_head[q] = q_flit[q][TypeOff];
    assign head_is_tail[q] = q_flit[q][TypeOff + 1];
  end

  // ---- switch allocation per output, over every input queue -----------------------------------
  // Each output arbitrates among the input queues (input i, VC v) directly, so two VCs of one
  // input can move flits to two different outputs in the same cycle (the crossbar has one leg per
  // queue: input speedup Vcs). With one VC this is the one-VC router's per-input allocation.
  logic [NumQ-1:0]     req [NumPorts];      // req[o][q]: queue q wants output o and may go
  logic [NumQ-1:0]     gnt [NumPorts];      // gnt[o][q]: queue q moves a flit to output o now
  logic [NumPorts-1:0] move;                // output o takes a flit this cycle
  logic [FlitBits-1:0] xbar [NumPorts];     // flit selected for output o
  logic [VcBits-1:0]   xbar_vc [NumPorts];  // its output channel's VC
  logic [FlitBits-1:0] out_flit_q [NumPorts];
  logic [VcBits-1:0]   out_vc_q [NumPorts];
  /* verilator lint_off UNUSED */
  logic [QIdxBits-1:0] arb_idx [NumPorts];
  logic [NumPorts-1:0] arb_any;
  /* verilator lint_on UNUSED */

  for (genvar o = 0; o < NumPorts; o++) begin : gen_output
    for (genvar q = 0; q < NumQ; q++) begin : gen_req
      // Turns the routing function never takes are not wired (a constant 0 request folds the
      // crossbar leg and the arbiter input away); an assertion below checks none is requested.
      if (turn_ok(q / Vcs, o)) begin : gen_leg
        assign req[o][q] = can[q][o];
      end else begin : gen_no_leg
        assign req[o][q] = 1'b0;
      end
    end

    // Requests already carry the channel's lock and credit, so a grant always transfers. The
    // round-robin pointer moves only when a head flit (a new packet) passes: a packet holding a
    // channel is the only requester of it, as with one VC.
    snap_rr_arbiter #(
      .N       (NumQ),
      .IdxWidth(QIdxBits)
    ) u_arb (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .req_i      (req[o]),
      .advance_i  (move[o] && xbar[o][TypeOff]),
      .gnt_o      (gnt[o]),
      .gnt_idx_o  (arb_idx[o]),
      .gnt_valid_o(arb_any[o])
    );

    assign move[o] = |gnt[o];

    // One-hot AND-OR crossbar (gnt[o] has at most one bit set). A loop in always_comb, not a
    // module-scope function: Icarus 12 mis-simulates the router when a function does this OR.
    always_comb begin
      xbar[o] = '0;
      for (int q = 0; q < NumQ; q++) begin
        xbar[o] = xbar[o] | (q_flit[q] & {FlitBits{gnt[o][q]}});
      end
    end
    always_comb begin
      xbar_vc[o] = '0;
      for (int q = 0; q < NumQ; q++) begin  // the local output is one channel: VC 0
        xbar_vc[o] = xbar_vc[o] | (q_ovc[q] & {VcBits{gnt[o][q] && (o != PortL)}});
      end
    end

    for (genvar v = 0; v < Vcs; v++) begin : gen_chan
      if (o == PortL && v > 0) begin : gen_none
        assign credit_ok[o][v]    = 1'b0;
        assign locked[o][v]       = 1'b0;
        assign credit_count[o*Vcs+v] = '0;
      end else begin : gen_live
        logic take;    // this channel carries the moving flit
        logic lock_q;  // held by a packet in flight
        logic avail;   // a credit is available (Icarus: no port drives a bit of an array word)
        assign take = move[o] && (xbar_vc[o] == VcBits'(v));
        snap_credit_counter #(
          .MaxCredits(BufferDepth),
          .CountWidth(CountWidth)
        ) u_credit (
          .clk_i      (clk_i),
          .rst_ni     (rst_ni),
          .consume_i  (take),
          .credit_i   (out_credit_i[o*Vcs+v]),
          .available_o(avail),
          .count_o    (credit_count[o*Vcs+v])
        );
        // Channel lock: taken by a head that is not also a tail, released by the tail.
        always_ff @(posedge clk_i or negedge rst_ni) begin
          if (!rst_ni) begin
            lock_q <= 1'b0;
          end else if (take) begin
            if (xbar[o][TypeOff + 1]) lock_q <= 1'b0;
            else if (xbar[o][TypeOff]) lock_q <= 1'b1;
          end
        end
        assign locked[o][v]    = lock_q;
        assign credit_ok[o][v] = avail;
      end
    end

    // Output register: the link is driven from a flop.
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        out_valid_o[o] <= 1'b0;
      end else begin
        out_valid_o[o] <= move[o];
      end
    end
    always_ff @(posedge clk_i) begin
      if (move[o]) begin
        out_flit_q[o] <= xbar[o];
        out_vc_q[o]   <= xbar_vc[o];
      end
    end
    assign out_flit_o[o*FlitBits +: FlitBits] = out_flit_q[o];
    assign out_vc_o[o*VcBits +: VcBits]       = out_vc_q[o];
  end

  // ---- input side state: pop, packet state, credit return --------------------------------------
  for (genvar q = 0; q < NumQ; q++) begin : gen_queue_state
    assign q_pop[q] = gnt[0][q] | gnt[1][q] | gnt[2][q] | gnt[3][q] | gnt[4][q];

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        active_q[q] <= 1'b0;
        route_q[q]  <= '0;
        ovc_q[q]    <= '0;
      end else if (q_pop[q]) begin
        if (head_is_tail[q]) begin
          active_q[q] <= 1'b0;
        end else if (head_is_head[q]) begin
          active_q[q] <= 1'b1;
          route_q[q]  <= want[q];
          ovc_q[q]    <= q_ovc[q];
        end
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) in_credit_o[q] <= 1'b0;
      else         in_credit_o[q] <= q_pop[q];
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Per queue, checked on the cycles the queue holds or receives a flit (immediate assertions
  // under one test, so an idle queue costs a cycle-based simulator one comparison; queues are
  // empty and links quiet in reset):
  // - its head flit wants an output the crossbar has no leg for (a turn dimension-order routing
  //   never takes): such a flit would wait forever, so the simulation stops instead;
  // - credits guarantee the FIFO has room for every arriving flit;
  // - wormhole framing: a packet starts with a head flit, and no head arrives mid-packet.
  for (genvar q = 0; q < NumQ; q++) begin : gen_assert
    logic [NumPorts-1:0] legal;
    for (genvar o = 0; o < NumPorts; o++) begin : gen_legal
      assign legal[o] = turn_ok(q / Vcs, o);
    end
    always_ff @(posedge clk_i) begin
      if (q_valid[q] || q_push[q]) begin
        assert ((want[q] & ~legal) == '0)
          else $error("snap_noc_router(%0d,%0d): input %0d VC %0d wants a turn dimension-order routing never takes",
                      X, Y, q / Vcs, q % Vcs);
        assert (!(q_push[q] && !q_ready[q]))
          else $error("snap_noc_router(%0d,%0d): input %0d VC %0d overflow (credit protocol broken)", X, Y,
                      q / Vcs, q % Vcs);
        assert (!(q_valid[q] && (active_q[q] == head_is_head[q])))
          else $error("snap_noc_router(%0d,%0d): input %0d VC %0d framing error", X, Y, q / Vcs, q % Vcs);
      end
    end
  end
`endif
`endif
endmodule
