// NoC tops. Until the router exists (NoC issue) this is the router input buffer: the flit FIFO
// sized by die.router.flit_bits x die.router.buffer_depth.
#include <fmt/format.h>

#include "emit/blocks.hpp"
#include "emit/sv_writer.hpp"
#include "util/text.hpp"

namespace snapgen {

void emit_noc_blocks(const Design& d, Package& p) {
  const std::string top = d.name + "_router_buffer";
  const int w = d.noc.flit_bits;
  const int count_bits = clog2(d.noc.buffer_depth + 1);
  std::string s = sv::file_banner(d, top + ": router input buffer (flit FIFO).");
  s += fmt::format(
      "module {} (\n"
      "  input  logic clk_i,\n"
      "  input  logic rst_ni,\n"
      "  input  logic in_valid_i,\n"
      "  output logic in_ready_o,\n"
      "  input  logic {}in_flit_i,\n"
      "  output logic out_valid_o,\n"
      "  input  logic out_ready_i,\n"
      "  output logic {}out_flit_o,\n"
      "  output logic {}count_o\n"
      ");\n",
      top, sv::range(w), sv::range(w), sv::range(count_bits));
  s += sv::instance("snap_fifo", "u_fifo", {{"Width", w}, {"Depth", d.noc.buffer_depth}, {"CountWidth", count_bits}},
                    {{"clk_i", "clk_i"},
                     {"rst_ni", "rst_ni"},
                     {"in_valid_i", "in_valid_i"},
                     {"in_ready_o", "in_ready_o"},
                     {"in_data_i", "in_flit_i"},
                     {"out_valid_o", "out_valid_o"},
                     {"out_ready_i", "out_ready_i"},
                     {"out_data_o", "out_flit_o"},
                     {"count_o", "count_o"}});
  s += "endmodule\n";
  p.add(top + ".sv", s);
  p.tops.push_back(top);
}

}  // namespace snapgen
