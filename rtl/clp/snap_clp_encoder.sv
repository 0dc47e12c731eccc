// snap_clp_encoder: dense activation vectors -> T spike frames (integrate-and-fire, per channel).
//
// A vector of Channels activations arrives as Beats beats of Lanes channels (lane l of beat b is
// channel b*Lanes + l; lanes past Channels in the last beat are ignored). For timestep t = 0..T-1
// the encoder updates Lanes neurons per cycle (snap_clp_neuron), so a frame takes Beats cycles and
// a vector T*Beats cycles. Timestep 0 runs on the input beats as they arrive (no separate load
// phase); later timesteps re-read the stored activations. Frame t leaves as one Channels-bit word
// (bit i = channel i fired) with its timestep index and a last flag (t == T-1).
//
// Thresholds are runtime data: write port thr_* stores Lanes thresholds (one beat) per cycle.
// Load all Beats words before the first vector; writes take effect on the next neuron update.
module snap_clp_encoder #(
  /// Channels (neurons) per vector = bits per spike frame.
  parameter int Channels = 64,
  /// Channels processed per cycle (and per input beat).
  parameter int Lanes = 8,
  /// Beats per vector: ceil(Channels / Lanes).
  parameter int Beats = 8,
  /// Beat address width: max(1, $clog2(Beats)).
  parameter int BeatBits = 3,
  /// Timesteps T per vector.
  parameter int Timesteps = 4,
  /// Timestep index width: max(1, $clog2(Timesteps)).
  parameter int StepBits = 2,
  /// Activation width in bits.
  parameter int ActBits = 8,
  /// 1: two's complement activations; 0: unsigned.
  parameter int ActSigned = 0,
  /// Threshold width in bits.
  parameter int ThrBits = 16,
  /// Membrane width (overflow-free, from the generator).
  parameter int MemBits = 12,
  /// Neuron arithmetic width (from the generator).
  parameter int CompareBits = 18,
  /// Leak shift (0 = no leak).
  parameter int LeakShift = 0,
  /// 1: reset by subtraction; 0: reset to zero.
  parameter int ResetSubtract = 1
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  // runtime thresholds: thr_data_i holds the Lanes thresholds of beat thr_addr_i
  input  logic                     thr_we_i,
  input  logic [BeatBits-1:0]      thr_addr_i,
  input  logic [Lanes*ThrBits-1:0] thr_data_i,
  // dense activations, one beat of Lanes channels per transfer
  input  logic                     in_valid_i,
  output logic                     in_ready_o,
  input  logic [Lanes*ActBits-1:0] in_data_i,
  // spike frames, one per timestep
  output logic                     out_valid_o,
  input  logic                     out_ready_i,
  output logic [Channels-1:0]      out_spikes_o,
  output logic [StepBits-1:0]      out_step_o,
  output logic                     out_last_o
);
  // Arrays get at least two entries so a 1-bit beat index is exact even when Beats == 1.
  localparam int Entries = (Beats > 1) ? Beats : 2;

  logic [Lanes*ActBits-1:0] act_q   [Entries];
  logic [Lanes*MemBits-1:0] v_q     [Entries];
  logic [Lanes*ThrBits-1:0] thr_q   [Entries];
  logic [Lanes-1:0]         frame_q [Entries];  // beats 0..Beats-2 of the frame being built

  logic [BeatBits-1:0] beat_q;
  logic [StepBits-1:0] step_q;
  logic                out_valid_q, out_last_q;
  logic [Channels-1:0] out_spikes_q;
  logic [StepBits-1:0] out_step_q;

  logic first_step, last_beat, last_step, out_free, advance;
  logic [Lanes*ActBits-1:0] cur_act;
  logic [Lanes*MemBits-1:0] v_next;
  logic [Lanes-1:0]         spikes;
  logic [Lanes-1:0]         v_fits;

  assign first_step = (step_q == '0);
  assign last_beat  = (beat_q == BeatBits'(Beats - 1));
  assign last_step  = (step_q == StepBits'(Timesteps - 1));
  // The last beat of a frame completes it into the output register, which must be free.
  assign out_free   = !out_valid_q || out_ready_i;
  assign in_ready_o = first_step && (!last_beat || out_free);
  assign advance    = (first_step ? in_valid_i : 1'b1) && (!last_beat || out_free);
  assign cur_act    = first_step ? in_data_i : act_q[beat_q];

  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    snap_clp_neuron #(
      .ActBits      (ActBits),
      .ActSigned    (ActSigned),
      .ThrBits      (ThrBits),
      .MemBits      (MemBits),
      .CompareBits  (CompareBits),
      .LeakShift    (LeakShift),
      .ResetSubtract(ResetSubtract)
    ) u_neuron (
      .first_i(first_step),
      .v_i    (v_q[beat_q][l*MemBits +: MemBits]),
      .act_i  (cur_act[l*ActBits +: ActBits]),
      .theta_i(thr_q[beat_q][l*ThrBits +: ThrBits]),
      .v_o     (v_next[l*MemBits +: MemBits]),
      .spike_o (spikes[l]),
      .v_fits_o(v_fits[l])
    );
  end

  // The completed frame: stored beats plus this cycle's spikes as the last beat.
  logic [Beats*Lanes-1:0] frame_flat;
  for (genvar b = 0; b + 1 < Beats; b++) begin : gen_frame
    assign frame_flat[b*Lanes +: Lanes] = frame_q[b];
  end
  assign frame_flat[(Beats-1)*Lanes +: Lanes] = spikes;
  if (Beats == 1) begin : gen_one_beat
    // A one-beat frame is this cycle's spikes alone: the frame store is written but never read.
    logic unused_frame;
    assign unused_frame = ^{frame_q[0], frame_q[1]};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q <= '0;
      step_q <= '0;
    end else if (advance) begin
      beat_q <= last_beat ? '0 : beat_q + BeatBits'(1);
      if (last_beat) step_q <= last_step ? '0 : step_q + StepBits'(1);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q  <= 1'b0;
      out_spikes_q <= '0;
      out_step_q   <= '0;
      out_last_q   <= 1'b0;
    end else if (advance && last_beat) begin
      out_valid_q  <= 1'b1;
      out_spikes_q <= frame_flat[Channels-1:0];
      out_step_q   <= step_q;
      out_last_q   <= last_step;
    end else if (out_ready_i) begin
      out_valid_q <= 1'b0;
    end
  end

  // Storage without reset: every entry is written (timestep 0) before it is read.
  always_ff @(posedge clk_i) begin
    if (advance) begin
      v_q[beat_q]     <= v_next;
      frame_q[beat_q] <= spikes;
      if (first_step) act_q[beat_q] <= in_data_i;
    end
    if (thr_we_i) thr_q[thr_addr_i] <= thr_data_i;
  end

  assign out_valid_o  = out_valid_q;
  assign out_spikes_o = out_spikes_q;
  assign out_step_o   = out_step_q;
  assign out_last_o   = out_last_q;

  if (Beats * Lanes > Channels) begin : gen_pad
    // Padding lanes of the last beat compute on don't-care data and never reach the frame.
    logic unused_pad;
    assign unused_pad = ^frame_flat[Beats*Lanes-1:Channels];
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // Invariant: the beat and timestep counters stay inside the vector.
  assert property (@(posedge clk_i) disable iff (!rst_ni) beat_q <= BeatBits'(Beats - 1))
    else $error("snap_clp_encoder: beat counter out of range");
  assert property (@(posedge clk_i) disable iff (!rst_ni) step_q <= StepBits'(Timesteps - 1))
    else $error("snap_clp_encoder: step counter out of range");
  // Every stored membrane is representable in MemBits (the generator's bound, docs/clp.md, which
  // the golden model assumes): a narrower membrane would wrap silently.
  assert property (@(posedge clk_i) disable iff (!rst_ni) !advance || (&v_fits))
    else $error("snap_clp_encoder: membrane outside its MemBits range (would wrap)");
`endif
`endif
endmodule
