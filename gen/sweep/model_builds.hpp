#pragma once
// Builds every distinct simulator a sweep needs, one after another, before any point runs: the
// points (local threads or Slurm tasks) then only ever hit the cache, and no two compile the same
// model at once or compete with a point's simulation for the CPUs.
#include <functional>
#include <string>

#include "sweep/sweep_plan.hpp"

namespace snapgen::sweep {

struct ModelBuilds {
  std::size_t distinct = 0;  // simulators the sweep uses
  std::size_t built = 0;     // of those, compiled now (the rest were cached)
  double seconds = 0;
};

ModelBuilds build_models(const Plan& plan, const std::function<void(const std::string&)>& progress, int jobs);

}  // namespace snapgen::sweep
