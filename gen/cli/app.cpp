#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/output_paths.hpp"
#include "config/loader.hpp"
#include "config/schema_doc.hpp"
#include "emit/package.hpp"
#include "model/design.hpp"
#include "run/model_cache.hpp"
#include "run/report_dir.hpp"
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

// ---- the subcommands: each adds its options to the app and runs when chosen -----------------------

struct GenerateCommand {
  ConfigArgs cfg;
  std::string out_dir;
  bool force = false;
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    cli = app.add_subcommand("generate", "Generate the RTL package for a configuration");
    add_config_args(cli, cfg);
    cli->add_option("-o,--out", out_dir, "Output directory (written atomically)")->required();
    cli->add_flag("--force", force, "Replace an existing directory that is not a snapgen package");
  }
  int execute() const {
    const Design design = elaborate(load(cfg));
    const Package package = build_package(design);
    write_package(package, out_dir, force);
    fmt::print("snapgen: wrote package '{}' ({} files, top {}) to {}\n", design.name, package.files.size(),
               package.system_top, out_dir);
    return kExitOk;
  }
};

struct ValidateCommand {
  ConfigArgs cfg;
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    cli = app.add_subcommand("validate", "Check a configuration and print its elaborated summary");
    add_config_args(cli, cfg);
  }
  int execute() const {
    const Config config = load(cfg);
    const Design d = elaborate(config);
    fmt::print("{}: ok: '{}', {}x{} dies of {}x{} routers, {}x{} tiles, {} D2D lanes ({}), {} layers\n",
               config.source_name(), d.name, d.die_rows, d.die_cols, d.mesh_rows, d.mesh_cols, d.tile.rows,
               d.tile.cols, d.d2d.lanes, spec::name_of(spec::kEncodings, d.d2d.encoding), d.layers.size());
    fmt::print("config sha256 {}\nhardware sha256 {}\n", d.config_hash, d.hardware_hash);
    return kExitOk;
  }
};

struct SchemaCommand {
  std::string format = "text";
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    cli = app.add_subcommand("schema", "Print every configuration key (type, range, default, meaning)");
    cli->add_option("--format", format,
                    "text, json (JSON Schema), hardware or runtime (only the keys that do / do not change the "
                    "compiled model)")
        ->check(CLI::IsMember({"text", "json", "hardware", "runtime"}));
  }
  int execute() const {
    if (format == "json") std::cout << schema_json();
    else if (format == "text") std::cout << schema_text();
    else std::cout << schema_keys(format == "hardware");
    return kExitOk;
  }
};

struct SynthCommand {
  ConfigArgs cfg;
  synth::SynthOptions opt;
  bool all = false, no_osu = false;
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    opt.out_dir = "build/synth";
    cli = app.add_subcommand("synth", "Synthesize the package's tops: Yosys cells/depth, OSU 0.18um area, "
                                      "OpenSTA timing and power (docs/synthesis.md)");
    add_config_args(cli, cfg);
    cli->add_option("-o,--out", opt.out_dir, "Output directory (package, flow outputs, synth.json/.md)")
        ->capture_default_str();
    auto* module = cli->add_option("--module", opt.modules, "Top to synthesize (repeatable)");
    cli->add_flag("--all", all, "Every top of the package (the default)")->excludes(module);
    cli->add_option("--activity", opt.default_activity, "Default toggles per cycle for power")->capture_default_str();
    cli->add_option("--activity-file", opt.activity_file,
                    "Lines '<port-or-pin pattern> <toggles/cycle> [duty]' for set_power_activity");
    cli->add_flag("--generic-only", no_osu, "Yosys generic synthesis only (no liberty, timing, power)");
    cli->add_flag("--flatten", opt.flatten_all,
                  "Flatten the assemblies too (mesh, NoC systems, chiplets, system; default: hierarchical, each "
                  "distinct block once)");
    cli->add_option("--flows", opt.flows_dir, "Directory of the flow scripts (default: found from the binary)");
    opt.jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
    cli->add_option("-j,--jobs", opt.jobs, "Tops synthesized at once (default: the number of cores)")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
  }
  int execute() {
    opt.osu = !no_osu;
    check_output_dir(opt.out_dir, "-o");
    const Design design = elaborate(load(cfg));
    return synth::synth_command(design, build_package(design), opt);
  }
};

struct RunCommand {
  ConfigArgs cfg;
  std::string json, work, activity, waves, report_dir;
  RunOptions opt;
  bool no_baseline = false;
  std::vector<std::string> baselines = default_baselines();
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    cli = app.add_subcommand("run", "Generate, build (cached) and simulate the system on the workload; check "
                                    "it bit-exactly and report energy and latency, spike vs dense");
    add_config_args(cli, cfg);
    cli->add_option("--json", json, "Also write the report as JSON to this file");
    cli->add_option("--report", report_dir,
                    "Write report.json, report.md and plots (PNG via gnuplot) to this directory (atomically)")
        ->type_name("DIR");
    cli->add_option("--work", work, "Directory for job/result files (default: a temp dir)");
    cli->add_option("--backpressure", opt.out_ready_prob, "Probability the system output is ready each cycle (1 = always)")
        ->check(CLI::Range(0.05, 1.0));
    cli->add_option("--input-valid", opt.in_valid_prob,
                    "Probability the next input vector is offered each cycle (1 = saturated input; random gaps)")
        ->check(CLI::Range(0.05, 1.0));
    cli->add_option("-j,--jobs", opt.jobs,
                    "Processes at once: with 2 or more, the baselines build and simulate beside the main run")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cli->add_flag("--no-baseline", no_baseline, "Skip the baseline runs");
    cli->add_option("--baselines", baselines,
                    "Baselines run beside the configuration (d2d.encoding of each; comma-separated)")
        ->delimiter(',')
        ->check(CLI::IsMember(default_baselines()))
        ->default_str("dense,dense_zc,lowbit")
        ->excludes(cli->get_option("--no-baseline"));
    cli->add_option("--activity", activity,
                    "Toggle coverage of the spike run (own cached model, slower): per-module table in the report, "
                    "DIR/<top>.activity files for `snapgen synth --activity-file`");
    cli->add_option("--waves", waves, "Dump an FST of the spike run to this file (own cached model)");
    cli->add_flag("--pgo", opt.pgo,
                  fmt::format("Profile-guided Verilator models: the first build also profiles the model on {} vectors "
                              "and builds it again (own cached model; slower to build, faster to simulate)",
                              kProfileVectors));
    cli->add_flag("--icarus", opt.icarus,
                  "Also simulate the spike run with Icarus (iverilog -g2012) and compare every output word")
        ->excludes(cli->get_option("--backpressure"))
        ->excludes(cli->get_option("--input-valid"));
  }
  int execute() {
    // Every output path is checked before the simulation, not found unwritable after it.
    if (!json.empty()) check_output_file(json, "--json");
    if (!work.empty()) check_output_dir(work, "--work");
    if (!report_dir.empty()) {
      check_output_dir(report_dir, "--report");
      std::error_code ec;
      if (std::filesystem::is_directory(report_dir) && !std::filesystem::is_empty(report_dir, ec) &&
          !std::filesystem::exists(std::filesystem::path(report_dir) / "report.json"))
        throw OutputError(fmt::format("--report {}: exists, is not empty and is not a snapgen run report", report_dir));
    }
    if (!activity.empty()) check_output_dir(activity, "--activity");
    if (!waves.empty()) check_output_file(waves, "--waves");
    if (no_baseline) baselines.clear();
    opt.baselines = baselines;
    opt.work_dir = work;
    opt.activity_dir = activity;
    opt.waves_file = waves;
    opt.progress = [](const std::string& m) { fmt::print(stderr, "snapgen: {}\n", m); };
    const ConfigSource src = cfg.path.empty() ? default_config_source() : read_config_file(cfg.path);
    const auto report = run_system(src, cfg.overrides, opt);
    fmt::print("{}", format_report(report));
    if (!json.empty()) {
      std::ofstream out(json);
      out << report.dump(2) << "\n";
      if (!out) throw OutputError("cannot write " + json);
    }
    if (!report_dir.empty()) write_report_dir(report, report_dir, opt.progress);
    const bool icarus_ok = !report.contains("icarus") || report["icarus"]["agree"].get<bool>();
    bool exact = report["bit_exact"].get<bool>();
    if (report.contains("baselines"))
      for (const auto& b : report["baselines"]) exact = exact && b["bit_exact"].get<bool>();
    return exact && icarus_ok ? kExitOk : kExitFailure;
  }
};

struct TrainCommand {
  ConfigArgs cfg;
  train::TrainOptions opt;
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    cli = app.add_subcommand("train", "Train the workload chain on data (LibTorch, quantization-aware): spike "
                                      "crossings with learned thresholds, dense and low-bit baselines; export "
                                      "the integer networks to MODEL_DIR (docs/train.md)");
    add_config_args(cli, cfg);
    cli->add_option("-o,--out", opt.out_dir, "Model directory (written atomically)")->required();
    cli->add_flag("--force", opt.force, "Retrain even if MODEL_DIR holds this model; replace any directory");
  }
  int execute() {
    const Config config = load(cfg);
    const Design design = elaborate(config);
    opt.progress = [](const std::string& m) { fmt::print(stderr, "snapgen train: {}\n", m); };
    const auto r = train::train_command(config, design, opt);
    const auto& res = r.model["results"];
    fmt::print("snapgen train: {} {} (cache key {})\n", r.cached ? "up to date:" : "wrote", opt.out_dir,
               r.model["cache_key"].get<std::string>().substr(0, 16));
    for (const char* k : {"spike", "dense", "lowbit"})
      fmt::print("  {:6} float acc {:.4f}  integer acc {:.4f}  D2D payload {:.0f} bits/image\n", k,
                 res[k]["float_accuracy"].get<double>(), res[k]["integer_accuracy"].get<double>(),
                 res[k]["d2d_payload_bits_per_image"].get<double>());
    if (!r.cached) fmt::print("  trained in {:.1f} s\n", r.seconds);
    return kExitOk;
  }
};

struct SweepCommand {
  sweep::SweepArgs args;
  CLI::Option* jobs = nullptr;
  CLI::App* cli = nullptr;

  void add(CLI::App& app) {
    cli = app.add_subcommand("sweep", "Run a design-space sweep (axes of config keys, seeds) locally or as a "
                                      "Slurm job array; aggregate results.csv/json and plots (docs/sweep.md)");
    cli->add_option("sweep", args.file, "Sweep file (YAML: base, axes, zip, seeds, run)");
    cli->add_option("-o,--out", args.out, "Output directory (default: sweep-<file stem>); rerunning resumes");
    jobs = cli->add_option("-j,--jobs", args.jobs,
                           "Points at once (local; default 1) / at most this many array tasks at once (slurm)")
               ->check(CLI::Range(1, 1024));
    cli->add_option("--executor", args.executor, "local or slurm")
        ->check(CLI::IsMember({"local", "slurm"}))
        ->capture_default_str();
    cli->add_flag("--wait", args.wait, "slurm: wait for the job array, then aggregate");
    cli->add_flag("--dry-run", args.dry_run, "Validate and list the points and distinct models; run nothing");
    cli->add_option("--collect", args.collect, "Aggregate the results of a sweep output directory")->type_name("DIR");
    cli->add_option("--run-point", args.run_point, "Run one point of the sweep in -o DIR (what Slurm tasks run)")
        ->type_name("I");
  }
  int execute() {
    args.jobs_given = jobs->count() > 0;
    const bool helper = args.run_point >= 0 || !args.collect.empty();
    if (helper == !args.file.empty() || (args.run_point >= 0 && args.out.empty())) {
      fmt::print(stderr, "snapgen sweep: give a sweep file, or --collect DIR, or --run-point I -o DIR\n");
      return kExitBadInput;
    }
    if (!args.file.empty() && !args.dry_run)
      check_output_dir(args.out.empty() ? "sweep-" + std::filesystem::path(args.file).stem().string() : args.out, "-o");
    return sweep::sweep_command(args);
  }
};

// Runs `body`, turning each kind of failure into its message and exit code (the CLI boundary).
template <class F>
int reporting_errors(F body) {
  try {
    return body();
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
  } catch (const BuildError& e) {
    // A valid configuration whose model or simulation failed: a tool failure, not bad input.
    fmt::print(stderr, "snapgen: error: {}\n", e.what());
    return kExitFailure;
  } catch (const std::exception& e) {
    fmt::print(stderr, "snapgen: internal error: {}\n", e.what());
    return kExitFailure;
  }
}

}  // namespace

int run(const std::vector<std::string>& args) {
  CLI::App app{"snapgen: chiplet accelerator generator (dense compute on die, spikes across dies)", "snapgen"};
  app.set_version_flag("--version", std::string("snapgen ") + kVersion);
  app.require_subcommand(1);
  GenerateCommand generate;
  ValidateCommand validate;
  SchemaCommand schema;
  SynthCommand synth;
  RunCommand run;
  TrainCommand train;
  SweepCommand sweep;
  // Help lists the subcommands in this order.
  generate.add(app);
  validate.add(app);
  schema.add(app);
  synth.add(app);
  run.add(app);
  train.add(app);
  sweep.add(app);

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
  return reporting_errors([&]() -> int {
    if (*generate.cli) return generate.execute();
    if (*validate.cli) return validate.execute();
    if (*schema.cli) return schema.execute();
    if (*run.cli) return run.execute();
    if (*train.cli) return train.execute();
    if (*sweep.cli) return sweep.execute();
    if (*synth.cli) return synth.execute();
    return kExitOk;
  });
}

}  // namespace snapgen::cli
