// The block emitters: each block family writes its generated tops (concrete parameters, flat
// ports) into the package. Adding a block = one emitter file + one line here.
#include "emit/blocks.hpp"

namespace snapgen {

void emit_blocks(const Design& d, Package& p) {
  emit_noc_blocks(d, p);
  emit_tile_blocks(d, p);
  emit_clp_blocks(d, p);
  emit_emio_blocks(d, p);
  emit_system_blocks(d, p);  // after the blocks: instantiates their generated tops
}

}  // namespace snapgen
