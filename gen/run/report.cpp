#include "run/system_run.hpp"

#include <fmt/format.h>

#include "run/activity.hpp"
#include "run/energy.hpp"

namespace snapgen {

using Json = nlohmann::ordered_json;

std::string format_report(const Json& r) {
  std::string s;
  auto row = [&](const std::string& name, const std::string& spike, const std::string& dense, const std::string& ratio) {
    s += fmt::format("  {:<28} {:>16} {:>16} {:>10}\n", name, spike, dense, ratio);
  };
  const bool has_base = r.contains("baseline_dense");
  const Json& b = has_base ? r["baseline_dense"] : r;
  auto num = [](const Json& j) { return j.is_number_float() ? fmt::format("{:.1f}", j.get<double>()) : j.dump(); };
  s += fmt::format("snapgen run: {} ({} vectors, encoding {})\n", r["config"].get<std::string>(), r["vectors"].dump(),
                   r["encoding"].get<std::string>());
  s += fmt::format("  bit-exact vs golden model: {} ({} mismatches){}\n\n", r["bit_exact"].get<bool>() ? "YES" : "NO",
                   r["mismatches"].dump(),
                   has_base ? fmt::format("; dense baseline: {}", b["bit_exact"].get<bool>() ? "YES" : "NO") : "");
  row("", r["encoding"].get<std::string>(), has_base ? "dense baseline" : "-", has_base ? "dense/spike" : "");
  auto ratio = [&](const char* key) { return has_base && r.contains("ratios") ? fmt::format("{:.2f}x", r["ratios"][key].get<double>()) : ""; };
  row("cycles (total)", num(r["cycles"]), has_base ? num(b["cycles"]) : "-", "");
  row("latency, zero-load", num(r["latency"]["zero_load_cycles"]), has_base ? num(b["latency"]["zero_load_cycles"]) : "-",
      ratio("zero_load_latency"));
  row("latency, loaded (mean)", num(r["latency_cycles"]["mean"]), has_base ? num(b["latency_cycles"]["mean"]) : "-", ratio("latency"));
  row("cycles per vector (steady)", num(r["throughput"]["cycles_per_vector"]),
      has_base ? num(b["throughput"]["cycles_per_vector"]) : "-", ratio("throughput"));
  row("D2D bits", num(r["d2d"]["bits"]), has_base ? num(b["d2d"]["bits"]) : "-", ratio("d2d_bits"));
  row("D2D toggles", num(r["d2d"]["toggles"]), has_base ? num(b["d2d"]["toggles"]) : "-", "");
  row("D2D retries", num(r["d2d"]["retries"]), has_base ? num(b["d2d"]["retries"]) : "-", "");
  row("on-die link toggles", num(r["onchip"]["link_toggles"]), has_base ? num(b["onchip"]["link_toggles"]) : "-", "");
  row("router flits", num(r["onchip"]["router_flits"]), has_base ? num(b["onchip"]["router_flits"]) : "-", "");
  row("MACs", num(r["macs"]), has_base ? num(b["macs"]) : "-", "");
  for (const char* cat : kEnergyCategories)
    row(fmt::format("energy {} (pJ)", cat), num(r["energy_pj"][cat]), has_base ? num(b["energy_pj"][cat]) : "-", "");
  row("energy total (pJ)", num(r["energy_pj"]["total"]), has_base ? num(b["energy_pj"]["total"]) : "-", ratio("energy"));
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
  bottleneck(r, r["encoding"].get<std::string>().c_str());
  if (has_base) bottleneck(b, "dense baseline");
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
