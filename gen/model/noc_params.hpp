#pragma once
#include <string>
#include <vector>

#include "config/config.hpp"
#include "golden/enums.hpp"
#include "model/constant.hpp"
#include "util/text.hpp"

namespace snapgen {

// A field of the flit header: bits [offset +: width] of a head flit.
struct FlitField {
  std::string name;  // lower_snake_case; exported as <Name>Off / <Name>Width
  int offset = 0;
  int width = 0;
};

struct NocParams {
  int flit_bits = 0;
  int buffer_depth = 0;
  int vcs = 1;
  int vc_bits = 1;      // width of a VC number: max(1, clog2(vcs))
  spec::Routing routing = spec::Routing::Xy;
  spec::VcAlloc vc_alloc = spec::VcAlloc::Source;  // of the NoC tops; the chiplets keep Source
  int x_bits = 1;       // global column coordinate width
  int y_bits = 1;       // global row coordinate width
  std::vector<FlitField> header;  // in bit order from bit 0
  int header_bits = 0;

  const FlitField& field(const std::string& name) const;
};

// Width of a VC number (the one derivation: NoC ports, and EMIO messages that carry NoC flits).
inline int vc_bits_of(int vcs) { return vcs > 1 ? clog2(vcs) : 1; }

// grid_rows/grid_cols: global router grid. Reports a problem if the header does not fit a flit.
NocParams elaborate_noc(const Config& c, int grid_rows, int grid_cols, Problems& problems);

// Exports the block's numbers to the generated SV package and C++ header.
void append_constants(const NocParams& p, Constants& out);

}  // namespace snapgen
