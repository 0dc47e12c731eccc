// tb_router: one snap_noc_router (at (1,1) of a 3x3 mesh) in Icarus, self-checking: random
// packets of 1-3 flits on all five inputs (destinations legal for the input under the routing
// order, a random VC per packet, sent only with a credit of that input and VC), sinks that
// return credits late (max backpressure phases), then the open packets are finished and the
// router drains. Every flit carries its source input, VC and a per-(input, VC) sequence number.
// Checks, per flit seen on an output: no X/Z bits; the output is the one dimension-order routing
// takes; the output VC is the flit's own with source allocation, any with per-hop allocation, 0
// on the local output; flits of one (input, VC) leave in order, none lost or duplicated; on each
// output channel (output, VC) the flits of a packet are contiguous. At the end every injected
// flit has left. Prints one "RESULT" line. (Icarus 12 once mis-simulated the VC router, X on
// every flit, while Verilator was right: this is the check that would have caught it.)
module tb_router;
  parameter int Vcs = 2;
  parameter int VcBits = 1;
  parameter int RoutingYx = 0;
  parameter int VcPerHop = 0;
  parameter int Cycles = 10000;
  localparam int FB = 24;  // [0] head [1] tail [3:2] dx [5:4] dy [8:6] src [10:9] vc [23:11] seq
  localparam int Depth = 4;
  localparam int X = 1, Y = 1;

  logic                clk = 1'b0, rst_n = 1'b1;
  logic [4:0]          in_valid;
  logic [5*FB-1:0]     in_flit;
  logic [5*VcBits-1:0] in_vc;
  logic [5*Vcs-1:0]    in_credit;
  logic [4:0]          out_valid;
  logic [5*FB-1:0]     out_flit;
  logic [5*VcBits-1:0] out_vc;
  logic [5*Vcs-1:0]    out_credit;

  snap_noc_router #(
    .FlitBits(FB), .BufferDepth(Depth), .CountWidth(3), .XBits(2), .YBits(2), .X(X), .Y(Y),
    .TypeOff(0), .DstXOff(2), .DstYOff(4), .RoutingYx(RoutingYx), .Vcs(Vcs), .VcBits(VcBits),
    .VcPerHop(VcPerHop)
  ) dut (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(in_valid), .in_flit_i(in_flit), .in_vc_i(in_vc),
    .in_credit_o(in_credit), .out_valid_o(out_valid), .out_flit_o(out_flit), .out_vc_o(out_vc),
    .out_credit_i(out_credit)
  );

  int credits [5*Vcs];     // sender side, per (input, VC)
  int left [5*Vcs];        // flits still to send of the open packet, per (input, VC)
  int dst_x [5*Vcs], dst_y [5*Vcs];
  int sent_seq [5*Vcs];    // next sequence number to send
  int seen_seq [5*Vcs];    // next sequence number expected out
  int owed [5*Vcs];        // sink side: flits received on channel (output, VC), credit not returned
  int open_src [5*Vcs];    // sink side: (input*Vcs+vc) of the packet open on channel, -1 if none
  int injected = 0, delivered = 0, errors = 0;

  // Dimension-order output for a destination (0 N, 1 E, 2 S, 3 W, 4 local).
  function automatic int route_of(input int dx, input int dy);
    if (RoutingYx == 0)
      route_of = dx > X ? 1 : dx < X ? 3 : dy > Y ? 2 : dy < Y ? 0 : 4;
    else
      route_of = dy > Y ? 2 : dy < Y ? 0 : dx > X ? 1 : dx < X ? 3 : 4;
  endfunction

  // Can a flit for (dx, dy) arrive on input p? (It travels away from the neighbour it came from,
  // and the first dimension is done before the second one starts.)
  function automatic logic legal(input int p, input int dx, input int dy);
    logic x_first;
    x_first = (RoutingYx == 0);
    case (p)
      0: legal = dy >= Y && (x_first ? dx == X : 1'b1);  // from the north, moving south
      2: legal = dy <= Y && (x_first ? dx == X : 1'b1);  // from the south, moving north
      1: legal = dx <= X && (x_first ? 1'b1 : dy == Y);  // from the east, moving west
      3: legal = dx >= X && (x_first ? 1'b1 : dy == Y);  // from the west, moving east
      default: legal = 1'b1;
    endcase
  endfunction

  task automatic fail(string what, int o, logic [FB-1:0] f);
    errors++;
    if (errors <= 8) $display("ERROR output %0d flit %h: %s", o, f, what);
  endtask

  initial begin
    for (int k = 0; k < 5 * Vcs; k++) begin
      credits[k] = Depth; left[k] = 0; sent_seq[k] = 0; seen_seq[k] = 0; owed[k] = 0;
      open_src[k] = -1;
    end
    in_valid = '0; in_flit = '0; in_vc = '0; out_credit = '0;
    #1 rst_n = 1'b0;
    #4 rst_n = 1'b1;
    for (int t = 0; t < Cycles + 2000; t++) begin
      // Phases of 500 cycles: sinks return credits readily, then hardly (max backpressure).
      int ret_pct;
      bit inject;
      ret_pct = ((t / 500) % 2 == 0) ? 90 : 8;
      inject  = t < Cycles;
      // Sources: each input sends at most one flit, on one VC (the link carries one flit).
      for (int p = 0; p < 5; p++) begin
        int v, k;
        logic [FB-1:0] f;
        v = $urandom % Vcs;
        // After the injection phase only the open packets are finished (an unfinished packet
        // would hold its output channel forever).
        if (!inject) for (int w = Vcs - 1; w >= 0; w--) if (left[p * Vcs + w] > 0) v = w;
        k = p * Vcs + v;
        f = '0;
        in_valid[p] = 1'b0;
        if ((inject || left[k] > 0) && credits[k] > 0 && ($urandom % 4) != 0) begin
          if (left[k] == 0) begin
            int dx, dy;
            do begin dx = $urandom % 3; dy = $urandom % 3; end while (!legal(p, dx, dy));
            dst_x[k] = dx; dst_y[k] = dy; left[k] = 1 + $urandom % 3;
            f[0] = 1'b1;
          end
          f[1] = (left[k] == 1);
          f[3:2] = 2'(dst_x[k]); f[5:4] = 2'(dst_y[k]); f[8:6] = 3'(p); f[10:9] = 2'(v);
          f[23:11] = 13'(sent_seq[k]);
          sent_seq[k]++; left[k]--; credits[k]--; injected++;
          in_valid[p] = 1'b1;
          in_flit[p*FB +: FB] = f;
          in_vc[p*VcBits +: VcBits] = VcBits'(v);
        end
      end
      // Sinks: return at most one credit per channel per cycle.
      for (int k = 0; k < 5 * Vcs; k++) begin
        out_credit[k] = (owed[k] > 0) && (($urandom % 100) < ret_pct);
        if (out_credit[k]) owed[k]--;
      end
      #5 clk = 1'b1;
      #1;
      for (int k = 0; k < 5 * Vcs; k++) if (in_credit[k] === 1'b1) credits[k]++;
      for (int o = 0; o < 5; o++) begin
        if (out_valid[o] !== 1'b0) begin
          logic [FB-1:0] f;
          logic [VcBits-1:0] ov;
          int src, v, k, ch;
          f  = out_flit[o*FB +: FB];
          ov = out_vc[o*VcBits +: VcBits];
          if (out_valid[o] !== 1'b1 || $isunknown(f) || $isunknown(ov)) begin
            fail("X or Z", o, f);
          end else begin
            src = f[8:6]; v = f[10:9]; k = src * Vcs + v;
            ch = o * Vcs + int'(ov);  // the output channel the flit took
            delivered++;
            owed[ch]++;
            if (owed[ch] > Depth) fail("more flits than credits", o, f);
            if (route_of(f[3:2], f[5:4]) != o) fail("wrong output", o, f);
            // Local output: VC 0. Source allocation: the flit's own VC. Per hop: any VC (the
            // contiguity check below holds the packet to one channel).
            if (o == 4 ? ov != 0 : VcPerHop == 0 ? ov != VcBits'(v) : int'(ov) >= Vcs)
              fail("wrong output VC", o, f);
            if (src > 4 || v >= Vcs) fail("bad source", o, f);
            else begin
              if (f[23:11] != 13'(seen_seq[k])) fail("out of order, lost or duplicated", o, f);
              seen_seq[k] = f[23:11] + 1;
            end
            if (f[0]) begin
              if (open_src[ch] != -1) fail("head inside another packet", o, f);
              open_src[ch] = k;
            end else if (open_src[ch] != k) begin
              fail("body flit not of the open packet", o, f);
            end
            if (f[1]) open_src[ch] = -1;
          end
        end
      end
      #4 clk = 1'b0;
    end
    if (delivered != injected) begin
      errors++;
      $display("ERROR %0d flits injected, %0d delivered", injected, delivered);
    end
    $display("RESULT router Vcs=%0d RoutingYx=%0d VcPerHop=%0d injected=%0d delivered=%0d mismatches=%0d",
             Vcs, RoutingYx, VcPerHop, injected, delivered, errors);
    $finish;
  end
endmodule
