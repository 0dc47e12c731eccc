// 2x2 mesh (die 0 of the default config, XY): the NoC specification.
#include "Vnoc_mesh2.h"
#include "snapgen_config.hpp"

#define NOC_MODEL Vnoc_mesh2
#define NOC_CFG snapgen_cfg::hnn_2die
#define NOC_TAG "[mesh2]"
#define NOC_COLS static_cast<int>(snapgen_cfg::hnn_2die::kMeshCols)
#define NOC_ROWS static_cast<int>(snapgen_cfg::hnn_2die::kMeshRows)
#define NOC_WATCH(io) (io.north_valid_o | io.east_valid_o | io.south_valid_o | io.west_valid_o)
#include "noc_suite.hpp"
