#include "run/model_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "run/host_isa.hpp"
#include "util/file_lock.hpp"
#include "util/sha256.hpp"
#include "verilator_flags.hpp"
#include "version.hpp"
#include "util/subprocess.hpp"

namespace snapgen {

namespace fs = std::filesystem;

fs::path cache_root() {
  if (const char* env = std::getenv("SNAPGEN_CACHE"); env && *env) return fs::path(env);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "snapgen";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "snapgen";
  return fs::temp_directory_path() / "snapgen-cache";
}

std::string simulator_key(const Package& package, const Design& design, const SimulatorSpec& spec) {
  // The RTL itself (every .sv file and the file list), not just the configuration: a snapgen
  // whose emitters or IP changed must not reuse a model built from older RTL. The files' banners
  // carry the hardware hash only (sv::file_banner), so runtime keys leave the RTL byte-equal.
  std::string identity = fmt::format("snapgen {}\nhardware {}\ntop {}\n", kVersion, design.hardware_hash, spec.top);
  for (const auto& a : kVerilatorFlags) identity += "flag " + a + "\n";
  identity += "march " + host_march() + "\n";
  for (const auto& f : package.files)
    if (f.path == "files.f" || f.path.ends_with(".sv"))
      identity += fmt::format("rtl {} {}\n", f.path, sha256_hex(f.content));
  for (const auto& a : spec.verilator_args) identity += "arg " + a + "\n";
  for (const auto& f : spec.sources) identity += fmt::format("src {} {}\n", f.path, sha256_hex(f.content));
  // Profile-guided or not; not the profile job itself: any job's profile gives the same results.
  if (!spec.profile_job.empty()) identity += "profile-guided\n";
  return sha256_hex(identity).substr(0, 24);
}

namespace {

// Profile-guided build (`snapgen run --pgo`): the model is built instrumented, simulates the
// profile job once (g++ writes one .gcda file per object beside it), and is built again with
// -fprofile-use from the same Verilator output, so branch layout and inlining follow what the
// simulation actually executes. Only speed changes: the simulation's results are the same.
void profile_guided_build(const fs::path& staging, const std::string& profile_job,
                          const std::function<void(const std::vector<std::string>&)>& build,
                          const std::function<void(const std::string&)>& fail) {
  build({"-CFLAGS", "-fprofile-generate", "-LDFLAGS", "-fprofile-generate"});
  const fs::path dir = staging / "profile";
  fs::create_directories(dir);
  std::ofstream(dir / "job.json") << profile_job;
  Command run;
  run.argv = {(staging / "obj" / "snapsim").string(), (dir / "job.json").string(), (dir / "result.json").string()};
  run.stdout_file = run.stderr_file = staging / "build.log";
  run.append = true;
  if (run_command(run) != 0) fail("the profiling run of the model (--pgo) failed");
  std::size_t profiles = 0;
  std::vector<fs::path> objects;
  for (const auto& e : fs::directory_iterator(staging / "obj")) {
    const auto ext = e.path().extension();
    profiles += ext == ".gcda";
    if (ext == ".o" || ext == ".a" || e.path().filename() == "snapsim") objects.push_back(e.path());
  }
  if (profiles == 0) fail("the profiling run of the model (--pgo) wrote no .gcda profile");
  for (const auto& o : objects) fs::remove(o);
  build({"-CFLAGS", "-fprofile-use"});
  fs::remove_all(dir);
}

}  // namespace

CachedSimulator ensure_simulator(const Package& package, const Design& design, const SimulatorSpec& spec,
                                 const std::function<void(const std::string&)>& progress, int jobs) {
  CachedSimulator sim;
  sim.key = simulator_key(package, design, spec);
  sim.march = host_march();
  const fs::path root = cache_root() / "models";
  fs::create_directories(root);
  const fs::path dir = root / sim.key;
  sim.executable = dir / "obj" / "snapsim";
  sim.package_dir = dir / "pkg";
  FileLock lock(root / (sim.key + ".lock"));
  // Under the lock nobody else builds this key: a staging directory of it is what a killed build
  // left behind (an entry is only ever a renamed, complete staging directory), so it goes.
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && e.path().filename().string().rfind(sim.key + ".tmp-", 0) == 0) fs::remove_all(e.path());
  if (fs::exists(dir / "complete")) return sim;

  const auto start = std::chrono::steady_clock::now();
  progress(fmt::format("building the Verilator model for {} (hardware {}; cached afterwards in {})", spec.top,
                       design.hardware_hash.substr(0, 12), dir.string()));
  const fs::path staging = root / fmt::format("{}.tmp-{}", sim.key, ::getpid());
  fs::remove_all(staging);
  fs::create_directories(staging / "sim");
  write_package(package, (staging / "pkg").string(), true);
  std::vector<std::string> cpp_files;
  for (const auto& f : spec.sources) {
    // Under sim/ with their path below tb/, so the runner's "harness/..." includes resolve.
    const fs::path p = staging / "sim" / fs::path(f.path).lexically_relative("tb");
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << f.content;
    if (p.extension() == ".cpp") cpp_files.push_back(p.string());
  }
  const auto fail = [&](const std::string& what) {
    const fs::path kept_log = root / (sim.key + ".build-failed.log");
    fs::copy_file(staging / "build.log", kept_log, fs::copy_options::overwrite_existing);
    const std::string tail = tail_lines(staging / "build.log", 30);
    fs::remove_all(staging);
    throw BuildError(fmt::format("{} (a bug in snapgen's RTL or in Verilator: please report it with the "
                                 "configuration); full log: {}\n{}",
                                 what, kept_log.string(), tail));
  };
  const auto build = [&](const std::vector<std::string>& extra) {
    Command verilator;
    verilator.argv = {"verilator", "--cc", "--exe", "--build", "-j", std::to_string(jobs), "-Wno-fatal"};
    verilator.argv.insert(verilator.argv.end(), kVerilatorFlags.begin(), kVerilatorFlags.end());
    if (!sim.march.empty()) verilator.argv.insert(verilator.argv.end(), {"-CFLAGS", "-march=" + sim.march});
    verilator.argv.insert(verilator.argv.end(), {"-CFLAGS", "-std=c++20 -O2 -I" + (staging / "sim").string(),
                      "-F", "pkg/files.f", "--top-module", spec.top, "--prefix", "Vsystem", "-Mdir", "obj",
                      "-o", "snapsim"});
    verilator.argv.insert(verilator.argv.end(), spec.verilator_args.begin(), spec.verilator_args.end());
    verilator.argv.insert(verilator.argv.end(), extra.begin(), extra.end());
    verilator.argv.insert(verilator.argv.end(), cpp_files.begin(), cpp_files.end());
    verilator.cwd = staging;
    verilator.stdout_file = verilator.stderr_file = staging / "build.log";
    verilator.append = true;
    if (run_command(verilator) != 0) fail(fmt::format("the Verilator build of {} failed", spec.top));
  };
  if (spec.profile_job.empty()) {
    build({});
  } else {
    profile_guided_build(staging, spec.profile_job, build, fail);
  }
  std::ofstream(staging / "complete") << sim.key << "\n";
  fs::remove_all(dir);
  fs::rename(staging, dir);
  sim.built_now = true;
  sim.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress(fmt::format("model built in {:.0f} s", sim.build_seconds));
  return sim;
}

}  // namespace snapgen
