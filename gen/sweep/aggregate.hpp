#pragma once
// Collects the points' reports of a sweep output directory into results.json (every report in
// full, plus status and axis values) and results.csv (one row per point, the headline numbers).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace snapgen::sweep {

struct Results {
  nlohmann::ordered_json json;          // what results.json holds
  std::vector<std::string> columns;     // results.csv header
  std::vector<std::vector<std::string>> rows;
  std::size_t ok = 0, failed = 0, missing = 0;
};

// Reads DIR/points/*; `extra` (e.g. model build and run counts of this invocation) is copied into
// results.json under "invocation".
Results collect(const nlohmann::ordered_json& plan, const std::filesystem::path& out,
                const nlohmann::ordered_json& extra = nlohmann::ordered_json::object());

// Writes results.json and results.csv into `out`.
void write_results(const Results& r, const std::filesystem::path& out);

}  // namespace snapgen::sweep
