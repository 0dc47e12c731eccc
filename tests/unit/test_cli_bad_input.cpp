// Specification: bad input to any command or flag exits 2 with one clear line (plus the problem
// count after a configuration problem) and creates nothing: no output directory, no report, no
// model cache. The commands run against a private cache directory that must stay absent, so a
// check that stopped working would show up as a cache (and a slow test), not pass silently.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::quoted;
using snapgen::test::run_command;

namespace {

struct Scratch {
  fs::path dir = fs::temp_directory_path() / fmt::format("snapgen_cli_bad_{}", ::getpid());
  Scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir / "adir");
    std::ofstream(dir / "afile") << "not a directory\n";
    std::ofstream(dir / "bad_sweep.yaml") << "axes:\n  clp.threshold: [48\n";
    std::ofstream(dir / "sweep.yaml") << "axes:\n  clp.threshold: [48]\n  workload.inputs.count: 2\n";
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string operator/(const std::string& name) const { return (dir / name).string(); }
  // Everything in the scratch directory: must be exactly what the constructor made.
  std::vector<std::string> listing() const {
    std::vector<std::string> v;
    for (const auto& e : fs::recursive_directory_iterator(dir)) v.push_back(fs::relative(e.path(), dir).string());
    std::sort(v.begin(), v.end());
    return v;
  }
};

std::vector<std::string> lines_of(const std::string& output) {
  std::vector<std::string> v;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) v.push_back(line);
  return v;
}

// Runs `snapgen <args>` in the scratch dir with a cache inside it; checks exit 2, the output is
// `expected` (a line of it, in full or its start) plus the problem count for config problems,
// and that nothing was created.
void check_bad(const Scratch& s, const std::string& args, const std::string& expected, bool config_problem = false) {
  const auto before = s.listing();
  const auto r = run_command(fmt::format("cd {} && SNAPGEN_CACHE={} {} {}", quoted(s.dir.string()), quoted(s / "cache"),
                                         SNAPGEN_BINARY, args));
  INFO("snapgen " << args << "\n" << r.output);
  CHECK(r.exit_code == 2);
  const auto lines = lines_of(r.output);
  REQUIRE(lines.size() == (config_problem ? 2u : 1u));
  CHECK(lines[0].rfind(expected, 0) == 0);
  if (config_problem) CHECK(lines[1] == "snapgen: 1 problem in the configuration; nothing was written");
  CHECK(s.listing() == before);  // no output, no partial file, no model cache
}

}  // namespace

TEST_CASE("cli: a missing or unreadable config or sweep file: exit 2, one line, nothing created") {
  const Scratch s;
  const std::string missing = s / "missing.yaml", dir = s / "adir";
  for (const auto& [cmd, out] : std::vector<std::pair<std::string, std::string>>{
           {"run", "--json r.json --work work"}, {"generate", "-o out"}, {"validate", ""},
           {"synth", "-o synth --generic-only"}, {"sweep", "-o sw"}}) {
    check_bad(s, fmt::format("{} {} {}", cmd, missing, out), missing + ": error: cannot read config: no such file", true);
    check_bad(s, fmt::format("{} {} {}", cmd, dir, out), dir + ": error: cannot read config: it is a directory", true);
    if (::geteuid() != 0) {  // root reads a mode-000 file anyway
      const std::string locked = s / "locked.yaml";
      std::ofstream(locked) << "name: x\n";
      fs::permissions(locked, fs::perms::none);
      check_bad(s, fmt::format("{} {} {}", cmd, locked, out), locked + ": error: cannot read config", true);
      fs::remove(locked);
    }
  }
}

TEST_CASE("cli: a sweep file that is not YAML: exit 2, located, nothing created") {
  const Scratch s;
  check_bad(s, "sweep bad_sweep.yaml -o sw", "bad_sweep.yaml:3:1: error: invalid YAML: end of sequence flow not found",
            true);
}

TEST_CASE("cli: flag values out of range: exit 2, one line naming the flag, nothing created") {
  const Scratch s;
  check_bad(s, "run --backpressure 2 --json r.json --work work", "snapgen: error: --backpressure: Value 2 not in range");
  check_bad(s, "run --backpressure -1 --json r.json --work work", "snapgen: error: --backpressure: Value -1 not in range");
  check_bad(s, "sweep sweep.yaml -j 0 -o sw", "snapgen: error: --jobs: Value 0 not in range 1 to 1024");
  check_bad(s, "sweep sweep.yaml -j -3 -o sw", "snapgen: error: --jobs: Value -3 not in range 1 to 1024");
}

TEST_CASE("cli: an output path that is a file, or in a file, or in a directory that cannot be written: exit 2") {
  const Scratch s;
  const std::string file = s / "afile";
  check_bad(s, "generate -o afile", fmt::format("snapgen: error: {} exists and is not a directory", file));
  check_bad(s, "generate -o afile/out", fmt::format("snapgen: error: cannot create {}: Not a directory", file));
  check_bad(s, "sweep sweep.yaml -o afile", "snapgen: error: -o afile: exists and is not a directory");
  check_bad(s, "sweep sweep.yaml -o afile/sw", fmt::format("snapgen: error: -o afile/sw: {} is not a directory", file));
  check_bad(s, "synth -o afile --generic-only", "snapgen: error: -o afile: exists and is not a directory");
  check_bad(s, "run --json afile/r.json", fmt::format("snapgen: error: --json afile/r.json: {} is not a directory", file));
  check_bad(s, "run --json adir", "snapgen: error: --json adir: it is a directory, expected a file");
  check_bad(s, "run --json nodir/r.json", "snapgen: error: --json nodir/r.json: no directory");
  check_bad(s, "run --work afile", "snapgen: error: --work afile: exists and is not a directory");
  check_bad(s, "run --activity afile", "snapgen: error: --activity afile: exists and is not a directory");
  check_bad(s, "run --waves afile/w.fst", fmt::format("snapgen: error: --waves afile/w.fst: {} is not a directory", file));
  // /proc takes no new entries, not even from root (permission bits would not stop root).
  check_bad(s, "generate -o /proc/snapgen_cli_test/out", "snapgen: error: cannot create /proc/snapgen_cli_test");
  check_bad(s, "sweep sweep.yaml -o /proc/snapgen_cli_test", "snapgen: error: -o /proc/snapgen_cli_test: cannot write in /proc");
  check_bad(s, "synth -o /proc/snapgen_cli_test --generic-only", "snapgen: error: -o /proc/snapgen_cli_test: cannot write in /proc");
  check_bad(s, "run --json /proc/snapgen_cli_test.json", "snapgen: error: --json /proc/snapgen_cli_test.json: cannot write in /proc");
  check_bad(s, "run --work /proc/snapgen_cli_test", "snapgen: error: --work /proc/snapgen_cli_test: cannot write in /proc");
  CHECK_FALSE(fs::exists("/proc/snapgen_cli_test"));
}
