// snap_lowbit_quant: requantizes Count activations of InBits bits to OutBits bits each, the
// low-bit dense crossing (d2d.encoding lowbit, docs/system.md): q = clamp((a + 2^(s-1)) >> s,
// qmin, qmax) with s = InBits - OutBits, an arithmetic shift for signed activations, and
// [qmin, qmax] the OutBits range (signed or unsigned). The receiver restores a' = q * 2^s by
// appending s zero bits. The golden rule is train::lowbit_crossing (gen/train/integer_net.cpp).
module snap_lowbit_quant #(
  /// Activations per vector.
  parameter int Count = 64,
  /// Bits per activation in (die.tile.act_bits).
  parameter int InBits = 8,
  /// Bits per activation out (d2d.lowbit_bits, below InBits).
  parameter int OutBits = 2,
  /// Activations are two's complement (die.tile.act_signed).
  parameter int Signed = 0
) (
  input  logic [Count*InBits-1:0]  in_i,
  output logic [Count*OutBits-1:0] out_o
);
  localparam int Shift = InBits - OutBits;
  localparam logic [InBits:0] Half = (InBits + 1)'(1) << (Shift - 1);
  localparam logic [OutBits-1:0] QMax = (Signed != 0) ? OutBits'((1 << (OutBits - 1)) - 1) : '1;
  localparam logic [OutBits-1:0] QMin = (Signed != 0) ? OutBits'(1 << (OutBits - 1)) : '0;
  for (genvar i = 0; i < Count; i++) begin : gen_elem
    logic [InBits-1:0]  a;
    logic [InBits:0]    sum, q;
    logic               fits, neg;
    logic [InBits-OutBits+1:0] top;  // q's bits above the OutBits result, and its top result bit
    assign a   = in_i[i*InBits +: InBits];
    assign sum = {(Signed != 0) ? a[InBits-1] : 1'b0, a} + Half;
    assign q   = {{Shift{(Signed != 0) ? sum[InBits] : 1'b0}}, sum[InBits:Shift]};
    assign neg = (Signed != 0) && q[InBits];
    // In range: the bits above the result are copies of its sign bit (signed) or zero (unsigned).
    assign top  = q[InBits:OutBits-1];
    assign fits = (Signed != 0) ? ((top == '0) || (top == '1)) : (q[InBits:OutBits] == '0);
    assign out_o[i*OutBits +: OutBits] = fits ? q[OutBits-1:0] : neg ? QMin : QMax;
  end
endmodule
