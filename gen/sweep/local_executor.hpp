#pragma once
// Runs the points of a sweep on this machine, `jobs` at a time, with a progress line on stderr
// (done / failed / skipped / ETA). A failed point is recorded and the sweep goes on.
#include <filesystem>

#include <nlohmann/json.hpp>

namespace snapgen::sweep {

struct ExecSummary {
  std::size_t ran = 0, failed = 0, skipped = 0;  // ran includes failed
  double seconds = 0;
};

ExecSummary run_local(const nlohmann::ordered_json& plan, const std::filesystem::path& out, int jobs);

}  // namespace snapgen::sweep
