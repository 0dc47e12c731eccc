// snap_emio_decoder: turns the committed beats of each frame back into the message it carries.
// An accumulator takes one beat per cycle (bit 0 first) and the parser consumes one symbol per
// cycle from its low end: the header, then raw chunks of up to SymBits bits or, for AER, a count
// per timestep followed by that many addresses or, for Rice, the spike count S (k follows from
// it; parsed with the header when RiceCountInHeader) and then up to RiceCodes zero-run codes
// per cycle (q ones, a zero, k bits; a unary part that does not
// fit the accumulator is consumed in pieces) until the S-th spike, or, for a zero-compressed dense frame
// (ZcEn, type 1 enc 3), the N-bit map of non-zero activations in raw chunks and then one
// activation per cycle into the lowest position still marked in the map. The pad and CRC after the payload are skipped:
// once the payload is parsed and the frame's last beat is in, the rest of the accumulator is
// dropped and the next frame's beats load while the message moves to out_* (StOut), so back to
// back frames are read at one beat per cycle.
// Group frames (PackEn, header type 3): spike vectors one after the other, each but the first
// announced by a 1 and its enc; after each vector StMore reads that 1 (and the next enc: the
// finished vector goes out as a spike message and the next one is parsed) or the 0 that ends
// the group.
module snap_emio_decoder #(
  /// Data wires.
  parameter int Lanes = 8,
  /// Largest symbol in bits (>= header).
  parameter int SymBits = 24,
  /// Accumulator width: Lanes + SymBits.
  parameter int AccBits = 32,
  /// Width of the fill counter: $clog2(AccBits+1).
  parameter int FillWidth = 6,
  /// Spike frame channels N.
  parameter int Channels = 64,
  /// Spike frame timesteps T.
  parameter int Timesteps = 4,
  /// Width of the timestep counter: max(1, $clog2(Timesteps)).
  parameter int StepWidth = 2,
  /// Spike payload bits N*T.
  parameter int SpikeBits = 256,
  /// Bits per dense activation.
  parameter int ActBits = 8,
  /// Zero-compressed dense frames are sent (d2d.encoding dense_zc): enables their parser.
  parameter bit ZcEn = 1'b0,
  /// Width of the payload output: max(SpikeBits, DenseBits, FlitBits).
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
  /// Group frames are sent (d2d.pack_vectors > 1): enables their parser.
  parameter bit PackEn = 1'b0,
  /// Rice run codes decoded per cycle at most (1..12, at most SpikeBits; the encoder's RiceCodes).
  parameter int RiceCodes = 1,
  /// A Rice frame's spike count is parsed with its header (the encoder's RiceCountInHeader).
  parameter bit RiceCountInHeader = 1'b0
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   beat_valid_i,
  output logic                   beat_ready_o,
  input  logic [Lanes-1:0]       beat_data_i,
  input  logic                   beat_last_i,
  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [1:0]             out_type_o,
  output logic [1:0]             out_enc_o,
  output logic [DestBits-1:0]    out_dest_o,
  output logic [PayloadBits-1:0] out_payload_o
);
  localparam int PadBits = PayloadBits + SymBits;
  localparam int NeedWidth = FillWidth;
  localparam logic [3:0] StHdr = 4'd0, StRaw = 4'd1, StCnt = 4'd2, StAddr = 4'd3, StRiceN = 4'd4,
                         StRice = 4'd5, StDone = 4'd6, StOut = 4'd7, StZcMap = 4'd8, StZcVal = 4'd9,
                         StMore = 4'd10;
  localparam int MapPadBits = Channels + SymBits;
  localparam int MapIdxWidth = $clog2(MapPadBits);

  logic [3:0]           state_q, state_d;
  logic [AccBits-1:0]   acc_q, acc_d, acc_base;
  logic [FillWidth-1:0] fill_q, fill_d, fill_base;
  logic                 hold_q, hold_base;
  logic [1:0]           type_q, enc_q;
  logic [DestBits-1:0]  dest_q;
  logic [LenBits-1:0]   len_q, ptr_q;
  logic [StepWidth-1:0] step_q;
  logic [CountBits-1:0] cnt_q;
  logic [3:0]           k_q;   // Rice k
  localparam int LeftWidth = $clog2(SpikeBits + 1);
  logic [LeftWidth-1:0] left_q;  // Rice: spikes still to decode
  logic [31:0]          at_q;  // Rice: where the current zero-run started
  /* verilator lint_off UNUSED */
  logic [PadBits-1:0]   pay_q;  // top SymBits bits only absorb the last raw chunk's overhang
  /* verilator lint_on UNUSED */
  /* verilator lint_off UNUSED */
  logic [MapPadBits-1:0] zmap_q;  // dense_zc map; the top SymBits bits only absorb the last chunk
  /* verilator lint_on UNUSED */
  logic                 out_valid_q;
  logic [1:0]           out_type_q, out_enc_q;
  logic [DestBits-1:0]  out_dest_q;
  logic [PayloadBits-1:0] out_pay_q;

  // ---- what the current state needs ----------------------------------------------------------
  logic [LenBits-1:0]   rem;
  logic                 raw_final, step_final;
  logic [NeedWidth-1:0] need;
  logic                 act, flush, out_free;
  assign rem        = len_q - ptr_q;
  // Index into the padded payload vector (raw chunks only ever start below PayloadBits).
  localparam int IdxWidth = $clog2(PadBits);
  logic [IdxWidth-1:0] ptr_idx;
  assign ptr_idx = IdxWidth'(ptr_q);
  // The other payload writes' positions (inputs of the write port below), in IdxWidth bits: each
  // write is guarded so that its position lies below PayloadBits.
  logic [IdxWidth-1:0] addr_idx, zc_val_idx, rice_idx;
  // Compared in 32 bits: a symbol can be wider than the largest payload (SymBits >= 2 x Lanes),
  // and LenBits'(SymBits) would then wrap (tests/regress/emio_lanes_near_flit.yaml: 64-bit
  // symbols, 6-bit lengths; the raw chunk never ended and no frame left the die).
  assign raw_final  = (32'(rem) <= 32'(SymBits));
  assign step_final = (step_q == StepWidth'(Timesteps - 1));
  // dense_zc: the map's remaining bits, the map once its last chunk is in, the next value's slot.
  logic [LenBits-1:0]    map_rem;
  logic                  map_final, zc_single;
  logic [Channels-1:0]   zmask, map_full;
  logic [AddrBits-1:0]   zc_idx;
  logic                  unused_zc_found;
  assign map_rem   = LenBits'(Channels) - ptr_q;
  assign map_final = (32'(map_rem) <= 32'(SymBits));
  assign zmask     = zmap_q[Channels-1:0];
  assign zc_single = ((zmask & (zmask - Channels'(1))) == '0);
  snap_lowest_one #(.Width(Channels), .IdxWidth(AddrBits)) u_zc_slot (
    .in_i(zmask), .idx_o(zc_idx), .found_o(unused_zc_found));
  // Rice: z = leading ones (the unary part; bits above the fill are zero, so z <= fill_q unless
  // the accumulator is full of ones). A whole code is taken once it is in; a unary part is
  // taken alone when the code cannot be completed (no room for another beat, or longer than the
  // accumulator); after the frame's last beat, missing bits read as zeros.
  logic [FillWidth-1:0] z;
  logic [31:0]          code_len, kmask, rice_run, rice_pos;
  logic                 rice_code, rice_ones, rice_end;
  logic unused_found;
  snap_lowest_one #(.Width(AccBits + 1), .IdxWidth(FillWidth)) u_first_zero (
    .in_i({1'b1, ~acc_q}), .idx_o(z), .found_o(unused_found));
  assign code_len  = 32'(z) + 32'd1 + 32'(k_q);
  assign kmask     = (32'd1 << k_q) - 32'd1;
  /* verilator lint_off UNUSED */
  logic [AccBits-1:0]   acc_rem;  // the bits after the unary part's zero (only the low k are used)
  /* verilator lint_on UNUSED */
  assign acc_rem   = acc_q >> (32'(z) + 32'd1);
  assign rice_run  = (32'(z) << k_q) | (32'(acc_rem) & kmask);
  assign rice_pos  = at_q + rice_run;
  assign rice_end  = hold_q && (fill_q == '0);
  assign rice_idx  = IdxWidth'(rice_pos);  // used only when rice_pos < SpikeBits
  assign rice_code = !rice_end && (((32'(z) < 32'(fill_q)) && (code_len <= 32'(fill_q))) || hold_q);
  // Further codes in the same cycle (RiceCodes > 1): code j is read just after code j-1 and
  // taken while whole inside the accumulator, another spike is due and it lands inside the
  // frame. Each stage carries the bits through it (len), the codes taken (n), the last position
  // (pos) and the payload bits they set (set).
  localparam int NWidth = $clog2(RiceCodes + 1);
  for (genvar j = 0; j < RiceCodes; j++) begin : gen_code
    logic [31:0]        len, pos;
    logic [NWidth-1:0]  n;
    logic [PadBits-1:0] set;
    /* verilator lint_off UNUSED */
    logic               take;  // the last stage's is used by no further one
    /* verilator lint_on UNUSED */
    if (j == 0) begin : gen_first
      assign take = rice_code && (rice_pos < 32'(SpikeBits));
      assign len  = code_len;
      assign pos  = rice_pos;
      assign n    = NWidth'(1);
      assign set  = '0;  // the first code's bit goes through the write port
    end else begin : gen_next
      /* verilator lint_off UNUSED */
      logic [AccBits-1:0]   acc, acc_low;  // only the bits of this code are used
      /* verilator lint_on UNUSED */
      logic [FillWidth-1:0] zj;
      logic [31:0]          len_j, run_j, pos_j;
      logic                 unused_found_j;
      assign acc = acc_q >> gen_code[j-1].len;
      snap_lowest_one #(.Width(AccBits + 1), .IdxWidth(FillWidth)) u_first_zero (
        .in_i({1'b1, ~acc}), .idx_o(zj), .found_o(unused_found_j));
      assign len_j   = 32'(zj) + 32'd1 + 32'(k_q);
      assign acc_low = acc >> (32'(zj) + 32'd1);
      assign run_j   = (32'(zj) << k_q) | (32'(acc_low) & kmask);
      assign pos_j   = gen_code[j-1].pos + 32'd1 + run_j;
      assign take    = gen_code[j-1].take && (gen_code[j-1].len + len_j <= 32'(fill_q)) &&
                       (32'(left_q) > j) && (pos_j < 32'(SpikeBits));
      assign len     = take ? gen_code[j-1].len + len_j : gen_code[j-1].len;
      assign pos     = take ? pos_j : gen_code[j-1].pos;
      assign n       = gen_code[j-1].n + NWidth'(take);
      assign set     = take ? (gen_code[j-1].set | (PadBits'(1) << IdxWidth'(pos_j))) : gen_code[j-1].set;
    end
  end
  logic [NWidth-1:0]  rice_n;
  logic [31:0]        rice_last;
  /* verilator lint_off UNUSED */
  logic [31:0]        rice_len;  // only NeedWidth bits are used (none with RiceCodes = 1)
  /* verilator lint_on UNUSED */
  logic [PadBits-1:0] rice_set;
  logic               rice_more;  // more than one code this cycle
  assign rice_n    = gen_code[RiceCodes-1].n;
  assign rice_len  = gen_code[RiceCodes-1].len;
  assign rice_last = gen_code[RiceCodes-1].pos;
  assign rice_set  = gen_code[RiceCodes-1].set;
  assign rice_more = (rice_n != NWidth'(1));
  // The spike count: zc ones, a zero, zc low bits of v = (S >> 2) + 1 (its top bit implied), S's
  // 2 low bits; at the bottom of the accumulator (StRiceN) or just above the header (StHdr with
  // RiceCountInHeader). A longer code than a symbol only comes from a corrupted frame that
  // passed the CRC: a symbol's worth is consumed and the frame decodes to whatever it says.
  logic [NeedWidth-1:0] cnt_len;
  logic [31:0]          cnt_v, cnt_s;
  /* verilator lint_off UNUSED */
  logic [AccBits-1:0]   cnt_acc, cnt_rem, cnt_low;  // only the count's bits are used
  /* verilator lint_on UNUSED */
  logic [FillWidth-1:0] zc;
  logic                 unused_cnt_found;
  logic [3:0]           cnt_k;
  assign cnt_acc = (RiceCountInHeader && state_q == StHdr) ? (acc_q >> HeaderBits) : acc_q;
  if (RiceCountInHeader) begin : gen_count_zero
    snap_lowest_one #(.Width(AccBits + 1), .IdxWidth(FillWidth)) u_count_zero (
      .in_i({1'b1, ~cnt_acc}), .idx_o(zc), .found_o(unused_cnt_found));
  end else begin : gen_count_at_bottom
    assign zc = z;  // the count is at the bottom of the accumulator, where z looks
    assign unused_cnt_found = 1'b0;
  end
  // Room for the code: a symbol, or what the header leaves of it (so the header and a corrupted
  // count never need more than a symbol: more than the accumulator can hold would wait forever).
  logic [31:0] cnt_room;
  assign cnt_room = (RiceCountInHeader && state_q == StHdr) ? 32'(SymBits - HeaderBits) : 32'(SymBits);
  assign cnt_len = (32'd2 * 32'(zc) + 32'd3 > cnt_room) ? NeedWidth'(cnt_room) : NeedWidth'(32'd2 * 32'(zc) + 32'd3);
  assign cnt_rem = cnt_acc >> (32'(zc) + 32'd1);
  assign cnt_v   = (32'd1 << zc) | ((32'(cnt_rem)) & ((32'd1 << zc) - 32'd1));
  assign cnt_low = cnt_acc >> (32'd2 * 32'(zc) + 32'd1);
  assign cnt_s   = ((cnt_v - 32'd1) << 2) | 32'(cnt_low[1:0]);
  snap_emio_rice_k #(.SpikeBits(SpikeBits)) u_rice_k (.spikes_i(cnt_s), .k_o(cnt_k));
  assign rice_ones = !rice_end && !rice_code && (z != '0) &&
                     ((32'(fill_q) + 32'(Lanes) > 32'(AccBits)) || (code_len > 32'(AccBits)));

  always_comb begin
    unique case (state_q)
      StHdr:   need = h_rice_cnt ? NeedWidth'(HeaderBits) + cnt_len : NeedWidth'(HeaderBits);
      StRaw:   need = raw_final ? NeedWidth'(rem) : NeedWidth'(SymBits);
      StCnt:   need = NeedWidth'(CountBits);
      StAddr:  need = NeedWidth'(AddrBits);
      StRiceN: need = cnt_len;
      StRice:  need = rice_ones ? z : rice_more ? NeedWidth'(rice_len) :
                      (code_len > 32'(AccBits)) ? NeedWidth'(AccBits) : NeedWidth'(code_len);
      StZcMap: need = map_final ? NeedWidth'(map_rem) : NeedWidth'(SymBits);
      StZcVal: need = NeedWidth'(ActBits);
      StMore:  need = acc_q[0] ? NeedWidth'(3) : NeedWidth'(1);
      default: need = '0;
    endcase
  end
  // A symbol is parsed once its bits are in, or when the frame has ended (a truncated frame
  // then reads zeros instead of hanging; only possible if a corrupted frame passed the CRC).
  // StMore hands the finished vector to out_* when another follows, so it waits for room there.
  assign out_free = !out_valid_q || out_ready_i;
  assign act = (state_q == StRice) ? (rice_code || rice_ones || rice_end)
             : (state_q == StMore) ? ((fill_q >= need) || hold_q) && (!acc_q[0] || out_free)
                                   : ((state_q <= StRiceN) || (state_q == StZcMap) || (state_q == StZcVal)) &&
                                     ((fill_q >= need) || hold_q);
  assign flush    = (state_q == StOut) && out_free;

  // Header fields at the bottom of the accumulator.
  logic [1:0]          h_type, h_enc;
  logic [DestBits-1:0] h_dest;
  logic [LenBits-1:0]  h_len;
  assign h_type = acc_q[1:0];
  assign h_enc  = acc_q[3:2];
  assign h_dest = acc_q[4 + SeqBits +: DestBits];
  assign h_len  = acc_q[4 + SeqBits + DestBits +: LenBits];
  logic [CountBits-1:0] f_cnt;
  logic [AddrBits-1:0]  f_addr;
  assign f_cnt  = acc_q[CountBits-1:0];
  assign f_addr = acc_q[AddrBits-1:0];
  assign addr_idx = IdxWidth'(32'(step_q) * Channels + 32'(f_addr));  // used only when f_addr < Channels
  assign zc_val_idx = IdxWidth'(32'(zc_idx) * ActBits);  // zc_idx < Channels: below DenseBits
  logic [SymBits-1:0] chunk;
  always_comb begin
    for (int i = 0; i < SymBits; i++) chunk[i] = acc_q[i] && (i < 32'(need));
  end
  // The map with this cycle's chunk added (for the decision after its last chunk).
  /* verilator lint_off UNUSED */
  logic [MapPadBits-1:0] map_now;  // only the N map bits decide
  /* verilator lint_on UNUSED */
  assign map_now  = zmap_q | (MapPadBits'(chunk) << ptr_q);
  assign map_full = map_now[Channels-1:0];
  logic h_zc, h_spike, h_group, h_rice_cnt, grp_q, grp_now;
  assign h_zc    = ZcEn && (h_type == 2'd1) && (h_enc == 2'd3);
  assign h_group = PackEn && (h_type == 2'd3);
  assign h_spike = (h_type == 2'd0) || h_group;
  assign h_rice_cnt = RiceCountInHeader && h_spike && (h_enc == 2'd2);
  assign grp_q   = PackEn && (type_q == 2'd3);
  // The frame is a group: in StHdr from the header itself (a Rice count of 0 in the header's
  // symbol ends the first vector there).
  assign grp_now = (state_q == StHdr) ? h_group : grp_q;
  // StMore: a 1 (another vector, its enc above it) or the 0 that closes the group.
  logic more, more_end;
  logic [1:0] more_enc;
  assign more     = acc_q[0];
  assign more_enc = acc_q[2:1];
  assign more_end = (state_q == StMore) && act && !more;

  // ---- payload and map writes ------------------------------------------------------------------
  // One write port per register: a field at a variable position, written as a shifted mask and
  // shifted data across the whole vector. (A `pay_q[pos +: W] <= ...` in each state made Yosys
  // build a case over every position for each write: thousands of branches on wide links, most
  // of the block's synthesis time.) The bits outside the field keep their value.
  localparam int FieldBits = (SymBits > ActBits) ? SymBits : ActBits;
  logic [IdxWidth-1:0]  wr_idx;
  logic [FieldBits-1:0] wr_bits, wr_field;  // the new bits, and which bits of the field are written
  logic [PadBits-1:0]   pay_wr;
  always_comb begin
    wr_idx   = ptr_idx;  // StRaw: a chunk
    wr_bits  = FieldBits'(chunk);
    wr_field = FieldBits'({SymBits{1'b1}});
    unique case (state_q)
      StAddr: begin
        wr_idx   = addr_idx;
        wr_bits  = FieldBits'(1);
        wr_field = FieldBits'(1);
      end
      StZcVal: begin
        wr_idx   = zc_val_idx;
        wr_bits  = FieldBits'(acc_q[ActBits-1:0]);
        wr_field = FieldBits'({ActBits{1'b1}});
      end
      StRice: begin
        wr_idx   = rice_idx;
        wr_bits  = FieldBits'(1);
        wr_field = FieldBits'(1);
      end
      default: ;
    endcase
  end
  assign pay_wr = (pay_q & ~(PadBits'(wr_field) << wr_idx)) | (PadBits'(wr_bits) << wr_idx);
  // dense_zc map: a chunk of it (StZcMap), or the slot just filled cleared (StZcVal).
  logic [MapIdxWidth-1:0] zmap_idx;
  logic [SymBits-1:0]     zmap_bits, zmap_field;
  logic [MapPadBits-1:0]  zmap_wr;
  assign zmap_idx   = (state_q == StZcVal) ? MapIdxWidth'(zc_idx) : MapIdxWidth'(ptr_q);
  assign zmap_bits  = (state_q == StZcVal) ? '0 : chunk;
  assign zmap_field = (state_q == StZcVal) ? SymBits'(1) : '1;
  assign zmap_wr    = (zmap_q & ~(MapPadBits'(zmap_field) << zmap_idx)) | (MapPadBits'(zmap_bits) << zmap_idx);

  // ---- accumulator: consume, flush, load -------------------------------------------------------
  always_comb begin
    acc_base  = acc_q;
    fill_base = fill_q;
    hold_base = hold_q;
    if (state_q == StDone || (to_done && hold_q)) begin
      // Only pad and CRC are left: drop them as they come, until the frame's last beat is in.
      acc_base  = '0;
      fill_base = '0;
      hold_base = 1'b0;
    end else if (act) begin
      acc_base  = acc_q >> need;
      fill_base = (fill_q >= need) ? fill_q - need : '0;
    end
  end
  assign beat_ready_o = !hold_base && ((32'(fill_base) + Lanes) <= AccBits);
  always_comb begin
    acc_d  = acc_base;
    fill_d = fill_base;
    if (beat_valid_i && beat_ready_o) begin
      acc_d  = acc_base | (AccBits'(beat_data_i) << fill_base);
      fill_d = fill_base + FillWidth'(Lanes);
    end
  end

  // ---- parser --------------------------------------------------------------------------------
  // vec_done: this cycle parses the payload's final symbol; to_done: the frame's (a group's
  // vectors are followed by StMore).
  logic vec_done, to_done;
  assign to_done = (vec_done && !grp_now) || more_end;
  always_comb begin
    unique case (state_q)
      StHdr:   vec_done = act && (h_rice_cnt ? (cnt_s == '0) :
                                  !(h_spike && (h_enc == 2'd1 || h_enc == 2'd2)) && !h_zc && !h_group && (h_len == '0));
      StRaw:   vec_done = act && raw_final;
      StCnt:   vec_done = act && (f_cnt == '0) && step_final;
      StAddr:  vec_done = act && (cnt_q == CountBits'(1)) && step_final;
      StRiceN: vec_done = act && (cnt_s == '0);
      StRice:  vec_done = rice_end || (rice_code && ((rice_pos >= 32'(SpikeBits)) || (left_q == LeftWidth'(1)))) ||
                          (rice_more && (left_q == LeftWidth'(rice_n)));
      StZcMap: vec_done = act && map_final && (map_full == '0);
      StZcVal: vec_done = act && zc_single;
      default: vec_done = 1'b0;
    endcase
  end

  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StHdr:
        if (act) begin
          if (h_spike && h_enc == 2'd1) state_d = StCnt;
          else if (h_spike && h_enc == 2'd2) state_d = h_rice_cnt ? StRice : StRiceN;
          else if (h_zc) state_d = StZcMap;
          else state_d = StRaw;
        end
      StCnt: if (act && f_cnt != '0) state_d = StAddr;
      StAddr: if (act && cnt_q == CountBits'(1)) state_d = StCnt;
      StRiceN: if (act) state_d = StRice;
      StZcMap: if (act && map_final) state_d = StZcVal;
      StDone: if (hold_q) state_d = StOut;
      StOut: if (flush) state_d = StHdr;
      StMore: if (act && more) state_d = (more_enc == 2'd1) ? StCnt : (more_enc == 2'd2) ? StRiceN : StRaw;
      default: ;
    endcase
    if (vec_done && grp_now) state_d = StMore;
    if (to_done) state_d = hold_q ? StOut : StDone;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= StHdr;
      acc_q       <= '0;
      fill_q      <= '0;
      hold_q      <= 1'b0;
      type_q      <= '0;
      enc_q       <= '0;
      dest_q      <= '0;
      len_q       <= '0;
      ptr_q       <= '0;
      step_q      <= '0;
      cnt_q       <= '0;
      k_q         <= '0;
      left_q      <= '0;
      at_q        <= '0;
      pay_q       <= '0;
      zmap_q      <= '0;
      out_valid_q <= 1'b0;
      out_type_q  <= '0;
      out_enc_q   <= '0;
      out_dest_q  <= '0;
      out_pay_q   <= '0;
    end else begin
      state_q <= state_d;
      acc_q   <= acc_d;
      fill_q  <= fill_d;
      hold_q  <= hold_base || (beat_valid_i && beat_ready_o && beat_last_i);
      if (out_valid_q && out_ready_i) out_valid_q <= 1'b0;
      unique case (state_q)
        StHdr:
          if (act) begin
            type_q <= h_type;
            enc_q  <= h_enc;
            dest_q <= h_dest;
            len_q  <= h_len;
            ptr_q  <= '0;
            step_q <= '0;
            pay_q  <= '0;
            zmap_q <= '0;
            k_q    <= cnt_k;
            left_q <= LeftWidth'(cnt_s);
            at_q   <= '0;
          end
        StRaw:
          if (act) begin
            pay_q <= pay_wr;
            ptr_q <= LenBits'(32'(ptr_q) + 32'(SymBits));  // < len_q unless final
          end
        StCnt:
          if (act) begin
            cnt_q <= f_cnt;
            if (f_cnt == '0 && !step_final) step_q <= step_q + StepWidth'(1);
          end
        StAddr:
          if (act) begin
            if (32'(f_addr) < Channels) pay_q <= pay_wr;
            cnt_q <= cnt_q - CountBits'(1);
            if (cnt_q == CountBits'(1) && !step_final) step_q <= step_q + StepWidth'(1);
          end
        StZcMap:
          if (act) begin
            zmap_q <= zmap_wr;
            ptr_q <= LenBits'(32'(ptr_q) + 32'(SymBits));
          end
        StZcVal:
          if (act) begin
            pay_q  <= pay_wr;
            zmap_q <= zmap_wr;
          end
        StRiceN:
          if (act) begin
            k_q    <= cnt_k;
            left_q <= LeftWidth'(cnt_s);
            at_q   <= '0;
          end
        StRice:
          if (rice_ones) begin
            at_q <= at_q + (32'(z) << k_q);
          end else if (rice_more) begin
            pay_q  <= pay_wr | rice_set;
            at_q   <= rice_last + 32'd1;
            left_q <= left_q - LeftWidth'(rice_n);
          end else if (rice_code && rice_pos < 32'(SpikeBits)) begin
            pay_q  <= pay_wr;
            at_q   <= rice_pos + 32'd1;
            left_q <= left_q - LeftWidth'(1);
          end
        StMore:
          if (act && more) begin
            out_valid_q <= 1'b1;
            out_type_q  <= 2'd0;
            out_enc_q   <= enc_q;
            out_dest_q  <= dest_q;
            out_pay_q   <= pay_q[PayloadBits-1:0];
            enc_q       <= more_enc;
            len_q       <= LenBits'(SpikeBits);
            ptr_q       <= '0;
            step_q      <= '0;
            pay_q       <= '0;
          end
        StOut:
          if (flush) begin
            out_valid_q <= 1'b1;
            out_type_q  <= grp_q ? 2'd0 : type_q;
            out_enc_q   <= enc_q;
            out_dest_q  <= dest_q;
            out_pay_q   <= pay_q[PayloadBits-1:0];
          end
        default: ;
      endcase
    end
  end

  assign out_valid_o   = out_valid_q;
  assign out_type_o    = out_type_q;
  assign out_enc_o     = out_enc_q;
  assign out_dest_o    = out_dest_q;
  assign out_payload_o = out_pay_q;
endmodule
