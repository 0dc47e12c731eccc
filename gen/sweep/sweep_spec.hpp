#pragma once
// The sweep file (SWEEP.yaml): a base configuration, axes (key path -> list of values), optional
// zip groups of axes varied together, seeds, and run options. Parsed with line marks and validated
// like a config: every problem is reported at once as a ConfigError (exit code 2 at the CLI).
// Whether each point's *configuration* is valid is checked later, by planning (sweep_plan.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "config/loader.hpp"

namespace snapgen::sweep {

struct AxisValue {
  std::string text;  // the value as written after `-P key=` (scalars verbatim, lists in flow style)
  SourceMark mark;   // where it is in the sweep file
};

struct Axis {
  std::string key;  // a schema key path
  SourceMark mark;
  std::vector<AxisValue> values;
};

// Options every point's `snapgen run` gets.
struct RunSettings {
  // Baselines every point also simulates (`snapgen run --baselines`; ratios need them). By default
  // only the dense one (`baseline: true`), to keep a sweep's model builds and simulations in check;
  // `baselines: [dense, dense_zc, lowbit]` names them, `baseline: false` runs none.
  std::vector<std::string> baselines = {"dense"};
  double backpressure = 1.0;  // --backpressure
};

struct SweepSpec {
  std::string file;               // the sweep file, as named by the user (messages)
  ConfigSource base;              // the base configuration
  std::string base_path;          // absolute path of the base config; empty = the embedded default
  std::vector<Axis> axes;         // in file order; `seeds:` becomes the axis workload.inputs.seed
  // The independent dimensions of the cartesian product: each is a list of axis indices varied
  // together (one axis, or one zip group), in order of first appearance.
  std::vector<std::vector<std::size_t>> dimensions;
  RunSettings run;
};

// Parses sweep YAML text. `dir` resolves a relative `base:` path (the sweep file's directory).
SweepSpec parse_sweep(const std::string& text, const std::string& name, const std::filesystem::path& dir);

// Reads and parses a sweep file (ConfigError if it is missing or invalid).
SweepSpec read_sweep_file(const std::string& path);

}  // namespace snapgen::sweep
