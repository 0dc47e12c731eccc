// snap_emio_packer: packs variable-length symbols (bit 0 first) into Lanes-bit beats.
// The encoder makes every frame end on a beat boundary, so a frame's last beat is known when its
// last symbol is taken: it is the beat that carries the symbol's final bit. A symbol is taken
// while fewer than four beats are buffered (after this cycle's beat leaves), so the short symbols
// at a frame boundary (payload remainder, tail, a header narrower than a beat) do not starve the
// wires when symbols are otherwise at least a beat long; a last symbol
// waits while the previous frame's end is still buffered (one pending frame end at a time).
module snap_emio_packer #(
  /// Data wires per beat.
  parameter int Lanes = 8,
  /// Largest symbol in bits.
  parameter int SymBits = 16,
  /// Width of sym_len_i: $clog2(SymBits+1).
  parameter int SymLenWidth = 5,
  /// Accumulator width: 4 * Lanes + SymBits.
  parameter int AccBits = 32,
  /// Width of the fill counter: $clog2(AccBits+1).
  parameter int FillWidth = 5
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   sym_valid_i,
  output logic                   sym_ready_o,
  input  logic [SymBits-1:0]     sym_data_i,
  input  logic [SymLenWidth-1:0] sym_len_i,
  input  logic                   sym_last_i,
  output logic                   beat_valid_o,
  input  logic                   beat_ready_i,
  output logic [Lanes-1:0]       beat_data_o,
  output logic                   beat_last_o
);
  logic [AccBits-1:0]   acc_q, acc_d, acc_shift;
  logic [FillWidth-1:0] fill_q, fill_d, fill_shift;
  logic                 end_q, end_d;
  logic [FillWidth-1:0] end_beats_q, end_beats_d;  // beats up to and including the frame's last
  logic [SymBits-1:0]   sym_masked;
  logic                 out_fire, in_fire;

  assign beat_valid_o = (fill_q >= FillWidth'(Lanes));
  assign beat_data_o  = acc_q[Lanes-1:0];
  assign beat_last_o  = end_q && (end_beats_q == FillWidth'(1));
  assign out_fire     = beat_valid_o && beat_ready_i;
  assign acc_shift    = out_fire ? (acc_q >> Lanes) : acc_q;
  assign fill_shift   = out_fire ? (fill_q - FillWidth'(Lanes)) : fill_q;
  assign sym_ready_o  = (fill_shift < FillWidth'(4 * Lanes)) && !(sym_last_i && end_q && !(out_fire && beat_last_o));
  assign in_fire      = sym_valid_i && sym_ready_o;

  // Bits above the symbol length are not part of the symbol.
  always_comb begin
    for (int i = 0; i < SymBits; i++) sym_masked[i] = sym_data_i[i] && (i < 32'(sym_len_i));
  end

  always_comb begin
    acc_d = acc_shift;
    if (in_fire) acc_d = acc_shift | (AccBits'(sym_masked) << fill_shift);
  end

  always_comb begin
    fill_d = fill_shift;
    if (in_fire) fill_d = fill_shift + FillWidth'(sym_len_i);
  end

  always_comb begin
    end_d       = end_q;
    end_beats_d = end_beats_q;
    if (out_fire && end_q) end_beats_d = end_beats_q - FillWidth'(1);
    if (out_fire && beat_last_o) end_d = 1'b0;
    if (in_fire && sym_last_i) begin
      end_d       = 1'b1;
      end_beats_d = FillWidth'((32'(fill_shift) + 32'(sym_len_i)) / Lanes);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q  <= '0;
      fill_q <= '0;
      end_q  <= 1'b0;
      end_beats_q <= '0;
    end else begin
      acc_q  <= acc_d;
      fill_q <= fill_d;
      end_q  <= end_d;
      end_beats_q <= end_beats_d;
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // The accumulator never overflows (the take rule leaves room for one whole symbol).
  assert property (@(posedge clk_i) disable iff (!rst_ni) fill_q <= FillWidth'(AccBits))
    else $error("snap_emio_packer: accumulator overflow");
`endif
`endif
endmodule
