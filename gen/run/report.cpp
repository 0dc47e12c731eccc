#include "run/system_run.hpp"

#include <fmt/format.h>

#include <functional>
#include <utility>
#include <vector>

#include "run/activity.hpp"
#include "run/energy.hpp"

namespace snapgen {

using Json = nlohmann::ordered_json;

namespace {

// The side-by-side table: this run, each baseline, and each baseline's ratio to this run.
std::string run_table(const Json& r, std::vector<std::pair<std::string, const Json*>>& runs) {
  std::string s;
  // Columns: this run, each baseline, then each baseline's ratio baseline / this run.
  runs = {{r["encoding"].get<std::string>(), &r}};
  if (r.contains("baselines"))
    for (auto it = r["baselines"].begin(); it != r["baselines"].end(); ++it) runs.emplace_back(it.key(), &it.value());
  auto num = [](const Json& j) { return j.is_number_float() ? fmt::format("{:.1f}", j.get<double>()) : j.dump(); };
  auto row = [&](const std::string& name, const std::function<std::string(const Json&)>& value, const char* ratio) {
    s += fmt::format("  {:<28}", name);
    for (const auto& run : runs) s += fmt::format(" {:>16}", value(*run.second));
    for (std::size_t i = 1; i < runs.size(); ++i)
      s += fmt::format(" {:>12}", ratio ? fmt::format("{:.2f}x", r["ratios"][runs[i].first][ratio].get<double>()) : "");
    s += "\n";
  };
  s += fmt::format("snapgen run: {} ({} vectors, encoding {})\n", r["config"].get<std::string>(), r["vectors"].dump(),
                   r["encoding"].get<std::string>());
  std::string exact;
  for (std::size_t i = 1; i < runs.size(); ++i)
    exact += fmt::format("; baseline {}: {}", runs[i].first, (*runs[i].second)["bit_exact"].get<bool>() ? "YES" : "NO");
  s += fmt::format("  bit-exact vs golden model: {} ({} mismatches){}\n\n", r["bit_exact"].get<bool>() ? "YES" : "NO",
                   r["mismatches"].dump(), exact);
  s += fmt::format("  {:<28}", "");
  for (const auto& run : runs) s += fmt::format(" {:>16}", run.first);
  for (std::size_t i = 1; i < runs.size(); ++i) s += fmt::format(" {:>12}", runs[i].first + "/run");
  s += "\n";
  auto at = [&](std::initializer_list<const char*> path) {
    return [&, path](const Json& j) {
      const Json* x = &j;
      for (const char* k : path) x = &(*x)[k];
      return num(*x);
    };
  };
  row("cycles (total)", at({"cycles"}), nullptr);
  row("latency, zero-load", at({"latency", "zero_load_cycles"}), "zero_load_latency");
  row("latency, loaded (mean)", at({"latency_cycles", "mean"}), "latency");
  row("cycles per vector (steady)", at({"throughput", "cycles_per_vector"}), "throughput");
  row("D2D bits", at({"d2d", "bits"}), "d2d_bits");
  row("D2D toggles", at({"d2d", "toggles"}), nullptr);
  row("D2D retries", at({"d2d", "retries"}), nullptr);
  row("on-die link toggles", at({"onchip", "link_toggles"}), nullptr);
  row("router flits", at({"onchip", "router_flits"}), nullptr);
  row("MACs", at({"macs"}), nullptr);
  for (const char* cat : kEnergyCategories)
    row(fmt::format("energy {} (pJ)", cat), [&, cat](const Json& j) { return num(j["energy_pj"][cat]); }, nullptr);
  row("energy total (pJ)", at({"energy_pj", "total"}), "energy");
  return s;
}

}  // namespace

std::string format_report(const Json& r) {
  std::vector<std::pair<std::string, const Json*>> runs;
  std::string s = run_table(r, runs);
  s += fmt::format("\n  firing rate {:.4f}, spikes/frame {:.2f}, reconstruction RMSE {:.3f}, max |error| {}\n",
                   r["firing_rate"].get<double>(), r["spikes_per_frame"].get<double>(),
                   r["reconstruction"]["rmse"].get<double>(), r["reconstruction"]["max_abs_error"].dump());
  auto bottleneck = [&](const Json& run, const char* label) {
    if (!run.contains("bottleneck") || !run["bottleneck"].contains("stage")) return;
    const Json& k = run["bottleneck"];
    s += fmt::format("  bottleneck ({}): {}, {}: busy {:.1f} cycles per vector, utilization {:.0f}%\n", label,
                     k["stage"].get<std::string>(), k["where"].get<std::string>(), k["busy_cycles_per_vector"].get<double>(),
                     100.0 * k["utilization"].get<double>());
  };
  for (std::size_t i = 0; i < runs.size(); ++i)
    bottleneck(*runs[i].second, (i ? "baseline " + runs[i].first : runs[i].first).c_str());
  if (r.contains("output_agreement"))
    s += fmt::format("  spike vs dense outputs: max |diff| {}, argmax agreement {:.1f}%\n",
                     r["output_agreement"]["max_abs_diff"].dump(),
                     100.0 * r["output_agreement"]["argmax_agreement"].get<double>());
  if (r.contains("accuracy")) {
    const Json& a = r["accuracy"];
    std::string parts;
    for (const char* k : {"spike", "dense", "lowbit"})
      if (a.contains(k)) parts += fmt::format("{}{} {:.2f}%", parts.empty() ? "" : ", ", k, 100.0 * a[k].get<double>());
    s += fmt::format("  task accuracy on {} labelled images: {}", a["images"].dump(), parts);
    if (a.contains("lowbit_bits")) s += fmt::format(" (lowbit: {}-bit crossing, golden model)", a["lowbit_bits"].dump());
    s += "\n";
    if (a.contains("golden_test_all"))
      s += fmt::format("  golden integer model on all {} test images: {:.2f}%; float (training graph): {:.2f}%\n",
                       a["golden_test_images"].dump(), 100.0 * a["golden_test_all"].get<double>(),
                       100.0 * a["float"].get<double>());
  }
  const Json& table = r["energy_table"];
  s += fmt::format("  energy table: preset {}, node {} (pJ): ", table["preset"].get<std::string>(), table["node"].get<std::string>());
  for (auto it = table.begin(); it != table.end(); ++it)
    if (it.value().is_number()) s += fmt::format("{}={:.4g} ", it.key(), it.value().get<double>());
  s += "\n  (energy = counted or schedule-derived events x this table; an energy.* key given in the config overrides the "
       "preset/node value; docs/energy.md gives the sources. Ratios matter, not absolute pJ.)\n";
  if (r.contains("activity")) s += format_activity(r["activity"]);
  if (r.contains("waves")) s += fmt::format("  waves: {}\n", r["waves"].get<std::string>());
  if (r.contains("icarus")) {
    const Json& i = r["icarus"];
    s += fmt::format("  Icarus cross-check: {} ({} vectors; {} mismatches vs Verilator, {} vs golden; same cycles and "
                     "latencies: {}; {:.1f} s compile, {:.1f} s simulation, {:.0f} cycles/s)\n",
                     i["agree"].get<bool>() ? "AGREE" : "DISAGREE", i["vectors"].dump(), i["mismatches_vs_verilator"].dump(),
                     i["mismatches_vs_golden"].dump(), i["same_cycles_and_latencies"].get<bool>() ? "yes" : "no",
                     i["compile_seconds"].get<double>(), i["sim_seconds"].get<double>(),
                     i["cycles_per_second"].get<double>());
  }
  return s;
}

}  // namespace snapgen
