// snap_credit_counter: sender-side credit counter for credit-based flow control.
// Starts full (MaxCredits = receiver buffer depth); a send consumes one credit, a returned credit
// adds one. Both may happen in the same cycle.
module snap_credit_counter #(
  /// Credits available after reset (the receiver's buffer depth).
  parameter int MaxCredits = 4,
  /// Counter width: $clog2(MaxCredits+1), written as a number by the generator.
  parameter int CountWidth = 3
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  /// A unit is sent this cycle (must only be asserted when available_o).
  input  logic                  consume_i,
  /// The receiver freed one buffer entry.
  input  logic                  credit_i,
  output logic                  available_o,
  output logic [CountWidth-1:0] count_o
);
  logic [CountWidth-1:0] count_q;

  assign available_o = (count_q != '0);
  assign count_o     = count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= CountWidth'(MaxCredits);
    end else if (consume_i && !credit_i) begin
      count_q <= count_q - CountWidth'(1);
    end else if (credit_i && !consume_i) begin
      count_q <= count_q + CountWidth'(1);
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Invariants: never consume without a credit, never return more credits than were taken, and
  // the count itself stays in 0..MaxCredits (a wrong reset value or update is caught even when no
  // transition above is taken at the boundary). Checked on the cycles the count moves, as
  // immediate assertions under one test, so an idle counter costs a cycle-based simulator one
  // comparison (the count is MaxCredits and the inputs quiet in reset).
  always_ff @(posedge clk_i) begin
    if (consume_i != credit_i) begin
      assert (!(consume_i && count_q == '0)) else $error("snap_credit_counter: underflow");
      assert (!(credit_i && count_q == CountWidth'(MaxCredits)))
        else $error("snap_credit_counter: overflow");
      // Constant when the bound is the counter's largest value (e.g. 1 in one bit): intended.
      /* verilator lint_off CMPCONST */
      assert (count_q <= CountWidth'(MaxCredits))
        else $error("snap_credit_counter: count above MaxCredits");
      /* verilator lint_on CMPCONST */
    end
  end
`endif
`endif
endmodule
