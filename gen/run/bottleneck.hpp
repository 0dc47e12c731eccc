#pragma once
// Which stage bounds a run's throughput (issue 16): every stage's busy cycles per vector beside
// the measured steady-state period. A vector passes each stage once per use; a stage can be busy
// at most one vector-period per vector, so the busiest stage bounds the throughput and its
// utilization (busy / period) is near 1 when it does.
//   tile      schedule-derived (model/tile_params.hpp tile_call_cycles: the tile exposes no busy
//             counter), per tile node: one call of workload.batch vectors, divided by the batch;
//   clp       schedule-derived: T x ceil(N/P) cycles per conversion (docs/clp.md), per D2D link
//             times the die crossings routed over it (spike encodings only);
//   emio_link measured: beats each D2D link sent (one beat per cycle at most);
//   noc       measured: flits out of the busiest router output port.
#include <nlohmann/json.hpp>

#include "harness/sim_job.hpp"
#include "model/design.hpp"

namespace snapgen {

// `period` = measured steady-state cycles per vector; `spikes` = the crossings are CLP-converted.
nlohmann::ordered_json bottleneck_section(const Design& d, const tb::SimResult& r, std::size_t vectors, double period,
                                          bool spikes);

}  // namespace snapgen
