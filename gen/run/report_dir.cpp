#include "run/report_dir.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "run/energy.hpp"
#include "run/system_run.hpp"
#include "util/atomic_dir.hpp"
#include "util/gnuplot.hpp"

namespace snapgen {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// The runs of a report: (label, section), spike run first.
std::vector<std::pair<std::string, const Json*>> runs_of(const Json& r) {
  std::vector<std::pair<std::string, const Json*>> runs{{r["encoding"].get<std::string>(), &r}};
  if (r.contains("baselines"))
    for (auto it = r["baselines"].begin(); it != r["baselines"].end(); ++it)
      runs.emplace_back(it.key() + " baseline", &it.value());
  return runs;
}

struct Plot {
  std::string name, data, script;  // script: everything after "set terminal/output"
};

Plot energy_plot(const Json& r) {
  std::string data = "run";
  for (const char* c : kEnergyCategories) data += fmt::format(" {}", c);
  data += "\n";
  for (const auto& [label, run] : runs_of(r)) {
    const double vectors = std::max(1.0, (*run)["vectors"].get<double>());
    data += fmt::format("\"{}\"", label);
    for (const char* c : kEnergyCategories) data += fmt::format(" {:.6g}", (*run)["energy_pj"][c].get<double>() / vectors);
    data += "\n";
  }
  return {"energy_by_category", data,
          fmt::format("set title 'Energy per vector by category (preset {}, node {})'\nset ylabel 'pJ per vector'\n"
                      "set style data histograms\nset style histogram rowstacked\nset style fill solid border -1\n"
                      "set boxwidth 0.6\nset key outside right\nset grid ytics\n"
                      "colors = '#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666 #1f78b4 #b2df8a "
                      "#fb9a99 #cab2d6'\n"
                      "plot for [i=2:{}] 'energy_by_category.dat' using i:xtic(1) title columnheader(i) "
                      "lc rgb word(colors, i - 1)\n",
                      r["energy_table"]["preset"].get<std::string>(), r["energy_table"]["node"].get<std::string>(),
                      std::size(kEnergyCategories) + 1)};
}

Plot firing_plot(const Json& r) {
  std::string data;
  const auto& rates = r["firing_rate_per_channel"];
  for (std::size_t c = 0; c < rates.size(); ++c) data += fmt::format("{} {:.6g}\n", c, rates[c].get<double>());
  return {"firing_rate_per_channel", data,
          fmt::format("set title 'CLP firing rate per channel (mean {:.4f})'\nset xlabel 'channel'\n"
                      "set ylabel 'spikes per timestep'\nset style fill solid\nset boxwidth 0.8\nset grid ytics\n"
                      "unset key\nplot 'firing_rate_per_channel.dat' using 1:2 with boxes\n",
                      r["firing_rate"].get<double>())};
}

Plot link_plot(const Json& r) {
  std::string data, plot;
  int block = 0;
  for (const auto& [label, run] : runs_of(r)) {
    const auto& t = (*run)["d2d"]["timeline"];
    const double window = t["window_cycles"].get<double>();
    const auto& links = t["beats_per_link"];
    for (std::size_t l = 0; l < links.size(); ++l) {
      for (std::size_t i = 0; i < links[l].size(); ++i)
        data += fmt::format("{} {:.6g}\n", (static_cast<double>(i) + 0.5) * window, links[l][i].get<double>() / window);
      data += "\n\n";
      plot += fmt::format("{}'link_utilization.dat' index {} with steps title '{}, link {}'", block ? ", " : "", block,
                          label, l);
      ++block;
    }
  }
  if (block == 0) return {"link_utilization", "", ""};
  return {"link_utilization", data,
          "set title 'D2D link utilization over time (beats per cycle, per window)'\nset xlabel 'cycle'\n"
          "set ylabel 'utilization'\nset yrange [0:1.05]\nset grid\nset key outside right\nplot " + plot + "\n"};
}

Plot latency_plot(const Json& r) {
  std::uint64_t lo = UINT64_MAX, hi = 0;
  for (const auto& [label, run] : runs_of(r))
    for (const auto& l : (*run)["latency_cycles"]["per_vector"]) {
      lo = std::min(lo, l.get<std::uint64_t>());
      hi = std::max(hi, l.get<std::uint64_t>());
    }
  if (hi == 0) return {"latency_distribution", "", ""};
  constexpr std::uint64_t kBins = 30;
  const std::uint64_t width = std::max<std::uint64_t>(1, (hi - lo + kBins) / kBins);
  std::string data, plot;
  int block = 0;
  for (const auto& [label, run] : runs_of(r)) {
    std::vector<std::uint64_t> counts(kBins + 1, 0);
    for (const auto& l : (*run)["latency_cycles"]["per_vector"]) ++counts[(l.get<std::uint64_t>() - lo) / width];
    for (std::size_t b = 0; b < counts.size(); ++b)
      data += fmt::format("{} {}\n", static_cast<double>(lo) + (static_cast<double>(b) + 0.5) * static_cast<double>(width), counts[b]);
    data += "\n\n";
    plot += fmt::format("{}'latency_distribution.dat' index {} with boxes title '{}'", block ? ", " : "", block, label);
    ++block;
  }
  return {"latency_distribution", data,
          fmt::format("set title 'Latency per vector (input saturated; zero-load in report.md)'\nset xlabel 'cycles'\n"
                      "set ylabel 'vectors'\nset style fill transparent solid 0.5\nset boxwidth {}\nset grid ytics\n"
                      "set key outside right\nplot {}\n",
                      width, plot)};
}

// Writes each plot's .dat and .gp into dir/plots and renders it; returns the images made, with
// a note for each that could not be.
std::vector<std::string> render(const std::vector<Plot>& plots, const fs::path& dir, std::vector<std::string>& notes) {
  std::vector<std::string> images;
  const GnuplotTerminal t = gnuplot_terminal();
  if (t.term.empty()) {
    notes.push_back("plots skipped: gnuplot is not installed (install gnuplot-nox)");
    return images;
  }
  fs::create_directories(dir / "plots");
  for (const Plot& p : plots) {
    if (p.script.empty()) {
      notes.push_back(fmt::format("plot {} skipped: no data in this run", p.name));
      continue;
    }
    const std::string image = p.name + "." + t.ext;
    write_file(dir / "plots" / (p.name + ".dat"), p.data);
    // Relative paths: the script runs in plots/, so the directory can be moved after the rename.
    write_file(dir / "plots" / (p.name + ".gp"),
               fmt::format("set terminal {}\nset output '{}'\nset termoption noenhanced\n{}", t.term, image, p.script));
    if (run_gnuplot(dir / "plots", p.name + ".gp") && fs::exists(dir / "plots" / image)) images.push_back("plots/" + image);
    else notes.push_back(fmt::format("plot {} failed (see plots/gnuplot.log)", p.name));
  }
  return images;
}

std::string cell(const Json& j) { return j.is_number_float() ? fmt::format("{:.4g}", j.get<double>()) : j.dump(); }

// The summary table: each metric for each run, with the dense/spike ratio where the report has one.
std::string summary_table(const Json& r) {
  const auto runs = runs_of(r);
  std::string md = "| metric |";
  for (const auto& [label, run] : runs) md += fmt::format(" {} |", label);
  // One ratio column per baseline: baseline / this run (above 1: this run wins).
  std::vector<std::string> bases;
  if (r.contains("ratios"))
    for (auto it = r["ratios"].begin(); it != r["ratios"].end(); ++it) bases.push_back(it.key());
  for (const auto& b : bases) md += fmt::format(" {} / {} |", b, r["encoding"].get<std::string>());
  md += "\n|---|";
  for (std::size_t i = 0; i < runs.size() + bases.size(); ++i) md += "---:|";
  md += "\n";
  auto row = [&](const std::string& name, const std::function<const Json&(const Json&)>& get, const char* ratio) {
    md += fmt::format("| {} |", name);
    for (const auto& [label, run] : runs) md += fmt::format(" {} |", cell(get(*run)));
    for (const auto& b : bases) md += ratio ? fmt::format(" {:.2f}x |", r["ratios"][b][ratio].get<double>()) : " |";
    md += "\n";
  };
  row("bit-exact vs golden", [](const Json& j) -> const Json& { return j["bit_exact"]; }, nullptr);
  row("zero-load latency (cycles)", [](const Json& j) -> const Json& { return j["latency"]["zero_load_cycles"]; }, "zero_load_latency");
  row("loaded latency, mean (cycles)", [](const Json& j) -> const Json& { return j["latency"]["loaded_mean_cycles"]; }, "latency");
  row("cycles per vector (steady)", [](const Json& j) -> const Json& { return j["throughput"]["cycles_per_vector"]; }, "throughput");
  row("D2D bits", [](const Json& j) -> const Json& { return j["d2d"]["bits"]; }, "d2d_bits");
  row("D2D retries", [](const Json& j) -> const Json& { return j["d2d"]["retries"]; }, nullptr);
  for (const char* c : kEnergyCategories)
    row(fmt::format("energy {} (pJ)", c), [c](const Json& j) -> const Json& { return j["energy_pj"][c]; }, nullptr);
  row("energy total (pJ)", [](const Json& j) -> const Json& { return j["energy_pj"]["total"]; }, "energy");
  return md;
}

std::string bottleneck_lines(const Json& r) {
  std::string md;
  for (const auto& [label, run] : runs_of(r)) {
    const Json& k = (*run)["bottleneck"];
    if (!k.contains("stage")) continue;
    md += fmt::format("- **{}**: {} ({}), busy {:.1f} cycles per vector, utilization {:.0f}%. Stages:", label,
                      k["stage"].get<std::string>(), k["where"].get<std::string>(), k["busy_cycles_per_vector"].get<double>(),
                      100.0 * k["utilization"].get<double>());
    for (const auto& s : k["stages"])
      md += fmt::format(" {} {} {:.0f}% ({});", s["stage"].get<std::string>(), s["where"].get<std::string>(),
                        100.0 * s["utilization"].get<double>(), s["source"].get<std::string>());
    md.back() = '\n';
  }
  return md;
}

std::string markdown(const Json& r, const std::vector<std::string>& images, const std::vector<std::string>& notes) {
  std::string md = fmt::format("# snapgen run: {}\n\n{} vectors, encoding {}; energy preset {}, node {}. Written by "
                               "`snapgen run --report` (report.json holds every number).\n\n",
                               r["config"].get<std::string>(), r["vectors"].dump(), r["encoding"].get<std::string>(),
                               r["energy_table"]["preset"].get<std::string>(), r["energy_table"]["node"].get<std::string>());
  md += summary_table(r);
  md += "\n## Bottleneck (the stage that bounds throughput)\n\n" + bottleneck_lines(r);
  md += "\n## Terminal report\n\n```\n" + format_report(r) + "```\n\n## Plots\n\n";
  for (const auto& i : images) md += fmt::format("![{}]({})\n\n", fs::path(i).stem().string(), i);
  for (const auto& n : notes) md += fmt::format("- {}\n", n);
  return md;
}

}  // namespace

void write_report_dir(const Json& report, const fs::path& dir, const std::function<void(const std::string&)>& progress) {
  write_dir_atomically(dir, "report.json", false, "run report", [&](const fs::path& staging) {
    write_file(staging / "report.json", report.dump(2) + "\n");
    std::vector<Plot> plots{energy_plot(report), link_plot(report), latency_plot(report)};
    if (!report["firing_rate_per_channel"].empty()) plots.insert(plots.begin() + 1, firing_plot(report));
    std::vector<std::string> notes;
    const auto images = render(plots, staging, notes);
    for (const auto& n : notes) progress(n);
    write_file(staging / "report.md", markdown(report, images, notes));
  });
  progress(fmt::format("report written to {}", dir.string()));
}

}  // namespace snapgen
