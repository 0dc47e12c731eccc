#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/output_paths.hpp"
#include "config/loader.hpp"
#include "config/schema_doc.hpp"
#include "emit/package.hpp"
#include "model/design.hpp"
#include "run/system_run.hpp"
#include "sweep/sweep_command.hpp"
#include "synth/synth.hpp"
#include "train/dataset.hpp"
#include "train/train.hpp"
#include "version.hpp"

namespace snapgen::cli {

namespace {

struct ConfigArgs {
  std::string path;  // empty = embedded default
  std::vector<std::string> overrides;
};

void add_config_args(CLI::App* cmd, ConfigArgs& a, bool optional = true) {
  auto* opt = cmd->add_option("config", a.path, optional ? "YAML config (default: the embedded default config)"
                                                          : "YAML config");
  if (!optional) opt->required();
  cmd->add_option("-P,--param", a.overrides, "Override a key: -P key.path=value (repeatable)")->type_name("K=V");
}

Config load(const ConfigArgs& a) {
  const ConfigSource src = a.path.empty() ? default_config_source() : read_config_file(a.path);
  return load_config(src, a.overrides);
}

}  // namespace

int run(const std::vector<std::string>& args) {
  CLI::App app{"snapgen: chiplet accelerator generator (dense compute on die, spikes across dies)", "snapgen"};
  app.set_version_flag("--version", std::string("snapgen ") + kVersion);
  app.require_subcommand(1);

  ConfigArgs gen_args;
  std::string out_dir;
  bool force = false;
  auto* gen = app.add_subcommand("generate", "Generate the RTL package for a configuration");
  add_config_args(gen, gen_args);
  gen->add_option("-o,--out", out_dir, "Output directory (written atomically)")->required();
  gen->add_flag("--force", force, "Replace an existing directory that is not a snapgen package");

  ConfigArgs val_args;
  auto* val = app.add_subcommand("validate", "Check a configuration and print its elaborated summary");
  add_config_args(val, val_args);

  std::string schema_format = "text";
  auto* sch = app.add_subcommand("schema", "Print every configuration key (type, range, default, meaning)");
  sch->add_option("--format", schema_format,
                  "text, json (JSON Schema), hardware or runtime (only the keys that do / do not change the "
                  "compiled model)")
      ->check(CLI::IsMember({"text", "json", "hardware", "runtime"}));

  ConfigArgs synth_args;
  synth::SynthOptions synth_opt;
  synth_opt.out_dir = "build/synth";
  bool synth_all = false, synth_no_osu = false;
  auto* syn = app.add_subcommand("synth", "Synthesize the package's tops: Yosys cells/depth, OSU 0.18um area, "
                                          "OpenSTA timing and power (docs/synthesis.md)");
  add_config_args(syn, synth_args);
  syn->add_option("-o,--out", synth_opt.out_dir, "Output directory (package, flow outputs, synth.json/.md)")
      ->capture_default_str();
  auto* syn_mod = syn->add_option("--module", synth_opt.modules, "Top to synthesize (repeatable)");
  syn->add_flag("--all", synth_all, "Every top of the package (the default)")->excludes(syn_mod);
  syn->add_option("--activity", synth_opt.default_activity, "Default toggles per cycle for power")
      ->capture_default_str();
  syn->add_option("--activity-file", synth_opt.activity_file,
                  "Lines '<port-or-pin pattern> <toggles/cycle> [duty]' for set_power_activity");
  syn->add_flag("--generic-only", synth_no_osu, "Yosys generic synthesis only (no liberty, timing, power)");
  syn->add_option("--flows", synth_opt.flows_dir, "Directory of the flow scripts (default: found from the binary)");

  ConfigArgs run_args;
  std::string run_json, run_work;
  RunOptions run_opt;
  bool run_no_baseline = false;
  auto* run_cmd = app.add_subcommand("run", "Generate, build (cached) and simulate the system on the workload; check "
                                            "it bit-exactly and report energy and latency, spike vs dense");
  add_config_args(run_cmd, run_args);
  run_cmd->add_option("--json", run_json, "Also write the report as JSON to this file");
  run_cmd->add_option("--work", run_work, "Directory for job/result files (default: a temp dir)");
  run_cmd->add_option("--backpressure", run_opt.out_ready_prob,
                      "Probability the system output is ready each cycle (1 = always)")
      ->check(CLI::Range(0.05, 1.0));
  run_cmd->add_flag("--no-baseline", run_no_baseline, "Skip the dense baseline run");
  std::string run_activity, run_waves;
  run_cmd->add_option("--activity", run_activity,
                      "Toggle coverage of the spike run (own cached model, slower): per-module table in the report, "
                      "DIR/<top>.activity files for `snapgen synth --activity-file`");
  run_cmd->add_option("--waves", run_waves, "Dump an FST of the spike run to this file (own cached model)");
  run_cmd->add_flag("--icarus", run_opt.icarus,
                    "Also simulate the spike run with Icarus (iverilog -g2012) and compare every output word")
      ->excludes(run_cmd->get_option("--backpressure"));

  ConfigArgs train_args;
  train::TrainOptions train_opt;
  auto* trn = app.add_subcommand("train", "Train the workload chain on data (LibTorch, quantization-aware): spike "
                                          "crossings with learned thresholds, dense and low-bit baselines; export "
                                          "the integer networks to MODEL_DIR (docs/train.md)");
  add_config_args(trn, train_args);
  trn->add_option("-o,--out", train_opt.out_dir, "Model directory (written atomically)")->required();
  trn->add_flag("--force", train_opt.force, "Retrain even if MODEL_DIR holds this model; replace any directory");

  sweep::SweepArgs sweep_args;
  auto* swp = app.add_subcommand("sweep", "Run a design-space sweep (axes of config keys, seeds) locally or as a "
                                          "Slurm job array; aggregate results.csv/json and plots (docs/sweep.md)");
  swp->add_option("sweep", sweep_args.file, "Sweep file (YAML: base, axes, zip, seeds, run)");
  swp->add_option("-o,--out", sweep_args.out, "Output directory (default: sweep-<file stem>); rerunning resumes");
  auto* swp_jobs = swp->add_option("-j,--jobs", sweep_args.jobs,
                                   "Points at once (local; default 1) / at most this many array tasks at once (slurm)")
                       ->check(CLI::Range(1, 1024));
  swp->add_option("--executor", sweep_args.executor, "local or slurm")
      ->check(CLI::IsMember({"local", "slurm"}))
      ->capture_default_str();
  swp->add_flag("--wait", sweep_args.wait, "slurm: wait for the job array, then aggregate");
  swp->add_flag("--dry-run", sweep_args.dry_run, "Validate and list the points and distinct models; run nothing");
  swp->add_option("--collect", sweep_args.collect, "Aggregate the results of a sweep output directory")
      ->type_name("DIR");
  swp->add_option("--run-point", sweep_args.run_point, "Run one point of the sweep in -o DIR (what Slurm tasks run)")
      ->type_name("I");

  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other bad input (CLI11's own report adds a second, "Run with --help").
    fmt::print(stderr, "snapgen: error: {} (see snapgen --help)\n", e.what());
    return kExitBadInput;
  }

  try {
    if (*gen) {
      const Design design = elaborate(load(gen_args));
      const Package package = build_package(design);
      write_package(package, out_dir, force);
      fmt::print("snapgen: wrote package '{}' ({} files, top {}) to {}\n", design.name, package.files.size(),
                 package.tops.front(), out_dir);
    } else if (*val) {
      const Config config = load(val_args);
      const Design d = elaborate(config);
      fmt::print("{}: ok: '{}', {}x{} dies of {}x{} routers, {}x{} tiles, {} D2D lanes ({}), {} layers\n",
                 config.source_name(), d.name, d.die_rows, d.die_cols, d.mesh_rows, d.mesh_cols, d.tile.rows,
                 d.tile.cols, d.d2d.lanes, d.d2d.encoding, d.layers.size());
      fmt::print("config sha256 {}\nhardware sha256 {}\n", d.config_hash, d.hardware_hash);
    } else if (*sch) {
      if (schema_format == "json") std::cout << schema_json();
      else if (schema_format == "text") std::cout << schema_text();
      else std::cout << schema_keys(schema_format == "hardware");
    } else if (*run_cmd) {
      // Every output path is checked before the simulation, not found unwritable after it.
      if (!run_json.empty()) check_output_file(run_json, "--json");
      if (!run_work.empty()) check_output_dir(run_work, "--work");
      if (!run_activity.empty()) check_output_dir(run_activity, "--activity");
      if (!run_waves.empty()) check_output_file(run_waves, "--waves");
      run_opt.baseline = !run_no_baseline;
      run_opt.work_dir = run_work;
      run_opt.activity_dir = run_activity;
      run_opt.waves_file = run_waves;
      run_opt.progress = [](const std::string& m) { fmt::print(stderr, "snapgen: {}\n", m); };
      const ConfigSource src = run_args.path.empty() ? default_config_source() : read_config_file(run_args.path);
      const auto report = run_system(src, run_args.overrides, run_opt);
      fmt::print("{}", format_report(report));
      if (!run_json.empty()) {
        std::ofstream out(run_json);
        out << report.dump(2) << "\n";
        if (!out) throw OutputError("cannot write " + run_json);
      }
      const bool icarus_ok = !report.contains("icarus") || report["icarus"]["agree"].get<bool>();
      return report["bit_exact"].get<bool>() && icarus_ok ? kExitOk : kExitFailure;
    } else if (*trn) {
      const Config config = load(train_args);
      const Design design = elaborate(config);
      train_opt.progress = [](const std::string& m) { fmt::print(stderr, "snapgen train: {}\n", m); };
      const auto r = train::train_command(config, design, train_opt);
      const auto& res = r.model["results"];
      fmt::print("snapgen train: {} {} (cache key {})\n", r.cached ? "up to date:" : "wrote", train_opt.out_dir,
                 r.model["cache_key"].get<std::string>().substr(0, 16));
      for (const char* k : {"spike", "dense", "lowbit"})
        fmt::print("  {:6} float acc {:.4f}  integer acc {:.4f}  D2D payload {:.0f} bits/image\n", k,
                   res[k]["float_accuracy"].get<double>(), res[k]["integer_accuracy"].get<double>(),
                   res[k]["d2d_payload_bits_per_image"].get<double>());
      if (!r.cached) fmt::print("  trained in {:.1f} s\n", r.seconds);
    } else if (*swp) {
      sweep_args.jobs_given = swp_jobs->count() > 0;
      const bool helper = sweep_args.run_point >= 0 || !sweep_args.collect.empty();
      if (helper == !sweep_args.file.empty() || (sweep_args.run_point >= 0 && sweep_args.out.empty())) {
        fmt::print(stderr, "snapgen sweep: give a sweep file, or --collect DIR, or --run-point I -o DIR\n");
        return kExitBadInput;
      }
      if (!sweep_args.file.empty() && !sweep_args.dry_run)
        check_output_dir(sweep_args.out.empty() ? "sweep-" + std::filesystem::path(sweep_args.file).stem().string()
                                                : sweep_args.out,
                         "-o");
      return sweep::sweep_command(sweep_args);
    } else if (*syn) {
      synth_opt.osu = !synth_no_osu;
      check_output_dir(synth_opt.out_dir, "-o");
      const Design design = elaborate(load(synth_args));
      return synth::synth_command(design, build_package(design), synth_opt);
    }
    return kExitOk;
  } catch (const ConfigError& e) {
    std::cerr << e.what() << "\n";
    fmt::print(stderr, "snapgen: {} problem{} in the configuration; nothing was written\n", e.problems().size(),
               e.problems().size() == 1 ? "" : "s");
    return kExitBadInput;
  } catch (const train::DataError& e) {
    fmt::print(stderr, "snapgen: error: {}; nothing was written\n", e.what());
    return kExitBadInput;
  } catch (const OutputError& e) {
    fmt::print(stderr, "snapgen: error: {}; nothing was written\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "snapgen: internal error: {}\n", e.what());
    return kExitFailure;
  }
}

}  // namespace snapgen::cli
