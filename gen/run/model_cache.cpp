#include "run/model_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

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
  for (const auto& f : package.files)
    if (f.path == "files.f" || f.path.ends_with(".sv"))
      identity += fmt::format("rtl {} {}\n", f.path, sha256_hex(f.content));
  for (const auto& a : spec.verilator_args) identity += "arg " + a + "\n";
  for (const auto& f : spec.sources) identity += fmt::format("src {} {}\n", f.path, sha256_hex(f.content));
  return sha256_hex(identity).substr(0, 24);
}

CachedSimulator ensure_simulator(const Package& package, const Design& design, const SimulatorSpec& spec,
                                 const std::function<void(const std::string&)>& progress, int jobs) {
  CachedSimulator sim;
  sim.key = simulator_key(package, design, spec);
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
  Command verilator;
  verilator.argv = {"verilator", "--cc", "--exe", "--build", "-j", std::to_string(jobs), "-Wno-fatal"};
  verilator.argv.insert(verilator.argv.end(), kVerilatorFlags.begin(), kVerilatorFlags.end());
  verilator.argv.insert(verilator.argv.end(), {"-CFLAGS", "-std=c++20 -O2 -I" + (staging / "sim").string(),
                    "-F", "pkg/files.f", "--top-module", spec.top, "--prefix", "Vsystem", "-Mdir", "obj",
                    "-o", "snapsim"});
  verilator.argv.insert(verilator.argv.end(), spec.verilator_args.begin(), spec.verilator_args.end());
  verilator.argv.insert(verilator.argv.end(), cpp_files.begin(), cpp_files.end());
  verilator.cwd = staging;
  verilator.stdout_file = verilator.stderr_file = staging / "build.log";
  if (run_command(verilator) != 0) {
    std::ifstream log(staging / "build.log");
    std::string tail, line;
    std::vector<std::string> lines;
    while (std::getline(log, line)) lines.push_back(line);
    for (std::size_t i = lines.size() > 30 ? lines.size() - 30 : 0; i < lines.size(); ++i) tail += lines[i] + "\n";
    const fs::path kept_log = root / (sim.key + ".build-failed.log");
    fs::copy_file(staging / "build.log", kept_log, fs::copy_options::overwrite_existing);
    fs::remove_all(staging);
    throw BuildError(fmt::format("the Verilator build of {} failed (a bug in snapgen's RTL or in Verilator: please "
                                 "report it with the configuration); full log: {}\n{}",
                                 spec.top, kept_log.string(), tail));
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
