#include "sweep/sweep_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "run/model_cache.hpp"
#include "run/system_run.hpp"
#include "run/workload.hpp"
#include "util/sha256.hpp"

namespace snapgen::sweep {

namespace {

std::string override_text(const Axis& a, std::size_t value) { return a.key + "=" + a.values[value].text; }

// Problems from a point's overrides are marked "-P key=value" by the loader; point them at the
// value in the sweep file instead. Anything else (a cross-key rule, an elaboration limit) is about
// the combination, so it names the point's overrides.
Problem locate(const SweepSpec& spec, const Problem& p, const std::vector<std::string>& overrides) {
  if (p.mark.file.rfind("-P ", 0) == 0) {
    const std::string text = p.mark.file.substr(3);
    for (const auto& a : spec.axes)
      for (std::size_t v = 0; v < a.values.size(); ++v)
        if (override_text(a, v) == text) return Problem{a.values[v].mark, p.key, p.message};
  }
  Problem located = p;
  located.message += fmt::format(" (in the sweep point {})", fmt::join(overrides, ", "));
  if (located.mark.line == 0 && located.mark.file.rfind("-P ", 0) == 0) located.mark.file = spec.file;
  return located;
}

}  // namespace

std::vector<std::vector<std::string>> expand_points(const SweepSpec& spec) {
  std::vector<std::vector<std::string>> points{{}};
  for (const auto& dim : spec.dimensions) {
    std::vector<std::vector<std::string>> next;
    const std::size_t n = spec.axes[dim.front()].values.size();
    for (const auto& prefix : points)
      for (std::size_t v = 0; v < n; ++v) {
        auto p = prefix;
        for (std::size_t a : dim) p.push_back(override_text(spec.axes[a], v));
        next.push_back(std::move(p));
      }
    points = std::move(next);
  }
  // Overrides in axis order (zip groups can interleave dimensions), so files read naturally.
  std::vector<std::string> order;
  for (const auto& a : spec.axes) order.push_back(a.key + "=");
  for (auto& p : points)
    std::stable_sort(p.begin(), p.end(), [&](const std::string& x, const std::string& y) {
      auto rank = [&](const std::string& o) {
        return std::find_if(order.begin(), order.end(), [&](const std::string& k) { return o.rfind(k, 0) == 0; }) -
               order.begin();
      };
      return rank(x) < rank(y);
    });
  return points;
}

namespace {

// How a point's identity names its baselines: "true"/"false" while only the dense one can run
// (ids of sweeps from before `run.baselines` stay valid), else the list.
std::string baseline_identity(const RunSettings& run) {
  if (run.baselines.empty()) return "false";
  if (run.baselines == std::vector<std::string>{"dense"}) return "true";
  return fmt::format("{}", fmt::join(run.baselines, ","));
}

}  // namespace

std::string point_id(const SweepSpec& spec, const std::vector<std::string>& overrides) {
  std::vector<std::string> sorted = overrides;
  std::sort(sorted.begin(), sorted.end());
  const std::string identity =
      fmt::format("base {}\nbaseline {}\nbackpressure {}\n{}", sha256_hex(spec.base.text), baseline_identity(spec.run),
                  spec.run.backpressure, fmt::join(sorted, "\n"));
  return sha256_hex(identity).substr(0, 12);
}

Plan plan_sweep(const SweepSpec& spec) {
  Plan plan;
  std::vector<Problem> problems;
  std::set<std::string> seen_problems, seen_ids;
  // Hardware hash -> model key. The key names the hardware hash, so a new hash is a new model.
  std::map<std::string, std::string> key_of_hardware;
  const auto all = expand_points(spec);
  for (std::size_t i = 0; i < all.size(); ++i) {
    Point point{i, point_id(spec, all[i]), all[i], {}};
    if (!seen_ids.insert(point.id).second) throw std::logic_error("duplicate sweep point " + point.id);
    try {
      const std::vector<Config> configs = run_configs(spec.base, point.overrides, spec.run.baselines);
      for (const Config& config : configs) {
        Design design = elaborate(config);
        // The workload too (weights/threshold .npy files, layer shapes): its problems are
        // ConfigErrors a point would otherwise only meet when it runs. The baseline shares it.
        // (A model_dir of auto is trained when the point runs.)
        if (&config == &configs.front() && config.text("workload.model_dir") != "auto") make_workload(config, design);
        // The model's RTL follows from the hardware keys alone (runtime keys leave it byte-equal,
        // sv::file_banner), so points that vary only runtime keys share one package build here:
        // building the package (weight images included) was most of a point's planning time.
        if (const auto known = key_of_hardware.find(design.hardware_hash); known != key_of_hardware.end()) {
          point.model_keys.push_back(known->second);
          continue;
        }
        Package package = build_package(design);
        const std::string key = simulator_key(package, design, system_simulator_spec(design));
        key_of_hardware.emplace(design.hardware_hash, key);
        point.model_keys.push_back(key);
        plan.models.push_back(ModelToBuild{key, std::move(design), std::move(package)});
      }
    } catch (const ConfigError& e) {
      for (const Problem& p : e.problems()) {
        Problem located = locate(spec, p, point.overrides);
        // The same bad value fails every point that uses it: report it once.
        if (seen_problems.insert(format_problem(located)).second) problems.push_back(std::move(located));
      }
    }
    plan.points.push_back(std::move(point));
  }
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return plan;
}

nlohmann::ordered_json plan_json(const SweepSpec& spec, const Plan& plan) {
  nlohmann::ordered_json j;
  j["sweep"] = spec.file;
  j["base"] = spec.base_path;  // "" = the embedded default config
  j["run"] = {{"baselines", spec.run.baselines}, {"backpressure", spec.run.backpressure}};
  nlohmann::ordered_json axes = nlohmann::ordered_json::array();
  for (const auto& a : spec.axes) axes.push_back(a.key);
  j["axes"] = axes;
  nlohmann::ordered_json models = nlohmann::ordered_json::array();
  for (const auto& m : plan.models) models.push_back(m.key);
  j["models"] = models;
  nlohmann::ordered_json points = nlohmann::ordered_json::array();
  for (const auto& p : plan.points)
    points.push_back({{"index", p.index}, {"id", p.id}, {"overrides", p.overrides}, {"models", p.model_keys}});
  j["points"] = points;
  return j;
}

}  // namespace snapgen::sweep
