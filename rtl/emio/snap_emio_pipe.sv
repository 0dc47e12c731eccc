// snap_emio_pipe: Stages register stages on a bundle of wires (the package trace of a die-to-die
// link). Stages = 0 is a plain connection. Registers reset to zero and otherwise follow their
// input, so a held (idle) bus stays constant along the pipe and does not toggle.
module snap_emio_pipe #(
  /// Bundle width in bits.
  parameter int Width = 8,
  /// Register stages (0 = wire).
  parameter int Stages = 2
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [Width-1:0] in_i,
  output logic [Width-1:0] out_o
);
  if (Stages == 0) begin : gen_wire
    assign out_o = in_i;
    logic unused_clk_rst;
    assign unused_clk_rst = clk_i ^ rst_ni;
  end else begin : gen_regs
    logic [Width-1:0] stage_q [Stages];
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        for (int s = 0; s < Stages; s++) stage_q[s] <= '0;
      end else begin
        stage_q[0] <= in_i;
        for (int s = 1; s < Stages; s++) stage_q[s] <= stage_q[s-1];
      end
    end
    assign out_o = stage_q[Stages-1];
  end
endmodule
