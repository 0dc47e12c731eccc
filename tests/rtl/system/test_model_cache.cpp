// Specification of the compiled-model cache under concurrency and crashes: a build killed with
// SIGKILL leaves no cache entry (only its staging directory, removed by the next build of that
// key), and two `snapgen run` processes on a cold cache both succeed while the model is built once.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::run_command;

namespace {

const fs::path kWork = fs::path(SNAPGEN_TEST_WORK) / "model_cache";
const std::string kRun = fmt::format("{} run {}/configs/narrow_lanes.yaml --no-baseline -P workload.inputs.count=2",
                                     SNAPGEN_BINARY, SNAPGEN_SOURCE_DIR);

struct Entries {
  std::vector<fs::path> complete, staging, incomplete;
};

// What the cache's models/ directory holds: finished entries, staging directories, and entries
// without their `complete` marker (a corrupt cache).
Entries entries(const fs::path& cache) {
  Entries e;
  if (!fs::exists(cache / "models")) return e;
  for (const auto& d : fs::directory_iterator(cache / "models")) {
    if (!d.is_directory()) continue;
    if (d.path().filename().string().find(".tmp-") != std::string::npos) e.staging.push_back(d.path());
    else if (fs::exists(d.path() / "complete")) e.complete.push_back(d.path());
    else e.incomplete.push_back(d.path());
  }
  return e;
}

nlohmann::json report(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("model cache: a killed build leaves no entry, and two cold runs at once both succeed and build once") {
  fs::remove_all(kWork);
  fs::create_directories(kWork);
  const fs::path cache = kWork / "cache";

  // 1. A build killed with SIGKILL mid-way (its own process group: Verilator and make die too).
  const fs::path pid_file = kWork / "pid";
  run_command(fmt::format("SNAPGEN_CACHE={} setsid sh -c 'echo $$ > {}; exec {} --work {} --json {}' > {} 2>&1 &",
                          cache.string(), pid_file.string(), kRun, (kWork / "w0").string(),
                          (kWork / "r0.json").string(), (kWork / "r0.log").string()));
  // Wait until the build is under way (its staging directory holds a Verilator object dir).
  bool started = false;
  for (int i = 0; i < 600 && !started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const auto& s : entries(cache).staging) started = started || fs::exists(s / "obj");
  }
  REQUIRE(started);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  pid_t pid = 0;
  std::ifstream(pid_file) >> pid;
  REQUIRE(pid > 1);
  REQUIRE(::kill(-pid, SIGKILL) == 0);  // the whole process group
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const Entries killed = entries(cache);
  CHECK(killed.complete.empty());
  CHECK(killed.incomplete.empty());
  CHECK(killed.staging.size() == 1);  // what the killed build left
  CHECK_FALSE(fs::exists(kWork / "r0.json"));

  // 2. Two runs at once on that cache: one builds (the other waits on the lock and reuses it).
  auto launch = [&](int n) {
    return std::async(std::launch::async, [&, n] {
      return run_command(fmt::format("SNAPGEN_CACHE={} {} --work {} --json {}", cache.string(), kRun,
                                     (kWork / fmt::format("w{}", n)).string(),
                                     (kWork / fmt::format("r{}.json", n)).string()));
    });
  };
  auto a = launch(1), b = launch(2);
  const auto ra = a.get(), rb = b.get();
  INFO(ra.output << "\n----\n" << rb.output);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  const auto ja = report(kWork / "r1.json"), jb = report(kWork / "r2.json");
  CHECK(ja["bit_exact"].get<bool>());
  CHECK(jb["bit_exact"].get<bool>());
  CHECK(ja["simulation"]["model_key"] == jb["simulation"]["model_key"]);
  CHECK(ja["simulation"]["model_built_now"].get<bool>() != jb["simulation"]["model_built_now"].get<bool>());
  const Entries after = entries(cache);
  CHECK(after.complete.size() == 1);
  CHECK(after.incomplete.empty());
  CHECK(after.staging.empty());  // the killed build's leftovers were removed by the build
  fs::remove_all(kWork);
}
