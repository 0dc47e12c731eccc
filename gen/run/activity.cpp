#include "run/activity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace snapgen {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

std::string base_name(const std::string& signal) { return signal.substr(0, signal.find('[')); }

// Verilator names parameter specializations <module>__<suffix> (e.g. snap_fifo__W20_D2_C2);
// the per-module totals group them under the source module.
std::string source_module(const std::string& m) { return m.substr(0, m.find("__")); }

bool is_clock(const std::string& signal) { return base_name(signal) == "clk_i"; }

// lowRISC port naming (DESIGN §5): inputs end in _i or _ni. Signals inside generate scopes or
// submodules carry a '.' and are never ports of the module.
bool is_input_port(const std::string& signal) {
  const std::string b = base_name(signal);
  return b.find('.') == std::string::npos && (b.ends_with("_i") || b.ends_with("_ni"));
}

struct Tally {
  std::string module;
  std::uint64_t points = 0, toggles = 0;
};

double per_cycle(std::uint64_t toggles, std::uint64_t cycles) {
  return cycles ? static_cast<double>(toggles) / static_cast<double>(cycles) : 0.0;
}

bool in_subtree(const std::string& root, const std::string& inst) {
  return inst == root || (inst.size() > root.size() && inst.compare(0, root.size(), root) == 0 && inst[root.size()] == '.');
}

void write_activity_file(const fs::path& path, const std::string& module, const std::vector<TogglePoint>& points,
                         const std::set<std::string>& instances, std::uint64_t cycles) {
  // Input port bits, summed over the module's instances; internal average over their subtrees.
  std::map<std::string, std::uint64_t> port_toggles;
  std::uint64_t inner_points = 0, inner_toggles = 0;
  for (const auto& p : points) {
    if (is_clock(p.signal)) continue;
    if (p.module == module && instances.count(p.instance) && is_input_port(p.signal)) port_toggles[p.signal] += p.count;
    for (const auto& inst : instances)
      if (in_subtree(inst, p.instance)) {
        ++inner_points;
        inner_toggles += p.count;
        break;
      }
  }
  const double n = static_cast<double>(instances.size());
  const double inner = inner_points && cycles ? static_cast<double>(inner_toggles) / static_cast<double>(inner_points) /
                                                    static_cast<double>(cycles)
                                              : 0.0;
  std::ofstream out(path);
  out << fmt::format("# snapgen run --activity: simulated toggle rates of {} ({} instance(s), {} cycles).\n", module,
                     instances.size(), cycles);
  out << "# Lines: <input port bit> <toggles per cycle> (averaged over the instances), for\n";
  out << fmt::format("#   snapgen synth --module {} --activity {:.6g} --activity-file {}\n", module, inner,
                     path.filename().string());
  out << fmt::format("# --activity {:.6g} = mean toggles per cycle per covered bit inside the module (clocks excluded).\n",
                     inner);
  for (const auto& [signal, toggles] : port_toggles)
    out << fmt::format("{} {:.6g}\n", signal, cycles ? static_cast<double>(toggles) / n / static_cast<double>(cycles) : 0.0);
  if (!out) throw std::runtime_error("cannot write activity file " + path.string());
}

}  // namespace

Json summarize_activity(const std::vector<TogglePoint>& points, std::uint64_t cycles,
                        const std::vector<std::string>& synth_tops, const fs::path& dir) {
  std::map<std::string, Tally> own;  // instance -> its own signals
  for (const auto& p : points) {
    if (is_clock(p.signal)) continue;
    Tally& t = own[p.instance];
    if (!t.module.empty() && t.module != p.module)
      throw std::runtime_error(fmt::format("coverage: instance {} has points of modules {} and {}", p.instance,
                                           t.module, p.module));
    t.module = p.module;
    ++t.points;
    t.toggles += p.count;
  }
  Json instances = Json::array();
  std::map<std::string, Json> modules;
  std::map<std::string, std::set<std::string>> instances_of;
  for (const auto& [inst, t] : own) {
    std::uint64_t points_sub = 0, toggles_sub = 0;
    for (auto it = own.lower_bound(inst); it != own.end() && it->first.compare(0, inst.size(), inst) == 0; ++it)
      if (in_subtree(inst, it->first)) {
        points_sub += it->second.points;
        toggles_sub += it->second.toggles;
      }
    instances.push_back({{"instance", inst},
                         {"module", t.module},
                         {"points", points_sub},
                         {"toggles", toggles_sub},
                         {"toggles_per_cycle", per_cycle(toggles_sub, cycles)},
                         {"own_points", t.points},
                         {"own_toggles", t.toggles}});
    instances_of[t.module].insert(inst);
    Json& m = modules[source_module(t.module)];
    if (m.is_null()) m = {{"module", source_module(t.module)}, {"instances", 0}, {"points", 0}, {"toggles", 0}};
    m["instances"] = m["instances"].get<std::uint64_t>() + 1;
    m["points"] = m["points"].get<std::uint64_t>() + t.points;
    m["toggles"] = m["toggles"].get<std::uint64_t>() + t.toggles;
  }
  Json module_list = Json::array();
  for (auto& [name, m] : modules) {
    m["toggles_per_cycle"] = per_cycle(m["toggles"].get<std::uint64_t>(), cycles);
    module_list.push_back(m);
  }
  fs::create_directories(dir);
  Json files = Json::object();
  for (const auto& top : synth_tops) {
    const auto it = instances_of.find(top);
    if (it == instances_of.end()) continue;
    const fs::path path = dir / (top + ".activity");
    write_activity_file(path, top, points, it->second, cycles);
    files[top] = path.string();
  }
  std::uint64_t total = 0;
  for (const auto& [inst, t] : own) total += t.toggles;
  return Json{{"cycles", cycles},
              {"toggles", total},
              {"toggles_per_cycle", per_cycle(total, cycles)},
              {"points", points.size()},
              {"excluded", "clk_i (clock nets)"},
              {"coverage_file", (dir / "coverage.dat").string()},
              {"synth_activity_files", files},
              {"modules", module_list},
              {"instances", instances}};
}

std::string format_activity(const Json& a) {
  std::string s = fmt::format("\n  toggle activity (Verilator toggle coverage, {} cycles, clocks excluded; "
                              "instance totals include sub-instances):\n",
                              a["cycles"].dump());
  s += fmt::format("  {:<36} {:<32} {:>8} {:>12} {:>10}\n", "instance", "module", "points", "toggles", "per cycle");
  // Rows: the top, the dies and the blocks directly inside a die (routers, tiles, converters),
  // named relative to the simulation top.
  for (const auto& i : a["instances"]) {
    const std::string inst = i["instance"].get<std::string>();
    if (std::count(inst.begin(), inst.end(), '.') > 2) continue;
    const auto dot = inst.find('.');
    s += fmt::format("  {:<36} {:<32} {:>8} {:>12} {:>10.4f}\n", dot == std::string::npos ? inst : inst.substr(dot + 1),
                     i["module"].get<std::string>(), i["points"].dump(), i["toggles"].dump(),
                     i["toggles_per_cycle"].get<double>());
  }
  s += "  per module (own signals, all instances):";
  std::size_t col = 43;
  for (const auto& m : a["modules"]) {
    const std::string item = fmt::format(" {}={}", m["module"].get<std::string>(), m["toggles"].dump());
    if (col + item.size() > 110) {
      s += "\n   ";
      col = 3;
    }
    s += item;
    col += item.size();
  }
  s += "\n  activity files for `snapgen synth --module M --activity-file FILE`:\n";
  for (auto it = a["synth_activity_files"].begin(); it != a["synth_activity_files"].end(); ++it)
    s += fmt::format("    {}\n", it.value().get<std::string>());
  return s;
}

}  // namespace snapgen
