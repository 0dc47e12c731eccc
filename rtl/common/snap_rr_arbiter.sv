// snap_rr_arbiter: round-robin arbiter over N requesters.
// Grant is combinational from req_i; the priority pointer advances past the winner when the
// grant is accepted (advance_i), so every persistent requester is served within N grants.
//
// One-hot implementation (no index arithmetic on the grant path): the pointer is held as a mask
// mask_q of the requesters at or above it (all ones = pointer 0). The grant is the lowest
// requester inside the mask, or, when the mask holds none, the lowest requester overall; both
// lowest-one searches run in parallel and the mask's any-bit selects between them. After a
// transfer the mask becomes "strictly above the winner" (all zeros after requester N-1, which
// selects the unmasked search, i.e. pointer 0). This is the same grant sequence as scanning from
// the pointer upwards mod N.
module snap_rr_arbiter #(
  /// Number of requesters (>= 1).
  parameter int N = 4,
  /// Width of the grant index: max(1, $clog2(N)), written as a number by the generator.
  parameter int IdxWidth = 2
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [N-1:0]        req_i,
  /// Pulse when the granted requester actually transfers (moves the priority pointer).
  input  logic                advance_i,
  output logic [N-1:0]        gnt_o,
  output logic [IdxWidth-1:0] gnt_idx_o,
  output logic                gnt_valid_o
);
  logic [N-1:0] mask_q, mask_d;  // mask_q[i]: requester i is at or above the pointer
  logic [N-1:0] req_masked;
  logic [N-1:0] below_masked, below_all;  // some requester below i (masked / all)
  logic [N-1:0] low_masked, low_all;      // lowest one of req_masked / req_i

  assign req_masked = req_i & mask_q;

  // Lowest-one searches as continuous assignments (a procedural priority loop whose variables
  // feed back makes Icarus re-evaluate endlessly).
  assign below_masked[0] = 1'b0;
  assign below_all[0]    = 1'b0;
  for (genvar i = 1; i < N; i++) begin : gen_below
    assign below_masked[i] = |req_masked[i-1:0];
    assign below_all[i]    = |req_i[i-1:0];
  end
  assign low_masked = req_masked & ~below_masked;
  assign low_all    = req_i & ~below_all;

  assign gnt_o       = (|req_masked) ? low_masked : low_all;
  assign gnt_valid_o = |req_i;

  // The index of the grant (not on the grant path; unused by the NoC router).
  snap_onehot_index #(.Width(N), .IdxWidth(IdxWidth)) u_index (.onehot_i(gnt_o), .idx_o(gnt_idx_o));

  // Next mask: the requesters strictly above the winner.
  assign mask_d[0] = 1'b0;
  for (genvar i = 1; i < N; i++) begin : gen_mask
    assign mask_d[i] = |gnt_o[i-1:0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mask_q <= '1;
    end else if (advance_i && gnt_valid_o) begin
      mask_q <= mask_d;
    end
  end
endmodule
