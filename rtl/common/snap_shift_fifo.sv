// snap_shift_fifo: synchronous FIFO with valid/ready on both sides, the same interface and cycle
// behaviour as snap_fifo (no bypass: in_ready_o = !full, one-cycle minimum latency), built as a
// shift register: entry 0 is the head, so out_data_o comes straight from a flop (no read pointer
// whose fanout is the whole width, no read multiplexer). On a pop every valid entry takes its
// upper neighbour (the entry at the fill level takes in_data_i); a push without a pop writes the
// entry at the fill level. Depth 1 is allowed.
//
// The data select of entry k is "pop and entry k+1 valid", not the fill-level compare alone: for
// the entry below the top that compare is a bare count_q bit, and a flop driving Width selects
// directly is left unbuffered by the synthesis flow (ABC buffers only logic nets), which cost
// 4 ns in OSU 0.18 timing; through the AND with the pop the select is a logic net ABC buffers.
module snap_shift_fifo #(
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
  logic [Width-1:0]      mem_q [Depth];
  logic [CountWidth-1:0] count_q;

  logic push, pop;
  assign push = in_valid_i && in_ready_o;
  assign pop  = out_valid_o && out_ready_i;

  assign in_ready_o  = (count_q != CountWidth'(Depth));
  assign out_valid_o = (count_q != '0);
  assign out_data_o  = mem_q[0];
  assign count_o     = count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else if (push && !pop) begin
      count_q <= count_q + CountWidth'(1);
    end else if (pop && !push) begin
      count_q <= count_q - CountWidth'(1);
    end
  end

  // Storage has no reset: only entries below count_q are read. A pop rewrites every valid entry
  // (entry k takes entry k+1; the one at count_q-1 takes in_data_i, which is the pushed flit or,
  // without a push, a don't-care above the new fill level); a push alone writes the entry at the
  // fill level. One block under push || pop holds every write (the same logic for synthesis), so
  // a cycle-based simulator skips the whole storage on an idle cycle, not entry by entry.
  always_ff @(posedge clk_i) begin
    if (push || pop) begin
      for (int k = 0; k < Depth - 1; k++) begin
        if ((pop && (count_q > CountWidth'(k))) || (push && (count_q == CountWidth'(k)))) begin
          // A pop with entry k+1 valid moves it here; every other write takes in_data_i (a push
          // alone writes the entry at the fill level, which is above every valid entry).
          mem_q[k] <= (pop && (count_q > CountWidth'(k + 1))) ? mem_q[k+1] : in_data_i;
        end
      end
      if ((pop && (count_q > CountWidth'(Depth - 1))) || (push && (count_q == CountWidth'(Depth - 1)))) begin
        mem_q[Depth-1] <= in_data_i;
      end
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Invariant: the fill level never exceeds Depth (checked on the cycles it moves: an immediate
  // assertion under push || pop costs an idle FIFO one test per cycle; count_q is 0 in reset).
  always_ff @(posedge clk_i) begin
    if (push || pop) begin
      // Constant when the bound is the counter's largest value (e.g. 1 in one bit): intended.
      /* verilator lint_off CMPCONST */
      assert (count_q <= CountWidth'(Depth)) else $error("snap_shift_fifo: count exceeds depth");
      /* verilator lint_on CMPCONST */
    end
  end
`endif
`endif
endmodule
