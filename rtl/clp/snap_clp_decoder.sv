// snap_clp_decoder: spike frames -> dense activation vectors.
//
// Every accepted frame adds its spike bits to per-channel counters (all Channels in one cycle).
// The frame flagged last closes the vector: its counts move to an output bank and the counters
// restart, so the next vector's frames are accepted while this one drains. The bank leaves as
// Beats beats of Lanes channels (lane l of beat b = channel b*Lanes + l, padding lanes are 0):
//   a_hat = min(OutMax, (count * scale) >> DecodeShift)
// with the runtime per-channel scales of the scale_* write port (Lanes scales per write).
// The timestep index of a frame is informational; only the last flag delimits vectors.
// A vector must have at most 2^CountBits - 1 frames (the generator sizes CountBits for T).
module snap_clp_decoder #(
  /// Channels (neurons) per vector = bits per spike frame.
  parameter int Channels = 64,
  /// Channels per output beat.
  parameter int Lanes = 8,
  /// Beats per vector: ceil(Channels / Lanes).
  parameter int Beats = 8,
  /// Beat address width: max(1, $clog2(Beats)).
  parameter int BeatBits = 3,
  /// Timestep index width of the incoming frames.
  parameter int StepBits = 2,
  /// Output activation width.
  parameter int ActBits = 8,
  /// Scale width.
  parameter int ScaleBits = 16,
  /// Spike counter width: $clog2(Timesteps + 1).
  parameter int CountBits = 3,
  /// Width of count * scale: CountBits + ScaleBits.
  parameter int ProductBits = 19,
  /// Right shift applied to count * scale.
  parameter int DecodeShift = 0,
  /// Saturation value: the largest activation (255 for unsigned 8-bit, 127 for signed 8-bit).
  parameter int OutMax = 255
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // runtime scales: scale_data_i holds the Lanes scales of beat scale_addr_i
  input  logic                       scale_we_i,
  input  logic [BeatBits-1:0]        scale_addr_i,
  input  logic [Lanes*ScaleBits-1:0] scale_data_i,
  // spike frames
  input  logic                       in_valid_i,
  output logic                       in_ready_o,
  input  logic [Channels-1:0]        in_spikes_i,
  input  logic [StepBits-1:0]        in_step_i,
  input  logic                       in_last_i,
  // decoded activations
  output logic                       out_valid_o,
  input  logic                       out_ready_i,
  output logic [Lanes*ActBits-1:0]   out_data_o,
  output logic                       out_last_o
);
  localparam int Entries = (Beats > 1) ? Beats : 2;
  localparam int BeatCountBits = Lanes * CountBits;

  logic [Beats*BeatCountBits-1:0] bank_q;  // counts of the vector being output
  // The beat being output, an AND-OR of the beats with beat_q decoded, then split into lanes at
  // constant offsets. A part-select at (beat_q * Lanes + l) * CountBits per lane made Yosys build
  // a barrel shifter over the whole bank for every lane (ffn_2die, 256 channels: 76 s of Yosys).
  logic [BeatCountBits-1:0]       bank_beat;
  logic [Lanes*ScaleBits-1:0] scale_q [Entries];
  logic                       draining_q;
  logic [BeatBits-1:0]        beat_q;

  logic accept, close, last_beat;
  logic [Channels*CountBits-1:0] counts_q;  // channel c's frame count at [c*CountBits +: CountBits]

  // A closing frame needs the bank; everything else is always accepted.
  assign in_ready_o = !(in_last_i && draining_q);
  assign accept     = in_valid_i && in_ready_o;
  assign close      = accept && in_last_i;
  assign last_beat  = (beat_q == BeatBits'(Beats - 1));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) counts_q <= '0;
    else if (close) counts_q <= '0;
    // The Channels adders sit under `accept`, so a cycle-based simulator evaluates them on
    // accepted frames only, not every cycle (the same logic for synthesis). Written as loops,
    // not a function: Icarus 11 mis-simulates this module with a function here (the system
    // stalls upstream of the decoder; test system:icarus).
    else if (accept)
      for (int c = 0; c < Channels; c++)
        counts_q[c*CountBits +: CountBits] <= counts_q[c*CountBits +: CountBits] + CountBits'(in_spikes_i[c]);
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // A vector must not hold more frames than the counter can count (checked on accepted frames;
  // in reset the counts are 0, so the check needs no reset term).
  always_ff @(posedge clk_i) begin
    if (accept)
      for (int c = 0; c < Channels; c++)
        assert (!(in_spikes_i[c] && counts_q[c*CountBits +: CountBits] == '1))
          else $error("snap_clp_decoder: more frames in a vector than the counter holds");
  end
`endif
`endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      draining_q <= 1'b0;
      beat_q     <= '0;
    end else if (close) begin
      draining_q <= 1'b1;
      beat_q     <= '0;
    end else if (draining_q && out_ready_i) begin
      draining_q <= !last_beat;
      beat_q     <= last_beat ? '0 : beat_q + BeatBits'(1);
    end
  end

  always_ff @(posedge clk_i) begin
    // The counts with the closing frame added; padding channels (past Channels, up to whole
    // beats) read as 0.
    if (close) begin
      bank_q <= '0;
      for (int c = 0; c < Channels; c++)
        bank_q[c*CountBits +: CountBits] <= counts_q[c*CountBits +: CountBits] + CountBits'(in_spikes_i[c]);
    end
    if (scale_we_i) scale_q[scale_addr_i] <= scale_data_i;
  end

  always_comb begin
    bank_beat = '0;
    for (int b = 0; b < Beats; b++)
      bank_beat |= {BeatCountBits{beat_q == BeatBits'(b)}} & bank_q[b*BeatCountBits +: BeatCountBits];
  end
  for (genvar l = 0; l < Lanes; l++) begin : gen_out
    logic [ProductBits-1:0] product, shifted;
    assign product = ProductBits'(bank_beat[l*CountBits +: CountBits])
                   * ProductBits'(scale_q[beat_q][l*ScaleBits +: ScaleBits]);
    assign shifted = product >> DecodeShift;
    assign out_data_o[l*ActBits +: ActBits] =
        (shifted > ProductBits'(OutMax)) ? ActBits'(OutMax) : shifted[ActBits-1:0];
  end

  assign out_valid_o = draining_q;
  assign out_last_o  = last_beat;

  logic unused_step;
  assign unused_step = ^in_step_i;

endmodule
