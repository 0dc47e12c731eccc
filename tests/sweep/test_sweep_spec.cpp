// Specification of sweep files and sweep planning (no simulation): what a sweep file may say, how
// its axes expand into points, that point ids are stable, that every point is validated before
// anything runs, and that points are grouped by the compiled model they need.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/schema_doc.hpp"
#include "model/design.hpp"
#include "emit/package.hpp"
#include "run/model_cache.hpp"
#include "run/system_run.hpp"
#include "subprocess.hpp"
#include "sweep/plots.hpp"
#include "sweep/sweep_plan.hpp"

namespace fs = std::filesystem;
using namespace snapgen;
using namespace snapgen::sweep;

namespace {

const fs::path kConfigs = fs::path(SNAPGEN_SOURCE_DIR) / "configs";

SweepSpec parse(const std::string& text) { return parse_sweep(text, "s.yaml", kConfigs); }

// Every problem of a bad sweep file, formatted as the CLI prints them.
std::string problems_of(const std::string& text) {
  try {
    plan_sweep(parse(text));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::set<std::string> ids(const Plan& plan) {
  std::set<std::string> s;
  for (const auto& p : plan.points) s.insert(p.id);
  return s;
}

}  // namespace

TEST_CASE("axes expand to their cartesian product, the last axis varying fastest") {
  const auto points = expand_points(parse("axes:\n  d2d.lanes: [8, 16, 32]\n  clp.threshold: [40, 80]\n"));
  REQUIRE(points.size() == 3 * 2);
  CHECK(points[0] == std::vector<std::string>{"d2d.lanes=8", "clp.threshold=40"});
  CHECK(points[1] == std::vector<std::string>{"d2d.lanes=8", "clp.threshold=80"});
  CHECK(points[5] == std::vector<std::string>{"d2d.lanes=32", "clp.threshold=80"});
}

TEST_CASE("zipped axes vary together: one dimension per zip group") {
  const auto spec = parse(
      "axes:\n  d2d.lanes: [8, 16]\n  clp.lanes_per_cycle: [4, 8]\n  clp.threshold: [40, 80, 120]\n"
      "zip:\n  - [d2d.lanes, clp.lanes_per_cycle]\n");
  const auto points = expand_points(spec);
  REQUIRE(points.size() == 2 * 3);
  for (const auto& p : points) {
    // The pairs stay paired: lanes 8 with 4 lanes per cycle, 16 with 8.
    const bool first = p[0] == "d2d.lanes=8";
    CHECK(p[1] == (first ? "clp.lanes_per_cycle=4" : "clp.lanes_per_cycle=8"));
  }
}

TEST_CASE("seeds: is the axis workload.inputs.seed; a scalar axis value is a one-value list") {
  const auto spec = parse("axes:\n  workload.inputs.count: 4\nseeds: [1, 2, 3]\n");
  const auto points = expand_points(spec);
  REQUIRE(points.size() == 3);
  CHECK(points[2] == std::vector<std::string>{"workload.inputs.count=4", "workload.inputs.seed=3"});
  CHECK(spec.base.name == "<default>");  // no base: the embedded default config
}

TEST_CASE("point ids are stable hashes of base, run settings and the set of overrides") {
  const Plan a = plan_sweep(parse("base: hnn_2die.yaml\naxes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [40, 80]\n"));
  const Plan again = plan_sweep(parse("base: hnn_2die.yaml\naxes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [40, 80]\n"));
  const Plan reordered = plan_sweep(parse("base: hnn_2die.yaml\naxes:\n  clp.threshold: [80, 40]\n  d2d.lanes: [16, 8]\n"));
  const Plan other_base = plan_sweep(parse("base: wide_lanes.yaml\naxes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [40, 80]\n"));
  const Plan no_baseline =
      plan_sweep(parse("base: hnn_2die.yaml\naxes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [40, 80]\nrun: {baseline: false}\n"));
  CHECK(ids(a).size() == 4);
  for (std::size_t i = 0; i < a.points.size(); ++i) CHECK(a.points[i].id == again.points[i].id);
  CHECK(ids(a) == ids(reordered));  // same points, listed in another order
  for (const Plan* p : {&other_base, &no_baseline}) {
    std::set<std::string> both = ids(a);
    const std::set<std::string> others = ids(*p);
    both.insert(others.begin(), others.end());
    CHECK(both.size() == 8);  // nothing shared: results of another base or run mode are not reused
  }
}

TEST_CASE("planning groups points by compiled model: runtime axes share one, hardware axes do not") {
  // Each plan's distinct models are its distinct (hardware hash) configurations, dense baselines included.
  auto hardware_configs = [](const SweepSpec& spec) {
    std::set<std::string> hashes;
    for (const auto& ov : expand_points(spec))
      for (const Config& c : run_configs(spec.base, ov, spec.run.baselines)) hashes.insert(elaborate(c).hardware_hash);
    return hashes.size();
  };
  const auto runtime_only = parse("axes:\n  clp.threshold: [40, 80, 120]\n  d2d.ber: [0, 0.001]\nseeds: [1, 2]\n");
  const Plan rt = plan_sweep(runtime_only);
  CHECK(rt.points.size() == 12);
  CHECK(rt.models.size() == 2);  // the default's adaptive model and its dense baseline
  CHECK(rt.models.size() == hardware_configs(runtime_only));
  const auto lanes = parse("axes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [40, 80]\nrun: {baseline: false}\n");
  const Plan hw = plan_sweep(lanes);
  CHECK(hw.models.size() == 2);
  CHECK(hw.models.size() == hardware_configs(lanes));
  for (const auto& p : hw.points) CHECK(p.model_keys.size() == 1);
  // Points that share a hardware configuration share its package build when planned; every
  // point's keys are still the keys of its own package, built here for each point anew.
  const auto mixed_spec = parse("axes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [40, 80]\n");
  const Plan mixed = plan_sweep(mixed_spec);
  const auto all = expand_points(mixed_spec);
  REQUIRE(mixed.points.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::vector<std::string> own;
    for (const Config& c : run_configs(mixed_spec.base, all[i], mixed_spec.run.baselines)) {
      const Design d = elaborate(c);
      own.push_back(simulator_key(build_package(d), d, system_simulator_spec(d)));
    }
    CHECK(mixed.points[i].model_keys == own);
  }
}

TEST_CASE("run.baselines names the baselines every point runs, each one more model and a distinct point id") {
  const auto all = parse("axes:\n  clp.threshold: [40, 80]\nrun: {baselines: [dense, dense_zc, lowbit]}\n");
  CHECK(all.run.baselines == std::vector<std::string>{"dense", "dense_zc", "lowbit"});
  const Plan p = plan_sweep(all);
  CHECK(p.models.size() == 4);  // spike (adaptive), dense, dense_zc, lowbit
  for (const auto& pt : p.points) CHECK(pt.model_keys.size() == 4);
  CHECK(plan_json(all, p)["run"]["baselines"] == nlohmann::ordered_json({"dense", "dense_zc", "lowbit"}));
  const Plan dense_only = plan_sweep(parse("axes:\n  clp.threshold: [40, 80]\n"));
  const Plan listed_dense = plan_sweep(parse("axes:\n  clp.threshold: [40, 80]\nrun: {baselines: [dense]}\n"));
  CHECK(ids(dense_only) == ids(listed_dense));  // the same runs: the same ids (and reused results)
  CHECK(ids(dense_only) != ids(p));
  CHECK(parse("axes:\n  clp.threshold: [40]\nrun: {baselines: []}\n").run.baselines.empty());
}

TEST_CASE("bad sweep files: every problem at once, with file:line, the key and what is allowed") {
  struct Case {
    const char* text;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"axes:\n  d2d.lanez: [1, 2]\n", {"s.yaml:2:3: error: axes.d2d.lanez: not a configuration key", "did you mean 'd2d.lanes'"}},
      {"axes:\n  d2d.lanes: [8, 99]\n", {"s.yaml:2:18: error: d2d.lanes: found 99, allowed integer 1..64"}},
      {"axes:\n  d2d.retry_depth: [8, 1]\n", {"s.yaml:2:24: error: d2d.retry_depth: found 1"}},
      {"axes:\n  clp.threshold: []\n", {"s.yaml:2:18: error: clp.threshold: expected a non-empty list"}},
      {"axes:\n  clp.threshold: [4, 4]\n", {"s.yaml:2:22: error: clp.threshold: duplicate value '4'"}},
      {"axes:\n  workload.layers: [[]]\n", {"s.yaml:2:3: error: axes.workload.layers: lists of records cannot be swept"}},
      {"axes:\n  d2d.lanes: [8]\nfoo: 1\n", {"s.yaml:3:1: error: foo: unknown key; allowed here: base, axes, zip, seeds, run"}},
      {"axes:\n  d2d.lanes: [8]\nrun: {baseline: maybe, backpressure: 2}\n",
       {"s.yaml:3:17: error: run.baseline: expected true or false", "s.yaml:3:38: error: run.backpressure"}},
      {"base: missing.yaml\naxes:\n  d2d.lanes: [8]\n", {"s.yaml:1:7: error: base: cannot read config: no such file"}},
      {"axes:\n  d2d.lanes: [8, 16]\n  clp.threshold: [1, 2, 3]\nzip: [[d2d.lanes, clp.threshold]]\n",
       {"s.yaml:4:7: error: zip: zipped axes need equally many values"}},
      {"axes:\n  d2d.lanes: [8, 16]\nzip: [[d2d.lanes, clp.threshold]]\n", {"s.yaml:3:19: error: zip: 'clp.threshold' is not an axis"}},
      {"axes:\n  workload.inputs.seed: [1]\nseeds: [2]\n", {"error: workload.inputs.seed: set twice"}},
      {"run: {baseline: true}\n", {"error: axes: missing"}},
      {"axes:\n  d2d.lanes: [8]\nrun: {baselines: [dense, sparse]}\n",
       {"s.yaml:3:26: error: run.baselines: expected a list of baselines from [dense, dense_zc, lowbit]"}},
      {"axes:\n  d2d.lanes: [8]\nrun: {baselines: dense}\n", {"s.yaml:3:18: error: run.baselines: expected a list"}},
      {"axes: [1, 2\n", {"s.yaml:2:1: error: invalid YAML"}},
      // Workload inputs are checked at planning too, not when the point runs.
      {"base: hnn_2die.yaml\naxes:\n  workload.weights_dir: [/nonexistent]\n",
       {"s.yaml:3:26: error: workload.weights_dir: layer 0"}},
      // A cross-key rule of the config (channels vs the crossing width of the base's layers):
      // marked at the swept value that breaks it.
      {"base: hnn_2die.yaml\naxes:\n  clp.channels: [64, 16]\n",
       {"s.yaml:3:22: error: clp.channels: found 16, but workload.layers[0] sends 64 activations"}},
  };
  for (const auto& c : cases) {
    const std::string what = problems_of(c.text);
    INFO(c.text << "\n--> " << what);
    for (const auto& e : c.expected) CHECK(what.find(e) != std::string::npos);
  }
  // Problems of one value show once, not once per point that uses it.
  const std::string what = problems_of("axes:\n  d2d.lanes: [8, 99]\n  clp.threshold: [1, 2, 3]\n");
  CHECK(what.find("found 99") == what.rfind("found 99"));
}

TEST_CASE("snapgen sweep with a bad sweep file: exit 2, the problems, and nothing written") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("snapgen-sweep-bad-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "bad.yaml") << "axes:\n  d2d.lanes: [8, 99]\n";
  const auto r = snapgen::test::run_command(
      fmt::format("{} sweep {} -o {}", SNAPGEN_BINARY, (dir / "bad.yaml").string(), (dir / "out").string()));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("bad.yaml:2:18: error: d2d.lanes: found 99") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST_CASE("docs/sweep.md lists the runtime and hardware keys exactly as the schema has them") {
  std::ifstream in(fs::path(SNAPGEN_SOURCE_DIR) / "docs" / "sweep.md");
  std::stringstream doc;
  doc << in.rdbuf();
  for (const bool hardware : {false, true}) {
    // The doc holds the output of `snapgen schema --format runtime|hardware` in a fenced block.
    const std::string block = "```text\n" + schema_keys(hardware) + "```\n";
    INFO((hardware ? "hardware" : "runtime") << " keys block expected in docs/sweep.md:\n" << block);
    CHECK(doc.str().find(block) != std::string::npos);
  }
}

TEST_CASE("sweep plots: ratios against the PHY preset on a categorical axis, skipped with a reason when one preset") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("snapgen-sweep-plots-{}", ::getpid());
  fs::remove_all(dir);
  snapgen::sweep::Results r;
  r.columns = {"encoding", "preset", "lanes", "firing_rate", "ratio_energy", "ratio_d2d_bits", "latency_mean"};
  r.rows = {{"aer", "ucie_standard", "8", "0.05", "1.20", "3.0", "900"},
            {"aer", "serdes_short_reach", "8", "0.05", "1.90", "3.0", "900"},
            {"aer", "ucie_advanced", "8", "0.05", "1.02", "3.0", "900"}};
  std::vector<std::string> said;
  const auto images = snapgen::sweep::write_plots(r, dir, [&](const std::string& m) { said.push_back(m); });
  const auto made = [&](const std::string& name) {
    return std::any_of(images.begin(), images.end(), [&](const fs::path& p) { return p.stem() == name; });
  };
  CHECK(made("energy_ratio_vs_preset"));
  CHECK_FALSE(made("energy_ratio_vs_lanes"));  // one lane count
  // The presets sit at 0, 1, 2 in sorted order, named on the axis; each point keeps its ratio.
  std::ifstream gp(dir / "plots" / "energy_ratio_vs_preset.gp"), dat(dir / "plots" / "energy_ratio_vs_preset.dat");
  std::stringstream script, data;
  script << gp.rdbuf();
  data << dat.rdbuf();
  CHECK(script.str().find("set xtics ('serdes_short_reach' 0, 'ucie_advanced' 1, 'ucie_standard' 2)") != std::string::npos);
  CHECK(data.str() == "0 1.9\n1 1.02\n2 1.2\n\n\n");
  CHECK(std::any_of(said.begin(), said.end(), [](const std::string& m) {
    return m.rfind("plot energy_ratio_vs_lanes skipped: needs spike points with the dense baseline at two", 0) == 0;
  }));
  fs::remove_all(dir);
}
