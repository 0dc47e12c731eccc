// system_tb: the Icarus counterpart of tb/sim/system_main.cpp (`snapgen run --icarus`). It drives
// the generated <name>_system through the same cycle sequence as the Verilator runner, restricted
// to out_ready = 1, no input gaps and no bit errors: 4 reset cycles, one configuration write per
// cycle, one idle cycle, then the input stream (a vector is offered as soon as the previous one
// was taken). It writes the runner's SimResult JSON (tb/harness/sim_job.hpp: status, cycles and
// outputs with latencies; no activity counters), so both simulators' results are read by the
// same code.
//
// Compile: iverilog -g2012 -DSNAP_SYSTEM=<name>_system -Psystem_tb.InW=.. (every parameter below)
//          -s system_tb -c files.f system_tb.sv
// Stimulus ($readmemh, one word per line), written by snapgen from the SimJob:
//   cfg.hex: {node[15:0], sel[15:0], addr[15:0], data[CfgDataW-1:0]}   in.hex: one input vector
// Plusargs: +cfg=FILE +in=FILE +out=FILE
`ifndef SNAP_SYSTEM
`define SNAP_SYSTEM snap_system_undefined
`endif
module system_tb #(
  parameter int NodeW = 1,
  parameter int CfgDataW = 32,
  parameter int InW = 8,
  parameter int OutW = 8,
  parameter int FlipW = 1,
  parameter int ObsD2dW = 1,
  parameter int ObsEventsW = 1,
  parameter int ObsLinksW = 1,
  parameter int ObsMacsW = 1,
  parameter int NCfg = 1,
  parameter int NIn = 1,
  parameter int MaxCycles = 100000
);
  localparam int CfgW = 48 + CfgDataW;

  logic clk, rst_n;
  logic cfg_valid;
  logic [NodeW-1:0] cfg_node;
  logic [2:0] cfg_sel;
  logic [15:0] cfg_addr;
  logic [CfgDataW-1:0] cfg_data;
  logic in_valid, in_ready, out_valid, out_ready;
  logic [InW-1:0] in_vec;
  logic [OutW-1:0] out_vec;
  logic [FlipW-1:0] flip;
  logic [ObsD2dW-1:0] obs_d2d;
  logic [ObsEventsW-1:0] obs_events;
  logic [ObsLinksW-1:0] obs_links;
  logic [ObsMacsW-1:0] obs_macs;

  `SNAP_SYSTEM u_dut (
    .clk_i(clk),
    .rst_ni(rst_n),
    .cfg_valid_i(cfg_valid),
    .cfg_node_i(cfg_node),
    .cfg_sel_i(cfg_sel),
    .cfg_addr_i(cfg_addr),
    .cfg_data_i(cfg_data),
    .in_valid_i(in_valid),
    .in_ready_o(in_ready),
    .in_vec_i(in_vec),
    .out_valid_o(out_valid),
    .out_ready_i(out_ready),
    .out_vec_o(out_vec),
    .d2d_flip_i(flip),
    .obs_d2d_o(obs_d2d),
    .obs_d2d_events_o(obs_events),
    .obs_links_o(obs_links),
    .obs_macs_o(obs_macs)
  );

  logic [CfgW-1:0] cfg_mem [0:NCfg-1];
  logic [InW-1:0] in_mem [0:NIn-1];
  longint inject_cycle [0:NIn-1];
  longint cycle, start;
  integer next_in, outputs, fd, i;
  logic in_fire, out_fire;
  logic [OutW-1:0] result;
  string cfg_file, in_file, out_file;

  // One clock cycle: inputs were set while clk is low; sample the handshakes just before the
  // rising edge (what the runner does between its two evals), then clock.
  task automatic tick;
    begin
      #2;
      in_fire = in_valid & in_ready;
      out_fire = out_valid & out_ready;
      result = out_vec;
      #3 clk = 1'b1;
      #5 clk = 1'b0;
      cycle = cycle + 1;
    end
  endtask

  initial begin
    if (!$value$plusargs("cfg=%s", cfg_file) || !$value$plusargs("in=%s", in_file) ||
        !$value$plusargs("out=%s", out_file)) begin
      $display("system_tb: need +cfg=FILE +in=FILE +out=FILE");
      $finish;
    end
    $readmemh(cfg_file, cfg_mem);
    $readmemh(in_file, in_mem);
    fd = $fopen(out_file, "w");
    clk = 1'b0;
    rst_n = 1'b0;
    cfg_valid = 1'b0;
    cfg_node = '0;
    cfg_sel = '0;
    cfg_addr = '0;
    cfg_data = '0;
    in_valid = 1'b0;
    in_vec = '0;
    out_ready = 1'b0;
    flip = '0;
    cycle = 0;
    for (i = 0; i < 4; i++) tick();
    rst_n = 1'b1;
    for (i = 0; i < NCfg; i++) begin
      cfg_valid = 1'b1;
      cfg_node = NodeW'(cfg_mem[i][CfgDataW+32 +: 16]);
      cfg_sel = 3'(cfg_mem[i][CfgDataW+16 +: 16]);
      cfg_addr = cfg_mem[i][CfgDataW +: 16];
      cfg_data = cfg_mem[i][0 +: CfgDataW];
      tick();
    end
    cfg_valid = 1'b0;
    tick();

    start = cycle;
    $fwrite(fd, "{\n  \"outputs\": [");
    next_in = 0;
    outputs = 0;
    while (outputs < NIn && cycle - start < MaxCycles) begin
      if (!in_valid && next_in < NIn) begin
        in_valid = 1'b1;
        in_vec = in_mem[next_in];
      end
      out_ready = 1'b1;
      tick();
      if (in_fire) begin
        inject_cycle[next_in] = cycle;
        next_in = next_in + 1;
        in_valid = 1'b0;
      end
      if (out_fire) begin
        if (outputs > 0) $fwrite(fd, ",");
        $fwrite(fd, "\n    {\"hex\": \"%h\", \"latency\": %0d}", result, cycle - inject_cycle[outputs]);
        outputs = outputs + 1;
      end
    end
    $fwrite(fd, "\n  ],\n  \"status\": ");
    if (outputs == NIn) $fwrite(fd, "\"ok\"");
    else $fwrite(fd, "\"timeout\"");
    $fwrite(fd, ",\n  \"cycles\": %0d\n}\n", cycle - start);
    $fclose(fd);
    $finish;
  end
endmodule
