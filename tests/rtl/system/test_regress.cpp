// Regression configurations (tests/regress/*.yaml): each is a valid configuration that once failed
// (its header says how). ctest runs this executable once per file with SNAPGEN_REGRESS_CONFIG set:
// the configuration must build, run and match the golden model bit for bit.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "subprocess.hpp"

namespace fs = std::filesystem;

TEST_CASE("a regression configuration builds, runs and is bit-exact") {
  const char* config = std::getenv("SNAPGEN_REGRESS_CONFIG");
  REQUIRE(config != nullptr);
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / ("regress_" + fs::path(config).stem().string());
  fs::remove_all(work);
  fs::create_directories(work);
  const auto r = snapgen::test::run_command(fmt::format("SNAPGEN_CACHE={} {} run {} --no-baseline --work {} --json {}",
                                                        SNAPGEN_TEST_CACHE, SNAPGEN_BINARY, config, work.string(),
                                                        (work / "report.json").string()));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(work / "report.json");
  const auto j = nlohmann::json::parse(in);
  CHECK(j["bit_exact"] == true);
  CHECK(j["mismatches"] == 0);
  CHECK(j["vectors"].get<int>() > 0);
}
