#include "sweep/sweep_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "run/system_run.hpp"
#include "sweep/aggregate.hpp"
#include "sweep/local_executor.hpp"
#include "sweep/model_builds.hpp"
#include "sweep/plots.hpp"
#include "sweep/point_runner.hpp"
#include "sweep/slurm_executor.hpp"
#include "sweep/sweep_plan.hpp"

namespace snapgen::sweep {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

void say(const std::string& m) { fmt::print(stderr, "sweep: {}\n", m); }

void write_plan(const Json& plan, const fs::path& out) {
  fs::create_directories(out / "points");
  const fs::path tmp = out / "plan.json.tmp";
  std::ofstream(tmp) << plan.dump(2) << "\n";
  fs::rename(tmp, out / "plan.json");
}

// Aggregates, plots and prints the summary; the exit code says whether every point is ok.
int finish(const Json& plan, const fs::path& out, const Json& invocation) {
  const Results r = collect(plan, out, invocation);
  write_results(r, out);
  const auto images = write_plots(r, out, say);
  fmt::print("sweep: {} points: {} ok, {} failed, {} missing; {} distinct model{}\n", plan["points"].size(), r.ok,
             r.failed, r.missing, plan["models"].size(), plan["models"].size() == 1 ? "" : "s");
  if (invocation.contains("ran"))
    fmt::print("sweep: this run: ran {}, skipped {} (finished before), built {} models\n",
               invocation["ran"].get<std::size_t>(), invocation["skipped"].get<std::size_t>(),
               invocation.value("models_built", std::size_t{0}));
  fmt::print("sweep: results in {} and {}\n", (out / "results.csv").string(), (out / "results.json").string());
  for (const auto& i : images) fmt::print("sweep: plot {}\n", i.string());
  for (const auto& p : r.json["points"])
    if (p["status"] == "failed")
      fmt::print("sweep: point {} failed: {} (see {})\n", p["index"].dump(), p["error"].get<std::string>(),
                 (point_dir(out, p["id"].get<std::string>()) / "error.txt").string());
  return r.failed == 0 && r.missing == 0 ? 0 : 1;
}

void print_dry_run(const SweepSpec& spec, const Plan& plan) {
  fmt::print("sweep {}: {} points, {} distinct models (base {})\n", spec.file, plan.points.size(), plan.models.size(),
             spec.base_path.empty() ? "<default>" : spec.base_path);
  for (const auto& p : plan.points) {
    std::string ov;
    for (const auto& o : p.overrides) ov += " -P " + o;
    fmt::print("  {:>4} {} models {}:{}\n", p.index, p.id, p.model_keys.size(), ov);
  }
}

}  // namespace

int sweep_command(const SweepArgs& a) {
  if (a.run_point >= 0) {
    const Json plan = read_plan(a.out);
    if (static_cast<std::size_t>(a.run_point) >= plan["points"].size())
      throw std::out_of_range(fmt::format("--run-point {}: the sweep has {} points", a.run_point, plan["points"].size()));
    const PointOutcome o = run_point(plan, static_cast<std::size_t>(a.run_point), a.out);
    if (o.status == PointStatus::Failed) say(fmt::format("point {} failed: {}", a.run_point, o.error));
    return o.status == PointStatus::Failed ? 1 : 0;
  }
  if (!a.collect.empty()) return finish(read_plan(a.collect), a.collect, Json{{"executor", "collect"}});

  // Everything that can be wrong with the input is found here, before anything is written.
  const SweepSpec spec = read_sweep_file(a.file);
  const Plan plan = plan_sweep(spec);
  if (a.dry_run) {
    print_dry_run(spec, plan);
    return 0;
  }
  const fs::path out = a.out.empty() ? fs::path("sweep-" + fs::path(a.file).stem().string()) : fs::path(a.out);
  const Json plan_j = plan_json(spec, plan);
  write_plan(plan_j, out);
  say(fmt::format("{} points, {} distinct models; output in {}", plan.points.size(), plan.models.size(), out.string()));
  // Compile jobs as `snapgen run` would use (more if -j asks for more): the builds run alone, before any point.
  const ModelBuilds builds = build_models(plan, say, std::max(a.jobs, RunOptions{}.jobs));
  Json invocation{{"executor", a.executor}, {"models_distinct", builds.distinct}, {"models_built", builds.built},
                  {"build_seconds", builds.seconds}};

  if (a.executor == "slurm") {
    const SlurmSubmission s = submit_slurm(plan_j, out, SlurmOptions{a.wait, a.jobs_given ? a.jobs : 0});
    invocation["ran"] = s.tasks;
    invocation["skipped"] = s.skipped;
    invocation["slurm_job"] = s.job_id;
    if (s.job_id.empty()) say(fmt::format("all {} points finished before; nothing submitted", s.skipped));
    else say(fmt::format("submitted Slurm job {} ({} array tasks, {} points finished before)", s.job_id, s.tasks, s.skipped));
    if (!a.wait && !s.job_id.empty()) {
      say(fmt::format("when `squeue -j {}` lists no tasks, run: snapgen sweep --collect {}", s.job_id, out.string()));
      return 0;
    }
    return finish(plan_j, out, invocation);
  }
  const ExecSummary e = run_local(plan_j, out, a.jobs);
  invocation["ran"] = e.ran;
  invocation["skipped"] = e.skipped;
  invocation["failed"] = e.failed;
  invocation["run_seconds"] = e.seconds;
  invocation["jobs"] = a.jobs;
  return finish(plan_j, out, invocation);
}

}  // namespace snapgen::sweep
