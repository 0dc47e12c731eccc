// Specification: every bad configuration in tests/bad/ is rejected by `snapgen generate` with exit
// code 2, a message containing the expected fragment (and the file:line:col where given), and no
// output directory or temporary left behind.
//
// Each tests/bad/*.yaml starts with comment lines:
//   # expect: <fragment the error output must contain>
//   # at: <line>:<col>   (optional: the position reported after the file name)
//   # args: <extra CLI arguments, e.g. -P overrides> (optional)
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "subprocess.hpp"

namespace fs = std::filesystem;
using snapgen::test::quoted;
using snapgen::test::run_command;

namespace {

struct BadCase {
  fs::path file;
  std::string expect, at, args;
};

BadCase read_case(const fs::path& file) {
  BadCase c{file, "", "", ""};
  std::ifstream in(file);
  for (std::string line; std::getline(in, line) && line.rfind("# ", 0) == 0;) {
    auto take = [&](const char* key, std::string& into) {
      const std::string k = std::string("# ") + key + ": ";
      if (line.rfind(k, 0) == 0) into = line.substr(k.size());
    };
    take("expect", c.expect);
    take("at", c.at);
    take("args", c.args);
  }
  return c;
}

std::vector<BadCase> all_cases() {
  std::vector<BadCase> cases;
  for (const auto& e : fs::directory_iterator(fs::path(SNAPGEN_SOURCE_DIR) / "tests/bad"))
    if (e.path().extension() == ".yaml") cases.push_back(read_case(e.path()));
  std::sort(cases.begin(), cases.end(), [](auto& a, auto& b) { return a.file < b.file; });
  return cases;
}

}  // namespace

TEST_CASE("bad configs: at least 25 cases, each with an expected message") {
  const auto cases = all_cases();
  CHECK(cases.size() >= 25);
  for (const auto& c : cases) {
    INFO(c.file.string());
    CHECK_FALSE(c.expect.empty());
  }
}

TEST_CASE("bad configs: exit code 2, expected message, nothing written") {
  const fs::path work = fs::temp_directory_path() / fmt::format("snapgen_bad_{}", ::getpid());
  fs::remove_all(work);
  fs::create_directories(work);
  for (const auto& c : all_cases()) {
    const fs::path out = work / c.file.stem();
    const auto r = run_command(fmt::format("{} generate {} {} -o {}", SNAPGEN_BINARY, quoted(c.file.string()), c.args,
                                           quoted(out.string())));
    INFO(c.file.filename().string() << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(c.expect) != std::string::npos);
    if (!c.at.empty()) CHECK(r.output.find(c.file.string() + ":" + c.at) != std::string::npos);
    CHECK(r.output.find("nothing was written") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
  CHECK(fs::is_empty(work));  // no staging directories left behind either
  fs::remove_all(work);
}
