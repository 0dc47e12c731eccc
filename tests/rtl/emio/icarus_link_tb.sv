// Icarus cross-check of a generated <name>_emio_link (tests/rtl/emio/icarus_link.sh): a second
// simulator runs the same RTL the Verilator tests run. Frames of many shapes (silent, sparse,
// bursts, dense, all ones) go through TX -> wires -> RX with a sink that stalls; every message
// must come out unchanged and in order; the encoding flags seen must be exactly the set
// ENC_MASK (bit 0 bitmap/raw, bit 1 AER, bit 2 Rice): each allowed one is seen at least once.
// Macros: TOP (the link module), PAYLOAD (payload width), SPIKE (spike bits), DEST (dest
// width), ENC_MASK, PACK (defined when the link sends group frames: drive in_last_i), MSGS
// (messages, default 240).
module icarus_link_tb;
`ifdef MSGS
  localparam int N = `MSGS;
`else
  localparam int N = 240;
`endif
  logic clk = 1'b0, rst_n = 1'b0;
  always #1 clk = ~clk;

  logic [`PAYLOAD-1:0] sent [N];
  logic                in_valid, in_ready, out_valid, out_ready;
  logic [1:0]          out_type, out_enc;
  logic [`PAYLOAD-1:0] out_payload;
  int                  n_in = 0, n_out = 0, bad = 0;
  int                  seen_raw = 0, seen_aer = 0, seen_rice = 0;  // messages delivered per encoding flag
  logic [31:0]         lfsr = 32'h1;

  `TOP dut (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(in_valid), .in_ready_o(in_ready), .in_type_i(2'd0),
    .in_dest_i(`DEST'(1)), .in_payload_i(sent[n_in % N]), .out_valid_o(out_valid), .out_ready_i(out_ready),
    .out_type_o(out_type), .out_enc_o(out_enc), .out_dest_o(), .out_payload_o(out_payload), .flip_i('0),
    .wire_valid_o(), .wire_last_o(), .wire_data_o(), .sb_credit_o(), .sb_ack_valid_o(), .sb_ack_nak_o(),
    .sb_ack_seq_o(), .rewind_o(), .crc_error_o()
`ifdef PACK
    // group frames (d2d.pack_vectors > 1): every fifth message closes its group, and the last one
    , .in_last_i((n_in % 5) == 4 || n_in == N - 1)
`endif
    );

  function automatic logic [31:0] next(input logic [31:0] x);
    return {x[30:0], x[31] ^ x[21] ^ x[1] ^ x[0]};
  endfunction

  initial begin
    // Spike frames: silent, all ones, bursts, and sparse patterns of growing density.
    for (int m = 0; m < N; m++) begin
      sent[m] = '0;
      for (int i = 0; i < `SPIKE; i++) begin
        lfsr = next(lfsr);
        case (m % 6)
          0: sent[m][i] = 1'b0;
          1: sent[m][i] = 1'b1;
          2: sent[m][i] = (i >= m % `SPIKE) && (i < (m % `SPIKE) + `SPIKE / 3);
          3: sent[m][i] = (lfsr[7:0] < 8'd3);
          4: sent[m][i] = (lfsr[7:0] < 8'd26);
          default: sent[m][i] = (lfsr[7:0] < 8'd77);
        endcase
      end
    end
    in_valid = 1'b0;
    out_ready = 1'b0;
    #10 rst_n = 1'b1;
  end

  always @(posedge clk) begin
    if (rst_n) begin
      if (in_valid && in_ready) n_in <= n_in + 1;
      if (out_valid && out_ready) begin
        if (out_enc == 2'd0) seen_raw <= seen_raw + 1;
        if (out_enc == 2'd1) seen_aer <= seen_aer + 1;
        if (out_enc == 2'd2) seen_rice <= seen_rice + 1;
        if (out_payload !== sent[n_out] || out_type != 2'd0 || !((`ENC_MASK >> out_enc) & 1)) begin
          bad <= bad + 1;
          $display("message %0d: payload %h enc %0d, sent %h", n_out, out_payload, out_enc, sent[n_out]);
        end
        n_out <= n_out + 1;
      end
      lfsr <= next(lfsr);
      in_valid <= (n_in + ((in_valid && in_ready) ? 1 : 0)) < N;
      out_ready <= lfsr[3:0] != 4'd0;  // the sink stalls one cycle in 16
    end
  end

  initial begin
    wait (n_out == N);
    #4;
    $display("icarus link: encodings seen: bitmap %0d, aer %0d, rice %0d", seen_raw, seen_aer, seen_rice);
    if (bad != 0) $fatal(1, "icarus link: %0d of %0d messages differ", bad, N);
    if (((`ENC_MASK >> 0) & 1) && seen_raw == 0) $fatal(1, "icarus link: no frame went as bitmap");
    if (((`ENC_MASK >> 1) & 1) && seen_aer == 0) $fatal(1, "icarus link: no frame went as AER");
    if (((`ENC_MASK >> 2) & 1) && seen_rice == 0) $fatal(1, "icarus link: no frame went as Rice");
    $display("icarus link: %0d messages delivered unchanged, in order", N);
    $finish;
  end
  initial begin
    #4000000 $fatal(1, "icarus link: timeout, %0d of %0d messages delivered", n_out, N);
  end
endmodule
