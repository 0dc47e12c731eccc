// snap_clp_neuron: one integrate-and-fire update of one CLP encoder channel (combinational).
//   u = leak(v) + a,  leak(v) = v - (v >>> LeakShift)  (no leak when LeakShift == 0)
//   spike = (u >= theta);  v' = spike ? (ResetSubtract ? u - theta : 0) : u
// On the first timestep of a vector the stored membrane is ignored (v = 0).
// All arithmetic is done in CompareBits-wide two's complement; the generator sizes CompareBits so
// that u - theta never wraps (docs/clp.md), so the sign bit of u - theta is exactly (u < theta).
// The membrane fits MemBits by construction (proof in gen/model/clp_params.cpp), so truncating
// u or u - theta back to MemBits loses nothing; v_fits_o reports that it did (for assertions).
module snap_clp_neuron #(
  /// Activation width in bits.
  parameter int ActBits = 8,
  /// 1: activations and the membrane are two's complement; 0: unsigned.
  parameter int ActSigned = 0,
  /// Threshold width in bits (thresholds are unsigned, >= 1).
  parameter int ThrBits = 16,
  /// Membrane width in bits (overflow-free for T timesteps, computed by the generator).
  parameter int MemBits = 12,
  /// Internal arithmetic width: max(MemBits, ThrBits) + 2, computed by the generator.
  parameter int CompareBits = 18,
  /// Leak shift (0 = no leak).
  parameter int LeakShift = 0,
  /// 1: reset by subtracting theta; 0: reset to zero.
  parameter int ResetSubtract = 1
) (
  input  logic               first_i,
  input  logic [MemBits-1:0] v_i,
  input  logic [ActBits-1:0] act_i,
  input  logic [ThrBits-1:0] theta_i,
  output logic [MemBits-1:0] v_o,
  output logic               spike_o,
  /// The new membrane fits MemBits (v_o is exact, no silent wrap); for the enclosing module's
  /// assertion, unused in synthesis.
  output logic               v_fits_o
);
  logic v_sign, a_sign;
  logic [CompareBits-1:0] v_ext, a_ext, theta_ext, leaked, u, diff;

  assign v_sign    = (ActSigned != 0) && v_i[MemBits-1];
  assign a_sign    = (ActSigned != 0) && act_i[ActBits-1];
  assign v_ext     = first_i ? '0 : {{(CompareBits - MemBits){v_sign}}, v_i};
  assign a_ext     = {{(CompareBits - ActBits){a_sign}}, act_i};
  assign theta_ext = {{(CompareBits - ThrBits){1'b0}}, theta_i};

  if (LeakShift > 0) begin : gen_leak
    // Arithmetic shift right written out (no signed types in the dialect).
    assign leaked = v_ext - {{LeakShift{v_ext[CompareBits-1]}}, v_ext[CompareBits-1:LeakShift]};
  end else begin : gen_no_leak
    assign leaked = v_ext;
  end

  assign u       = leaked + a_ext;
  assign diff    = u - theta_ext;
  assign spike_o = !diff[CompareBits-1];

  // The new membrane in the full arithmetic width; v_o is its low MemBits.
  logic [CompareBits-1:0] v_full;
  if (ResetSubtract != 0) begin : gen_reset_subtract
    assign v_full = spike_o ? diff : u;
  end else begin : gen_reset_zero
    assign v_full = spike_o ? '0 : u;
    logic unused_diff;
    assign unused_diff = ^diff[MemBits-1:0];
  end
  assign v_o = v_full[MemBits-1:0];
  // Representable: unsigned -> the bits above MemBits are 0; signed -> bits MemBits-1 and up are
  // all equal (sign extension of v_o).
  if (ActSigned != 0) begin : gen_fits_signed
    assign v_fits_o = (v_full[CompareBits-1:MemBits-1] == '0) || (v_full[CompareBits-1:MemBits-1] == '1);
  end else begin : gen_fits_unsigned
    assign v_fits_o = (v_full[CompareBits-1:MemBits] == '0);
  end

  // The bits above MemBits are sign extension by the bound proof (checked through v_fits_o);
  // they are not state.
  logic unused_high;
  assign unused_high = ^{u[CompareBits-1:MemBits], diff[CompareBits-1:MemBits]};
endmodule
