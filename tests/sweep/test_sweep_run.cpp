// Specification of `snapgen sweep` running for real on the default 2-die system: a small sweep
// (4 points, 2 hardware-distinct configurations) builds exactly 2 models into a fresh cache, each
// point's report equals a direct `snapgen run` of that point, a killed sweep resumes with only the
// missing points, a failing point is recorded without stopping the sweep, and the Slurm executor
// (on a one-node cluster this test starts) gives the same reports as the local one.
// Test cases run as separate ctest tests sharing one work dir and model cache (fixtures, see
// CMakeLists.txt): [local] first, from an empty cache; [resume] and [slurm] reuse its models.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using snapgen::test::run_command;

namespace {

const fs::path kWork = SNAPGEN_SWEEP_WORK;
const fs::path kCache = kWork / "cache";
const std::string kBase = std::string(SNAPGEN_SOURCE_DIR) + "/configs/hnn_2die.yaml";

// The sweep under test: encoding is a hardware key (adaptive and dense: 2 models; the adaptive
// points' dense baseline is the dense model again), clp.threshold a runtime key.
const std::vector<std::string> kEncodings = {"adaptive", "dense"};
const std::vector<std::string> kThresholds = {"48", "160"};
const std::string kCount = "8";

fs::path write_sweep(const std::vector<std::string>& thresholds, const std::string& name, const std::string& count = kCount) {
  fs::create_directories(kWork);
  const fs::path file = kWork / name;
  std::ofstream(file) << fmt::format(
      "base: {}\naxes:\n  d2d.encoding: [{}]\n  clp.threshold: [{}]\n  workload.inputs.count: {}\nrun: {{baseline: true}}\n",
      kBase, fmt::join(kEncodings, ", "), fmt::join(thresholds, ", "), count);
  return file;
}

// The points the sweep must have, as sets of -P overrides: computed here, not by snapgen.
std::vector<std::set<std::string>> expected_points(const std::vector<std::string>& thresholds,
                                                   const std::string& count = kCount) {
  std::vector<std::set<std::string>> points;
  for (const auto& e : kEncodings)
    for (const auto& t : thresholds)
      points.push_back({"d2d.encoding=" + e, "clp.threshold=" + t, "workload.inputs.count=" + count});
  return points;
}

std::string env() { return fmt::format("SNAPGEN_CACHE={}", kCache.string()); }

Json read_json(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in);
  return Json::parse(in);
}

// A report without what legitimately differs between two runs of one point: wall-clock timings
// and whether this particular run had to build its model.
Json comparable(Json report) {
  report.erase("simulation");
  if (report.contains("baselines"))
    for (auto& b : report["baselines"]) b.erase("simulation");
  return report;
}

// Point directories of a sweep output, by their overrides.txt (as a set).
std::map<std::set<std::string>, fs::path> points_by_overrides(const fs::path& out) {
  std::map<std::set<std::string>, fs::path> m;
  for (const auto& d : fs::directory_iterator(out / "points")) {
    std::ifstream in(d.path() / "overrides.txt");
    std::set<std::string> ov;
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) ov.insert(line);
    m[ov] = d.path();
  }
  return m;
}

std::size_t cached_models() {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(kCache / "models")) n += e.is_directory() ? 1 : 0;
  return n;
}

snapgen::test::CommandResult sweep(const fs::path& file, const fs::path& out, const std::string& extra = "",
                                   const std::string& more_env = "") {
  return run_command(fmt::format("{} {} {} sweep {} -o {} {}", env(), more_env, SNAPGEN_BINARY, file.string(),
                                 out.string(), extra));
}

}  // namespace

TEST_CASE("local sweep from an empty cache: 2 model builds, every point equals a direct snapgen run", "[local]") {
  fs::remove_all(kWork);
  const fs::path file = write_sweep(kThresholds, "two_models.yaml");
  const fs::path out = kWork / "local";
  const auto r = sweep(file, out, "-j 2");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);

  const Json results = read_json(out / "results.json");
  const auto expected = expected_points(kThresholds);
  CHECK(results["summary"]["points"] == expected.size());
  CHECK(results["summary"]["ok"] == expected.size());
  CHECK(results["invocation"]["models_built"] == 2);
  CHECK(cached_models() == 2);

  const auto points = points_by_overrides(out);
  REQUIRE(points.size() == expected.size());
  for (const auto& ov : expected) {
    INFO(fmt::format("point {}", fmt::join(ov, " ")));
    REQUIRE(points.count(ov) == 1);
    const Json from_sweep = read_json(points.at(ov) / "report.json");
    // The same point run directly by hand, with the baselines the sweep's `run: {baseline: true}` names
    // (a sweep defaults to the dense baseline only; `snapgen run` to all of them).
    std::string args = " --baselines dense";
    for (const auto& o : ov) args += " -P " + o;
    const fs::path direct = kWork / "direct" / points.at(ov).filename();
    fs::create_directories(direct);
    const auto d = run_command(fmt::format("{} {} run {}{} --json {} --work {}", env(), SNAPGEN_BINARY, kBase, args,
                                           (direct / "report.json").string(), (direct / "work").string()));
    INFO(d.output);
    REQUIRE(d.exit_code == 0);
    const Json by_hand = read_json(direct / "report.json");
    CHECK(comparable(from_sweep) == comparable(by_hand));
    CHECK(from_sweep["simulation"]["model_key"] == by_hand["simulation"]["model_key"]);
    CHECK(by_hand["simulation"]["model_built_now"] == false);  // the sweep built what the point needs
  }
  CHECK(cached_models() == 2);

  // Aggregates: one CSV row per point, and the energy-ratio plot (the sweep has two firing rates).
  std::ifstream csv(out / "results.csv");
  std::size_t lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  CHECK(lines == 1 + expected.size());
  // --collect rebuilds the same aggregate from the directory alone.
  const Json before = read_json(out / "results.json");
  const auto c = run_command(fmt::format("{} sweep --collect {}", SNAPGEN_BINARY, out.string()));
  INFO(c.output);
  CHECK(c.exit_code == 0);
  CHECK(read_json(out / "results.json")["points"] == before["points"]);
  bool plot = false;
  for (const char* ext : {".png", ".svg"}) plot = plot || fs::exists(out / "plots" / (std::string("energy_ratio_vs_firing_rate") + ext));
  CHECK(plot);
}

TEST_CASE("a sweep killed midway resumes: only the missing points run", "[resume]") {
  // Six points over the models the [local] test built (new thresholds and vector count are
  // runtime inputs), run one at a time.
  const std::vector<std::string> thresholds = {"32", "96", "224"};
  const fs::path file = write_sweep(thresholds, "resume.yaml", "64");
  const fs::path out = kWork / "resume";
  fs::remove_all(out);
  const std::size_t n = expected_points(thresholds, "64").size();

  // The kill is placed, not timed: point `stop`'s overrides.txt is made a FIFO before the sweep
  // starts. The sweep (-j 1, points in index order) writes that file before it runs the point, so
  // it finishes points 0..stop-1 and then blocks there until killed: exactly `stop` reports.
  const std::size_t stop = 2;
  const auto dry = run_command(fmt::format("{} {} sweep {} --dry-run", env(), SNAPGEN_BINARY, file.string()));
  INFO(dry.output);
  REQUIRE(dry.exit_code == 0);
  std::vector<std::string> ids;  // point ids by index, from the dry-run listing "  <index> <id> models ..."
  {
    std::istringstream in(dry.output);
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::size_t index = 0;
      std::string id, models;
      if (words >> index >> id >> models && models == "models" && index == ids.size()) ids.push_back(id);
    }
  }
  REQUIRE(ids.size() == n);
  const fs::path blocker = out / "points" / ids[stop] / "overrides.txt";
  fs::create_directories(blocker.parent_path());
  REQUIRE(::mkfifo(blocker.c_str(), 0644) == 0);

  // Its own process group, so the kill takes the whole sweep.
  const auto bg = run_command(fmt::format("setsid sh -c 'exec env {} {} sweep {} -o {} -j 1 > {} 2>&1' & echo $!", env(),
                                          SNAPGEN_BINARY, file.string(), out.string(), (kWork / "killed.log").string()));
  const int pid = std::stoi(bg.output);
  auto finished = [&] {
    std::set<fs::path> done;
    if (fs::exists(out / "points"))
      for (const auto& d : fs::directory_iterator(out / "points"))
        if (fs::exists(d.path() / "report.json")) done.insert(d.path());
    return done;
  };
  // A guard against a hang only (the points before `stop` take seconds): the count checked below
  // does not depend on when the kill comes.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  while (finished().size() < stop && std::chrono::steady_clock::now() < deadline && ::kill(pid, 0) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::kill(-pid, SIGKILL);  // the whole process group
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto done = finished();
  std::set<fs::path> first;
  for (std::size_t i = 0; i < stop; ++i) first.insert(out / "points" / ids[i]);
  CHECK(done == first);  // exactly the points before the blocker, none after it
  fs::remove(blocker);
  std::map<fs::path, fs::file_time_type> stamps;
  for (const auto& d : done) stamps[d] = fs::last_write_time(d / "report.json");

  const auto r = sweep(file, out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const Json results = read_json(out / "results.json");
  CHECK(results["invocation"]["ran"] == n - stop);     // recomputed: the blocked point and those after it
  CHECK(results["invocation"]["skipped"] == stop);     // resumed: finished before the kill
  CHECK(results["invocation"]["models_built"] == 0);
  CHECK(results["summary"]["ok"] == n);
  for (const auto& [d, t] : stamps) CHECK(fs::last_write_time(d / "report.json") == t);  // not rerun
}

TEST_CASE("a failing point is recorded with its error, the others still run, the exit code is 1", "[failure]") {
  // A bit-error rate of 10% on every D2D wire: the link retries until the simulation times out,
  // so that point is not bit-exact. The error-free point beside it must still finish.
  const fs::path file = kWork / "failure.yaml";
  std::ofstream(file) << fmt::format(
      "base: {}\naxes:\n  d2d.ber: [0, 0.1]\n  workload.inputs.count: 2\nrun: {{baseline: false}}\n", kBase);
  const fs::path out = kWork / "failure";
  fs::remove_all(out);
  for (int attempt = 0; attempt < 2; ++attempt) {  // a rerun retries the failed point, skips the other
    const auto r = sweep(file, out);
    INFO(r.output);
    CHECK(r.exit_code == 1);
    const Json results = read_json(out / "results.json");
    CHECK(results["summary"]["ok"] == 1);
    CHECK(results["summary"]["failed"] == 1);
    CHECK(results["invocation"]["ran"] == (attempt == 0 ? 2 : 1));
    CHECK(results["invocation"]["failed"] == 1);
    for (const auto& p : results["points"]) {
      const fs::path dir = out / "points" / p["id"].get<std::string>();
      const bool noisy = p["axes"]["d2d.ber"] == "0.1";
      CHECK(p["status"] == (noisy ? "failed" : "ok"));
      CHECK(fs::exists(dir / "report.json") == !noisy);
      CHECK(fs::exists(dir / "error.txt") == noisy);
      if (noisy) CHECK(p["error"].get<std::string>().find("not bit-exact") != std::string::npos);
    }
  }
}

TEST_CASE("Slurm executor on a one-node cluster: the same reports as the local executor", "[slurm]") {
  const bool have_slurm = run_command("command -v sbatch slurmctld slurmd munged").exit_code == 0;
  if (!have_slurm || ::geteuid() != 0) {
    const char* allow = std::getenv("SNAPGEN_ALLOW_NO_SLURM");
    if (allow && std::string(allow) == "1") {
      WARN("Slurm test not run: needs root and the packages slurmctld slurmd slurm-client munge");
      return;
    }
    FAIL("the Slurm test needs root and slurmctld slurmd slurm-client munge (scripts/setup.sh installs them); "
         "set SNAPGEN_ALLOW_NO_SLURM=1 to accept not running it");
  }
  const fs::path cluster = kWork / "cluster";
  const std::string script = std::string(SNAPGEN_SOURCE_DIR) + "/tests/sweep/slurm_cluster.sh";
  struct Cluster {
    std::string stop;
    ~Cluster() { run_command(stop); }
  } guard{fmt::format("{} stop {}", script, cluster.string())};
  const auto started = run_command(fmt::format("{} start {}", script, cluster.string()));
  INFO(started.output);
  REQUIRE(started.exit_code == 0);

  const fs::path file = write_sweep(kThresholds, "two_models.yaml");
  const fs::path out = kWork / "slurm";
  fs::remove_all(out);
  const auto r = sweep(file, out, "--executor slurm --wait", "SLURM_CONF=" + (cluster / "slurm.conf").string());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const Json results = read_json(out / "results.json");
  CHECK(results["invocation"]["models_built"] == 0);  // the models of the [local] test, from the shared cache
  CHECK(results["invocation"]["ran"] == expected_points(kThresholds).size());
  CHECK_FALSE(results["invocation"]["slurm_job"].get<std::string>().empty());

  const auto local = points_by_overrides(kWork / "local");
  const auto slurm = points_by_overrides(out);
  REQUIRE(slurm.size() == local.size());
  for (const auto& [ov, dir] : slurm) {
    INFO(fmt::format("point {}", fmt::join(ov, " ")));
    REQUIRE(local.count(ov) == 1);
    CHECK(comparable(read_json(dir / "report.json")) == comparable(read_json(local.at(ov) / "report.json")));
  }
  // Every point ran as a Slurm array task: one task log each.
  std::size_t task_logs = 0;
  for (const auto& e : fs::directory_iterator(out / "slurm")) task_logs += e.path().filename().string().rfind("task-", 0) == 0;
  CHECK(task_logs == slurm.size());

  // Without --wait: submit, return at once, watch squeue, then --collect.
  const fs::path later = kWork / "slurm_nowait";
  fs::remove_all(later);
  const std::string slurm_env = "SLURM_CONF=" + (cluster / "slurm.conf").string();
  const auto submitted = sweep(file, later, "--executor slurm", slurm_env);
  INFO(submitted.output);
  REQUIRE(submitted.exit_code == 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (std::chrono::steady_clock::now() < deadline &&
         !run_command(fmt::format("{} squeue -h -n snapgen-sweep", slurm_env)).output.empty())
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto collected = run_command(fmt::format("{} sweep --collect {}", SNAPGEN_BINARY, later.string()));
  INFO(collected.output);
  CHECK(collected.exit_code == 0);
  CHECK(read_json(later / "results.json")["summary"]["ok"] == slurm.size());
}
