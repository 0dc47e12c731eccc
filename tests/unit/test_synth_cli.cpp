// Bad input to `snapgen synth` is rejected before any flow runs: exit code 2, one line naming the
// problem (and what is allowed), and nothing written (no output directory).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::quoted;

namespace {

const std::string kSnapgen = SNAPGEN_BINARY;

// This process's scratch directory, removed when the test program ends.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("snapgen_synth_cli_" + std::to_string(::getpid()));
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};
const Scratch kScratch;

struct Rejected {
  std::string output;
};

// Runs `snapgen synth <args> -o <fresh dir>`; requires exit 2, a single output line and no directory.
Rejected synth_rejects(const std::string& args) {
  const fs::path base = kScratch.dir;
  fs::create_directories(base);
  const fs::path out = base / "out";
  fs::remove_all(out);
  const auto r = snapgen::test::run_command(kSnapgen + " synth " + args + " -o " + quoted(out.string()));
  INFO("snapgen synth " << args << "\n" << r.output);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(out));
  return {r.output};
}

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path p = kScratch.dir / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
  return p;
}

}  // namespace

TEST_CASE("synth: an unknown --module names every allowed top", "[synth_cli]") {
  const auto r = synth_rejects("--module nope");
  CHECK(r.output.find("--module nope") != std::string::npos);
  CHECK(r.output.find("allowed: fmnist_2die_mesh,") != std::string::npos);
  CHECK(r.output.find("fmnist_2die_system") != std::string::npos);
  // A valid top next to an unknown one: still rejected before anything runs.
  CHECK(synth_rejects("--module fmnist_2die_router --module fmnist_2die_nope").output.find("fmnist_2die_nope") !=
        std::string::npos);
}

TEST_CASE("synth: a nonexistent configuration file", "[synth_cli]") {
  const auto r = snapgen::test::run_command(kSnapgen + " synth /nonexistent/dir/x.yaml -o " +
                                            quoted((fs::temp_directory_path() / "snapgen_synth_cli_none").string()));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("/nonexistent/dir/x.yaml: error: cannot read config") != std::string::npos);
  CHECK_FALSE(fs::exists(fs::temp_directory_path() / "snapgen_synth_cli_none"));
}

TEST_CASE("synth: bad --activity-file and --activity values", "[synth_cli]") {
  const auto unreadable = synth_rejects("--activity-file /nonexistent/act.txt");
  CHECK(unreadable.output.find("--activity-file /nonexistent/act.txt: cannot read") != std::string::npos);
  const auto word = write_file("word.txt", "# comment\nin_valid_i 0.5\nthr_we_i high\n");
  CHECK(synth_rejects("--activity-file " + quoted(word.string())).output.find(word.string() + ":3: error:") !=
        std::string::npos);
  const auto duty = write_file("duty.txt", "in_valid_i 0.5 1.5\n");
  CHECK(synth_rejects("--activity-file " + quoted(duty.string()))
            .output.find(":1: error: --activity-file: duty '1.5'") != std::string::npos);
  const auto missing = write_file("missing.txt", "in_valid_i\n");
  CHECK(synth_rejects("--activity-file " + quoted(missing.string())).output.find("no toggle rate") !=
        std::string::npos);
  const auto extra = write_file("extra.txt", "in_valid_i 0.1 0.5 7\n");
  CHECK(synth_rejects("--activity-file " + quoted(extra.string())).output.find("unexpected '7'") != std::string::npos);
  const auto negative = write_file("negative.txt", "in_valid_i -0.1\n");
  CHECK(synth_rejects("--activity-file " + quoted(negative.string())).output.find("toggles per cycle '-0.1'") !=
        std::string::npos);
  CHECK(synth_rejects("--activity 3").output.find("--activity 3: allowed toggles per cycle 0..2") != std::string::npos);
  const auto good = write_file("good.txt", "in_valid_i 0.5\n");
  CHECK(synth_rejects("--generic-only --activity-file " + quoted(good.string())).output.find("--generic-only") !=
        std::string::npos);
}

TEST_CASE("synth: an output path that is a file, and a --flows directory without the flows", "[synth_cli]") {
  const auto file = write_file("a_file", "x\n");
  const auto r = snapgen::test::run_command(kSnapgen + " synth --module fmnist_2die_router -o " + quoted(file.string()));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("is not a directory") != std::string::npos);
  CHECK(synth_rejects("--flows /").output.find("--flows /: no synth_generic.sh") != std::string::npos);
}
