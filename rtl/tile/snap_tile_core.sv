// snap_tile_core: the dense compute tile (generated tops `<name>_tile` wrap it). Computes one layer Y = requant(W X + b) for a batch of
// vectors on a Rows x Cols weight-stationary systolic array, tiling over input features (kt)
// and output features (nt). Protocol (docs/tile.md has the bit-level formats):
//   1. load port (while !busy_o): ld_sel_i 0 = weight word  ld_addr = nt*MaxIn + k,
//        data[c*WeightBits +: WeightBits] = W[nt*Cols + c][k];
//      1 = bias  ld_addr = n, data[AccBits-1:0];  2 = requant (PerChannel only) ld_addr = n,
//        data[MultBits-1:0] = M, data[MultBits +: ShiftBits] = S.
//   2. start_i while !busy_o samples cfg_* (layer shape and per-layer requant) and raises busy_o.
//   3. act stream: batch*ceil(in/Rows) beats, vector b outer, chunk kt inner; lane r of a beat is
//      x[b][kt*Rows + r] (lanes past `in` are ignored).
//   4. out stream: ceil(out/Cols)*batch beats, nt outer, b inner; lane c = y[b][nt*Cols + c]
//      (lanes past `out` are 0). busy_o falls after the last beat is accepted.
// mac_count_o counts useful MACs (in-range row x in-range column products) since reset.
module snap_tile_core #(
  /// PE rows.
  parameter int Rows = 4,
  /// PE columns.
  parameter int Cols = 4,
  /// Activation width in bits (inputs and outputs).
  parameter int ActBits = 8,
  /// 1: signed activations; 0: unsigned.
  parameter int ActSigned = 0,
  /// Signed weight width in bits.
  parameter int WeightBits = 8,
  /// Accumulator width in bits (wraps).
  parameter int AccBits = 32,
  /// 1: requant M/S per output channel (load port); 0: per layer (cfg_mult_i/cfg_shift_i).
  parameter int PerChannel = 0,
  /// Requant multiplier width.
  parameter int MultBits = 32,
  /// Requant shift width.
  parameter int ShiftBits = 6,
  /// Largest layer input size (weight memory rows per column block).
  parameter int MaxIn = 16,
  /// Largest layer output size.
  parameter int MaxOut = 16,
  /// Largest batch (vectors per layer call).
  parameter int MaxBatch = 8,
  /// ceil(MaxIn / Rows).
  parameter int KtMax = 4,
  /// ceil(MaxOut / Cols).
  parameter int NtMax = 4,
  /// Width of cfg_in_i: $clog2(MaxIn + 1).
  parameter int InBits = 5,
  /// Width of cfg_out_i: $clog2(MaxOut + 1).
  parameter int OutBits = 5,
  /// Width of cfg_batch_i: $clog2(MaxBatch + 1).
  parameter int BatchBits = 4,
  /// Width of ld_addr_i: $clog2(max(NtMax*MaxIn, NtMax*Cols)).
  parameter int LdAddrBits = 6,
  /// Width of ld_data_i: max(Cols*WeightBits, AccBits, PerChannel ? MultBits+ShiftBits : 0).
  parameter int LdDataBits = 32,
  /// Width of mac_count_o.
  parameter int CountBits = 48,
  /// Requantization lanes (1..Cols): a result beat takes ReqGroups cycles through them.
  parameter int ReqLanes = 4,
  /// ceil(Cols / ReqLanes).
  parameter int ReqGroups = 1,
  /// 1: initialise the weight memory from WeightInit with $readmemh.
  parameter int WeightInitEn = 0,
  /// $readmemh file for the weight memory (one word per line, word = ld_sel 0 data).
  parameter WeightInit = "",
  /// 1: initialise the bias memory from BiasInit with $readmemh.
  parameter int BiasInitEn = 0,
  /// $readmemh file for the bias memory (one AccBits word per channel).
  parameter BiasInit = ""
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // load port
  input  logic                       ld_valid_i,
  output logic                       ld_ready_o,
  input  logic [1:0]                 ld_sel_i,
  input  logic [LdAddrBits-1:0]      ld_addr_i,
  input  logic [LdDataBits-1:0]      ld_data_i,
  // layer command
  input  logic                       start_i,
  output logic                       busy_o,
  input  logic [InBits-1:0]          cfg_in_i,
  input  logic [OutBits-1:0]         cfg_out_i,
  input  logic [BatchBits-1:0]       cfg_batch_i,
  input  logic [MultBits-1:0]        cfg_mult_i,
  input  logic [ShiftBits-1:0]       cfg_shift_i,
  input  logic [ActBits:0]           cfg_zp_i,
  input  logic                       cfg_relu_i,
  // activations in
  input  logic                       act_valid_i,
  output logic                       act_ready_o,
  input  logic [Rows*ActBits-1:0]    act_data_i,
  // results out
  output logic                       out_valid_o,
  input  logic                       out_ready_i,
  output logic [Cols*ActBits-1:0]    out_data_o,
  // statistics
  output logic [CountBits-1:0]       mac_count_o
);
  localparam int WDepth    = NtMax * MaxIn;
  localparam int ChanDepth = NtMax * Cols;
  localparam int ActDepth  = MaxBatch * KtMax;
  localparam int WAddrBits = $clog2(WDepth + Rows);      // k may run past `in` in the last chunk
  localparam int WIdxBits  = $clog2(WDepth);
  localparam int ChanBits  = $clog2(ChanDepth);          // nt*Cols + c < ChanDepth always
  localparam int ActAddrBits = $clog2(ActDepth + 1);
  localparam int ActIdxBits = $clog2(ActDepth);
  localparam int KtBits    = $clog2(KtMax + 1);
  localparam int BIdxBits  = (MaxBatch > 1) ? $clog2(MaxBatch) : 1;
  localparam int KBits     = $clog2(MaxIn + Rows + 1);    // k offsets (may exceed MaxIn by < Rows)
  localparam int NBits     = $clog2(MaxOut + Cols + 1);
  localparam int CntBits   = $clog2(MaxBatch + Rows + Cols + 2);
  localparam int CntMax    = (1 << CntBits) - 1;
  localparam int RowBits   = (Rows > 1) ? $clog2(Rows) : 1;
  localparam int MacBits   = $clog2(Rows * Cols + 1);
  localparam int TagBits   = BIdxBits + 4;                // {valid, first, last, acc bank, b}
  localparam int TagLen    = Rows + Cols;
  localparam int GBits     = (ReqGroups > 1) ? $clog2(ReqGroups) : 1;
  localparam int PadCols   = ReqGroups * ReqLanes;

  localparam int MacProdBits = 2 * MacBits;
  localparam int BCntBits  = BIdxBits + 1;               // counts 0..MaxBatch
  localparam int LdCmpBits = LdAddrBits + 1;
  localparam logic [1:0] PhIdle = 2'd0, PhInput = 2'd1, PhCompute = 2'd2;
  logic [1:0] phase_q;

  // ---- storage ------------------------------------------------------------------------------
  // Weights and activations live in SRAM macros (snap_tile_sram, registered read); bias and
  // per-channel requant tables are small and read by every lane at once, so they are flops.
  logic [AccBits-1:0]         bias_q  [ChanDepth];

  if (BiasInitEn != 0) begin : gen_binit
    initial $readmemh(BiasInit, bias_q);
  end

  logic ld_fire;
  assign ld_ready_o = (phase_q == PhIdle);
  assign ld_fire    = ld_valid_i && ld_ready_o;

  always_ff @(posedge clk_i) begin
    if (ld_fire && ld_sel_i == 2'd1) bias_q[ld_addr_i[ChanBits-1:0]] <= ld_data_i[AccBits-1:0];
  end

  // ---- layer configuration --------------------------------------------------------------------
  logic                 start_fire;
  logic [KBits-1:0]     k_q;
  logic [NBits-1:0]     n_q;
  logic [BIdxBits:0]    b_q;
  logic [MultBits-1:0]  mult_q;
  logic [ShiftBits-1:0] shift_q;
  logic [ActBits:0]     zp_q;
  logic                 relu_q;
  logic                 layer_done;

  assign start_fire = start_i && (phase_q == PhIdle);
  assign busy_o     = (phase_q != PhIdle);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      k_q <= '0; n_q <= '0; b_q <= '0; mult_q <= '0; shift_q <= '0; zp_q <= '0; relu_q <= 1'b0;
    end else if (start_fire) begin
      k_q     <= KBits'(cfg_in_i);
      n_q     <= NBits'(cfg_out_i);
      b_q     <= BCntBits'(cfg_batch_i);
      mult_q  <= cfg_mult_i;
      shift_q <= cfg_shift_i;
      zp_q    <= cfg_zp_i;
      relu_q  <= cfg_relu_i;
    end
  end

  // ---- input phase: fill the activation buffer ------------------------------------------------
  logic                   in_fire, in_last_chunk, in_last;
  logic [BIdxBits:0]      in_b_q;
  logic [KBits-1:0]       in_koff_q;
  logic [ActAddrBits-1:0] in_addr_q, in_row_q;   // in_row_q = in_b * KtMax

  assign act_ready_o   = (phase_q == PhInput);
  assign in_fire       = act_valid_i && act_ready_o;
  assign in_last_chunk = (in_koff_q + KBits'(Rows)) >= k_q;
  assign in_last       = in_last_chunk && (in_b_q + 1'b1 == b_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_b_q <= '0; in_koff_q <= '0; in_addr_q <= '0; in_row_q <= '0;
    end else if (start_fire) begin
      in_b_q <= '0; in_koff_q <= '0; in_addr_q <= '0; in_row_q <= '0;
    end else if (in_fire) begin
      if (in_last_chunk) begin
        in_b_q    <= in_b_q + 1'b1;
        in_koff_q <= '0;
        in_addr_q <= in_row_q + ActAddrBits'(KtMax);
        in_row_q  <= in_row_q + ActAddrBits'(KtMax);
      end else begin
        in_koff_q <= in_koff_q + KBits'(Rows);
        in_addr_q <= in_addr_q + 1'b1;
      end
    end
  end
  logic [Rows*ActBits-1:0] abuf_rdata;
  logic [ActAddrBits-1:0]  is_addr_q;

  snap_tile_sram #(
    .Width(Rows * ActBits),
    .Depth(ActDepth),
    .AddrBits(ActIdxBits)
  ) u_abuf (
    .clk_i  (clk_i),
    .we_i   (in_fire),
    .waddr_i(in_addr_q[ActIdxBits-1:0]),
    .wdata_i(act_data_i),
    .raddr_i(is_addr_q[ActIdxBits-1:0]),
    .rdata_o(abuf_rdata)
  );

  // ---- pass launcher: one pass = one (nt, kt) weight tile, B slots ----------------------------
  // A launch in cycle L reads weight row r in cycle L + r (written into the PEs of bank
  // `pass_bank_q` in L + 1 + r) and issues slots b = 0..B-1 in cycles L+1+b (reaching the array
  // one cycle later, after the activation buffer read). Launch rules (docs/tile.md): L - L_prev >= max(B, Rows)
  // (slot issuer and row writer free), L - L_prev2 >= B + Cols - 1 (the bank being overwritten
  // has left the array), and a pass with kt = 0 needs the accumulator bank of nt-2 drained.
  logic               launch;
  logic               ln_done_q, pass_bank_q;
  logic [NBits-1:0]   ln_noff_q;
  logic [KBits-1:0]   ln_koff_q;
  logic [KtBits-1:0]  ln_kt_q;
  logic [NBits-1:0]   ln_nt_q;
  logic [WAddrBits-1:0] ln_wbase_q;
  logic [CntBits-1:0] cnt1_q, cnt2_q;
  logic [NBits-1:0]   drained_q;
  logic               ln_last_kt, ln_last_nt, acc_free, spacing_ok;
  logic [CntBits-1:0] pass_len, bank_gap;
  logic [MacBits-1:0] ln_kv, ln_nv;

  assign pass_len   = (CntBits'(b_q) > CntBits'(Rows)) ? CntBits'(b_q) : CntBits'(Rows);
  assign bank_gap   = CntBits'(b_q) + CntBits'(Cols - 1);
  assign spacing_ok = (cnt1_q >= pass_len) && (cnt2_q >= bank_gap);
  assign acc_free   = (ln_kt_q != '0) || (drained_q + 1'b1 >= ln_nt_q);
  assign launch     = (phase_q == PhCompute) && !ln_done_q && spacing_ok && acc_free;
  assign ln_last_kt = (ln_koff_q + KBits'(Rows)) >= k_q;
  assign ln_last_nt = (ln_noff_q + NBits'(Cols)) >= n_q;
  // The remainders at their own width first: a cast of the subtraction to MacBits would widen
  // its operands when KBits/NBits < MacBits (small layers on a large array; Verilator WIDTH).
  logic [KBits-1:0] ln_krem;
  logic [NBits-1:0] ln_nrem;
  assign ln_krem    = k_q - ln_koff_q;
  assign ln_nrem    = n_q - ln_noff_q;
  assign ln_kv      = (ln_krem >= KBits'(Rows)) ? MacBits'(Rows) : MacBits'(ln_krem);
  assign ln_nv      = (ln_nrem >= NBits'(Cols)) ? MacBits'(Cols) : MacBits'(ln_nrem);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ln_done_q <= 1'b0; pass_bank_q <= 1'b0; ln_noff_q <= '0; ln_koff_q <= '0; ln_kt_q <= '0;
      ln_nt_q <= '0; ln_wbase_q <= '0; cnt1_q <= CntBits'(CntMax); cnt2_q <= CntBits'(CntMax);
    end else if (start_fire) begin
      ln_done_q <= 1'b0; pass_bank_q <= 1'b0; ln_noff_q <= '0; ln_koff_q <= '0; ln_kt_q <= '0;
      ln_nt_q <= '0; ln_wbase_q <= '0; cnt1_q <= CntBits'(CntMax); cnt2_q <= CntBits'(CntMax);
    end else if (launch) begin
      pass_bank_q <= ~pass_bank_q;
      cnt1_q      <= CntBits'(1);
      cnt2_q      <= (cnt1_q == CntBits'(CntMax)) ? cnt1_q : cnt1_q + 1'b1;
      if (ln_last_kt) begin
        ln_koff_q <= '0;
        ln_kt_q   <= '0;
        if (ln_last_nt) begin
          ln_done_q <= 1'b1;
        end else begin
          ln_nt_q    <= ln_nt_q + 1'b1;
          ln_noff_q  <= ln_noff_q + NBits'(Cols);
          ln_wbase_q <= ln_wbase_q + WAddrBits'(MaxIn);
        end
      end else begin
        ln_koff_q <= ln_koff_q + KBits'(Rows);
        ln_kt_q   <= ln_kt_q + 1'b1;
      end
    end else begin
      if (cnt1_q != CntBits'(CntMax)) cnt1_q <= cnt1_q + 1'b1;
      if (cnt2_q != CntBits'(CntMax)) cnt2_q <= cnt2_q + 1'b1;
    end
  end

  // ---- weight row writer ------------------------------------------------------------------------
  logic                 wr_active_q, wr_bank_q;
  logic [RowBits-1:0]   wr_row_q;
  logic [WAddrBits-1:0] wr_addr_q;
  logic [KBits-1:0]     wr_k_q;
  logic                 row_we;
  logic [RowBits-1:0]   row_idx;
  logic [WAddrBits-1:0] row_addr;
  logic [KBits-1:0]     row_k;
  logic                 row_bank;
  logic [Rows-1:0]      w_row_we, w_row_we_q;
  logic                 w_bank_q, w_keep_q;
  logic [Cols*WeightBits-1:0] wmem_rdata, w_row_data;

  // Row 0 is read in the launch cycle itself, rows 1..Rows-1 by the writer registers.
  assign row_we   = launch || wr_active_q;
  assign row_idx  = launch ? '0 : wr_row_q;
  assign row_addr = launch ? ln_wbase_q + WAddrBits'(ln_koff_q) : wr_addr_q;
  assign row_k    = launch ? ln_koff_q : wr_k_q;
  assign row_bank = launch ? pass_bank_q : wr_bank_q;
  for (genvar r = 0; r < Rows; r++) begin : gen_row_we
    assign w_row_we[r] = row_we && (row_idx == RowBits'(r));
  end

  snap_tile_sram #(
    .Width(Cols * WeightBits),
    .Depth(WDepth),
    .AddrBits(WIdxBits),
    .InitEn(WeightInitEn),
    .InitFile(WeightInit)
  ) u_wmem (
    .clk_i  (clk_i),
    .we_i   (ld_fire && ld_sel_i == 2'd0),
    .waddr_i(ld_addr_i[WIdxBits-1:0]),
    .wdata_i(ld_data_i[Cols*WeightBits-1:0]),
    .raddr_i(row_addr[WIdxBits-1:0]),
    .rdata_o(wmem_rdata)
  );

  // The PE write happens one cycle after the read. Rows past `in` get zero weights (their
  // activations are zero too), so stale or out-of-range memory words never reach a sum.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_row_we_q <= '0; w_bank_q <= 1'b0; w_keep_q <= 1'b0;
    end else begin
      w_row_we_q <= w_row_we;
      w_bank_q   <= row_bank;
      w_keep_q   <= row_k < k_q && row_addr < WAddrBits'(WDepth);
    end
  end
  assign w_row_data = w_keep_q ? wmem_rdata : '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_active_q <= 1'b0; wr_bank_q <= 1'b0; wr_row_q <= '0; wr_addr_q <= '0; wr_k_q <= '0;
    end else if (launch) begin
      wr_active_q <= (Rows > 1);
      wr_bank_q   <= pass_bank_q;
      wr_row_q    <= RowBits'(1 % Rows);
      wr_addr_q   <= ln_wbase_q + WAddrBits'(ln_koff_q) + 1'b1;
      wr_k_q      <= ln_koff_q + 1'b1;
    end else if (wr_active_q) begin
      wr_active_q <= (wr_row_q != RowBits'(Rows - 1));
      wr_row_q    <= wr_row_q + 1'b1;
      wr_addr_q   <= wr_addr_q + 1'b1;
      wr_k_q      <= wr_k_q + 1'b1;
    end
  end

  // ---- slot issuer ------------------------------------------------------------------------------
  logic                   is_active_q, is_bank_q, is_first_q, is_last_q, is_accbank_q;
  logic [BIdxBits:0]      is_b_q;
  logic [MacBits-1:0]     is_kv_q;
  logic [MacProdBits-1:0]   is_macs_q;
  logic [Rows*ActBits-1:0] slot_act;
  logic [CountBits-1:0]   mac_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      is_active_q <= 1'b0; is_bank_q <= 1'b0; is_first_q <= 1'b0; is_last_q <= 1'b0;
      is_accbank_q <= 1'b0; is_b_q <= '0; is_addr_q <= '0; is_kv_q <= '0; is_macs_q <= '0;
    end else if (launch) begin
      is_active_q  <= 1'b1;
      is_bank_q    <= pass_bank_q;
      is_first_q   <= (ln_kt_q == '0);
      is_last_q    <= ln_last_kt;
      is_accbank_q <= ln_nt_q[0];
      is_b_q       <= '0;
      is_addr_q    <= ActAddrBits'(ln_kt_q);
      is_kv_q      <= ln_kv;
      is_macs_q    <= MacProdBits'(ln_kv) * MacProdBits'(ln_nv);
    end else if (is_active_q) begin
      is_active_q <= (is_b_q + 1'b1 != b_q);
      is_b_q      <= is_b_q + 1'b1;
      is_addr_q   <= is_addr_q + ActAddrBits'(KtMax);
    end
  end

  // The slot enters the array one cycle after issue, with the buffer's read data. Rows past
  // `in` (last chunk) are fed zeros; idle cycles feed zeros (bubbles).
  logic [Rows-1:0] slot_mask_q;
  logic            slot_sel_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      slot_mask_q <= '0; slot_sel_q <= 1'b0;
    end else begin
      for (int r = 0; r < Rows; r++) slot_mask_q[r] <= is_active_q && MacBits'(r) < is_kv_q;
      slot_sel_q <= is_bank_q;
    end
  end
  for (genvar r = 0; r < Rows; r++) begin : gen_slot
    assign slot_act[r*ActBits +: ActBits] = slot_mask_q[r] ? abuf_rdata[r*ActBits +: ActBits] : '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) mac_q <= '0;
    else if (is_active_q) mac_q <= mac_q + CountBits'(is_macs_q);
  end
  assign mac_count_o = mac_q;

  // ---- array --------------------------------------------------------------------------------------
  logic [Cols*AccBits-1:0] psum;

  snap_tile_array #(
    .Rows(Rows),
    .Cols(Cols),
    .ActBits(ActBits),
    .ActSigned(ActSigned),
    .WeightBits(WeightBits),
    .AccBits(AccBits)
  ) u_array (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .w_row_we_i  (w_row_we_q),
    .w_bank_i    (w_bank_q),
    .w_row_data_i(w_row_data),
    .act_i       (slot_act),
    .sel_i       (slot_sel_q),
    .psum_o      (psum)
  );

  // ---- slot tags: column c's result of a slot issued in cycle t arrives in t + 1 + Rows + c ------
  logic [TagBits-1:0] tag_in;
  logic [TagBits-1:0] tag_q [TagLen];
  assign tag_in = {is_active_q, is_first_q, is_last_q, is_accbank_q, is_b_q[BIdxBits-1:0]};
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < TagLen; i++) tag_q[i] <= '0;
    end else begin
      tag_q[0] <= tag_in;
      for (int i = 1; i < TagLen; i++) tag_q[i] <= tag_q[i-1];
    end
  end

  // ---- drain control --------------------------------------------------------------------------------
  // A full accumulator bank drains vector by vector; each vector's Cols results go through the
  // ReqLanes requant lanes in ReqGroups groups (group g = columns g*ReqLanes ..), are assembled,
  // and leave as one result beat.
  logic               bank_full;          // the last slot of an nt reached the last column
  logic [1:0]         full_cnt_q;
  logic               dr_active_q, dr_bank_q, dr_done, dr_last_g;
  logic [BIdxBits:0]  dr_b_q;
  logic [GBits-1:0]   dr_g_q;
  logic [NBits-1:0]   dr_noff_q;
  logic               all_drained_q;
  logic               advance, st1_valid_q, st2_valid_q, st1_last_q, st2_last_q, dr_fire;
  logic [GBits-1:0]   st1_g_q, st2_g_q;
  logic [ReqLanes-1:0] lane_ok, st1_lane_q, st2_lane_q;
  logic [TagBits-1:0] last_tag;
  logic [BIdxBits:0]  dr_idx;
  logic [PadCols*AccBits-1:0] col_acc;    // this vector's Cols accumulators (zero padded)
  logic [Cols*ActBits-1:0]    asm_q, asm_d, out_q;
  logic                       out_valid_q, out_free;
  logic [ReqLanes*ActBits-1:0] lane_y;

  assign last_tag  = tag_q[TagLen-1];
  assign bank_full = last_tag[TagBits-1] && last_tag[TagBits-3] &&
                     (BCntBits'(last_tag[BIdxBits-1:0]) + 1'b1 == b_q);
  assign out_free  = !out_valid_q || out_ready_i;
  // Stage 2 moves on unless it holds a beat's last group and the output register is still full.
  assign advance   = !st2_valid_q || !st2_last_q || out_free;
  assign dr_fire   = dr_active_q && advance;
  assign dr_last_g = (dr_g_q == GBits'(ReqGroups - 1));
  assign dr_done   = dr_fire && dr_last_g && (dr_b_q + 1'b1 == b_q);
  assign dr_idx    = (dr_bank_q ? BCntBits'(MaxBatch) : '0) + dr_b_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_cnt_q <= '0; dr_active_q <= 1'b0; dr_bank_q <= 1'b0; dr_b_q <= '0; dr_g_q <= '0; dr_noff_q <= '0;
      drained_q <= '0; all_drained_q <= 1'b0;
    end else if (start_fire) begin
      full_cnt_q <= '0; dr_active_q <= 1'b0; dr_bank_q <= 1'b0; dr_b_q <= '0; dr_g_q <= '0; dr_noff_q <= '0;
      drained_q <= '0; all_drained_q <= 1'b0;
    end else begin
      full_cnt_q <= full_cnt_q + (bank_full ? 2'd1 : 2'd0) - ((!dr_active_q && full_cnt_q != '0) ? 2'd1 : 2'd0);
      if (!dr_active_q && full_cnt_q != '0) begin
        dr_active_q <= 1'b1;
        dr_b_q      <= '0;
        dr_g_q      <= '0;
      end else if (dr_fire) begin
        if (dr_last_g) begin
          dr_g_q <= '0;
          dr_b_q <= dr_b_q + 1'b1;
        end else begin
          dr_g_q <= dr_g_q + 1'b1;
        end
        if (dr_done) begin
          dr_active_q <= 1'b0;
          dr_bank_q   <= ~dr_bank_q;
          dr_noff_q   <= dr_noff_q + NBits'(Cols);
          drained_q   <= drained_q + 1'b1;
          if (dr_noff_q + NBits'(Cols) >= n_q) all_drained_q <= 1'b1;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st1_valid_q <= 1'b0; st2_valid_q <= 1'b0; st1_lane_q <= '0; st2_lane_q <= '0;
      st1_last_q <= 1'b0; st2_last_q <= 1'b0; st1_g_q <= '0; st2_g_q <= '0;
    end else if (advance) begin
      st1_valid_q <= dr_active_q;
      st1_lane_q  <= lane_ok;
      st1_last_q  <= dr_last_g;
      st1_g_q     <= dr_g_q;
      st2_valid_q <= st1_valid_q;
      st2_lane_q  <= st1_lane_q;
      st2_last_q  <= st1_last_q;
      st2_g_q     <= st1_g_q;
    end
  end

  // Assembly: each group's results land in their columns; the last group completes the beat.
  for (genvar c = 0; c < Cols; c++) begin : gen_asm
    assign asm_d[c*ActBits +: ActBits] =
        (st2_g_q == GBits'(c / ReqLanes))
            ? (st2_lane_q[c % ReqLanes] ? lane_y[(c % ReqLanes)*ActBits +: ActBits] : '0)
            : asm_q[c*ActBits +: ActBits];
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      asm_q <= '0; out_q <= '0; out_valid_q <= 1'b0;
    end else begin
      if (advance && st2_valid_q) begin
        if (st2_last_q) out_q <= asm_d;
        else asm_q <= asm_d;
      end
      if (advance && st2_valid_q && st2_last_q) out_valid_q <= 1'b1;
      else if (out_ready_i) out_valid_q <= 1'b0;
    end
  end

  assign layer_done  = all_drained_q && !st1_valid_q && !st2_valid_q && !out_valid_q;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

  // ---- per column: accumulator banks ---------------------------------------------------------------
  for (genvar c = 0; c < PadCols; c++) begin : gen_col
    if (c < Cols) begin : gen_acc
      localparam int Tap = Rows + c;
      logic [AccBits-1:0]   acc_q [2*MaxBatch];
      logic [TagBits-1:0]   tag;
      logic [BIdxBits:0]    acc_idx;
      logic [AccBits-1:0]   psum_c;

      assign tag     = tag_q[Tap];
      assign psum_c  = psum[c*AccBits +: AccBits];
      assign acc_idx = (tag[TagBits-4] ? BCntBits'(MaxBatch) : '0) + BCntBits'(tag[BIdxBits-1:0]);
      always_ff @(posedge clk_i) begin
        if (tag[TagBits-1]) acc_q[acc_idx] <= tag[TagBits-2] ? psum_c : acc_q[acc_idx] + psum_c;
      end
      assign col_acc[c*AccBits +: AccBits] = acc_q[dr_idx];
    end else begin : gen_pad
      assign col_acc[c*AccBits +: AccBits] = '0;
    end
  end

  // ---- requant lanes: lane l serves columns g*ReqLanes + l --------------------------------------------
  for (genvar l = 0; l < ReqLanes; l++) begin : gen_lane
    logic [AccBits-1:0]   lane_acc, acc_sum;
    logic [NBits-1:0]     col, n_idx;
    logic [ChanBits-1:0]  chan;
    logic [MultBits-1:0]  lane_mult;
    logic [ShiftBits-1:0] lane_shift;

    always_comb begin
      lane_acc = '0;
      for (int g = 0; g < ReqGroups; g++) begin
        if (dr_g_q == GBits'(g)) lane_acc = col_acc[(g*ReqLanes + l)*AccBits +: AccBits];
      end
    end
    assign col    = NBits'(dr_g_q) * NBits'(ReqLanes) + NBits'(l);
    assign n_idx  = dr_noff_q + col;
    assign chan   = ChanBits'(n_idx);
    assign lane_ok[l] = (col < NBits'(Cols)) && (n_idx < n_q);
    assign acc_sum = lane_acc + (lane_ok[l] ? bias_q[chan] : '0);

    if (PerChannel != 0) begin : gen_pc
      logic [MultBits-1:0]  mult_mem_q  [ChanDepth];
      logic [ShiftBits-1:0] shift_mem_q [ChanDepth];
      // Every lane owns a copy of the per-channel tables (written by the same load port), so
      // each copy has one read port.
      always_ff @(posedge clk_i) begin
        if (ld_fire && ld_sel_i == 2'd2) begin
          mult_mem_q[ld_addr_i[ChanBits-1:0]]  <= ld_data_i[MultBits-1:0];
          shift_mem_q[ld_addr_i[ChanBits-1:0]] <= ld_data_i[MultBits +: ShiftBits];
        end
      end
      assign lane_mult  = lane_ok[l] ? mult_mem_q[chan] : '0;
      assign lane_shift = lane_ok[l] ? shift_mem_q[chan] : '0;
    end else begin : gen_pl
      assign lane_mult  = mult_q;
      assign lane_shift = shift_q;
    end

    snap_tile_requant #(
      .ActBits(ActBits),
      .ActSigned(ActSigned),
      .AccBits(AccBits),
      .MultBits(MultBits),
      .ShiftBits(ShiftBits)
    ) u_requant (
      .clk_i  (clk_i),
      .rst_ni (rst_ni),
      .en_i   (advance),
      .acc_i  (acc_sum),
      .mult_i (lane_mult),
      .shift_i(lane_shift),
      .zp_i   (zp_q),
      .relu_i (relu_q),
      .y_o    (lane_y[l*ActBits +: ActBits])
    );
  end

  if (PerChannel != 0) begin : gen_pc_unused
    // Per-channel mode takes M/S from the load port; the per-layer inputs are ignored.
    logic unused_pl;
    assign unused_pl = ^{mult_q, shift_q};
  end

  // ---- phase ----------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) phase_q <= PhIdle;
    else begin
      case (phase_q)
        PhIdle:    if (start_fire) phase_q <= PhInput;
        PhInput:   if (in_fire && in_last) phase_q <= PhCompute;
        PhCompute: if (layer_done) phase_q <= PhIdle;
        default:   phase_q <= PhIdle;
      endcase
    end
  end

`ifndef SYNTHESIS
`ifdef VERILATOR
  // A layer must fit the memories the generator sized.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   !start_fire || (cfg_in_i >= InBits'(1) && cfg_in_i <= InBits'(MaxIn) &&
                                   cfg_out_i >= OutBits'(1) && cfg_out_i <= OutBits'(MaxOut) &&
                                   cfg_batch_i >= BatchBits'(1) && cfg_batch_i <= BatchBits'(MaxBatch)))
    else $error("snap_tile_core: layer shape outside the generated limits");
  // Load addresses must be inside the addressed memory.
  assert property (@(posedge clk_i) disable iff (!rst_ni)
                   !ld_fire || (ld_sel_i == 2'd0 ? ({1'b0, ld_addr_i} < LdCmpBits'(WDepth))
                                                 : ({1'b0, ld_addr_i} < LdCmpBits'(ChanDepth))))
    else $error("snap_tile_core: load address out of range");
`endif
`endif
endmodule
