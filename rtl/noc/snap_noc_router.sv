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
module snap_noc_router #(
  /// Flit width in bits.
  parameter int FlitBits = 64,
  /// Entries of each input FIFO (= credits of the upstream sender).
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
  parameter int RoutingYx = 0
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // input links (from neighbours / local source)
  input  logic [4:0]            in_valid_i,
  input  logic [5*FlitBits-1:0] in_flit_i,
  output logic [4:0]            in_credit_o,
  // output links (to neighbours / local sink)
  output logic [4:0]            out_valid_o,
  output logic [5*FlitBits-1:0] out_flit_o,
  input  logic [4:0]            out_credit_i
);
  localparam int NumPorts = 5;
  localparam int PortN = 0;
  localparam int PortE = 1;
  localparam int PortS = 2;
  localparam int PortW = 3;
  localparam int PortL = 4;

  // ---- input buffers -------------------------------------------------------------------------
  logic [FlitBits-1:0]   head_flit [NumPorts];
  logic [NumPorts-1:0]   head_valid;
  logic [NumPorts-1:0]   pop;
  /* verilator lint_off UNUSED */
  logic [NumPorts-1:0]   fifo_ready;  // only checked by an assertion: credits prevent overflow
  logic [CountWidth-1:0] fifo_count [NumPorts];
  /* verilator lint_on UNUSED */

  for (genvar i = 0; i < NumPorts; i++) begin : gen_input
    snap_shift_fifo #(
      .Width     (FlitBits),
      .Depth     (BufferDepth),
      .CountWidth(CountWidth)
    ) u_fifo (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (in_valid_i[i]),
      .in_ready_o (fifo_ready[i]),
      .in_data_i  (in_flit_i[i*FlitBits +: FlitBits]),
      .out_valid_o(head_valid[i]),
      .out_ready_i(pop[i]),
      .out_data_o (head_flit[i]),
      .count_o    (fifo_count[i])
    );
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

  // Per input: is a packet in flight (head passed, tail not yet), and the output it holds.
  logic [NumPorts-1:0] active_q;
  logic [NumPorts-1:0] route_q [NumPorts];
  // Per input: the one-hot output its head-of-FIFO flit wants (0 when the FIFO is empty).
  logic [NumPorts-1:0] want [NumPorts];

  for (genvar i = 0; i < NumPorts; i++) begin : gen_route
    assign want[i] = !head_valid[i] ? '0 :
                     active_q[i]    ? route_q[i] :
                     route(head_flit[i][DstXOff +: XBits], head_flit[i][DstYOff +: YBits]);
  end

  // ---- switch allocation per output ----------------------------------------------------------
  logic [NumPorts-1:0] locked_q;            // output held by a packet in flight
  logic [NumPorts-1:0] owner_q [NumPorts];  // one-hot input holding the output
  logic [NumPorts-1:0] credit_ok;           // downstream has a free buffer entry
  logic [NumPorts-1:0] req [NumPorts];      // req[o][i]: input i wants output o
  logic [NumPorts-1:0] arb_req [NumPorts];
  logic [NumPorts-1:0] arb_gnt [NumPorts];
  logic [NumPorts-1:0] gnt [NumPorts];      // gnt[o][i]: input i moves a flit to output o now
  logic [NumPorts-1:0] move;                // output o takes a flit this cycle
  logic [FlitBits-1:0] xbar [NumPorts];     // flit selected for output o
  logic [FlitBits-1:0] out_flit_q [NumPorts];
  /* verilator lint_off UNUSED */
  logic [2:0]          arb_idx [NumPorts];
  logic [NumPorts-1:0] arb_any;
  logic [CountWidth-1:0] credit_count [NumPorts];
  /* verilator lint_on UNUSED */

  for (genvar o = 0; o < NumPorts; o++) begin : gen_output
    for (genvar i = 0; i < NumPorts; i++) begin : gen_req
      // Turns the routing function never takes are not wired (a constant 0 request folds the
      // crossbar leg and the arbiter input away); an assertion below checks none is requested.
      if (turn_ok(i, o)) begin : gen_leg
        assign req[o][i] = want[i][o];
      end else begin : gen_no_leg
        assign req[o][i] = 1'b0;
      end
    end

    // A free output is arbitrated among head flits; requests are masked by the credit, so a
    // grant always transfers and the round-robin pointer only moves on a real transfer.
    assign arb_req[o] = (locked_q[o] || !credit_ok[o]) ? '0 : req[o];

    snap_rr_arbiter #(
      .N       (NumPorts),
      .IdxWidth(3)
    ) u_arb (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .req_i      (arb_req[o]),
      .advance_i  (move[o] && !locked_q[o]),
      .gnt_o      (arb_gnt[o]),
      .gnt_idx_o  (arb_idx[o]),
      .gnt_valid_o(arb_any[o])
    );

    assign gnt[o] = !locked_q[o] ? arb_gnt[o] : credit_ok[o] ? (owner_q[o] & req[o]) : '0;

    assign move[o] = |gnt[o];

    // One-hot AND-OR crossbar (gnt[o] has at most one bit set).
    assign xbar[o] = (head_flit[0] & {FlitBits{gnt[o][0]}}) | (head_flit[1] & {FlitBits{gnt[o][1]}}) |
                     (head_flit[2] & {FlitBits{gnt[o][2]}}) | (head_flit[3] & {FlitBits{gnt[o][3]}}) |
                     (head_flit[4] & {FlitBits{gnt[o][4]}});

    snap_credit_counter #(
      .MaxCredits(BufferDepth),
      .CountWidth(CountWidth)
    ) u_credit (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .consume_i  (move[o]),
      .credit_i   (out_credit_i[o]),
      .available_o(credit_ok[o]),
      .count_o    (credit_count[o])
    );

    // Output lock: taken by a head that is not also a tail, released by the tail.
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        locked_q[o] <= 1'b0;
        owner_q[o]  <= '0;
      end else if (move[o]) begin
        if (xbar[o][TypeOff + 1]) begin
          locked_q[o] <= 1'b0;
        end else if (xbar[o][TypeOff]) begin
          locked_q[o] <= 1'b1;
          owner_q[o]  <= gnt[o];
        end
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
      if (move[o]) out_flit_q[o] <= xbar[o];
    end
    assign out_flit_o[o*FlitBits +: FlitBits] = out_flit_q[o];
  end

  // ---- input side state: pop, packet state, credit return --------------------------------------
  for (genvar i = 0; i < NumPorts; i++) begin : gen_pop
    assign pop[i] = gnt[0][i] | gnt[1][i] | gnt[2][i] | gnt[3][i] | gnt[4][i];

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        active_q[i] <= 1'b0;
        route_q[i]  <= '0;
      end else if (pop[i]) begin
        if (head_flit[i][TypeOff + 1]) begin
          active_q[i] <= 1'b0;
        end else if (head_flit[i][TypeOff]) begin
          active_q[i] <= 1'b1;
          route_q[i]  <= want[i];
        end
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) in_credit_o[i] <= 1'b0;
      else         in_credit_o[i] <= pop[i];
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // The head bit of each FIFO head, as its own vector: Verilator 5.006 --assert fails internally
  // (V3Unknown "No VarRef or Const under ArraySel") on head_flit[i][TypeOff] inside a property.
  logic [NumPorts-1:0] head_is_head;
  for (genvar i = 0; i < NumPorts; i++) begin : gen_head_bit
    assign head_is_head[i] = head_flit[i][TypeOff];
  end
  // An input whose head flit wants an output the crossbar has no leg for (a turn dimension-order
  // routing never takes): such a flit would wait forever, so the simulation stops instead.
  logic [NumPorts-1:0] bad_turn;
  for (genvar i = 0; i < NumPorts; i++) begin : gen_bad_turn
    logic [NumPorts-1:0] legal;
    for (genvar o = 0; o < NumPorts; o++) begin : gen_legal
      assign legal[o] = turn_ok(i, o);
    end
    assign bad_turn[i] = |(want[i] & ~legal);
  end
  for (genvar i = 0; i < NumPorts; i++) begin : gen_assert
    assert property (@(posedge clk_i) disable iff (!rst_ni) !bad_turn[i])
      else $error("snap_noc_router(%0d,%0d): input %0d wants a turn dimension-order routing never takes",
                  X, Y, i);
    // Credits guarantee the FIFO has room for every arriving flit.
    assert property (@(posedge clk_i) disable iff (!rst_ni) !(in_valid_i[i] && !fifo_ready[i]))
      else $error("snap_noc_router(%0d,%0d): input %0d overflow (credit protocol broken)", X, Y, i);
    // Wormhole framing: a packet starts with a head flit, and no head arrives mid-packet.
    assert property (@(posedge clk_i) disable iff (!rst_ni)
                     !(head_valid[i] && (active_q[i] == head_is_head[i])))
      else $error("snap_noc_router(%0d,%0d): input %0d framing error", X, Y, i);
  end
`endif
`endif
endmodule
