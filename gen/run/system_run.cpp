#include "run/system_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "emit/package.hpp"
#include "run/accuracy.hpp"
#include "run/activity.hpp"
#include "run/auto_model.hpp"
#include "run/bottleneck.hpp"
#include "run/energy.hpp"
#include "run/golden_check.hpp"
#include "run/icarus_run.hpp"
#include "run/measure.hpp"
#include "run/model_cache.hpp"
#include "run/sim_job_io.hpp"
#include "run/workload.hpp"
#include "util/embedded_files.hpp"
#include "util/subprocess.hpp"

namespace snapgen {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// What the spike run records besides its outputs (the baseline records nothing extra).
struct Instrument {
  fs::path activity_dir, waves_file;
  bool icarus = false;
};

SimulatorSpec runner_spec(const Design& d, const Instrument& inst) {
  SimulatorSpec spec = system_simulator_spec(d);
  // The defines switch the runner's coverage/trace code on; they are part of the cache key.
  if (!inst.activity_dir.empty()) spec.verilator_args.insert(spec.verilator_args.end(), {"--coverage-toggle", "-CFLAGS", "-DSNAPSIM_COVERAGE"});
  if (!inst.waves_file.empty()) spec.verilator_args.insert(spec.verilator_args.end(), {"--trace-fst", "-CFLAGS", "-DSNAPSIM_TRACE"});
  return spec;
}

// `--icarus`: the same job on Icarus, compared with Verilator and the golden model.
Json icarus_section(const Design& d, const CachedSimulator& sim, const tb::SimJob& job, const fs::path& work,
                    const tb::SimResult& r, const std::vector<std::vector<std::int64_t>>& golden, const RunOptions& o) {
  const IcarusRun ir = run_icarus(sim.package_dir, d.name + "_system", job, work / "icarus", o.progress);
  const tb::SimResult ri = read_sim_result(ir.result);
  const auto vo = outputs_of(d, r), io = outputs_of(d, ri);
  std::size_t vs_verilator = 0, vs_golden = 0;
  for (std::size_t v = 0; v < golden.size(); ++v) {
    const bool have = v < io.size();
    vs_verilator += !have || v >= vo.size() || io[v] != vo[v];
    vs_golden += !have || io[v] != golden[v];
  }
  return {{"status", ri.status},
          {"vectors", io.size()},
          {"mismatches_vs_verilator", vs_verilator},
          {"mismatches_vs_golden", vs_golden},
          {"agree", ri.status == "ok" && vs_verilator == 0 && vs_golden == 0},
          {"cycles", ri.cycles},
          {"same_cycles_and_latencies", ri.cycles == r.cycles && latencies_of(ri) == latencies_of(r)},
          {"compile_seconds", ir.compile_seconds},
          {"sim_seconds", ir.sim_seconds},
          {"cycles_per_second", ir.sim_seconds > 0 ? static_cast<double>(ri.cycles) / ir.sim_seconds : 0.0},
          {"result_file", ir.result.string()}};
}

// Runs the cached simulator on `job` in `dir` (job.json, result.json, snapsim.log there).
std::pair<tb::SimResult, double> run_simulator(const CachedSimulator& sim, const SimulatorSpec& spec,
                                               const tb::SimJob& job, const fs::path& dir) {
  fs::create_directories(dir);
  write_sim_job(dir / "job.json", job);
  const auto start = std::chrono::steady_clock::now();
  Command cmd;
  cmd.argv = {sim.executable.string(), (dir / "job.json").string(), (dir / "result.json").string()};
  cmd.stderr_file = dir / "snapsim.log";
  const int rc = run_command(cmd);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rc != 0 && !fs::exists(dir / "result.json"))
    throw BuildError(fmt::format("simulation of {} failed (exit {}); see {}", spec.top, rc, (dir / "snapsim.log").string()));
  return {read_sim_result(dir / "result.json"), seconds};
}

// Latency and throughput apart (issue 16): the same job with its first vector alone gives the
// zero-load latency (nothing queued ahead of it). Throughput comes from two runs that differ by
// whole tile calls: the full run of n vectors and the run of the first call's B vectors alone
// (workload.batch; the same run as the single vector when B = 1), T(n) = T(B) + (n - B) * P,
// so P = (T(n) - T(B)) / (n - B). Against T(1), a batched run would count the first call once
// for one vector (a call of one vector costs nearly a full call) and report P too small.
// The loaded latency is the full run's mean (input saturated).
void add_latency_and_throughput(Json& j, const tb::SimResult& full, const tb::SimResult& single,
                                const tb::SimResult& first_call, std::size_t call_vectors, std::size_t vectors) {
  const auto zero_load = single.outputs.empty() ? 0 : single.outputs.front().latency;
  const double per_vector = vectors > call_vectors
                                ? (static_cast<double>(full.cycles) - static_cast<double>(first_call.cycles)) /
                                      static_cast<double>(vectors - call_vectors)
                                : static_cast<double>(full.cycles) / static_cast<double>(std::max<std::size_t>(vectors, 1));
  j["latency"] = {{"zero_load_cycles", zero_load}, {"loaded_mean_cycles", j["latency_cycles"]["mean"]}};
  j["throughput"] = {{"cycles_per_vector", per_vector}, {"vectors_per_kcycle", per_vector > 0 ? 1000.0 / per_vector : 0.0}};
}

Simulated simulate(const Config& c, const RunOptions& o, const std::string& label, const Instrument& inst = {}) {
  Design d = elaborate(c);
  Workload w = make_workload(c, d);
  const Package package = build_package(d);
  tb::SimJob job = make_sim_job(d, w, {d.runtime.inputs.seed, d.runtime.ber,
                                       o.in_valid_prob, o.out_ready_prob});
  SimulatorSpec spec = runner_spec(d, inst);
  // --pgo: plain models only (the instrumented ones are for coverage and waves, not speed).
  if (o.pgo && inst.activity_dir.empty() && inst.waves_file.empty())
    spec.profile_job = sim_job_json(first_vectors(d, job, std::min(w.inputs.size(), kProfileVectors)));
  const CachedSimulator sim = ensure_simulator(package, d, spec, o.progress, o.jobs);

  const fs::path work = o.work_dir / label;
  fs::create_directories(work);
  if (!inst.activity_dir.empty()) {
    fs::create_directories(inst.activity_dir);
    job.coverage_path = fs::absolute(inst.activity_dir / "coverage.dat").string();
  }
  if (!inst.waves_file.empty()) {
    if (inst.waves_file.has_parent_path()) fs::create_directories(inst.waves_file.parent_path());
    job.waves_path = fs::absolute(inst.waves_file).string();
  }
  o.progress(fmt::format("simulating {} vectors ({})", w.inputs.size(), label));
  const auto [r, seconds] = run_simulator(sim, spec, job, work);

  Simulated s = measure(d, w, r);
  Json& j = s.json;
  const auto reference_run = [&](std::size_t n, const char* name) {
    tb::SimJob part = first_vectors(d, job, n);
    part.coverage_path.clear();
    part.waves_path.clear();
    return run_simulator(sim, spec, part, work / name).first;
  };
  const std::size_t n = w.inputs.size(), call = std::min<std::size_t>(static_cast<std::size_t>(d.runtime.batch), n);
  const tb::SimResult single = reference_run(1, "zero_load");
  const tb::SimResult first_call = call > 1 && n > call ? reference_run(call, "first_call") : single;
  add_latency_and_throughput(j, r, single, first_call, std::max<std::size_t>(call, 1), n);
  j["bottleneck"] = bottleneck_section(d, r, w.inputs.size(), j["throughput"]["cycles_per_vector"].get<double>(), w.spikes);
  if (!inst.activity_dir.empty()) {
    // Activity files for the synthesizable tops: every package top but the simulation top.
    std::vector<std::string> synth_tops;
    for (const auto& t : package.tops)
      if (t != spec.top) synth_tops.push_back(t);
    j["activity"] = summarize_activity(read_toggle_coverage(inst.activity_dir / "coverage.dat"), r.cycles, synth_tops,
                                       inst.activity_dir);
    std::ofstream(inst.activity_dir / "activity.json") << j["activity"].dump(2) << "\n";
  }
  if (!inst.waves_file.empty()) j["waves"] = fs::absolute(inst.waves_file).string();
  if (inst.icarus) j["icarus"] = icarus_section(d, sim, job, work, r, check_against_golden(d, w, s.outputs).golden_outputs, o);
  j["simulation"] = {{"model_key", sim.key},
                     {"profile_guided", !spec.profile_job.empty()},
                     {"march", sim.march},
                     {"model_built_now", sim.built_now},
                     {"build_seconds", sim.build_seconds},
                     {"sim_seconds", seconds},
                     {"cycles_per_second", seconds > 0 ? static_cast<double>(r.cycles) / seconds : 0.0}};
  s.design = std::move(d);
  s.workload = std::move(w);
  return s;
}

// Baseline / this run (above 1: this run wins).
Json ratios_against(const Simulated& spike, const Simulated& dense) {
  auto ratio = [](double base, double x) { return x > 0 ? base / x : 0.0; };
  auto number = [](const Json& j, const char* a, const char* b) { return j[a][b].get<double>(); };
  return {{"energy", ratio(dense.energy, spike.energy)},
          {"latency", ratio(dense.latency_mean, spike.latency_mean)},
          {"zero_load_latency",
           ratio(number(dense.json, "latency", "zero_load_cycles"), number(spike.json, "latency", "zero_load_cycles"))},
          {"throughput",
           ratio(number(dense.json, "throughput", "cycles_per_vector"), number(spike.json, "throughput", "cycles_per_vector"))},
          {"d2d_bits", ratio(static_cast<double>(dense.d2d_bits), static_cast<double>(spike.d2d_bits))}};
}

// How far the outputs of the run and of a (lossless) dense baseline agree.
void compare_outputs(Json& report, const Simulated& spike, const Simulated& dense) {
  std::int64_t max_diff = 0;
  std::size_t argmax_same = 0, n = std::min(spike.outputs.size(), dense.outputs.size());
  for (std::size_t v = 0; v < n; ++v) {
    const auto& a = spike.outputs[v];
    const auto& b = dense.outputs[v];
    for (std::size_t e = 0; e < a.size() && e < b.size(); ++e) max_diff = std::max(max_diff, std::abs(a[e] - b[e]));
    argmax_same += std::max_element(a.begin(), a.end()) - a.begin() == std::max_element(b.begin(), b.end()) - b.begin();
  }
  report["output_agreement"] = {{"max_abs_diff", max_diff},
                                {"argmax_agreement", n ? static_cast<double>(argmax_same) / static_cast<double>(n) : 0.0}};
}

// Simulates configs[0] (the main run, instrumented as `o` asks) and every baseline config, on
// `workers` threads that take them in order. The first failure, in config order, is rethrown
// after every started run has finished.
std::vector<Simulated> simulate_all(const std::vector<Config>& configs, const RunOptions& o, std::size_t workers) {
  std::vector<std::optional<Simulated>> done(configs.size());
  std::vector<std::exception_ptr> failed(configs.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next++) < configs.size();) {
      try {
        done[i] = i == 0 ? simulate(configs[0], o, "main", Instrument{o.activity_dir, o.waves_file, o.icarus})
                         : simulate(configs[i], o, "baseline_" + configs[i].text("d2d.encoding"));
      } catch (...) {
        failed[i] = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
  }
  std::vector<Simulated> runs;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (failed[i]) std::rethrow_exception(failed[i]);
    runs.push_back(std::move(*done[i]));
  }
  return runs;
}

}  // namespace

SimulatorSpec system_simulator_spec(const Design& design) {
  SimulatorSpec spec;
  spec.top = design.name + "_system";
  // The runner and the header-only harness pieces it includes (bit vectors, port access, the
  // job/result descriptor), written under the model's source directory with their tb/ paths.
  for (const auto& f : embedded_files())
    if ((f.path.rfind("tb/sim/", 0) == 0 && f.path.ends_with(".cpp")) ||
        (f.path.rfind("tb/harness/", 0) == 0 && f.path.ends_with(".hpp")))
      spec.sources.push_back(f);
  return spec;
}

namespace {
// The bits of a trained model's low-bit network (model.json baselines.lowbit.bits), if the
// configuration names a model directory that has one (not `auto`: resolved before the run).
std::optional<int> model_lowbit_bits(const Config& c) {
  const std::string dir = c.text("workload.model_dir");
  if (dir.empty() || dir == "auto") return std::nullopt;
  std::ifstream in(c.file_path("workload.model_dir") / "model.json");
  if (!in) return std::nullopt;  // make_workload reports the missing model
  const auto j = Json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("baselines") || !j["baselines"].contains("lowbit")) return std::nullopt;
  return j["baselines"]["lowbit"].value("bits", 0);
}
}  // namespace

std::vector<Config> run_configs(const ConfigSource& source, std::span<const std::string> overrides,
                                std::span<const std::string> baselines) {
  std::vector<Config> configs{load_config(source, overrides)};
  // A config-level choice (no elaboration: the sweep planner calls this for every point).
  const std::string own = configs.front().text("d2d.encoding");
  for (const auto& name : baselines) {
    if (name == own) continue;
    std::vector<std::string> o(overrides.begin(), overrides.end());
    o.push_back("d2d.encoding=" + name);
    if (name == "lowbit") {
      if (const auto bits = model_lowbit_bits(configs.front())) o.push_back(fmt::format("d2d.lowbit_bits={}", *bits));
    }
    configs.push_back(load_config(source, o));
  }
  return configs;
}

Json run_system(const ConfigSource& source, std::span<const std::string> overrides, const RunOptions& options) {
  const std::vector<std::string> resolved = resolve_auto_model(source, overrides, options.progress);
  const std::vector<Config> configs = run_configs(source, resolved, options.baselines);
  const Config& config = configs.front();
  const RuntimeParams runtime = elaborate_runtime(config);
  if (options.icarus && runtime.ber != 0.0)
    throw ConfigError({Problem{config.mark("d2d.ber"), "d2d.ber",
                               "--icarus replays error-free runs only (the testbench drives no bit flips); use d2d.ber=0"}});
  RunOptions o = options;
  if (o.work_dir.empty()) o.work_dir = fs::temp_directory_path() / fmt::format("snapgen-run-{}", ::getpid());
  // The main run and the baselines are independent simulations (own models, job files and
  // processes): `jobs` workers take them in order, each building with its share of the jobs, so
  // the wall time is about the sum divided by the workers. Results do not depend on it.
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(o.jobs, 1)), configs.size());
  std::mutex progress_mutex;
  if (workers > 1) {
    o.jobs = std::max(1, o.jobs / static_cast<int>(workers));
    o.progress = [&progress_mutex, print = options.progress](const std::string& m) {
      const std::lock_guard lock(progress_mutex);
      print(m);
    };
  }
  std::vector<Simulated> runs = simulate_all(configs, o, workers);
  Simulated& spike = runs.front();
  Json report = spike.json;
  if (const auto& m = spike.workload.model)
    report["model"] = {{"dir", fs::absolute(m->dir).string()}, {"cache_key", m->manifest.value("cache_key", "")}};
  report["energy_table"] = to_json(runtime.energy);
  // Each baseline: its own run (bit-exact against its golden model), its section and its ratios.
  for (std::size_t i = 1; i < configs.size(); ++i) {
    const std::string name = configs[i].text("d2d.encoding");
    report["baselines"][name] = runs[i].json;
    report["ratios"][name] = ratios_against(spike, runs[i]);
  }
  // Dense baselines are lossless, so the first one stands for the ANN-only outputs.
  const Simulated* dense = runs.size() > 1 ? &runs[1] : nullptr;
  if (dense) compare_outputs(report, spike, *dense);
  if (auto acc = accuracy_section(spike.design, spike.workload, spike.outputs, dense ? &dense->outputs : nullptr))
    report["accuracy"] = *acc;
  return report;
}

}  // namespace snapgen
