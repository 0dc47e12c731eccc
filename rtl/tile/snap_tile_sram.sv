// snap_tile_sram: single-port-write, single-port-read memory with a registered read (an SRAM
// macro's timing): rdata_o in cycle t+1 is the word at raddr_i of cycle t. Used for the tile's
// weight memory and activation buffer.
// In synthesis (`SYNTHESIS`, which Yosys defines) this is a black box standing for a memory
// macro, so logic synthesis does not map kilobits of storage to flip-flops; simulators
// (Verilator, Icarus) use the behavioural model below. A netlist simulation links this file too.
`ifdef SYNTHESIS
(* blackbox *)
`endif
module snap_tile_sram #(
  /// Word width in bits.
  parameter int Width = 8,
  /// Number of words (>= 2).
  parameter int Depth = 16,
  /// Address width: $clog2(Depth).
  parameter int AddrBits = 4,
  /// 1: load InitFile with $readmemh at time 0.
  parameter int InitEn = 0,
  /// $readmemh image (one word per line).
  parameter InitFile = ""
) (
  input  logic                clk_i,
  input  logic                we_i,
  input  logic [AddrBits-1:0] waddr_i,
  input  logic [Width-1:0]    wdata_i,
  input  logic [AddrBits-1:0] raddr_i,
  output logic [Width-1:0]    rdata_o
);
`ifndef SYNTHESIS
  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  if (InitEn != 0) begin : gen_init
    initial $readmemh(InitFile, mem_q);
  end

  // No reset: contents and read data are only used where the tile's control says they are valid.
  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
  end
  always_ff @(posedge clk_i) begin
    rdata_q <= mem_q[raddr_i];
  end
  assign rdata_o = rdata_q;
`endif
endmodule
