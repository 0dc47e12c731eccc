// 4x4 mesh, 32-bit flits, 2 virtual channels: the NoC specification.
#include "Vnoc_mesh4.h"
#include "snapgen_config.hpp"

#define NOC_MODEL Vnoc_mesh4
#define NOC_CFG snapgen_cfg::one_die
#define NOC_TAG "[mesh4]"
#define NOC_COLS static_cast<int>(snapgen_cfg::one_die::kMeshCols)
#define NOC_ROWS static_cast<int>(snapgen_cfg::one_die::kMeshRows)
#define NOC_VC_ISOLATION
#define NOC_WATCH(io) (io.north_valid_o | io.east_valid_o | io.south_valid_o | io.west_valid_o)
#include "noc_suite.hpp"
