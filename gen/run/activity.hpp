#pragma once
// `snapgen run --activity DIR`: whole-design toggle activity from Verilator toggle coverage.
// Turns the per-instance toggle points of one run into
//   - the report's `activity` section (per instance and per module: toggle points, toggles,
//     toggles per cycle) and its terminal table;
//   - DIR/<module>.activity for every synthesizable top of the package: one
//     "<input port bit> <toggles per cycle>" line per input port bit, the format
//     `snapgen synth --activity-file` (flows/sta.tcl) reads, plus the module's average internal
//     activity as the suggested `snapgen synth --activity` default (in a comment line).
// Clock nets (clk_i) are left out of every count: they toggle twice per cycle by definition and
// would hide idle logic.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/toggle_coverage.hpp"

namespace snapgen {

// `cycles` = the cycles the coverage counted (the runner's traffic phase). `synth_tops` = the
// package's tops; activity files are written for those among them that have instances.
nlohmann::ordered_json summarize_activity(const std::vector<TogglePoint>& points, std::uint64_t cycles,
                                          const std::vector<std::string>& synth_tops,
                                          const std::filesystem::path& dir);

// Terminal table of an `activity` section.
std::string format_activity(const nlohmann::ordered_json& activity);

}  // namespace snapgen
