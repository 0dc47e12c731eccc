#include "synth/synth.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <chrono>
#include <cstdlib>
#include <utility>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "util/subprocess.hpp"
#include "version.hpp"

namespace snapgen::synth {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a flow script (argv, no shell) with stdout and stderr in `log`; throws with the log's tail
// on failure.
void run_flow(const std::vector<std::string>& argv, const fs::path& log,
              std::vector<std::pair<std::string, std::string>> env = {}) {
  Command cmd;
  cmd.argv = argv;
  cmd.stdout_file = cmd.stderr_file = log;
  cmd.env = std::move(env);
  const int rc = run_command(cmd);
  if (rc != 0)
    throw std::runtime_error(fmt::format("flow failed (exit {}): {}\n{}(full log: {})", rc, fmt::join(argv, " "),
                                         tail_lines(log, 40), log.string()));
}

// Last output line of a flow (used for fetch_liberty.sh, which prints the cache dir).
std::string capture_last_line(const std::vector<std::string>& argv, const fs::path& log) {
  run_flow(argv, log);
  std::istringstream in(read_text(log));
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

// Flip-flops among Yosys internal cell types: $_DFF_P_, $_DFFE_PN0P_, $_SDFF_..., $_DFFSR_... .
bool is_flop_type(const std::string& t) { return t.find("DFF") != std::string::npos; }

void parse_generic(const fs::path& dir, const std::string& top, ModuleResult& r) {
  const auto j = nlohmann::json::parse(read_text(dir / (top + ".generic.stat.json")));
  const auto& mods = j.at("modules");
  if (mods.empty()) throw std::runtime_error("no module in stat -json of " + top);
  // The flows flatten a hierarchical design before `stat`: one module holds the totals either way.
  const auto& m = mods.begin().value();
  r.cells = m.at("num_cells").get<long>();
  for (const auto& [type, n] : m.at("num_cells_by_type").items())
    if (is_flop_type(type)) r.flops += n.get<long>();
  // One "Longest topological path in <module> (length=N)" per module: the deepest one counts.
  const std::string ltp = read_text(dir / (top + ".ltp.txt"));
  const std::regex length(R"(\(length=(-?\d+)\))");
  bool found = false;
  for (auto it = std::sregex_iterator(ltp.begin(), ltp.end(), length); it != std::sregex_iterator(); ++it) {
    r.depth = std::max(r.depth, std::stol((*it)[1]));
    found = true;
  }
  if (!found) throw std::runtime_error("no path length in " + (dir / (top + ".ltp.txt")).string());
}

void parse_osu(const fs::path& dir, const std::string& top, ModuleResult& r) {
  const std::string stat = read_text(dir / (top + ".osu.stat.txt"));
  std::smatch sm;
  if (std::regex_search(stat, sm, std::regex(R"(Chip area for module '[^']*': ([0-9.eE+-]+))")))
    r.area_um2 = std::stod(sm[1]);
  if (std::regex_search(stat, sm, std::regex(R"(Number of cells:\s+(\d+))"))) r.osu_cells = std::stol(sm[1]);

  std::istringstream sta(read_text(dir / (top + ".sta.txt")));
  std::string tag, key, value;
  while (sta >> tag >> key >> value) {
    if (tag != "snapgen_sta") continue;
    const double v = std::stod(value);
    if (key == "period_ns") r.period_ns = v;
    if (key == "wns_ns") r.wns_ns = v;
    if (key == "tns_ns") r.tns_ns = v;
    if (key == "whs_ns") r.whs_ns = v;
  }
  if (r.period_ns && r.wns_ns && *r.period_ns - *r.wns_ns > 0) r.fmax_mhz = 1000.0 / (*r.period_ns - *r.wns_ns);

  // report_power: "Total  <internal> <switching> <leakage> <total> <percent>" in watts.
  std::istringstream power(read_text(dir / (top + ".power.txt")));
  std::string line;
  while (std::getline(power, line)) {
    std::istringstream ls(line);
    std::string first;
    double internal = 0, switching = 0, leakage = 0, total = 0;
    if (ls >> first && first == "Total" && ls >> internal >> switching >> leakage >> total) r.power_mw = total * 1e3;
  }
}

std::string opt_num(const std::optional<double>& v, const char* format) {
  return v ? fmt::format(fmt::runtime(format), *v) : std::string("-");
}
std::string opt_num(const std::optional<long>& v) { return v ? std::to_string(*v) : std::string("-"); }

// "flat" or "hier" (hierarchy kept: depth is per module, totals over the hierarchy).
const char* flow_name(const ModuleResult& r) { return r.hierarchical ? "hier" : "flat"; }

nlohmann::ordered_json opt_json(const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nullptr; }

}  // namespace

std::string find_flows_dir(const std::string& hint) {
  std::vector<fs::path> tried;
  auto ok = [&](const fs::path& p) {
    tried.push_back(p);
    return fs::exists(p / "synth_generic.sh");
  };
  if (!hint.empty()) {
    if (ok(hint)) return fs::absolute(hint).string();
    throw SynthInputError(fmt::format("snapgen synth: error: --flows {}: no synth_generic.sh there", hint));
  }
  if (const char* env = std::getenv("SNAPGEN_FLOWS"); env && ok(env)) return fs::absolute(env).string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // Build trees live in the repository (build/snapgen -> flows/); installs in <prefix>/bin.
    for (const auto& cand : {exe.parent_path().parent_path() / "flows",
                             exe.parent_path().parent_path() / "share" / "snapgen" / "flows"})
      if (ok(cand)) return cand.string();
  }
  if (ok(fs::current_path() / "flows")) return (fs::current_path() / "flows").string();
  // fmt::join rather than a `" " + path` loop: GCC 12 warned (-Wrestrict, a false positive of
  // operator+(const char*, string&&)) on that concatenation.
  std::vector<std::string> where;
  for (const auto& t : tried) where.push_back(t.string());
  throw std::runtime_error(fmt::format("cannot find the flows/ directory (looked in {}); pass --flows DIR or set "
                                       "SNAPGEN_FLOWS",
                                       fmt::join(where, ", ")));
}

std::string module_family(const std::string& design_name, const std::string& top) {
  std::string rest = top;
  if (rest.rfind(design_name + "_", 0) == 0) rest = rest.substr(design_name.size() + 1);
  // Most specific first: "clp_encoder" before "clp", "emio_tx" before "emio".
  static const char* const kFamilies[] = {"chiplet", "noc_system", "system", "mesh", "router",
                                          "clp_encoder", "clp_decoder", "clp", "emio_tx", "emio_rx",
                                          "emio", "tile"};
  for (const char* f : kFamilies)
    if (rest.find(f) != std::string::npos) return f;
  return "other";
}

bool is_assembly(const std::string& family) {
  return family == "mesh" || family == "noc_system" || family == "system" || family == "chiplet";
}

namespace {

// Every non-comment line: <pattern> <toggles per cycle> [duty], numbers in range (what sta.tcl reads).
void check_activity_file(const std::string& file) {
  std::ifstream in(file);
  if (!in)
    throw SynthInputError(fmt::format("snapgen synth: error: --activity-file {}: cannot read the file", file));
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::istringstream ls(line);
    std::string name, act, duty, extra;
    if (!(ls >> name) || name[0] == '#') continue;
    const auto bad = [&](const std::string& what) {
      return SynthInputError(fmt::format("{}:{}: error: --activity-file: {}; expected '<port-or-pin pattern> "
                                         "<toggles per cycle 0..{}> [duty 0..1]'",
                                         file, line_no, what, kMaxActivity));
    };
    const auto number = [&](const std::string& text, double hi, const char* what) {
      std::size_t used = 0;
      double v = -1;
      try {
        v = std::stod(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != text.size() || !(v >= 0 && v <= hi)) throw bad(fmt::format("{} '{}' for '{}'", what, text, name));
    };
    if (!(ls >> act)) throw bad(fmt::format("no toggle rate for '{}'", name));
    number(act, kMaxActivity, "toggles per cycle");
    if (ls >> duty) number(duty, 1.0, "duty");
    if (ls >> extra) throw bad(fmt::format("unexpected '{}' after the duty", extra));
  }
}

}  // namespace

void check_synth_input(const Design& design, const Package& package, const SynthOptions& opt) {
  for (const auto& t : opt.modules)
    if (std::find(package.tops.begin(), package.tops.end(), t) == package.tops.end())
      throw SynthInputError(fmt::format("snapgen synth: error: --module {}: not a top of package '{}' (allowed: {})",
                                        t, design.name, fmt::join(package.tops, ", ")));
  if (!(opt.default_activity >= 0 && opt.default_activity <= kMaxActivity))
    throw SynthInputError(fmt::format("snapgen synth: error: --activity {}: allowed toggles per cycle 0..{}",
                                      opt.default_activity, kMaxActivity));
  if (!opt.activity_file.empty()) {
    if (!opt.osu)
      throw SynthInputError("snapgen synth: error: --activity-file needs the OpenSTA flow (drop --generic-only)");
    check_activity_file(opt.activity_file);
  }
  if (fs::exists(opt.out_dir) && !fs::is_directory(opt.out_dir))
    throw SynthInputError(fmt::format("snapgen synth: error: -o {}: exists and is not a directory", opt.out_dir));
  find_flows_dir(opt.flows_dir);
}

namespace {

// Cells per type of a flow's `stat -json` (the one module left after the flows' flatten).
std::map<std::string, long> cells_by_type(const fs::path& stat_json) {
  const auto j = nlohmann::json::parse(read_text(stat_json));
  std::map<std::string, long> n;
  for (const auto& [type, count] : j.at("modules").begin().value().at("num_cells_by_type").items())
    n[type] = count.get<long>();
  return n;
}

// Runs `tasks` on up to `jobs` threads; rethrows the first failure after all have stopped.
void run_parallel(const std::vector<std::function<void()>>& tasks, int jobs) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto worker = [&] {
    for (std::size_t i; (i = next++) < tasks.size();) {
      try {
        tasks[i]();
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = tasks.size();  // start nothing new
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    for (int t = 1; t < std::min<int>(jobs, static_cast<int>(tasks.size())); ++t) threads.emplace_back(worker);
    worker();
  }
  if (failure) std::rethrow_exception(failure);
}

struct FlowContext {
  fs::path flows, pkg, sdc, out;
  std::string lib;  // empty: generic only
  const SynthOptions& opt;
};

// One top through the flows. `blocks` (hierarchical assemblies): results of the tops it reuses
// (blocks, or chiplets in a system), read as black boxes from their stubs and added to its numbers.
ModuleResult synth_top(const FlowContext& cx, const Design& design, const std::string& top,
                       const std::vector<const ModuleResult*>& blocks) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path dir = cx.out / top;
  fs::create_directories(dir);
  fmt::print(stderr, "snapgen synth: {} ...\n", top);
  ModuleResult r;
  r.top = top;
  r.family = module_family(design.name, top);
  r.hierarchical = is_assembly(r.family) && !cx.opt.flatten_all;
  // argv of a synthesis script: [--hier] [--stub <block>.stub.v]... then its positional arguments.
  const auto flow = [&](const char* script, std::vector<std::string> args) {
    std::vector<std::string> argv = {(cx.flows / script).string()};
    if (r.hierarchical) argv.push_back("--hier");
    for (const auto* b : blocks) argv.insert(argv.end(), {"--stub", (cx.out / b->top / (b->top + ".stub.v")).string()});
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  };
  run_flow(flow("synth_generic.sh", {cx.pkg.string(), top, dir.string()}), dir / "synth_generic.out");
  parse_generic(dir, top, r);
  const auto instances = cells_by_type(dir / (top + ".generic.stat.json"));
  std::vector<std::pair<const ModuleResult*, long>> used;  // reused tops with their instance counts
  for (const auto* b : blocks) {
    const auto it = instances.find(b->top);
    const long n = it == instances.end() ? 0 : it->second;
    if (n == 0) continue;
    used.emplace_back(b, n);
    r.reused_blocks.emplace_back(b->top, n);
    // Netlists OpenSTA links under this one: the reused top's, and those it links itself.
    for (const auto& name : b->linked)
      if (std::find(r.linked.begin(), r.linked.end(), name) == r.linked.end()) r.linked.push_back(name);
    if (std::find(r.linked.begin(), r.linked.end(), b->top) == r.linked.end()) r.linked.push_back(b->top);
    r.cells += n * (b->cells - 1);  // the black-box instance counted as one cell, replaced by its contents
    r.flops += n * b->flops;
    r.depth = std::max(r.depth, b->depth);
  }
  if (!cx.lib.empty()) {
    // --from: maps the design the generic run synthesized instead of synthesizing it again.
    run_flow(flow("synth_osu.sh", {"--from", (dir / (top + ".generic.il")).string(), cx.pkg.string(), top, cx.lib,
                                   dir.string()}),
             dir / "synth_osu.out");
    std::vector<std::string> sta = {(cx.flows / "sta.sh").string()};
    for (const auto& name : r.linked) sta.insert(sta.end(), {"--with", (cx.out / name / (name + ".osu.v")).string()});
    sta.insert(sta.end(), {cx.lib, (dir / (top + ".osu.v")).string(), top, cx.sdc.string(), dir.string()});
    if (!cx.opt.activity_file.empty()) sta.push_back(fs::absolute(cx.opt.activity_file).string());
    run_flow(sta, dir / "sta.out", {{"SNAPGEN_ACTIVITY", fmt::format("{}", cx.opt.default_activity)}});
    parse_osu(dir, top, r);
    for (const auto& [b, n] : used) {
      if (r.osu_cells && b->osu_cells) *r.osu_cells += n * (*b->osu_cells - 1);
      if (r.area_um2 && b->area_um2) *r.area_um2 += static_cast<double>(n) * *b->area_um2;
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace

std::vector<std::string> reused_tops(const Package& package, const std::string& top) {
  // Generated modules: one per package-root .sv file named after it (the rtl/ IP is never a top).
  std::map<std::string, const std::string*> generated;
  for (const auto& f : package.files)
    if (f.path.find('/') == std::string::npos && f.path.ends_with(".sv"))
      generated[f.path.substr(0, f.path.size() - 3)] = &f.content;
  // An instance line: `  <module> #(` (parameters set) or `  <module> u_name (` (none).
  const auto instance = [](const std::string& text, const std::string& module, bool with_parameters) {
    return std::regex_search(text, std::regex("(^|\\n) *" + module + (with_parameters ? " +#" : " +[A-Za-z_]")));
  };
  const auto is_top = [&](const std::string& name) {
    return std::find(package.tops.begin(), package.tops.end(), name) != package.tops.end();
  };
  // Walk down from `top`; a top instantiated without parameters is reused and not walked into.
  std::vector<std::string> walked = {top}, reused;
  for (std::size_t i = 0; i < walked.size(); ++i) {
    const auto it = generated.find(walked[i]);
    if (it == generated.end()) continue;
    for (const auto& [name, text] : generated) {
      if (name == walked[i]) continue;
      const bool known = std::find(walked.begin(), walked.end(), name) != walked.end() ||
                         std::find(reused.begin(), reused.end(), name) != reused.end();
      if (known) continue;
      if (is_top(name) && instance(*it->second, name, false)) reused.push_back(name);
      else if (instance(*it->second, name, false) || instance(*it->second, name, true)) walked.push_back(name);
    }
  }
  std::sort(reused.begin(), reused.end());
  return reused;
}

std::vector<ModuleResult> run_synth(const Design& design, const Package& package, const SynthOptions& opt) {
  check_synth_input(design, package, opt);
  const fs::path out = fs::absolute(opt.out_dir);
  const fs::path flows = find_flows_dir(opt.flows_dir);
  const std::vector<std::string> tops = opt.modules.empty() ? package.tops : opt.modules;
  fs::create_directories(out);
  write_package(package, (out / "pkg").string(), true);
  const fs::path pkg = out / "pkg";

  std::string lib;
  if (opt.osu) {
    const std::string dir = capture_last_line({(flows / "fetch_liberty.sh").string()}, out / "fetch_liberty.log");
    lib = (fs::path(dir) / "osu018_stdcells.lib").string();
  }
  const FlowContext cx{flows, pkg, pkg / (design.name + ".sdc"), out, lib, opt};

  // Every selected top, and every top a hierarchical one reuses (transitively), runs once. It
  // runs in the first wave after the tops it reuses; the tops of a wave are independent.
  const auto hierarchical = [&](const std::string& t) {
    return is_assembly(module_family(design.name, t)) && !opt.flatten_all;
  };
  std::map<std::string, std::vector<std::string>> uses;  // top -> tops it reuses
  std::vector<std::string> todo = tops;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const std::string t = todo[i];
    if (uses.contains(t)) continue;
    uses[t] = hierarchical(t) ? reused_tops(package, t) : std::vector<std::string>{};
    todo.insert(todo.end(), uses[t].begin(), uses[t].end());
  }
  std::map<std::string, ModuleResult> done;
  std::mutex done_mutex;
  while (done.size() < uses.size()) {
    std::vector<std::string> wave;
    for (const auto& [t, deps] : uses)
      if (!done.contains(t) && std::all_of(deps.begin(), deps.end(), [&](const auto& d) { return done.contains(d); }))
        wave.push_back(t);
    if (wave.empty()) throw std::runtime_error("the generated tops instantiate each other in a cycle");
    std::vector<std::function<void()>> tasks;
    for (const auto& t : wave)
      tasks.emplace_back([&, t] {
        std::vector<const ModuleResult*> reused;
        {
          const std::lock_guard lock(done_mutex);
          for (const auto& u : uses.at(t)) reused.push_back(&done.at(u));
        }
        ModuleResult r = synth_top(cx, design, t, reused);
        const std::lock_guard lock(done_mutex);
        done.emplace(t, std::move(r));
      });
    run_parallel(tasks, opt.jobs);
  }

  std::vector<ModuleResult> rows;
  for (const auto& t : tops) rows.push_back(done.at(t));
  return rows;
}

std::string format_table(const std::vector<ModuleResult>& rows) {
  std::string s = fmt::format("{:<28} {:<12} {:<4} {:>8} {:>6} {:>6} {:>8} {:>12} {:>9} {:>9} {:>9} {:>9} {:>7}\n",
                              "module", "family", "flow", "cells", "flops", "depth", "osu", "area_um2", "wns_ns",
                              "tns_ns", "fmax_MHz", "power_mW", "time_s");
  for (const auto& r : rows)
    s += fmt::format("{:<28} {:<12} {:<4} {:>8} {:>6} {:>6} {:>8} {:>12} {:>9} {:>9} {:>9} {:>9} {:>7.1f}\n", r.top,
                     r.family, flow_name(r), r.cells, r.flops, r.depth, opt_num(r.osu_cells),
                     opt_num(r.area_um2, "{:.0f}"), opt_num(r.wns_ns, "{:.3f}"), opt_num(r.tns_ns, "{:.1f}"), opt_num(r.fmax_mhz, "{:.1f}"),
                     opt_num(r.power_mw, "{:.3f}"), r.seconds);
  return s;
}

std::string format_json(const Design& design, const SynthOptions& opt, const std::vector<ModuleResult>& rows) {
  nlohmann::ordered_json j;
  j["snapgen_version"] = kVersion;
  j["design"] = design.name;
  j["config_sha256"] = design.config_hash;
  j["clock_mhz"] = design.clock_mhz;
  j["liberty"] = opt.osu ? "OSU 0.18um (Debian qflow-tech-osu018, osu018_stdcells.lib)" : "none";
  j["activity"] = {{"default_toggles_per_cycle", opt.default_activity},
                   {"file", opt.activity_file.empty() ? nlohmann::ordered_json(nullptr)
                                                      : nlohmann::ordered_json(opt.activity_file)}};
  auto arr = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    nlohmann::ordered_json m;
    m["module"] = r.top;
    m["family"] = r.family;
    m["flow"] = flow_name(r);
    m["generic_cells"] = r.cells;
    m["flops"] = r.flops;
    m["logic_depth"] = r.depth;
    m["osu_cells"] = r.osu_cells ? nlohmann::ordered_json(*r.osu_cells) : nlohmann::ordered_json(nullptr);
    m["area_um2"] = opt_json(r.area_um2);
    m["period_ns"] = opt_json(r.period_ns);
    m["wns_ns"] = opt_json(r.wns_ns);
    m["tns_ns"] = opt_json(r.tns_ns);
    m["worst_hold_slack_ns"] = opt_json(r.whs_ns);
    m["fmax_mhz"] = opt_json(r.fmax_mhz);
    m["power_mw"] = opt_json(r.power_mw);
    m["seconds"] = r.seconds;
    auto reused = nlohmann::ordered_json::object();
    for (const auto& [name, n] : r.reused_blocks) reused[name] = n;
    m["reused_blocks"] = reused;
    arr.push_back(m);
  }
  j["modules"] = arr;
  return j.dump(2) + "\n";
}

std::string format_markdown(const Design& design, const SynthOptions& opt, const std::vector<ModuleResult>& rows) {
  std::string s = fmt::format("# Synthesis report: {}\n\n", design.name);
  s += fmt::format(
      "snapgen {}; clock {} MHz (SDC period {:.4f} ns); Yosys generic synthesis + OSU 0.18 um mapping, "
      "OpenSTA timing and power at {} toggles/cycle default activity{}.\n\n",
      kVersion, design.clock_mhz, 1000.0 / design.clock_mhz, opt.default_activity,
      opt.activity_file.empty() ? "" : " and activity file " + opt.activity_file);
  s += "| module | family | flow | cells | flops | depth | OSU cells | area um^2 | WNS ns | TNS ns | fmax MHz "
       "| power mW |\n";
  s += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& r : rows)
    s += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", r.top, r.family, flow_name(r),
                     r.cells, r.flops, r.depth, opt_num(r.osu_cells), opt_num(r.area_um2, "{:.0f}"), opt_num(r.wns_ns, "{:.3f}"),
                     opt_num(r.tns_ns, "{:.1f}"), opt_num(r.fmax_mhz, "{:.1f}"), opt_num(r.power_mw, "{:.3f}"));
  s += "\nArea is the sum of liberty cell areas (no placement, no wires). Timing has ideal clocks and no wire "
       "load, and flip-flop outputs are not buffered (no physical synthesis): high-fanout nets make WNS "
       "pessimistic. Flow `hier` (assemblies): each distinct module synthesized once, cells and area summed over "
       "the hierarchy, depth the longest path inside one module, timing by OpenSTA across the hierarchy. See "
       "docs/synthesis.md.\n";
  return s;
}

int synth_command(const Design& design, const Package& package, const SynthOptions& opt) {
  std::vector<ModuleResult> rows;
  try {
    rows = run_synth(design, package, opt);
  } catch (const SynthInputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "snapgen synth: error: {}\n", e.what());
    return 1;
  }
  const fs::path out = fs::absolute(opt.out_dir);
  std::ofstream(out / "synth.json") << format_json(design, opt, rows);
  std::ofstream(out / "synth.md") << format_markdown(design, opt, rows);
  fmt::print("{}", format_table(rows));
  fmt::print("snapgen synth: wrote {} and {}\n", (out / "synth.json").string(), (out / "synth.md").string());
  return 0;
}

}  // namespace snapgen::synth
