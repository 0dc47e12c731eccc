// Specification: bad input to any command or flag exits 2 with one clear line (plus the problem
// count after a configuration problem) and creates nothing: no output directory, no report, no
// model cache. The commands run against a private cache directory that must stay absent, so a
// check that stopped working would show up as a cache (and a slow test), not pass silently.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "subprocess.hpp"
#include "util/npy.hpp"

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
  check_bad(s, "synth -j 0 -o synth", "snapgen: error: --jobs: Value 0 not in range 1 to 64");
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
  check_bad(s, "run --report afile", "snapgen: error: --report afile: exists and is not a directory");
  check_bad(s, "run --report .", "snapgen: error: --report .: exists, is not empty and is not a snapgen run report");
  check_bad(s, "run --waves afile/w.fst", fmt::format("snapgen: error: --waves afile/w.fst: {} is not a directory", file));
  // /proc takes no new entries, not even from root (permission bits would not stop root).
  check_bad(s, "generate -o /proc/snapgen_cli_test/out", "snapgen: error: cannot create /proc/snapgen_cli_test");
  check_bad(s, "sweep sweep.yaml -o /proc/snapgen_cli_test", "snapgen: error: -o /proc/snapgen_cli_test: cannot write in /proc");
  check_bad(s, "synth -o /proc/snapgen_cli_test --generic-only", "snapgen: error: -o /proc/snapgen_cli_test: cannot write in /proc");
  check_bad(s, "run --json /proc/snapgen_cli_test.json", "snapgen: error: --json /proc/snapgen_cli_test.json: cannot write in /proc");
  check_bad(s, "run --work /proc/snapgen_cli_test", "snapgen: error: --work /proc/snapgen_cli_test: cannot write in /proc");
  CHECK_FALSE(fs::exists("/proc/snapgen_cli_test"));
}

namespace {

// `snapgen run` on configs/hnn_2die.yaml (64 -> 64 | one crossing | -> 10): small files.
const std::string kHnn2die = fmt::format("run {}/configs/hnn_2die.yaml", SNAPGEN_SOURCE_DIR);

// A model directory for configs/hnn_2die.yaml (64 -> 64 | one crossing | -> 10) written by
// hand the way docs/train.md says a model trained elsewhere is brought in: valid in every file.
void write_model(const fs::path& dir) {
  using snapgen::NpyArray;
  using snapgen::write_npy;
  auto put = [&](const fs::path& f, std::string dtype, std::vector<std::size_t> shape, std::int64_t value) {
    std::size_t n = 1;
    for (auto e : shape) n *= e;
    fs::create_directories(f.parent_path());
    write_npy(f.string(), NpyArray{std::move(dtype), std::move(shape), std::vector<std::int64_t>(n, value)});
  };
  std::string layers_json;
  for (const char* sub : {"", "dense/", "lowbit/"}) {
    put(dir / sub / "l0_weights.npy", "int8", {64, 64}, 1);
    put(dir / sub / "l0_bias.npy", "int32", {64}, 0);
    write_npy((dir / sub / "l0_requant.npy").string(), NpyArray{"int64", {1, 2}, {1 << 22, 26}});
    put(dir / sub / "l1_weights.npy", "int8", {10, 64}, -1);
    put(dir / sub / "l1_bias.npy", "int32", {10}, 0);
    write_npy((dir / sub / "l1_requant.npy").string(), NpyArray{"int64", {1, 2}, {1 << 22, 26}});
  }
  put(dir / "thresholds.npy", "int32", {1, 64}, 50);
  put(dir / "scales.npy", "int32", {1, 64}, 12);
  put(dir / "x_test.npy", "uint8", {5, 64}, 3);
  put(dir / "y_test.npy", "uint8", {5}, 7);
  const std::string layers = R"([{"in": 64, "out": 64, "relu": true, "zp": 0}, {"in": 64, "out": 10, "relu": false, "zp": 128}])";
  std::ofstream(dir / "model.json") << fmt::format(R"({{"format": "snapgen-model-1",
 "tile": {{"act_bits": 8, "act_signed": false, "weight_bits": 8, "acc_bits": 32, "requant": "per_layer"}},
 "clp": {{"channels": 64, "timesteps": 4, "reset": "subtract", "leak_shift": 0, "decode_shift": 0}},
 "layers": {0}, "baselines": {{"dense": {{"layers": {0}}}, "lowbit": {{"layers": {0}, "bits": 2}}}},
 "results": {{"spike": {{"float_accuracy": 0.5}}, "dense": {{"float_accuracy": 0.5}}}}}})",
                                                   layers);
}

}  // namespace

TEST_CASE("cli: a model directory or .npy data that does not fit the configuration: exit 2, the file named, nothing created") {
  const Scratch s;
  const std::string run = kHnn2die + " --no-baseline --json r.json --work work -P workload.model_dir=";
  auto bad = [&](const std::string& name, const std::function<void(const fs::path&)>& damage, const std::string& extra,
                 const std::string& message) {
    const fs::path model = s.dir / name;
    write_model(model);
    damage(model);
    const std::string where = fmt::format("-P workload.model_dir={}: error: workload.model_dir: ", name);
    check_bad(s, run + name + extra, where + message, true);
  };
  using snapgen::NpyArray;
  bad("m_none", [](const fs::path& m) { fs::remove_all(m); }, "", "m_none/model.json: cannot open");
  bad("m_requant", [](const fs::path& m) { fs::remove(m / "dense" / "l1_requant.npy"); }, "",
      "m_requant/dense/l1_requant.npy: cannot read .npy file");
  bad("m_shape", [](const fs::path& m) { snapgen::write_npy((m / "thresholds.npy").string(), NpyArray{"int32", {2, 64}, std::vector<std::int64_t>(128, 9)}); },
      "", "m_shape/thresholds.npy: expected dtype int16|int32|int64|uint16 and shape (1, 64), found int32 (2, 64)");
  bad("m_label", [](const fs::path& m) { snapgen::write_npy((m / "y_test.npy").string(), NpyArray{"uint8", {5}, {1, 2, 10, 3, 4}}); },
      "", "m_label/y_test.npy: element 2 is 10, outside 0..9");
  bad("m_thr", [](const fs::path& m) { snapgen::write_npy((m / "thresholds.npy").string(), NpyArray{"int32", {1, 64}, std::vector<std::int64_t>(64, 0)}); },
      "", "m_thr/thresholds.npy: element 0 is 0, outside 1..65535");
  bad("m_json", [](const fs::path& m) { std::ofstream(m / "model.json") << "{\"format\": 1"; }, "",
      "m_json/model.json: not a snapgen model manifest");
  bad("m_hw", [](const fs::path&) {}, " -P clp.timesteps=8",
      "m_hw/model.json: clp.timesteps is 4 in the model but 8 in the configuration");
  // More vectors asked for than the model's test set holds.
  write_model(s.dir / "m_ok");
  check_bad(s, run + "m_ok -P workload.inputs.count=6",
            "-P workload.inputs.count=6: error: workload.inputs.count: found 6, but m_ok/x_test.npy holds 5 vectors; allowed 1..5",
            true);
  // A model brings its thresholds and weights: setting them too is ambiguous.
  check_bad(s, run + "m_ok -P clp.thresholds_npy=t.npy",
            "-P clp.thresholds_npy=t.npy: error: clp.thresholds_npy: clp.thresholds_npy and workload.model_dir are both set",
            true);
  // User inputs and labels without a model.
  snapgen::write_npy((s.dir / "x63.npy").string(), NpyArray{"uint8", {4, 63}, std::vector<std::int64_t>(4 * 63, 1)});
  snapgen::write_npy((s.dir / "x64.npy").string(), NpyArray{"uint8", {4, 64}, std::vector<std::int64_t>(4 * 64, 1)});
  snapgen::write_npy((s.dir / "y4.npy").string(), NpyArray{"int32", {4}, {0, 1, -1, 2}});
  const std::string run_plain = kHnn2die + " --no-baseline --json r.json --work work";
  check_bad(s, run_plain + " -P workload.inputs.npy=x63.npy -P workload.inputs.count=4",
            "-P workload.inputs.npy=x63.npy: error: workload.inputs.npy: x63.npy: expected shape (n, 64)", true);
  check_bad(s, run_plain + " -P workload.inputs.npy=x64.npy -P workload.labels.npy=y4.npy -P workload.inputs.count=4",
            "-P workload.labels.npy=y4.npy: error: workload.labels.npy: y4.npy: element 2 is -1, outside 0..9", true);
  check_bad(s, run_plain + " -P workload.labels.npy=y4.npy",
            "-P workload.labels.npy=y4.npy: error: workload.labels.npy: labels without inputs", true);
}
