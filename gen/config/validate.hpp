#pragma once
#include "config/config.hpp"

namespace snapgen {

// Cross-key consistency checks (each key alone is already typed and ranged): layer chains,
// layer placement inside the die grid and mesh, widths that must agree between blocks.
// Throws ConfigError with one problem per inconsistency, pointing at the key that breaks it.
void check_consistency(const Config& config);

}  // namespace snapgen
