#pragma once
// `snapgen run --report DIR`: the run's report as a directory a designer can open: report.json
// (the same JSON as --json), report.md (summary tables, the bottleneck, the plots) and plots/
// (PNG via gnuplot, with their .dat and .gp files): energy by category as stacked bars for each
// run (spike and dense baseline), firing rate per CLP channel, D2D link utilization over time,
// latency distribution. Written atomically (nothing partial on failure); without gnuplot the
// plots are skipped with a note in report.md.
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace snapgen {

void write_report_dir(const nlohmann::ordered_json& report, const std::filesystem::path& dir,
                      const std::function<void(const std::string&)>& progress);

}  // namespace snapgen
