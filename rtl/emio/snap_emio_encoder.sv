// snap_emio_encoder: turns one message (spike frame, dense activation vector or NoC flit) into
// the symbols of one EMIO frame (docs/emio.md), one symbol per cycle:
//   header  type(2) | enc(2) | seq | dest | length       (one symbol)
//   payload raw chunks of up to SymBits bits; or AER: per timestep a count, then one address
//           per spike (lowest channel first); or Rice: the spike count S (Exp-Golomb, order
//           2), then one zero-run code per spike (unary parts longer than a symbol go out as
//           chunks of ones first); the zeros after the last spike are not coded
//           or, for zero-compressed dense vectors (EncMode 5, enc 3): the N-bit map of non-zero
//           activations as raw chunks, then one non-zero activation per cycle (lowest first)
//   tail    zero pad, then the CRC MSB first, so the frame ends on a beat boundary
// A Rice symbol carries up to RiceCodes whole run codes, taken from a window of RiceWindow
// spike positions: the whole N*T payload on wide links (a symbol's codes may span timesteps), a
// timestep on narrow ones (a smaller search); an empty timestep costs no cycle either way. With RiceCountInHeader
// the count shares the header's symbol, and a non-group Rice frame's tail joins the symbol of
// its last codes when it fits: a short frame is two symbols, so wide links stay at line rate.
// Spike frames use bitmap (EncMode 0/1), AER (2), Rice (3), or the shortest of the three (4;
// ties: bitmap, then AER). Rice's k comes from the spike count S, at both ends: the largest
// k <= 15 with (S+1) * 2^k <= N*T - S (2^k at most the mean zero-run). A Rice payload delimits
// itself (the decoder stops at the S-th spike), so its header's length field is 0 and no scan of
// the zero-runs precedes the header; adaptive judges Rice by a bound from S alone (count code +
// S * (1 + k) + (N*T - S) >> k, never below the code). Frames whose length the header does not
// give (Rice, groups) size their pad when the payload ends, from the bits sent so far (pos_q).
// A message is taken only while its sequence number stays inside the go-back-N window.
// Group frames (PackVectors > 1): every spike message opens a frame of header type 3 (the first
// vector's enc and length), and further spike vectors to the same destination join it, each as a
// 1, its enc (2 bits) and its payload (StSub), until the sender marks a vector last (in_last_i),
// PackVectors vectors are in, or the next message is not such a vector (it opens the next frame);
// the encoder waits for the next message after an unmarked vector (StWait). A 0 closes the group:
// it is the first of the tail's zeros. One sequence number, one CRC and one retry per group.
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
  /// Bits per dense activation (DenseBits / Channels).
  parameter int ActBits = 8,
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
  /// Encoding: 0 dense (spikes as bitmap), 1 bitmap, 2 aer, 3 rice, 4 adaptive, 5 dense_zc
  /// (dense frames zero-compressed, spikes as bitmap).
  parameter int EncMode = 4,
  /// Go-back-N window in frames.
  parameter int RetryDepth = 8,
  /// Spike vectors per frame at most (1: one message per frame, in_last_i unused).
  parameter int PackVectors = 1,
  /// Rice run codes per symbol at most (1..12, at most SpikeBits): further codes join the first
  /// while they are whole and fit the symbol, across timesteps.
  parameter int RiceCodes = 1,
  /// A Rice frame's spike count goes out in its header's symbol (the header and the longest count
  /// code fit a symbol; the decoder's RiceCountInHeader must match).
  parameter bit RiceCountInHeader = 1'b0,
  /// Spike positions the Rice codes of one symbol are searched in: Channels (a timestep at a
  /// time; narrow links) or SpikeBits (the whole frame; codes span timesteps). A multiple of
  /// Channels that divides SpikeBits. The wire format does not depend on it, only the cycles.
  parameter int RiceWindow = SpikeBits
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [1:0]             in_type_i,
  input  logic [DestBits-1:0]    in_dest_i,
  input  logic [PayloadBits-1:0] in_payload_i,
  /// The message closes its group frame (read with spike messages when PackVectors > 1).
  input  logic                   in_last_i,
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
  localparam logic [3:0] StIdle = 4'd0, StHdr = 4'd1, StRaw = 4'd2, StCnt = 4'd3, StAddr = 4'd4,
                         StTail = 4'd5, StRiceN = 4'd7, StRice = 4'd8,
                         StZcMap = 4'd9, StZcVal = 4'd10, StSub = 4'd11, StWait = 4'd12;
  localparam bit ZcEn = (EncMode == 5);
  // The spike count's code: u = floor(log2((S >> 2) + 1)) is at most UMax.
  localparam int UMax = $clog2((SpikeBits >> 2) + 2) - 1;
  localparam int LeftWidth = $clog2(SpikeBits + 1);
  localparam bit PackEn = (PackVectors > 1);
  localparam int GrpWidth = (PackVectors > 1) ? $clog2(PackVectors) : 1;
  localparam int PosWidth = (Lanes > 1) ? $clog2(Lanes) : 1;
  localparam int PosSumWidth = $clog2(Lanes + SymBits + 1);
  // Rice walks the frame's spikes by their position in the whole N*T payload.
  localparam bit RiceEn = (EncMode == 3) || (EncMode == 4);
  localparam int SpikeIdxWidth = (SpikeBits > 1) ? $clog2(SpikeBits) : 1;
  localparam int Windows = SpikeBits / RiceWindow;
  localparam int WinWidth = (Windows > 1) ? $clog2(Windows) : 1;
  localparam int WinIdxWidth = (RiceWindow > 1) ? $clog2(RiceWindow) : 1;
  // A Rice frame's tail joins its last codes' symbol only where the codes are searched over the
  // whole frame (wide links, whose short frames would otherwise spend an encoder cycle on the
  // tail). On a narrow link the line, not the encoder, sets a frame's cycles, and the join's
  // CRC unit after the code chain would lengthen the transmitter's critical path.
  localparam bit JoinEn = (Windows == 1);

  logic [3:0]             state_q, state_d;
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
  // Group frames: this frame is one, the sender marked the vector last, vectors taken before it.
  // late_q: the frame's pad is sized at its payload's end (a group or a Rice frame).
  logic                   grp_q, last_q, late_q;
  logic [GrpWidth-1:0]    nvec_q;
  logic                   payload_done;

  // ---- header decisions (from the registered message) -----------------------------------------
  logic [31:0] spikes, aer_len, rice_bound, raw_len, len_w, frame_w, pad_w;
  logic [1:0]  enc;
  // Continuous assignments, not accumulating loops in always_comb: Icarus re-triggers those
  // endlessly once their results feed other blocks (here: the encoding choice).
  assign spikes = 32'($countones(payload_q[SpikeBits-1:0]));
  localparam logic [31:0] AddrBits32 = AddrBits;
  localparam logic [31:0] CountTotal32 = Timesteps * CountBits;
  localparam logic [31:0] SpikeBits32 = SpikeBits;
  assign aer_len = CountTotal32 + spikes * AddrBits32;

  // Rice: k from the spike count.
  logic [3:0]        rice_k;
  snap_emio_rice_k #(.SpikeBits(SpikeBits)) u_rice_k (.spikes_i(spikes), .k_o(rice_k));
  // The codes read k from a register loaded as the header leaves: the payload's popcount and the
  // k rule stay out of the code chain's path (they decide the header only).
  logic [3:0]  k_q;
  logic [14:0] kmask;  // k <= 15
  assign kmask = 15'((32'd1 << k_q) - 32'd1);
  // The count code: v = (S >> 2) + 1, u ones, a zero, v's u low bits, S's 2 low bits.
  logic [31:0]          cnt_v, cnt_u, cnt_len;
  logic [SymBits-1:0]   cnt_lo;
  logic [UMax:0]        cnt_ge;
  logic [SymBits-1:0]   cnt_code;
  assign cnt_v     = (spikes >> 2) + 32'd1;
  assign cnt_ge[0] = 1'b0;
  for (genvar j = 1; j <= UMax; j++) begin : gen_cnt_u
    assign cnt_ge[j] = (cnt_v >> j) != '0;
  end
  assign cnt_u    = 32'($countones(cnt_ge));
  assign cnt_len  = 32'd2 * cnt_u + 32'd3;
  assign cnt_lo   = SymBits'(cnt_v) & ((SymBits'(1) << cnt_u) - SymBits'(1));
  assign cnt_code = ((SymBits'(1) << cnt_u) - SymBits'(1)) | (cnt_lo << (cnt_u + 32'd1)) |
                    (SymBits'(spikes[1:0]) << (32'd2 * cnt_u + 32'd1));
  // The bound adaptive compares (golden rice_bound_bits): the runs' quotients sum to at most
  // (N*T - S) >> k.
  assign rice_bound = cnt_len + spikes * (32'd1 + 32'(rice_k)) + ((SpikeBits32 - spikes) >> rice_k);

  // dense_zc: which activations are non-zero, and the payload length N + nonzeros * ActBits.
  logic [Channels-1:0] nz;
  logic [31:0]         zc_len, nonzeros;
  for (genvar i = 0; i < Channels; i++) begin : gen_nz
    assign nz[i] = |payload_q[i*ActBits +: ActBits];
  end
  localparam logic [31:0] ActBits32 = ActBits;
  localparam logic [31:0] Channels32 = Channels;
  assign nonzeros = 32'($countones(nz));
  assign zc_len   = Channels32 + nonzeros * ActBits32;

  logic [1:0] enc_adaptive;
  assign enc_adaptive = (aer_len < SpikeBits32 && aer_len <= rice_bound) ? 2'd1 :
                        (rice_bound < SpikeBits32 && rice_bound < aer_len) ? 2'd2 : 2'd0;
  assign enc = (ZcEn && type_q == 2'd1) ? 2'd3 :
               (type_q != 2'd0) ? 2'd0 :
               (EncMode == 2) ? 2'd1 :
               (EncMode == 3) ? 2'd2 :
               (EncMode == 4) ? enc_adaptive : 2'd0;
  // A Rice frame's count code joins its header's symbol (RiceCountInHeader).
  logic hdr_cnt;
  assign hdr_cnt = RiceCountInHeader && (enc == 2'd2);
  logic [1:0] hdr_type;
  assign hdr_type = (PackEn && type_q == 2'd0) ? 2'd3 : type_q;
  assign raw_len = (type_q == 2'd0) ? 32'(SpikeBits) : (type_q == 2'd1) ? 32'(DenseBits) : 32'(FlitBits);
  // Rice: 0 (self-delimiting; its pad is sized at the payload's end, as a group's).
  assign len_w   = (enc == 2'd1) ? aer_len : (enc == 2'd2) ? '0 : (enc == 2'd3) ? zc_len : raw_len;
  assign frame_w = 32'(HeaderBits + CrcBits) + len_w;
  assign pad_w   = (32'(Lanes) - (frame_w % 32'(Lanes))) % 32'(Lanes);

  // ---- symbol of the current state ------------------------------------------------------------
  logic [LenBits-1:0]   rem;
  logic                 raw_final, mask_single, step_final;
  logic [AddrBits-1:0]  addr;
  logic [CrcW-1:0]      crc_rev;
  assign rem         = len_q - ptr_q;
  // Compared in 32 bits: a symbol can be wider than the largest payload (SymBits >= 2 x Lanes),
  // and LenBits'(SymBits) would then wrap (tests/regress/emio_lanes_near_flit.yaml: 64-bit
  // symbols, 6-bit lengths; the raw chunk never ended and no frame left the die).
  assign raw_final   = (32'(rem) <= 32'(SymBits));
  assign mask_single = ((mask_q & (mask_q - Channels'(1))) == '0);
  // dense_zc: the map goes out in raw chunks (ptr_q counts its bits), then the values.
  localparam int MapPadBits = Channels + SymBits;
  localparam int MapIdxWidth = $clog2(MapPadBits);
  logic [MapPadBits-1:0] nz_pad;
  logic [LenBits-1:0]    map_rem;
  logic                  map_final;
  logic [ActBits-1:0]    zc_value;
  // Only dense_zc reaches StZcMap and StZcVal: elsewhere their wide muxes are tied off, as Yosys
  // cannot tell that the state register never holds them.
  assign nz_pad    = ZcEn ? MapPadBits'(nz) : '0;
  assign map_rem   = LenBits'(Channels) - ptr_q;
  assign map_final = (32'(map_rem) <= 32'(SymBits));
  assign zc_value  = ZcEn ? payload_q[32'(addr) * ActBits +: ActBits] : '0;
  assign step_final  = (step_q == StepWidth'(Timesteps - 1));

  logic unused_found;
  snap_lowest_one #(.Width(Channels), .IdxWidth(AddrBits)) u_next_spike (
    .in_i(mask_q), .idx_o(addr), .found_o(unused_found));

  always_comb begin
    for (int i = 0; i < CrcW; i++) crc_rev[i] = crc_pad[CrcW-1-i];
  end

  logic [StepWidth-1:0] step_next;
  assign step_next = step_q + StepWidth'(1);
  // AER walks the spikes a timestep at a time: the lowest one leaves the mask; after the last
  // spike of a timestep (or on an empty one) the next timestep's channels are loaded.
  logic [Channels-1:0] mask_next_step, mask_after_spike;
  logic                step_after_spike;
  assign mask_next_step   = payload_q[32'(step_next) * Channels +: Channels];
  assign step_after_spike = mask_single && !step_final;
  assign mask_after_spike = step_after_spike ? mask_next_step : (mask_q & (mask_q - Channels'(1)));

  // Rice: the spikes not yet coded in the current window of RiceWindow positions (rmask_q; the
  // window starts at position rbase_q, window rwin_q), where the current zero-run started
  // (start_q, a position in the whole N*T payload), and the spikes still to code (left_q). With
  // the whole frame as the window, codes run on across timesteps; with a timestep as the window,
  // a symbol's codes stay in one timestep and the next non-empty timestep is loaded as the
  // window empties (an empty timestep costs no cycle either way). Code 0 is the lowest spike's: q ones | 0 |
  // k low bits of its run, or a chunk of ones when the code does not fit a symbol (start_q then
  // moves on by the chunk's zeros). Code j > 0 is the next spike's, its run counted from just
  // after spike j-1; it joins when code j-1 did and the symbol holds it whole. Each stage carries
  // the symbol so far (sym), its length (len), the codes in it (n), the last coded position
  // (last) and the spikes after it (rest).
  logic [RiceWindow-1:0]    rmask_q;
  logic [SpikeIdxWidth-1:0] rbase_q;
  logic [WinWidth-1:0]      rwin_q;
  logic [31:0]              start_q, rice_q, rice_chunk;
  logic                 rice_fits;
  logic [LeftWidth-1:0] left_q;
  localparam int NWidth = $clog2(RiceCodes + 1);
  for (genvar j = 0; j < RiceCodes; j++) begin : gen_code
    logic [RiceWindow-1:0]    mask, rest_sel;
    logic [WinIdxWidth-1:0]   at, last;
    logic [31:0]              run, q, code_len;
    logic [14:0]              lo;
    logic [SymBits-1:0]       code, sym;
    logic [NWidth-1:0]        n;
    logic [31:0]              len;
    logic                     found;
    /* verilator lint_off UNUSED */
    logic                     take;  // the last stage's is used by no further one
    /* verilator lint_on UNUSED */
    if (j == 0) begin : gen_first
      assign mask = RiceEn ? rmask_q : '0;
    end else begin : gen_next
      // The spike after code j-1's, whether or not code j-1 was taken: the searches do not wait
      // for the length arithmetic (take_j needs take_{j-1}, so only a consistent run is used).
      assign mask = gen_code[j-1].after;
    end
    // The mask without its lowest one. (A log-depth prefix OR instead of this subtract, tried
    // 2026-12-06, cut hnn_2die's transmitter depth 244 -> 227 but not its fmax, 32.6 -> 32.9
    // MHz, for 2.5k more cells: the critical path is the length arithmetic and the CRC.)
    logic [RiceWindow-1:0] after;
    assign after = mask & (mask - RiceWindow'(1));
    snap_lowest_one #(.Width(RiceWindow), .IdxWidth(WinIdxWidth)) u_spike (
      .in_i(mask), .idx_o(at), .found_o(found));
    if (j == 0) begin : gen_first_run
      assign run  = 32'(rbase_q) + 32'(at) - start_q;
      assign take = found && rice_fits;
    end else begin : gen_next_run
      assign run  = 32'(at) - 32'(gen_code[j-1].last) - 32'd1;
      assign take = gen_code[j-1].take && found && (gen_code[j-1].len + code_len <= 32'(SymBits));
    end
    assign q        = run >> k_q;
    assign code_len = q + 32'd1 + 32'(k_q);
    assign lo       = 15'(run) & kmask;
    assign code     = ~({SymBits{1'b1}} << q) | (SymBits'(lo) << (q + 32'd1));
    if (j == 0) begin : gen_first_sel
      assign sym      = code;
      assign len      = code_len;
      assign n        = NWidth'(1);
      assign last     = at;
      assign rest_sel = after;
    end else begin : gen_next_sel
      assign sym      = take ? (gen_code[j-1].sym | (code << gen_code[j-1].len)) : gen_code[j-1].sym;
      assign len      = take ? gen_code[j-1].len + code_len : gen_code[j-1].len;
      assign n        = gen_code[j-1].n + NWidth'(take);
      assign last     = take ? at : gen_code[j-1].last;
      assign rest_sel = take ? after : gen_code[j-1].rest_sel;
    end
  end
  assign rice_q     = gen_code[0].q;
  assign rice_fits  = (rice_q + 32'd1 + 32'(k_q)) <= 32'(SymBits);
  assign rice_chunk = rice_fits ? 32'd0 : ((rice_q < 32'(SymBits)) ? rice_q : 32'(SymBits));
  logic [RiceWindow-1:0] rice_mask_next;
  logic [NWidth-1:0]    rice_n;
  logic [SymBits-1:0]   rice_sym;
  logic [31:0]          rice_last_pos;
  /* verilator lint_off UNUSED */
  logic [31:0]          rice_len;  // only SymLenWidth bits are used
  /* verilator lint_on UNUSED */
  assign rice_n         = gen_code[RiceCodes-1].n;
  assign rice_sym       = gen_code[RiceCodes-1].sym;
  assign rice_len       = gen_code[RiceCodes-1].len;
  assign rice_last_pos  = 32'(rbase_q) + 32'(gen_code[RiceCodes-1].last);
  assign rice_mask_next = gen_code[RiceCodes-1].rest_sel;
  // The window loaded next: the first one holding spikes as the header leaves, the next one
  // holding spikes (above rwin_q) as the current one empties in StRice; win_base is its first
  // position in the payload.
  logic [WinWidth-1:0]      win_load;
  logic [RiceWindow-1:0]    win_mask;
  logic [SpikeIdxWidth-1:0] win_base;
  logic                     win_more;
  assign win_base = SpikeIdxWidth'(32'(win_load) * RiceWindow);
  if (Windows > 1) begin : gen_windows
    logic [Windows-1:0]  busy, above;
    logic [WinWidth-1:0] first, next;
    logic                unused_first_found;
    for (genvar w = 0; w < Windows; w++) begin : gen_busy
      assign busy[w] = |payload_q[w*RiceWindow +: RiceWindow];
    end
    // The windows above rwin_q: (2 << rwin_q) - 1 covers rwin_q and below (wraps to all ones
    // past the last window).
    assign above = busy & ~((Windows'(2) << rwin_q) - Windows'(1));
    snap_lowest_one #(.Width(Windows), .IdxWidth(WinWidth)) u_first (
      .in_i(busy), .idx_o(first), .found_o(unused_first_found));
    snap_lowest_one #(.Width(Windows), .IdxWidth(WinWidth)) u_next (
      .in_i(above), .idx_o(next), .found_o(win_more));
    assign win_load = (state_q == StRice) ? next : first;
    assign win_mask = payload_q[32'(win_base) +: RiceWindow];
  end else begin : gen_one_window
    assign win_load = '0;
    assign win_mask = payload_q[RiceWindow-1:0];
    assign win_more = 1'b0;
    logic unused_rwin;
    assign unused_rwin = ^rwin_q;
  end
  // The Rice payload ends with the last spike's code (or with the count when there is none).
  logic rice_payload_done;
  // The tail joins the final codes' symbol (below, where the frame's bit position is known).
  logic            tail_join;
  logic [31:0]     join_at, join_len;
  logic [CrcW-1:0] join_crc_rev;
  assign rice_payload_done = rice_fits && (left_q == LeftWidth'(rice_n));

  // The symbol without a joined tail (body): what the CRC register and the bit position follow.
  // A joined tail ends the frame, so neither is needed after it, and its CRC unit (below) works
  // beside this one instead of after it.
  logic [SymBits-1:0]     body_data;
  logic [SymLenWidth-1:0] body_len;
  always_comb begin
    unique case (state_q)
      StHdr:   body_data = SymBits'({LenBits'(len_w), dest_q, seq_q, enc, hdr_type}) |
                           (hdr_cnt ? (cnt_code << HeaderBits) : '0);
      StSub:   body_data = SymBits'({enc, 1'b1});
      StRaw:   body_data = payload_q[SymBits-1:0];
      StCnt:   body_data = SymBits'($countones(mask_q));
      StAddr:  body_data = SymBits'(addr);
      StRiceN: body_data = cnt_code;
      StRice:  body_data = rice_fits ? rice_sym : '1;
      StZcMap: body_data = nz_pad[MapIdxWidth'(ptr_q) +: SymBits];
      StZcVal: body_data = SymBits'(zc_value);
      StTail:  body_data = (CrcBits > 0) ? (SymBits'(crc_rev) << pad_q) : '0;
      default: body_data = '0;
    endcase
  end

  always_comb begin
    unique case (state_q)
      StHdr:   body_len = hdr_cnt ? SymLenWidth'(32'(HeaderBits) + cnt_len) : SymLenWidth'(HeaderBits);
      StSub:   body_len = SymLenWidth'(3);
      StRaw:   body_len = raw_final ? SymLenWidth'(rem) : SymLenWidth'(SymBits);
      StCnt:   body_len = SymLenWidth'(CountBits);
      StAddr:  body_len = SymLenWidth'(AddrBits);
      StRiceN: body_len = SymLenWidth'(cnt_len);
      StRice:  body_len = rice_fits ? SymLenWidth'(rice_len) : SymLenWidth'(rice_chunk);
      StZcMap: body_len = map_final ? SymLenWidth'(map_rem) : SymLenWidth'(SymBits);
      StZcVal: body_len = SymLenWidth'(ActBits);
      StTail:  body_len = tail_q;
      default: body_len = '0;
    endcase
  end

  assign sym_data_o = tail_join ? (body_data | (SymBits'(join_crc_rev) << join_at)) : body_data;
  assign sym_len_o  = tail_join ? SymLenWidth'(join_len) : body_len;

  // The last symbol of the frame: the tail, or the final payload symbol when the tail is empty
  // (never in a group frame: its closing 0 belongs to the tail). A frame sized late (Rice, groups)
  // knows its tail only at the payload's end (late_tail).
  logic                   tail_empty, late_now;
  logic [SymLenWidth-1:0] late_pad, late_tail, tail_now;
  // late_q is set as the header leaves; a payload that ends in the header's symbol (a Rice count
  // of 0 in it) needs to know in that cycle.
  assign late_now   = (state_q == StHdr) ? (grp_q || (enc == 2'd2)) : late_q;
  assign tail_now   = late_now ? late_tail : tail_q;
  assign tail_empty = (tail_now == '0);
  always_comb begin
    unique case (state_q)
      StHdr:   sym_last_o = hdr_cnt && (spikes == '0) && tail_empty;
      StRaw:   sym_last_o = raw_final && tail_empty;
      StCnt:   sym_last_o = step_final && (mask_q == '0) && tail_empty;
      StAddr:  sym_last_o = step_final && mask_single && tail_empty;
      StRiceN: sym_last_o = (spikes == '0) && tail_empty;
      StRice:  sym_last_o = rice_payload_done && (tail_join || tail_empty);
      StZcMap: sym_last_o = map_final && (mask_q == '0) && tail_empty;
      StZcVal: sym_last_o = mask_single && tail_empty;
      StTail:  sym_last_o = 1'b1;
      default: sym_last_o = 1'b0;
    endcase
  end

  assign sym_valid_o = (state_q != StIdle) && (state_q != StWait);
  assign fire        = sym_valid_o && sym_ready_i;
  // The next message is taken when idle or together with the current frame's last symbol (no
  // idle cycle between back-to-back frames), if its sequence number is inside the window.
  logic [SeqBits-1:0] seq_next;
  logic               frame_done, take;
  assign frame_done  = fire && sym_last_o;
  assign seq_next    = frame_done ? seq_q + SeqBits'(1) : seq_q;
  // A group takes its next vector as the current one's last payload symbol leaves, or while
  // it waits (StWait); any other message is left for the next frame.
  logic vec_end, grp_more, sub_slot, sub_fits, take_sub, late_end;
  assign vec_end  = fire && payload_done;
  assign grp_more = PackEn && grp_q && !last_q && (nvec_q != GrpWidth'(PackVectors - 1));
  assign sub_slot = grp_more && (vec_end || (state_q == StWait));
  assign sub_fits = (in_type_i == 2'd0) && (in_dest_i == dest_q);
  assign take_sub = in_valid_i && sub_slot && sub_fits;
  assign in_ready_o  = (((state_q == StIdle) || frame_done) && ((seq_next - base_i) < SeqBits'(RetryDepth))) ||
                       (sub_slot && sub_fits);
  assign take        = in_valid_i && in_ready_o;

  // ---- CRC over every symbol, then over the pad zeros ------------------------------------------
  logic [SymBits-1:0] zeros;
  assign zeros  = '0;
  assign crc_in = (state_q == StHdr) ? '1 : crc_q;
  snap_emio_crc #(.CrcBits(CrcW), .CrcPoly(CrcP), .DataBits(SymBits), .LenWidth(SymLenWidth)) u_crc_sym (
    .crc_i(crc_in), .data_i(body_data), .len_i(body_len), .crc_o(crc_sym));
  snap_emio_crc #(.CrcBits(CrcW), .CrcPoly(CrcP), .DataBits(SymBits), .LenWidth(SymLenWidth)) u_crc_pad (
    .crc_i(crc_q), .data_i(zeros), .len_i(pad_q), .crc_o(crc_pad));

  // ---- frames sized late (Rice, groups): where the frame stands in its beat, and its tail ------
  // pos_q: the bits sent so far modulo Lanes. A group's closing 0 goes first in its tail (pad_q
  // counts it among the pad zeros), so its tail is the 0, the pad and the CRC.
  logic [PosWidth-1:0]    pos_q, pos_sent;
  logic [PosSumWidth-1:0] pos_sum, pos_end;
  logic [SymLenWidth-1:0] closing;
  assign closing  = SymLenWidth'(grp_q);
  assign pos_sum  = ((state_q == StHdr) ? '0 : PosSumWidth'(pos_q)) + PosSumWidth'(body_len);
  assign pos_sent = PosWidth'(pos_sum % PosSumWidth'(Lanes));
  assign pos_end  = (((state_q == StWait) ? PosSumWidth'(pos_q) : PosSumWidth'(pos_sent)) +
                     PosSumWidth'(closing) + PosSumWidth'(CrcBits)) % PosSumWidth'(Lanes);
  assign late_pad  = SymLenWidth'((PosSumWidth'(Lanes) - pos_end) % PosSumWidth'(Lanes)) + closing;
  assign late_tail = late_pad + SymLenWidth'(CrcBits);
  assign late_end  = late_now && (state_d == StTail) && (state_q != StTail);

  // ---- Rice: the tail joins the final codes' symbol when it fits (not in a group frame, whose
  // tail starts with the closing 0): the pad up to the beat boundary, then the CRC over the codes
  // and the pad. A short frame then costs two cycles (header with count, codes with tail).
  logic [PosSumWidth-1:0] join_pos;
  logic [SymLenWidth-1:0] join_pad;
  logic [CrcW-1:0]        join_crc;
  assign join_pos  = PosSumWidth'((32'(pos_q) + rice_len + 32'(CrcBits)) % 32'(Lanes));
  assign join_pad  = SymLenWidth'((PosSumWidth'(Lanes) - join_pos) % PosSumWidth'(Lanes));
  assign join_at   = rice_len + 32'(join_pad);
  assign join_len  = join_at + 32'(CrcBits);
  assign tail_join = JoinEn && (state_q == StRice) && !grp_q && rice_payload_done &&
                     (join_len <= 32'(SymBits));
  snap_emio_crc #(.CrcBits(CrcW), .CrcPoly(CrcP), .DataBits(SymBits), .LenWidth(SymLenWidth)) u_crc_join (
    .crc_i(crc_q), .data_i(rice_sym), .len_i(SymLenWidth'(join_at)), .crc_o(join_crc));
  // Continuous assigns, not an always_comb: without a CRC the bits are constants, and an
  // always_comb reading nothing makes Icarus warn (tests/gates/icarus_check.sh).
  for (genvar i = 0; i < CrcW; i++) begin : gen_join_crc_rev
    assign join_crc_rev[i] = (CrcBits > 0) ? join_crc[CrcW-1-i] : 1'b0;
  end

  // ---- state ---------------------------------------------------------------------------------
  always_comb begin
    unique case (state_q)
      StHdr:   payload_done = hdr_cnt && (spikes == '0);
      StRaw:   payload_done = raw_final;
      StCnt:   payload_done = step_final && (mask_q == '0);
      StAddr:  payload_done = step_final && mask_single;
      StRiceN: payload_done = (spikes == '0);
      StRice:  payload_done = rice_payload_done;
      StZcMap: payload_done = map_final && (mask_q == '0);
      StZcVal: payload_done = mask_single;
      default: payload_done = 1'b0;
    endcase
  end

  // After a vector's last payload symbol: the group's next vector, a wait for it, or the tail.
  logic [3:0] state_after;
  always_comb begin
    if (grp_q) state_after = take_sub ? StSub : (grp_more && !in_valid_i) ? StWait : StTail;
    else state_after = tail_empty ? StIdle : StTail;
  end

  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StIdle: if (take) state_d = StHdr;
      StHdr, StSub: begin
        if (fire) begin
          if (payload_done) state_d = state_after;
          else if (state_q == StHdr && hdr_cnt) state_d = StRice;
          else state_d = (enc == 2'd1) ? StCnt : (enc == 2'd2) ? StRiceN : (enc == 2'd3) ? StZcMap : StRaw;
        end
      end
      StWait: if (in_valid_i) state_d = sub_fits ? StSub : StTail;
      StRaw, StCnt, StAddr, StRiceN, StRice, StZcMap, StZcVal: begin
        if (fire) begin
          if (tail_join) state_d = StIdle;
          else if (payload_done) state_d = state_after;
          else if (state_q == StRiceN) state_d = StRice;
          else if (state_q == StZcMap && map_final) state_d = StZcVal;
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
      start_q   <= '0;
      left_q    <= '0;
      rmask_q   <= '0;
      rbase_q   <= '0;
      rwin_q    <= '0;
      k_q       <= '0;
      grp_q     <= 1'b0;
      late_q    <= 1'b0;
      last_q    <= 1'b0;
      nvec_q    <= '0;
      pos_q     <= '0;
    end else begin
      state_q <= state_d;
      if (fire) crc_q <= crc_sym;
      if (fire) pos_q <= pos_sent;
      unique case (state_q)
        StHdr, StSub: begin
          if (fire) begin
            len_q  <= LenBits'(len_w);
            pad_q  <= SymLenWidth'(pad_w);
            tail_q <= SymLenWidth'(pad_w + 32'(CrcBits));
            ptr_q  <= '0;
            step_q <= '0;
            mask_q <= (enc == 2'd3) ? nz : payload_q[Channels-1:0];
            start_q <= '0;
            left_q  <= LeftWidth'(spikes);
            rmask_q <= RiceEn ? win_mask : '0;
            rbase_q <= RiceEn ? win_base : '0;
            rwin_q  <= RiceEn ? win_load : '0;
            k_q     <= RiceEn ? rice_k : '0;
            if (state_q == StHdr) late_q <= late_now;
          end
        end
        StRice: begin
          if (fire) begin
            if (!rice_fits) begin
              start_q <= start_q + (rice_chunk << k_q);
            end else begin
              start_q <= rice_last_pos + 32'd1;
              left_q  <= left_q - LeftWidth'(rice_n);
              if (rice_mask_next == '0 && win_more) begin
                rmask_q <= win_mask;
                rbase_q <= win_base;
                rwin_q  <= win_load;
              end else begin
                rmask_q <= rice_mask_next;
              end
            end
          end
        end
        // < len_q (the map: < Channels) unless final; added in 32 bits, as raw_final compares.
        // Raw chunks leave from the bottom of payload_q, which shifts down by a symbol (zeros
        // from the pad come in on top) instead of being indexed at ptr_q: a variable part-select
        // over the whole payload was a barrel shifter of about PadBits x log2(PadBits) muxes.
        // Nothing else reads payload_q once the header is out.
        StRaw: begin
          if (fire) begin
            ptr_q     <= LenBits'(32'(ptr_q) + 32'(SymBits));
            payload_q <= payload_q >> SymBits;
          end
        end
        StZcMap: if (fire) ptr_q <= LenBits'(32'(ptr_q) + 32'(SymBits));
        StZcVal: if (fire) mask_q <= mask_q & (mask_q - Channels'(1));
        StCnt: begin
          if (fire && mask_q == '0 && !step_final) begin
            step_q <= step_next;
            mask_q <= mask_next_step;
          end
        end
        StAddr: begin
          if (fire) begin
            mask_q <= mask_after_spike;
            if (step_after_spike) step_q <= step_next;
          end
        end
        default: ;
      endcase
      // After the case: a payload ending in the header's symbol sizes its pad there too.
      if (late_end) begin
        pad_q  <= late_pad;
        tail_q <= late_tail;
      end
      seq_q <= seq_next;
      if (take_sub) begin
        last_q <= in_last_i;
        nvec_q <= nvec_q + GrpWidth'(1);
      end else if (take) begin
        grp_q  <= PackEn && (in_type_i == 2'd0);
        last_q <= in_last_i;
        nvec_q <= '0;
      end
      if (take) begin
        type_q    <= in_type_i;
        dest_q    <= in_dest_i;
        payload_q <= PadBits'(in_payload_i);
      end
    end
  end

`ifdef VERILATOR
  // Elaboration check of the Rice window (Verilator only: Icarus 11 does not parse an
  // elaboration-time $error). The generator uses Channels or SpikeBits; this catches a hand
  // instantiation (tests/rtl/emio/encoder_params.sh).
  if (RiceWindow % Channels != 0 || SpikeBits % RiceWindow != 0) begin : gen_bad_rice_window
    $error("snap_emio_encoder: RiceWindow must be a multiple of Channels that divides SpikeBits");
  end
`endif
`ifndef SYNTHESIS
`ifdef VERILATOR
  assert property (@(posedge clk_i) disable iff (!rst_ni) !(in_valid_i && in_type_i == 2'd3))
    else $error("snap_emio_encoder: message type 3 is reserved");
`endif
`endif
endmodule
