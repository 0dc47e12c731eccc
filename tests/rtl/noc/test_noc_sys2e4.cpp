// Two dies (default config, 4 VCs allocated per hop) joined by EMIO links, one per edge router and
// direction: global XY routing across real die-to-die links (NoC flits as EMIO messages), with
// bit errors.
#include "Vnoc_sys2e4.h"
#include "snapgen_config.hpp"

#define NOC_MODEL Vnoc_sys2e4
#define NOC_CFG snapgen_cfg::hnn_2die
#define NOC_TAG "[sys2e4]"
#define NOC_COLS static_cast<int>(snapgen_cfg::hnn_2die::kGridCols)
#define NOC_ROWS static_cast<int>(snapgen_cfg::hnn_2die::kGridRows)
#define NOC_WATCH(io) io.escape_o
// 2 edge routers x 2 directions = 4 links of kD2dLanes wires.
#define NOC_EMIO_FLIP_BITS static_cast<int>(4 * snapgen_cfg::hnn_2die::kD2dLanes)
#define NOC_DRAIN_FACTOR 16
#include "noc_suite.hpp"
