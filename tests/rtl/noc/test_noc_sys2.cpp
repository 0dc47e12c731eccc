// Two dies (default config, 4 virtual channels) joined edge to edge, global XY across the die boundary.
#include "Vnoc_sys2.h"
#include "snapgen_config.hpp"

#define NOC_MODEL Vnoc_sys2
#define NOC_CFG snapgen_cfg::hnn_2die
#define NOC_TAG "[sys2]"
#define NOC_COLS static_cast<int>(snapgen_cfg::hnn_2die::kGridCols)
#define NOC_ROWS static_cast<int>(snapgen_cfg::hnn_2die::kGridRows)
#define NOC_VC_ISOLATION
#define NOC_WATCH(io) io.escape_o
#include "noc_suite.hpp"
