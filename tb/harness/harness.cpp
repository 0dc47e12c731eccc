// Anchor translation unit of the snapgen_tb library (the harness is mostly header-only).
#include "harness/rng.hpp"
#include "harness/toggle_counter.hpp"
