#include "sweep/point_runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <fstream>

#include "config/diagnostic.hpp"
#include "util/subprocess.hpp"

namespace snapgen::sweep {

namespace fs = std::filesystem;

fs::path point_dir(const fs::path& out, const std::string& id) { return out / "points" / id; }

bool point_finished(const fs::path& out, const std::string& id) { return fs::exists(point_dir(out, id) / "report.json"); }

nlohmann::ordered_json read_plan(const fs::path& out) {
  std::ifstream in(out / "plan.json");
  if (!in)
    throw ConfigError({Problem{SourceMark{out.string(), 0, 0}, "",
                               "not a sweep output directory (no plan.json); run `snapgen sweep SWEEP.yaml -o DIR` first"}});
  return nlohmann::ordered_json::parse(in);
}

PointOutcome run_point(const nlohmann::ordered_json& plan, std::size_t index, const fs::path& out) {
  const auto& point = plan["points"].at(index);
  const std::string id = point["id"].get<std::string>();
  const fs::path dir = point_dir(out, id);
  PointOutcome outcome;
  if (point_finished(out, id)) {
    outcome.status = PointStatus::Skipped;
    return outcome;
  }
  // Leftovers of an earlier failed or killed attempt would be mistaken for this run's.
  for (const char* stale : {"error.txt", "report.failed.json", "report.json.tmp", "run.log", "work"})
    fs::remove_all(dir / stale);
  fs::create_directories(dir);
  {
    std::ofstream ov(dir / "overrides.txt");
    for (const auto& o : point["overrides"]) ov << o.get<std::string>() << "\n";
  }
  // /proc/self/exe, not its path: a point runs this very binary even if it is rebuilt mid-sweep.
  std::vector<std::string> argv{"/proc/self/exe", "run"};
  if (const auto base = plan["base"].get<std::string>(); !base.empty()) argv.push_back(base);
  for (const auto& o : point["overrides"]) {
    argv.push_back("-P");
    argv.push_back(o.get<std::string>());
  }
  argv.insert(argv.end(), {"--json", (dir / "report.json.tmp").string(), "--work", (dir / "work").string(),
                           "--backpressure", fmt::format("{}", plan["run"]["backpressure"].get<double>()),
                           // The sweep's own -j says how many points run at once: one process each.
                           "--jobs", "1"});
  const auto baselines = plan["run"]["baselines"].get<std::vector<std::string>>();
  if (baselines.empty()) argv.push_back("--no-baseline");
  else argv.insert(argv.end(), {"--baselines", fmt::format("{}", fmt::join(baselines, ","))});

  const auto start = std::chrono::steady_clock::now();
  int rc = -1;
  std::string why;
  try {
    rc = run_logged(argv, dir / "run.log");
  } catch (const std::exception& e) {
    why = e.what();
  }
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rc == 0 && fs::exists(dir / "report.json.tmp")) {
    // The rename is the commit point: a killed sweep never leaves a half-written report.json.
    fs::rename(dir / "report.json.tmp", dir / "report.json");
    fs::remove_all(dir / "work");
    outcome.status = PointStatus::Done;
    return outcome;
  }
  if (fs::exists(dir / "report.json.tmp")) fs::rename(dir / "report.json.tmp", dir / "report.failed.json");
  if (why.empty() && rc == 1 && fs::exists(dir / "report.failed.json")) {
    const auto report = nlohmann::ordered_json::parse(std::ifstream(dir / "report.failed.json"));
    why = fmt::format("not bit-exact against the golden model: simulation status {}, {} of {} vectors mismatched",
                      report.value("status", "?"), report.value("mismatches", 0), report.value("vectors", 0));
  }
  if (why.empty()) why = fmt::format("snapgen run exited with code {}", rc);
  std::ofstream(dir / "error.txt") << why << "\n--- last lines of run.log ---\n" << tail_lines(dir / "run.log", 20);
  outcome.error = why;
  return outcome;
}

}  // namespace snapgen::sweep
