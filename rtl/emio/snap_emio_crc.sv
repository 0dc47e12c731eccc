// snap_emio_crc: combinational CRC update over the first len_i bits of data_i, bit 0 first
// (wire order). MSB-first shift register, no reflection: per bit,
//   fb = crc[CrcBits-1] ^ d;  crc = (crc << 1) ^ (fb ? CrcPoly : 0).
// The frame CRC starts from all ones and is sent MSB first, so the CRC of a whole good frame is 0.
module snap_emio_crc #(
  /// CRC width in bits (8 or 16).
  parameter int CrcBits = 16,
  /// Generator polynomial without the x^CrcBits term (0x07 for CRC-8, 0x1021 for CRC-16/CCITT).
  parameter int CrcPoly = 'h1021,
  /// Width of data_i.
  parameter int DataBits = 8,
  /// Width of len_i: $clog2(DataBits+1).
  parameter int LenWidth = 4
) (
  input  logic [CrcBits-1:0]  crc_i,
  input  logic [DataBits-1:0] data_i,
  input  logic [LenWidth-1:0] len_i,
  output logic [CrcBits-1:0]  crc_o
);
  // One continuous stage per data bit (a generate chain, not a loop in an always_comb that
  // reads back its own output: Icarus re-triggers such a block through the port connection).
  for (genvar i = 0; i < DataBits; i++) begin : gen_bit
    logic [CrcBits-1:0] crc_in, crc_out;
    if (i == 0) begin : gen_first
      assign crc_in = crc_i;
    end else begin : gen_next
      assign crc_in = gen_bit[i-1].crc_out;
    end
    assign crc_out = (32'(len_i) > i) ?
        ({crc_in[CrcBits-2:0], 1'b0} ^ ((crc_in[CrcBits-1] ^ data_i[i]) ? CrcBits'(CrcPoly) : '0)) : crc_in;
  end
  assign crc_o = gen_bit[DataBits-1].crc_out;
endmodule
