#include "sweep/aggregate.hpp"

#include <fmt/format.h>

#include <fstream>

#include "config/diagnostic.hpp"
#include "model/baselines.hpp"
#include "sweep/point_runner.hpp"

namespace snapgen::sweep {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// results.csv columns after index, id, status and the axes: name and JSON pointer into report.json.
const std::vector<std::pair<const char*, const char*>> kReportColumns = {
    {"encoding", "/encoding"},
    {"lanes", "/d2d/lanes"},
    {"bit_exact", "/bit_exact"},
    {"vectors", "/vectors"},
    {"cycles", "/cycles"},
    {"latency_mean", "/latency_cycles/mean"},
    {"latency_max", "/latency_cycles/max"},
    {"firing_rate", "/firing_rate"},
    {"d2d_bits", "/d2d/bits"},
    {"d2d_toggles", "/d2d/toggles"},
    {"d2d_retries", "/d2d/retries"},
    {"energy_pj", "/energy_pj/total"},
    {"energy_d2d_pj", "/energy_pj/d2d"},
    {"dense_latency_mean", "/baselines/dense/latency_cycles/mean"},
    {"dense_d2d_bits", "/baselines/dense/d2d/bits"},
    {"dense_energy_pj", "/baselines/dense/energy_pj/total"},
    {"dense_energy_d2d_pj", "/baselines/dense/energy_pj/d2d"},
    {"dense_zero_load_latency", "/baselines/dense/latency/zero_load_cycles"},
    {"dense_cycles_per_vector", "/baselines/dense/throughput/cycles_per_vector"},
    {"zero_load_latency", "/latency/zero_load_cycles"},
    {"cycles_per_vector", "/throughput/cycles_per_vector"},
    {"ratio_energy", "/ratios/dense/energy"},
    {"ratio_latency", "/ratios/dense/latency"},
    {"ratio_d2d_bits", "/ratios/dense/d2d_bits"},
    {"ratio_throughput", "/ratios/dense/throughput"},
    {"ratio_zero_load_latency", "/ratios/dense/zero_load_latency"},
    {"preset", "/energy_table/preset"},
    {"batch", "/batch"},
    {"bottleneck", "/bottleneck/stage"},
    {"dense_bottleneck", "/baselines/dense/bottleneck/stage"},
    {"accuracy_spike", "/accuracy/spike"},
    {"accuracy_dense", "/accuracy/dense"},
    {"test_acc_spike", "/accuracy/golden_test_all"},
    {"test_acc_dense", "/accuracy/golden_test_all_dense"},
    {"test_acc_lowbit", "/accuracy/golden_test_all_lowbit"},
    {"lowbit_bits", "/accuracy/lowbit_bits"},
    {"lowbit_payload_bits", "/accuracy/lowbit_payload_bits_per_image"},
    {"model_key", "/simulation/model_key"},
};

// kReportColumns, then the same columns for each further baseline a sweep can run (`run.baselines`;
// empty cells where a point did not run it): <b>_energy_pj, ..., ratio_<b>_energy, ...
const std::vector<std::pair<std::string, std::string>>& report_columns() {
  static const auto columns = [] {
    std::vector<std::pair<std::string, std::string>> c(kReportColumns.begin(), kReportColumns.end());
    const std::vector<std::pair<const char*, const char*>> per_baseline = {
        {"d2d_bits", "d2d/bits"},
        {"energy_pj", "energy_pj/total"},
        {"energy_d2d_pj", "energy_pj/d2d"},
        {"zero_load_latency", "latency/zero_load_cycles"},
        {"cycles_per_vector", "throughput/cycles_per_vector"},
        {"bottleneck", "bottleneck/stage"},
    };
    const std::vector<const char*> ratios = {"energy", "d2d_bits", "throughput", "zero_load_latency"};
    // The dense baseline has its columns in kReportColumns (dense_*, ratio_*).
    for (const std::string& b : default_baselines()) {
      if (b == "dense") continue;
      for (const auto& [name, ptr] : per_baseline) c.emplace_back(b + "_" + name, "/baselines/" + b + "/" + ptr);
      for (const std::string m : ratios) c.emplace_back("ratio_" + b + "_" + m, "/ratios/" + b + "/" + m);
    }
    return c;
  }();
  return columns;
}

std::string cell(const Json& j) {
  if (j.is_null()) return "";
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

Results collect(const Json& plan, const fs::path& out, const Json& extra) {
  Results r;
  const auto& axes = plan["axes"];
  r.columns = {"index", "id", "status"};
  for (const auto& a : axes) r.columns.push_back(a.get<std::string>());
  for (const auto& [name, ptr] : report_columns()) r.columns.push_back(name);
  r.columns.push_back("error");

  Json points = Json::array();
  for (const auto& p : plan["points"]) {
    const std::string id = p["id"].get<std::string>();
    const fs::path dir = point_dir(out, id);
    Json entry;
    entry["index"] = p["index"];
    entry["id"] = id;
    Json values = Json::object();
    for (const auto& o : p["overrides"]) {
      const std::string s = o.get<std::string>();
      values[s.substr(0, s.find('='))] = s.substr(s.find('=') + 1);
    }
    entry["axes"] = values;
    Json report;
    std::string error;
    if (fs::exists(dir / "report.json")) {
      entry["status"] = "ok";
      report = Json::parse(std::ifstream(dir / "report.json"));
      ++r.ok;
    } else if (fs::exists(dir / "error.txt")) {
      entry["status"] = "failed";
      error = first_line(dir / "error.txt");
      entry["error"] = error;
      if (fs::exists(dir / "report.failed.json")) report = Json::parse(std::ifstream(dir / "report.failed.json"));
      ++r.failed;
    } else {
      entry["status"] = "missing";  // not run yet (or still running under Slurm)
      ++r.missing;
    }
    std::vector<std::string> row{std::to_string(p["index"].get<std::size_t>()), id, entry["status"].get<std::string>()};
    for (const auto& a : axes) row.push_back(values.value(a.get<std::string>(), ""));
    for (const auto& [name, ptr] : report_columns()) {
      const Json::json_pointer jp(ptr);
      row.push_back(!report.is_null() && report.contains(jp) ? cell(report[jp]) : "");
    }
    row.push_back(error);
    r.rows.push_back(std::move(row));
    entry["report"] = report;
    points.push_back(std::move(entry));
  }
  r.json["sweep"] = plan["sweep"];
  r.json["base"] = plan["base"];
  r.json["run"] = plan["run"];
  r.json["axes"] = axes;
  r.json["summary"] = {{"points", points.size()}, {"ok", r.ok}, {"failed", r.failed}, {"missing", r.missing},
                       {"distinct_models", plan["models"].size()}};
  r.json["invocation"] = extra;
  r.json["points"] = std::move(points);
  return r;
}

void write_results(const Results& r, const fs::path& out) {
  {
    std::ofstream j(out / "results.json");
    j << r.json.dump(2) << "\n";
    if (!j) throw std::runtime_error("cannot write " + (out / "results.json").string());
  }
  std::ofstream csv(out / "results.csv");
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) csv << (i ? "," : "") << csv_field(fields[i]);
    csv << "\n";
  };
  line(r.columns);
  for (const auto& row : r.rows) line(row);
  if (!csv) throw std::runtime_error("cannot write " + (out / "results.csv").string());
}

}  // namespace snapgen::sweep
