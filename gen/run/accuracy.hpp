#pragma once
// Task accuracy of a `snapgen run` (report key `accuracy`, docs/system.md): the RTL outputs of
// the run and of its dense baseline against the labels, and, with a trained model, the low-bit
// baseline and the integer network over the whole test set through the golden models.
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/design.hpp"
#include "run/workload.hpp"

namespace snapgen {

using Outputs = std::vector<std::vector<std::int64_t>>;

// Predicted class of one output vector: the lowest index of the largest value (the trainer's rule).
std::int64_t predicted_class(const std::vector<std::int64_t>& output);

// Fraction of `outputs` whose predicted class is the label (the first min(n) vectors).
double accuracy_of(const Outputs& outputs, const std::vector<std::int64_t>& labels);

// The `accuracy` section; std::nullopt when the workload has no labels. `dense` holds the dense
// baseline's RTL outputs when it ran.
std::optional<nlohmann::ordered_json> accuracy_section(const Design& d, const Workload& w, const Outputs& main,
                                                       const Outputs* dense);

}  // namespace snapgen
