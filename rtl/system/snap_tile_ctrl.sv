// snap_tile_ctrl: runs one layer per incoming vector on a tile (snap_tile_core) inside a chiplet.
// - Configuration bus (broadcast to every node; written only while the system is idle):
//     cfg_sel 0/1/2 -> the tile's load port (weights / bias / per-channel requant), addr and data as
//                      the tile defines them (docs/tile.md);
//     cfg_sel 3     -> layer registers: addr 0 = requant multiplier M, 1 = shift S, 2 = zero point.
//   Writes for other nodes or other selectors are ignored.
// - Sequencing: when an activation vector is waiting (beats from snap_vec_to_beats) and the tile
//   is idle, pulse start_o (layer shape In x Out, batch 1), then pass the vector's beats to the
//   tile; the next vector starts after the tile has delivered all results of this one.
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
  parameter int ActBits = 8
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
  input  logic                   busy_i
);
  logic mine;
  logic running_q;
  logic [MultBits-1:0]  mult_q;
  logic [ShiftBits-1:0] shift_q;
  logic [ActBits:0]     zp_q;

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
    end else if (mine && cfg_sel_i == 3'd3) begin
      if (cfg_addr_i == CfgAddrBits'(0)) mult_q <= MultBits'(cfg_data_i);
      if (cfg_addr_i == CfgAddrBits'(1)) shift_q <= ShiftBits'(cfg_data_i);
      if (cfg_addr_i == CfgAddrBits'(2)) zp_q <= (ActBits + 1)'(cfg_data_i);
    end
  end
  assign mult_o  = mult_q;
  assign shift_o = shift_q;
  assign zp_o    = zp_q;

  // Start the layer when a vector waits and the tile is idle; then stream its beats.
  assign start_o      = beat_valid_i && !running_q && !busy_i;
  assign act_valid_o  = beat_valid_i && running_q;
  assign beat_ready_o = act_ready_i && running_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) running_q <= 1'b0;
    else if (start_o) running_q <= 1'b1;
    else if (act_valid_o && act_ready_i && beat_last_i) running_q <= 1'b0;
  end

  logic unused_cfg;
  assign unused_cfg = ^{cfg_data_i, cfg_addr_i};

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Configuration is written only while the tile is idle, so its load port is always ready.
  assert property (@(posedge clk_i) disable iff (!rst_ni) ld_valid_o |-> ld_ready_i)
    else $error("snap_tile_ctrl: tile load while busy");
`endif
`endif
endmodule
