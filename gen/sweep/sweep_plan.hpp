#pragma once
// Planning a sweep: expand the axes into points (cartesian product over dimensions, zip groups
// varied together), give each point a stable id, validate every point's configuration as
// `snapgen run` would load it, and find the distinct compiled models the points need (the model
// cache key: hardware keys + generated RTL), so each is built once before any point runs.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emit/package.hpp"
#include "model/design.hpp"
#include "sweep/sweep_spec.hpp"

namespace snapgen::sweep {

struct Point {
  std::size_t index = 0;
  std::string id;                       // stable: hash of base config, run settings and overrides
  std::vector<std::string> overrides;   // "key=value", in axis order
  std::vector<std::string> model_keys;  // simulators its run uses (spike, then dense baseline)
};

// A distinct simulator some points need: enough to build it with ensure_simulator().
struct ModelToBuild {
  std::string key;
  Design design;
  Package package;
};

struct Plan {
  std::vector<Point> points;
  std::vector<ModelToBuild> models;  // in order of first use
};

// The overrides of every point, in order (last dimension varies fastest). No validation.
std::vector<std::vector<std::string>> expand_points(const SweepSpec& spec);

// Stable id of a point: the same base text, run settings and set of overrides give the same id
// (axis order in the file does not matter), so a rerun finds the points it already finished.
std::string point_id(const SweepSpec& spec, const std::vector<std::string>& overrides);

// Expands and validates every point (ConfigError listing every problem, with sweep-file marks for
// values that came from an axis) and groups the points by simulator.
Plan plan_sweep(const SweepSpec& spec);

// plan.json: what `--run-point` and `--collect` need, written into the output directory.
nlohmann::ordered_json plan_json(const SweepSpec& spec, const Plan& plan);

}  // namespace snapgen::sweep
