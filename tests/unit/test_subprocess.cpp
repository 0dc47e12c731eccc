// The one helper that starts every external tool (gen/util/subprocess): argv passed verbatim (no
// shell, so no quoting), output redirection, working directory, environment, exit status.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "util/subprocess.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("snapgen_subprocess_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("argv reaches the tool verbatim: spaces, quotes and shell syntax are not interpreted", "[subprocess]") {
  const std::string tricky = "a b 'c' \"d\" $HOME; `x` > y | z";
  int rc = -1;
  const std::string out = snapgen::run_captured({"printf", "%s|%s", tricky, ""}, rc);
  CHECK(rc == 0);
  CHECK(out == tricky + "|");
}

TEST_CASE("exit status, signals and tools that cannot start", "[subprocess]") {
  snapgen::Command c;
  c.argv = {"sh", "-c", "exit 7"};
  CHECK(snapgen::run_command(c) == 7);
  c.argv = {"sh", "-c", "kill -9 $$"};
  CHECK(snapgen::run_command(c) == 128 + 9);
  c.argv = {"snapgen-no-such-tool-xyz"};
  CHECK_THROWS_AS(snapgen::run_command(c), std::runtime_error);
  c.argv = {};
  CHECK_THROWS_AS(snapgen::run_command(c), std::runtime_error);
}

TEST_CASE("stdout and stderr go to files, together or apart; the working directory and environment apply",
          "[subprocess]") {
  const fs::path dir = scratch("redirect");
  snapgen::Command c;
  c.argv = {"sh", "-c", "echo out; echo err >&2; pwd; echo \"$SNAPGEN_TEST_VAR\""};
  c.cwd = dir;
  c.env = {{"SNAPGEN_TEST_VAR", "value with space"}};
  c.stdout_file = dir / "both.log";
  c.stderr_file = dir / "both.log";
  REQUIRE(snapgen::run_command(c) == 0);
  CHECK(slurp(dir / "both.log") == "out\nerr\n" + fs::canonical(dir).string() + "\nvalue with space\n");

  c.stdout_file = dir / "out.log";
  c.stderr_file = dir / "err.log";
  REQUIRE(snapgen::run_command(c) == 0);
  CHECK(slurp(dir / "err.log") == "err\n");
  CHECK(slurp(dir / "out.log").rfind("out\n", 0) == 0);

  // Truncated by default, appended with `append` (and by run_logged).
  REQUIRE(snapgen::run_command(c) == 0);
  CHECK(slurp(dir / "err.log") == "err\n");
  c.append = true;
  REQUIRE(snapgen::run_command(c) == 0);
  CHECK(slurp(dir / "err.log") == "err\nerr\n");
  REQUIRE(snapgen::run_logged({"sh", "-c", "echo more"}, dir / "err.log") == 0);
  CHECK(slurp(dir / "err.log") == "err\nerr\nmore\n");
  CHECK(snapgen::tail_lines(dir / "err.log", 2) == "err\nmore\n");
  fs::remove_all(dir.parent_path());
}
