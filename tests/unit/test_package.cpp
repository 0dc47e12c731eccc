// Specification of elaborate -> emit -> write: deterministic, self-consistent, atomic packages.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/loader.hpp"
#include "emit/package.hpp"
#include "subprocess.hpp"
#include "util/sha256.hpp"
#include "util/subprocess.hpp"

#include <yaml-cpp/yaml.h>

using namespace snapgen;
namespace fs = std::filesystem;
using snapgen::test::run_command;

namespace {
Package package_for(const std::string& text, std::vector<std::string> overrides = {}) {
  return build_package(elaborate(load_config(ConfigSource{"t.yaml", text}, overrides)));
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
fs::path scratch(const std::string& tag) {
  const fs::path p = fs::temp_directory_path() / fmt::format("snapgen_{}_{}", tag, ::getpid());
  fs::remove_all(p);
  return p;
}
}  // namespace

TEST_CASE("package: same config in, byte-identical package out") {
  const Package a = package_for("");
  const Package b = package_for("");
  REQUIRE(a.files.size() == b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    CHECK(a.files[i].path == b.files[i].path);
    CHECK(a.files[i].content == b.files[i].content);
  }
}

TEST_CASE("package: holds SV, files.f, FuseSoC core, SDC, C++ header and manifest") {
  const Package p = package_for("name: chip\nclock_mhz: 250\n");
  for (const char* f : {"chip_pkg.sv", "files.f", "chip.core", "chip.sdc", "snapgen_config.hpp", "manifest.json"}) {
    INFO(f);
    CHECK(p.find(f) != nullptr);
  }
  CHECK(p.find("chip.sdc")->content.find("-period 4.0000") != std::string::npos);
  CHECK(p.find("chip.core")->content.rfind("CAPI=2:", 0) == 0);
  CHECK(p.find("snapgen_config.hpp")->content.find("namespace snapgen_cfg::chip") != std::string::npos);
  CHECK_FALSE(p.tops.empty());
}

// What FuseSoC would hand its tool for one target: the target's toplevel and the files of its
// filesets in order (FuseSoC itself is not a Debian package; the core is read as it reads it).
struct CoreTarget {
  std::string toplevel;
  std::vector<std::string> files;
  std::string tool;
};
CoreTarget core_target(const YAML::Node& core, const std::string& target) {
  const YAML::Node t = core["targets"][target];
  REQUIRE(t.IsMap());
  CoreTarget out{t["toplevel"].as<std::string>(), {}, t["default_tool"] ? t["default_tool"].as<std::string>() : ""};
  for (const auto& set : t["filesets"])
    for (const auto& f : core["filesets"][set.as<std::string>()]["files"])
      out.files.push_back(f.IsMap() ? f.begin()->first.as<std::string>() : f.as<std::string>());
  return out;
}
std::string run_in(const fs::path& dir, const std::vector<std::string>& argv, int& code) {
  const fs::path log = dir / "tool.log";
  code = snapgen::run_command(Command{argv, dir, log, log});
  return slurp(log);
}

TEST_CASE("package: the FuseSoC core's targets take the system top (synth_<die>: each die), and its tools accept them") {
  // Two dies: one synth target per die, and a package as a FuseSoC user gets it.
  const Package p = package_for("package: {die_rows: 1, die_cols: 2}\n");
  const YAML::Node core = YAML::Load(p.find(p.name + ".core")->content);
  CHECK(p.system_top == p.name + "_system");
  REQUIRE(p.die_tops.size() == 2);
  for (const char* target : {"default", "lint", "synth"}) {
    INFO(target);
    const CoreTarget t = core_target(core, target);
    CHECK(t.toplevel == p.system_top);
    for (const auto& f : t.files) {
      INFO(f);
      CHECK(p.find(f) != nullptr);
    }
  }
  CHECK(core_target(core, "synth_chiplet_r0c0").toplevel == "chip_chiplet_r0c0");
  CHECK(core_target(core, "synth_chiplet_r0c1").toplevel == "chip_chiplet_r0c1");

  const fs::path dir = scratch("core");
  write_package(p, dir.string(), false);
  // lint: Verilator as the target configures it, on the target's files and toplevel.
  const CoreTarget lint = core_target(core, "lint");
  CHECK(lint.tool == "verilator");
  std::vector<std::string> argv{"verilator", "--lint-only"};
  for (const auto& opt : core["targets"]["lint"]["tools"]["verilator"]["verilator_options"])
    argv.push_back(opt.as<std::string>());
  argv.insert(argv.end(), {"--top-module", lint.toplevel});
  for (const auto& f : lint.files) argv.push_back(f);
  int code = -1;
  const std::string lint_log = run_in(dir, argv, code);
  INFO(lint_log);
  CHECK(code == 0);
  CHECK(lint_log.find("%Warning") == std::string::npos);
  // synth targets: Yosys elaborates each toplevel from the target's SystemVerilog files alone.
  for (const char* target : {"synth", "synth_chiplet_r0c1"}) {
    const CoreTarget t = core_target(core, target);
    CHECK(t.tool == "yosys");
    std::string script = "read_verilog -sv";
    for (const auto& f : t.files)
      if (f.ends_with(".sv")) script += " " + f;
    script += "; hierarchy -check -top " + t.toplevel;
    const std::string yosys_log = run_in(dir, {"yosys", "-q", "-p", script}, code);
    INFO(target << ": " << yosys_log);
    CHECK(code == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("package: manifest lists every other file with its sha256") {
  const Package p = package_for("");
  const auto m = nlohmann::json::parse(p.find("manifest.json")->content);
  CHECK(m["files"].size() == p.files.size() - 1);
  for (const auto& entry : m["files"]) {
    const GeneratedFile* f = p.find(entry["path"]);
    REQUIRE(f != nullptr);
    CHECK(entry["sha256"] == sha256_hex(f->content));
  }
}

TEST_CASE("package: files.f lists every SV file once, each module after the modules it instantiates") {
  const Package p = package_for("");
  std::vector<std::string> order;
  std::stringstream list(p.find("files.f")->content);
  for (std::string line; std::getline(list, line);) order.push_back(line);
  std::size_t sv_files = 0;
  for (const auto& f : p.files) sv_files += f.path.ends_with(".sv");
  CHECK(order.size() == sv_files);
  auto position = [&](const std::string& path) {
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), path) - order.begin());
  };
  for (const auto& f : order) {
    const std::string module = fs::path(f).stem().string();
    for (const auto& g : order) {
      if (g == f) continue;
      // f instantiates module g  =>  g comes first.
      const std::string other = fs::path(g).stem().string();
      if (p.find(f)->content.find(" " + other + " ") != std::string::npos ||
          p.find(f)->content.find("  " + other + " #(") != std::string::npos) {
        INFO(f << " uses " << other);
        CHECK(position(g) < position(f));
      }
    }
    (void)module;
  }
}

TEST_CASE("package: SV package constants and the C++ header carry the same numbers") {
  const Package p = package_for("d2d: {lanes: 16}\ndie: {router: {flit_bits: 128}}\n");
  CHECK(p.find("chip_pkg.sv")->content.find("localparam int D2dLanes = 16;") != std::string::npos);
  CHECK(p.find("snapgen_config.hpp")->content.find("kD2dLanes = 16;") != std::string::npos);
  CHECK(p.find("chip_pkg.sv")->content.find("localparam int FlitBits = 128;") != std::string::npos);
  CHECK(p.find("snapgen_config.hpp")->content.find("kFlitBits = 128;") != std::string::npos);
}

TEST_CASE("write_package: writes the package; regenerating replaces it with identical bytes") {
  const fs::path dir = scratch("write");
  const Package p = package_for("");
  write_package(p, dir.string(), false);
  for (const auto& f : p.files) CHECK(slurp(dir / f.path) == f.content);
  const std::string manifest = slurp(dir / "manifest.json");
  write_package(p, dir.string(), false);
  CHECK(slurp(dir / "manifest.json") == manifest);
  fs::remove_all(dir);
}

TEST_CASE("write_package: refuses to replace a directory that is not a snapgen package") {
  // dir inside a private parent, so the parent's listing shows any staging or retired directory
  // write_package leaves next to it (they are created beside the target, not inside it).
  const fs::path parent = scratch("foreign");
  const fs::path dir = parent / "out";
  fs::create_directories(dir);
  std::ofstream(dir / "precious.txt") << "keep me";
  auto names = [](const fs::path& d) {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(d)) v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK_THROWS_AS(write_package(package_for(""), dir.string(), false), OutputError);
  CHECK(slurp(dir / "precious.txt") == "keep me");
  CHECK(names(dir) == std::vector<std::string>{"precious.txt"});
  CHECK(names(parent) == std::vector<std::string>{"out"});
  write_package(package_for(""), dir.string(), true);
  CHECK_FALSE(fs::exists(dir / "precious.txt"));
  CHECK(fs::exists(dir / "manifest.json"));
  CHECK(names(parent) == std::vector<std::string>{"out"});  // the replaced directory is gone too
  fs::remove_all(parent);
}

TEST_CASE("cli: generate with the embedded default writes the documented package; output is reproducible") {
  const fs::path a = scratch("cli_a"), b = scratch("cli_b");
  const auto ra = run_command(fmt::format("{} generate -o {}", SNAPGEN_BINARY, a.string()));
  const auto rb = run_command(fmt::format("{} generate {}/configs/default.yaml -o {}", SNAPGEN_BINARY,
                                          SNAPGEN_SOURCE_DIR, b.string()));
  REQUIRE(ra.exit_code == 0);
  REQUIRE(rb.exit_code == 0);
  CHECK(slurp(a / "manifest.json") == slurp(b / "manifest.json"));
  CHECK(fs::exists(a / "fmnist_2die.sdc"));
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("cli: exit codes: 0 for --version and schema, 2 for usage errors and bad configs") {
  CHECK(run_command(fmt::format("{} --version", SNAPGEN_BINARY)).exit_code == 0);
  CHECK(run_command(fmt::format("{} schema --format json", SNAPGEN_BINARY)).exit_code == 0);
  CHECK(run_command(fmt::format("{} frobnicate", SNAPGEN_BINARY)).exit_code == 2);
  CHECK(run_command(fmt::format("{} generate", SNAPGEN_BINARY)).exit_code == 2);  // -o is required
  const auto missing = run_command(fmt::format("{} validate /nonexistent.yaml", SNAPGEN_BINARY));
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("/nonexistent.yaml: error: cannot read config") != std::string::npos);
  const auto ok = run_command(fmt::format("{} validate -P d2d.lanes=16", SNAPGEN_BINARY));
  CHECK(ok.exit_code == 0);
  CHECK(ok.output.find("16 D2D lanes") != std::string::npos);
}
