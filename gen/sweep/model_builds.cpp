#include "sweep/model_builds.hpp"

#include <fmt/format.h>

#include <chrono>

#include "run/model_cache.hpp"
#include "run/system_run.hpp"

namespace snapgen::sweep {

ModelBuilds build_models(const Plan& plan, const std::function<void(const std::string&)>& progress, int jobs) {
  ModelBuilds b;
  const auto start = std::chrono::steady_clock::now();
  for (const ModelToBuild& m : plan.models) {
    const CachedSimulator sim = ensure_simulator(m.package, m.design, system_simulator_spec(m.design), progress, jobs);
    if (sim.key != m.key) throw std::logic_error("model key changed between planning and building: " + m.key);
    ++b.distinct;
    b.built += sim.built_now ? 1 : 0;
  }
  b.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress(fmt::format("{} distinct model{} ({} built now, {} cached) in {}", b.distinct, b.distinct == 1 ? "" : "s",
                       b.built, b.distinct - b.built, cache_root().string()));
  return b;
}

}  // namespace snapgen::sweep
