#pragma once
#include "emit/package.hpp"

namespace snapgen {

// One function per block family, each in gen/emit/<block>_emitter.cpp.
void emit_noc_blocks(const Design& d, Package& p);
void emit_tile_blocks(const Design& d, Package& p);
void emit_clp_blocks(const Design& d, Package& p);
void emit_emio_blocks(const Design& d, Package& p);
void emit_system_blocks(const Design& d, Package& p);

}  // namespace snapgen
