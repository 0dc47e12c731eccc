#include "sweep/plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "util/gnuplot.hpp"

namespace snapgen::sweep {

namespace fs = std::filesystem;

namespace {

struct PlotSpec {
  std::string name, title, x, y, xlabel, ylabel;
  std::string need;  // why the plot is skipped if it lacks data
};

const std::vector<PlotSpec> kPlots = {
    {"energy_ratio_vs_firing_rate", "Dense/spike energy ratio vs firing rate", "firing_rate", "ratio_energy",
     "firing rate (spikes per channel per timestep)", "dense energy / spike energy",
     "needs spike points with the dense baseline (run: {baseline: true}) at two or more firing rates"},
    {"latency_vs_lanes", "Mean latency vs D2D lanes", "lanes", "latency_mean", "D2D lanes per direction",
     "mean latency per vector (cycles)", "needs two or more d2d.lanes values (sweep the d2d.lanes axis)"},
    {"energy_ratio_vs_lanes", "Dense/spike energy ratio vs D2D lanes", "lanes", "ratio_energy", "D2D lanes per direction",
     "dense energy / spike energy", "needs spike points with the dense baseline at two or more d2d.lanes values"},
    {"d2d_bits_ratio_vs_firing_rate", "Dense/spike D2D bits vs firing rate", "firing_rate", "ratio_d2d_bits",
     "firing rate (spikes per channel per timestep)", "dense D2D bits / spike D2D bits",
     "needs spike points with the dense baseline at two or more firing rates"},
    {"energy_ratio_vs_preset", "Dense/spike energy ratio vs PHY preset", "preset", "ratio_energy", "energy.preset",
     "dense energy / spike energy", "needs spike points with the dense baseline under two or more energy.preset values"},
};

// A plot's x axis: numbers, or categories (e.g. PHY presets) placed at 0, 1, ... in sorted order
// and labelled on the axis.
struct XAxis {
  bool categorical = false;
  std::map<std::string, double> position;
};

XAxis x_axis(const std::vector<std::string>& values) {
  XAxis axis;
  for (const auto& v : values) {
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    axis.categorical = axis.categorical || end == v.c_str() || *end != '\0';
    axis.position[v] = 0;
  }
  double i = 0;
  for (auto& [v, pos] : axis.position) pos = axis.categorical ? i++ : std::stod(v);
  return axis;
}

}  // namespace

std::vector<fs::path> write_plots(const Results& results, const fs::path& out,
                                  const std::function<void(const std::string&)>& message) {
  std::vector<fs::path> images;
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(results.columns.begin(), results.columns.end(), name) - results.columns.begin());
  };
  const auto [term, ext] = gnuplot_terminal();
  if (term.empty()) {
    message("plots skipped: gnuplot is not installed (install gnuplot-nox)");
    return images;
  }
  if (ext == "svg") message("plots: gnuplot has no PNG terminal here; writing SVG");
  const fs::path dir = out / "plots";
  fs::create_directories(dir);
  const std::size_t enc = column("encoding");
  for (const PlotSpec& p : kPlots) {
    const std::size_t xi = column(p.x), yi = column(p.y);
    if (xi >= results.columns.size() || yi >= results.columns.size()) continue;
    std::vector<std::string> x_values;
    for (const auto& row : results.rows)
      if (!row[xi].empty() && !row[yi].empty()) x_values.push_back(row[xi]);
    const XAxis axis = x_axis(x_values);
    std::map<std::string, std::vector<std::pair<double, double>>> series;  // encoding -> points
    std::set<double> xs;
    for (const auto& row : results.rows) {
      if (row[xi].empty() || row[yi].empty()) continue;
      const double x = axis.position.at(row[xi]), y = std::stod(row[yi]);
      series[row[enc]].emplace_back(x, y);
      xs.insert(x);
    }
    std::string xtics;
    if (axis.categorical) {
      for (const auto& [v, pos] : axis.position) xtics += fmt::format("{}'{}' {}", xtics.empty() ? "" : ", ", v, pos);
      xtics = fmt::format("set xtics ({})\nset xrange [-0.5:{}]\n", xtics, static_cast<double>(axis.position.size()) - 0.5);
    }
    if (xs.size() < 2) {
      message(fmt::format("plot {} skipped: {}", p.name, p.need));
      continue;
    }
    std::string data, plot_cmd;
    int block = 0;
    for (auto& [name, pts] : series) {
      std::sort(pts.begin(), pts.end());
      for (const auto& [x, y] : pts) data += fmt::format("{} {}\n", x, y);
      data += "\n\n";  // gnuplot: two blank lines end a data block (`index`)
      plot_cmd += fmt::format("{}'{}' index {} with linespoints title '{}'", block ? ", " : "", (dir / (p.name + ".dat")).string(), block, name);
      ++block;
    }
    std::ofstream(dir / (p.name + ".dat")) << data;
    const fs::path image = dir / (p.name + "." + ext);
    std::ofstream(dir / (p.name + ".gp")) << fmt::format(
        "set terminal {}\nset output '{}'\nset termoption noenhanced\nset title '{}'\nset xlabel '{}'\nset ylabel '{}'\n"
        "set grid\nset key outside right\n{}plot {}\n",
        term, image.string(), p.title, p.xlabel, p.ylabel, xtics, plot_cmd);
    if (run_gnuplot(dir, p.name + ".gp") && fs::exists(image)) images.push_back(image);
    else message(fmt::format("plot {} failed (see {})", p.name, (dir / "gnuplot.log").string()));
  }
  return images;
}

}  // namespace snapgen::sweep
