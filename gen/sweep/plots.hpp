#pragma once
// Plots of a sweep's results with gnuplot, as image files in DIR/plots/: spike/dense energy ratio
// vs firing rate per encoding, and mean latency vs D2D lanes per encoding. A plot whose data the
// sweep lacks (no dense baseline, a single lane count) is skipped with a message, as is plotting
// altogether when gnuplot is missing: plots never fail a sweep.
#include <filesystem>
#include <functional>
#include <string>

#include "sweep/aggregate.hpp"

namespace snapgen::sweep {

// Returns the image files written.
std::vector<std::filesystem::path> write_plots(const Results& results, const std::filesystem::path& out,
                                               const std::function<void(const std::string&)>& message);

}  // namespace snapgen::sweep
