#pragma once
// One sweep point = one child `snapgen run` of the same binary, in DIR/points/<id>/:
//   overrides.txt   the point's -P overrides, one per line
//   report.json     the run's JSON report, present only once the run finished bit-exactly
//   error.txt       why the point failed (exit code and the log's tail); report.failed.json if any
//   run.log         the run's output
// A point whose report.json exists is finished and is skipped: that is how a rerun resumes.
// Child processes rather than threads calling run_system(): a crash, an abort or a hung simulator
// takes down one point and not the sweep, the child's output goes to its own log, and the Slurm
// executor runs exactly the same command on a compute node.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace snapgen::sweep {

enum class PointStatus { Done, Failed, Skipped };

struct PointOutcome {
  PointStatus status = PointStatus::Failed;
  double seconds = 0;
  std::string error;  // first line of error.txt when failed
};

std::filesystem::path point_dir(const std::filesystem::path& out, const std::string& id);
bool point_finished(const std::filesystem::path& out, const std::string& id);

// Runs point `index` of plan.json `plan` (see plan_json) unless it is finished.
PointOutcome run_point(const nlohmann::ordered_json& plan, std::size_t index, const std::filesystem::path& out);

// Reads DIR/plan.json (ConfigError naming the directory if it is not a sweep output).
nlohmann::ordered_json read_plan(const std::filesystem::path& out);

}  // namespace snapgen::sweep
