#pragma once
// `workload.model_dir: auto`: the model `snapgen train` makes for this configuration, trained on
// first use and kept in the cache (<cache>/trained/<key>/, the key over the hardware and train.*
// keys), so a run, a sweep point or the main job trains once and reuses it afterwards.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "config/loader.hpp"

namespace snapgen {

// The overrides with workload.model_dir set to the trained model's directory when the
// configuration says auto (training it first if the cache does not hold it); unchanged otherwise.
std::vector<std::string> resolve_auto_model(const ConfigSource& source, std::span<const std::string> overrides,
                                            const std::function<void(const std::string&)>& progress);

}  // namespace snapgen
