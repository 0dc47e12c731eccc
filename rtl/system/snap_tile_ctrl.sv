// snap_tile_ctrl: runs one layer per incoming vector on a tile (snap_tile_core) inside a chiplet.
// - Configuration bus (broadcast to every node; written only while the system is idle):
//     cfg_sel 0/1/2 -> the tile's load port (weights / bias / per-channel requant), addr and data as
//                      the tile defines them (docs/tile.md);
//     cfg_sel 3     -> layer registers: addr 0 = requant multiplier M, 1 = shift S, 2 = zero point,
//                      3 = batch B (1..MaxBatch, reset 1), 4 = vectors per run n (0, the reset
//                      value, = unknown: every call takes B vectors).
//   Writes for other nodes or other selectors are ignored.
// - Sequencing: when an activation vector is waiting (beats from snap_vec_to_beats) and the tile
//   is idle, pulse start_o with batch_o = min(B, vectors left of the run), then pass that many
//   vectors' beats to the tile (vector-major, as the tile takes them); the next call starts after
//   the tile has delivered all results of this one. The run's counter restarts after its last
//   call, so runs of n vectors can follow each other: a run of n vectors is ceil(n/B) calls, the
//   last of n - (ceil(n/B) - 1) * B vectors. call_batch_o holds the running call's batch (for the
//   result reorder buffer).
module snap_tile_ctrl #(
  /// This node's id on the configuration bus.
  parameter int NodeId = 0,
  /// Width of the node id.
  parameter int NodeBits = 4,
  /// Width of the configuration address / data.
  parameter int CfgAddrBits = 16,
  parameter int CfgDataBits = 64,
  /// Tile load-port widths (the tile's LdAddrBits / LdDataBits).
  parameter int LdAddrBits = 6,
  parameter int LdDataBits = 32,
  /// Requant field widths and the activation width (zero point is ActBits+1 bits, signed).
  parameter int MultBits = 32,
  parameter int ShiftBits = 6,
  parameter int ActBits = 8,
  /// Largest batch of the tile and the width of its cfg_batch_i ($clog2(MaxBatch + 1)).
  parameter int MaxBatch = 8,
  parameter int BatchBits = 4,
  /// Width of the run's vector counter.
  parameter int CountBits = 32
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // configuration bus
  input  logic                   cfg_valid_i,
  input  logic [NodeBits-1:0]    cfg_node_i,
  input  logic [2:0]             cfg_sel_i,
  input  logic [CfgAddrBits-1:0] cfg_addr_i,
  input  logic [CfgDataBits-1:0] cfg_data_i,
  // tile load port
  output logic                   ld_valid_o,
  input  logic                   ld_ready_i,
  output logic [1:0]             ld_sel_o,
  output logic [LdAddrBits-1:0]  ld_addr_o,
  output logic [LdDataBits-1:0]  ld_data_o,
  // layer registers
  output logic [MultBits-1:0]    mult_o,
  output logic [ShiftBits-1:0]   shift_o,
  output logic [ActBits:0]       zp_o,
  // activation beats in, to the tile
  input  logic                   beat_valid_i,
  output logic                   beat_ready_o,
  input  logic                   beat_last_i,
  output logic                   act_valid_o,
  input  logic                   act_ready_i,
  // tile command
  output logic                   start_o,
  output logic [BatchBits-1:0]   batch_o,
  output logic [BatchBits-1:0]   call_batch_o,
  input  logic                   busy_i
);
  logic mine;
  logic running_q;
  logic [MultBits-1:0]  mult_q;
  logic [ShiftBits-1:0] shift_q;
  logic [ActBits:0]     zp_q;
  logic [BatchBits-1:0] batch_q, call_batch_q, vecs_left_q;
  logic [CountBits-1:0] count_q, left_q, run_left;

  assign mine = cfg_valid_i && (cfg_node_i == NodeBits'(NodeId));

  assign ld_valid_o = mine && (cfg_sel_i <= 3'd2);
  assign ld_sel_o   = cfg_sel_i[1:0];
  assign ld_addr_o  = LdAddrBits'(cfg_addr_i);
  assign ld_data_o  = LdDataBits'(cfg_data_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mult_q  <= MultBits'(1);
      shift_q <= '0;
      zp_q    <= '0;
      batch_q <= BatchBits'(1);
      count_q <= '0;
    end else if (mine && cfg_sel_i == 3'd3) begin
      if (cfg_addr_i == CfgAddrBits'(0)) mult_q <= MultBits'(cfg_data_i);
      if (cfg_addr_i == CfgAddrBits'(1)) shift_q <= ShiftBits'(cfg_data_i);
      if (cfg_addr_i == CfgAddrBits'(2)) zp_q <= (ActBits + 1)'(cfg_data_i);
      if (cfg_addr_i == CfgAddrBits'(3)) batch_q <= BatchBits'(cfg_data_i);
      if (cfg_addr_i == CfgAddrBits'(4)) count_q <= CountBits'(cfg_data_i);
    end
  end
  assign mult_o  = mult_q;
  assign shift_o = shift_q;
  assign zp_o    = zp_q;

  // Vectors left of the run (left_q = 0: a new run starts, n = count_q); this call's batch.
  assign run_left = (left_q == '0) ? count_q : left_q;
  assign batch_o  = (run_left != '0 && run_left < CountBits'(batch_q)) ? BatchBits'(run_left) : batch_q;
  assign call_batch_o = call_batch_q;

  // Start the layer when a vector waits and the tile is idle; then stream batch_o vectors' beats.
  assign start_o      = beat_valid_i && !running_q && !busy_i;
  assign act_valid_o  = beat_valid_i && running_q;
  assign beat_ready_o = act_ready_i && running_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      running_q    <= 1'b0;
      call_batch_q <= BatchBits'(1);
      vecs_left_q  <= '0;
      left_q       <= '0;
    end else if (start_o) begin
      running_q    <= 1'b1;
      call_batch_q <= batch_o;
      vecs_left_q  <= batch_o;
      left_q       <= (run_left == '0) ? '0 : run_left - CountBits'(batch_o);
    end else if (act_valid_o && act_ready_i && beat_last_i) begin
      vecs_left_q <= vecs_left_q - BatchBits'(1);
      if (vecs_left_q == BatchBits'(1)) running_q <= 1'b0;
    end
  end

  logic unused_cfg;
  assign unused_cfg = ^{cfg_data_i, cfg_addr_i};

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Configuration is written only while the tile is idle, so its load port is always ready.
  assert property (@(posedge clk_i) disable iff (!rst_ni) ld_valid_o |-> ld_ready_i)
    else $error("snap_tile_ctrl: tile load while busy");
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   start_o |-> (batch_q >= BatchBits'(1) && batch_q <= BatchBits'(MaxBatch)))
    else $error("snap_tile_ctrl: batch register %0d outside 1..%0d", batch_q, MaxBatch);
`endif
`endif
endmodule
