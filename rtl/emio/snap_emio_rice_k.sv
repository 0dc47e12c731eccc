// snap_emio_rice_k: the Rice parameter k of a spike frame from its spike count S, the same rule
// at both ends of the link (docs/emio.md): the largest k <= KMax with (S+1) * 2^k <= N*T - S,
// i.e. 2^k at most the mean zero-run. k_ok[j] holds for j = 1..k and fails above, so k counts it.
module snap_emio_rice_k #(
  /// Spike payload bits N*T.
  parameter int SpikeBits = 256
) (
  input  logic [31:0] spikes_i,
  output logic [3:0]  k_o
);
  // Largest k: 2^k <= N*T (at S = 0), and at most 15 (a 4-bit k at both ends).
  localparam int KMax = ($clog2(SpikeBits + 1) - 1 > 15) ? 15 : $clog2(SpikeBits + 1) - 1;
  localparam logic [31:0] SpikeBits32 = SpikeBits;
  logic [KMax:0] k_ok;
  assign k_ok[0] = 1'b0;
  for (genvar j = 1; j <= KMax; j++) begin : gen_k
    assign k_ok[j] = ((spikes_i + 32'd1) << j) <= (SpikeBits32 - spikes_i);
  end
  assign k_o = 4'($countones(k_ok));
endmodule
