// snap_emio_encoder: turns one message (spike frame, dense activation vector or NoC flit) into
// the symbols of one EMIO frame (docs/emio.md), one symbol per cycle:
//   header  type(2) | enc(2) | seq | dest | length       (one symbol)
//   payload raw chunks of up to SymBits bits, or AER: per timestep a count, then one address
//           per spike (lowest channel first)
//   tail    zero pad, then the CRC MSB first, so the frame ends on a beat boundary
// Spike frames use bitmap (EncMode 0/1), AER (2), or the shorter of the two (4; ties: bitmap).
// A message is taken only while its sequence number stays inside the go-back-N window.
module snap_emio_encoder #(
  /// Data wires per beat (for the pad that aligns the frame end).
  parameter int Lanes = 8,
  /// Largest symbol in bits (>= header, >= Lanes-1+CrcBits).
  parameter int SymBits = 24,
  /// Width of sym_len_o: $clog2(SymBits+1).
  parameter int SymLenWidth = 5,
  /// Spike frame channels N.
  parameter int Channels = 64,
  /// Spike frame timesteps T.
  parameter int Timesteps = 4,
  /// Width of the timestep counter: max(1, $clog2(Timesteps)).
  parameter int StepWidth = 2,
  /// Spike payload bits N*T.
  parameter int SpikeBits = 256,
  /// Dense activation payload bits.
  parameter int DenseBits = 512,
  /// NoC flit payload bits.
  parameter int FlitBits = 64,
  /// Width of the payload input: max(SpikeBits, DenseBits, FlitBits).
  parameter int PayloadBits = 512,
  /// AER address width.
  parameter int AddrBits = 6,
  /// AER count width.
  parameter int CountBits = 7,
  /// Sequence number width.
  parameter int SeqBits = 5,
  /// Destination field width.
  parameter int DestBits = 3,
  /// Length field width.
  parameter int LenBits = 10,
  /// Header width: 4 + SeqBits + DestBits + LenBits.
  parameter int HeaderBits = 22,
  /// CRC width (0 = none, 8, 16).
  parameter int CrcBits = 16,
  /// CRC polynomial.
  parameter int CrcPoly = 'h1021,
  /// Spike encoding: 0 dense (spikes as bitmap), 1 bitmap, 2 aer, 4 adaptive bitmap/aer.
  parameter int EncMode = 4,
  /// Go-back-N window in frames.
  parameter int RetryDepth = 8
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [1:0]             in_type_i,
  input  logic [DestBits-1:0]    in_dest_i,
  input  logic [PayloadBits-1:0] in_payload_i,
  /// Oldest unacknowledged sequence number (from the link layer).
  input  logic [SeqBits-1:0]     base_i,
  output logic                   sym_valid_o,
  input  logic                   sym_ready_i,
  output logic [SymBits-1:0]     sym_data_o,
  output logic [SymLenWidth-1:0] sym_len_o,
  output logic                   sym_last_o
);
  localparam int CrcW = (CrcBits > 0) ? CrcBits : 8;
  localparam int CrcP = (CrcBits > 0) ? CrcPoly : 'h07;
  localparam int PadBits = PayloadBits + SymBits;
  localparam logic [2:0] StIdle = 3'd0, StHdr = 3'd1, StRaw = 3'd2, StCnt = 3'd3, StAddr = 3'd4,
                         StTail = 3'd5;

  logic [2:0]             state_q, state_d;
  logic [1:0]             type_q;
  logic [DestBits-1:0]    dest_q;
  logic [PadBits-1:0]     payload_q;
  logic [SeqBits-1:0]     seq_q;
  logic [LenBits-1:0]     len_q, ptr_q;
  logic [SymLenWidth-1:0] pad_q, tail_q;
  logic [StepWidth-1:0]   step_q;
  logic [Channels-1:0]    mask_q;
  logic [CrcW-1:0]        crc_q, crc_in, crc_sym, crc_pad;
  logic                   fire;

  // ---- header decisions (from the registered message) -----------------------------------------
  logic [31:0] spikes, aer_len, raw_len, len_w, frame_w, pad_w;
  logic        use_aer;
  always_comb begin
    spikes = '0;
    for (int i = 0; i < SpikeBits; i++) spikes = spikes + 32'(payload_q[i]);
  end
  localparam logic [31:0] AddrBits32 = AddrBits;
  localparam logic [31:0] CountTotal32 = Timesteps * CountBits;
  assign aer_len = CountTotal32 + spikes * AddrBits32;
  assign use_aer = (type_q == 2'd0) && ((EncMode == 2) || ((EncMode == 4) && (aer_len < 32'(SpikeBits))));
  assign raw_len = (type_q == 2'd0) ? 32'(SpikeBits) : (type_q == 2'd1) ? 32'(DenseBits) : 32'(FlitBits);
  assign len_w   = use_aer ? aer_len : raw_len;
  assign frame_w = 32'(HeaderBits + CrcBits) + len_w;
  assign pad_w   = (32'(Lanes) - (frame_w % 32'(Lanes))) % 32'(Lanes);

  // ---- symbol of the current state ------------------------------------------------------------
  logic [LenBits-1:0]   rem;
  logic                 raw_final, mask_single, step_final;
  logic [AddrBits-1:0]  addr;
  logic [CrcW-1:0]      crc_rev;
  assign rem         = len_q - ptr_q;
  // Index into the padded payload vector (raw chunks only ever start below PayloadBits).
  localparam int IdxWidth = $clog2(PadBits);
  logic [IdxWidth-1:0] ptr_idx;
  assign ptr_idx = IdxWidth'(ptr_q);
  assign raw_final   = (rem <= LenBits'(SymBits));
  assign mask_single = ((mask_q & (mask_q - Channels'(1))) == '0);
  assign step_final  = (step_q == StepWidth'(Timesteps - 1));

  always_comb begin
    addr = '0;
    for (int i = Channels - 1; i >= 0; i--) begin
      if (mask_q[i]) addr = AddrBits'(i);
    end
  end

  always_comb begin
    for (int i = 0; i < CrcW; i++) crc_rev[i] = crc_pad[CrcW-1-i];
  end

  always_comb begin
    unique case (state_q)
      StHdr:   sym_data_o = SymBits'({LenBits'(len_w), dest_q, seq_q, 1'b0, use_aer, type_q});
      StRaw:   sym_data_o = payload_q[ptr_idx +: SymBits];
      StCnt:   sym_data_o = SymBits'($countones(mask_q));
      StAddr:  sym_data_o = SymBits'(addr);
      StTail:  sym_data_o = (CrcBits > 0) ? (SymBits'(crc_rev) << pad_q) : '0;
      default: sym_data_o = '0;
    endcase
  end

  always_comb begin
    unique case (state_q)
      StHdr:   sym_len_o = SymLenWidth'(HeaderBits);
      StRaw:   sym_len_o = raw_final ? SymLenWidth'(rem) : SymLenWidth'(SymBits);
      StCnt:   sym_len_o = SymLenWidth'(CountBits);
      StAddr:  sym_len_o = SymLenWidth'(AddrBits);
      StTail:  sym_len_o = tail_q;
      default: sym_len_o = '0;
    endcase
  end

  // The last symbol of the frame: the tail, or the final payload symbol when the tail is empty.
  always_comb begin
    unique case (state_q)
      StRaw:   sym_last_o = raw_final && (tail_q == '0);
      StCnt:   sym_last_o = step_final && (mask_q == '0) && (tail_q == '0);
      StAddr:  sym_last_o = step_final && mask_single && (tail_q == '0);
      StTail:  sym_last_o = 1'b1;
      default: sym_last_o = 1'b0;
    endcase
  end

  assign sym_valid_o = (state_q != StIdle);
  assign fire        = sym_valid_o && sym_ready_i;
  // The next message is taken when idle or together with the current frame's last symbol (no
  // idle cycle between back-to-back frames), if its sequence number is inside the window.
  logic [SeqBits-1:0] seq_next;
  logic               frame_done, take;
  assign frame_done  = fire && sym_last_o;
  assign seq_next    = frame_done ? seq_q + SeqBits'(1) : seq_q;
  assign in_ready_o  = ((state_q == StIdle) || frame_done) && ((seq_next - base_i) < SeqBits'(RetryDepth));
  assign take        = in_valid_i && in_ready_o;

  // ---- CRC over every symbol, then over the pad zeros ------------------------------------------
  logic [SymBits-1:0] zeros;
  assign zeros  = '0;
  assign crc_in = (state_q == StHdr) ? '1 : crc_q;
  snap_emio_crc #(.CrcBits(CrcW), .CrcPoly(CrcP), .DataBits(SymBits), .LenWidth(SymLenWidth)) u_crc_sym (
    .crc_i(crc_in), .data_i(sym_data_o), .len_i(sym_len_o), .crc_o(crc_sym));
  snap_emio_crc #(.CrcBits(CrcW), .CrcPoly(CrcP), .DataBits(SymBits), .LenWidth(SymLenWidth)) u_crc_pad (
    .crc_i(crc_q), .data_i(zeros), .len_i(pad_q), .crc_o(crc_pad));

  // ---- state ---------------------------------------------------------------------------------
  logic [StepWidth-1:0] step_next;
  logic                 payload_done;
  assign step_next = step_q + StepWidth'(1);
  always_comb begin
    unique case (state_q)
      StRaw:   payload_done = raw_final;
      StCnt:   payload_done = step_final && (mask_q == '0);
      StAddr:  payload_done = step_final && mask_single;
      default: payload_done = 1'b0;
    endcase
  end

  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StIdle: if (take) state_d = StHdr;
      StHdr:  if (fire) state_d = use_aer ? StCnt : StRaw;
      StRaw, StCnt, StAddr: begin
        if (fire) begin
          if (payload_done) state_d = (tail_q != '0) ? StTail : StIdle;
          else if (state_q == StCnt && mask_q != '0) state_d = StAddr;
          else if (state_q == StAddr && mask_single) state_d = StCnt;
        end
      end
      StTail: if (fire) state_d = StIdle;
      default: state_d = StIdle;
    endcase
    if (frame_done && take) state_d = StHdr;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      type_q    <= '0;
      dest_q    <= '0;
      payload_q <= '0;
      seq_q     <= '0;
      len_q     <= '0;
      ptr_q     <= '0;
      pad_q     <= '0;
      tail_q    <= '0;
      step_q    <= '0;
      mask_q    <= '0;
      crc_q     <= '0;
    end else begin
      state_q <= state_d;
      if (fire) crc_q <= crc_sym;
      unique case (state_q)
        StHdr: begin
          if (fire) begin
            len_q  <= LenBits'(len_w);
            pad_q  <= SymLenWidth'(pad_w);
            tail_q <= SymLenWidth'(pad_w + 32'(CrcBits));
            ptr_q  <= '0;
            step_q <= '0;
            mask_q <= payload_q[Channels-1:0];
          end
        end
        StRaw: if (fire) ptr_q <= ptr_q + LenBits'(SymBits);
        StCnt: begin
          if (fire && mask_q == '0 && !step_final) begin
            step_q <= step_next;
            mask_q <= payload_q[32'(step_next) * Channels +: Channels];
          end
        end
        StAddr: begin
          if (fire) begin
            mask_q <= mask_q & (mask_q - Channels'(1));
            if (mask_single && !step_final) begin
              step_q <= step_next;
              mask_q <= payload_q[32'(step_next) * Channels +: Channels];
            end
          end
        end
        default: ;
      endcase
      seq_q <= seq_next;
      if (take) begin
        type_q    <= in_type_i;
        dest_q    <= in_dest_i;
        payload_q <= PadBits'(in_payload_i);
      end
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  assert property (@(posedge clk_i) disable iff (!rst_ni) !(in_valid_i && in_type_i == 2'd3))
    else $error("snap_emio_encoder: message type 3 is reserved");
`endif
`endif
endmodule
