// Specification: every bad configuration in tests/bad/ is rejected by `snapgen generate` with exit
// code 2, exactly the expected error lines (each in full: file:line:col, key, message), and no
// output directory or temporary left behind.
//
// Each tests/bad/*.yaml starts with comment lines:
//   # error: <line>:<col>: error: <key>: <message>   (one per problem, in the order reported; the
//            test prefixes the file name) or, for problems in -P overrides, which have no file
//            position: # error: -P <override>: error: <key>: <message>
//   # args: <extra CLI arguments, e.g. -P overrides> (optional)
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::quoted;
using snapgen::test::run_command;

namespace {

struct BadCase {
  fs::path file;
  std::vector<std::string> errors;  // as written in the file (without the file name)
  std::string args;
};

BadCase read_case(const fs::path& file) {
  BadCase c{file, {}, ""};
  std::ifstream in(file);
  for (std::string line; std::getline(in, line) && line.rfind("# ", 0) == 0;) {
    if (line.rfind("# error: ", 0) == 0) c.errors.push_back(line.substr(9));
    if (line.rfind("# args: ", 0) == 0) c.args = line.substr(8);
  }
  return c;
}

// The full error lines snapgen must print for a case: file-located ones get the file name.
std::vector<std::string> expected_lines(const BadCase& c) {
  std::vector<std::string> lines;
  for (const auto& e : c.errors) lines.push_back(e.rfind("-P ", 0) == 0 ? e : c.file.string() + ":" + e);
  return lines;
}

std::vector<std::string> error_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (line.find(": error: ") != std::string::npos) lines.push_back(line);
  return lines;
}

std::vector<BadCase> all_cases() {
  std::vector<BadCase> cases;
  for (const auto& e : fs::directory_iterator(fs::path(SNAPGEN_SOURCE_DIR) / "tests/bad"))
    if (e.path().extension() == ".yaml") cases.push_back(read_case(e.path()));
  std::sort(cases.begin(), cases.end(), [](auto& a, auto& b) { return a.file < b.file; });
  return cases;
}

}  // namespace

TEST_CASE("bad configs: at least 25 cases, each with its full error lines, located unless from -P") {
  const auto cases = all_cases();
  CHECK(cases.size() >= 25);
  const std::regex located(R"(^[0-9]+:[0-9]+: error: .+)");
  for (const auto& c : cases) {
    INFO(c.file.string());
    CHECK_FALSE(c.errors.empty());
    // A problem without a file position must come from a -P override given in `# args:`.
    for (const auto& e : c.errors) {
      INFO(e);
      if (e.rfind("-P ", 0) == 0) CHECK(c.args.find(e.substr(0, e.find(": error: "))) != std::string::npos);
      else CHECK(std::regex_match(e, located));
    }
  }
}

TEST_CASE("bad configs: exit code 2, exactly the expected error lines, nothing written") {
  const fs::path work = fs::temp_directory_path() / fmt::format("snapgen_bad_{}", ::getpid());
  fs::remove_all(work);
  fs::create_directories(work);
  for (const auto& c : all_cases()) {
    const fs::path out = work / c.file.stem();
    const auto r = run_command(fmt::format("{} generate {} {} -o {}", SNAPGEN_BINARY, quoted(c.file.string()), c.args,
                                           quoted(out.string())));
    INFO(c.file.filename().string() << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(error_lines(r.output) == expected_lines(c));
    const std::size_t n = c.errors.size();
    CHECK(r.output.find(fmt::format("snapgen: {} problem{} in the configuration; nothing was written", n,
                                    n == 1 ? "" : "s")) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
  CHECK(fs::is_empty(work));  // no staging directories left behind either
  fs::remove_all(work);
}
