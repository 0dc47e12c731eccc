// Specification of `snapgen run` on a trained model (workload.model_dir: auto, trained on first use
// and cached): the RTL runs the
// exported integer network bit-exactly, the dense baseline runs the dense-trained network, and
// every accuracy in the report is what the golden integer networks score on the same images,
// computed here from the model's files alone.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "config/loader.hpp"
#include "model/design.hpp"
#include "run/workload.hpp"
#include "subprocess.hpp"
#include "train/integer_net.hpp"
#include "util/npy.hpp"

namespace fs = std::filesystem;
using namespace snapgen;
using snapgen::test::run_command;

namespace {

const std::string kConfig = std::string(SNAPGEN_SOURCE_DIR) + "/configs/default.yaml";
constexpr std::size_t kImages = 24;

// One variant's integer network from its files (docs/train.md), the golden models' way.
train::IntegerNet net_from_files(const fs::path& dir, const std::string& sub, train::Crossing kind,
                                 const nlohmann::json& model, const Design& d) {
  train::IntegerNet n;
  n.hw = tile_hw(d);
  n.clp = clp_golden_params(d);
  n.kind = kind;
  n.lowbit_bits = model["baselines"]["lowbit"]["bits"].get<int>();
  n.hops = {1};  // configs/default.yaml: one die crossing after layer 0
  const nlohmann::json& layers = sub.empty() ? model["layers"] : model["baselines"][sub]["layers"];
  for (std::size_t i = 0; i < 2; ++i) {
    golden::tile::Layer l;
    l.in = layers[i]["in"].get<int>();
    l.out = layers[i]["out"].get<int>();
    l.relu = layers[i]["relu"].get<bool>();
    l.zp = layers[i]["zp"].get<std::int64_t>();
    l.batch = 1;
    const fs::path base = dir / sub;
    l.w = read_npy((base / fmt::format("l{}_weights.npy", i)).string()).values;
    l.bias = read_npy((base / fmt::format("l{}_bias.npy", i)).string()).values;
    const auto rq = read_npy((base / fmt::format("l{}_requant.npy", i)).string());
    for (std::size_t e = 0; e < rq.shape[0]; ++e) l.rq.push_back({rq.values[2 * e], static_cast<int>(rq.values[2 * e + 1])});
    n.layers.push_back(std::move(l));
  }
  n.thresholds = {read_npy((dir / "thresholds.npy").string()).values};
  n.scales = {read_npy((dir / "scales.npy").string()).values};
  return n;
}

// `snapgen run ARGS` with its cache at CACHE, the report in WORK/NAME.json: (stdout, report).
std::pair<std::string, nlohmann::json> snapgen_run(const fs::path& cache, const std::string& args, const fs::path& work,
                                                   const std::string& name) {
  const auto r = run_command(fmt::format("SNAPGEN_CACHE={} {} run {} --work {} --json {}", cache.string(), SNAPGEN_BINARY,
                                         args, (work / name).string(), (work / (name + ".json")).string()));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(work / (name + ".json"));
  return {r.output, nlohmann::json::parse(in)};
}

// The first N test images and labels of a model directory.
std::pair<std::vector<std::int64_t>, std::vector<std::uint8_t>> test_images(const fs::path& dir, std::size_t n) {
  const NpyArray x = read_npy((dir / "x_test.npy").string()), y = read_npy((dir / "y_test.npy").string());
  const std::size_t in_features = x.shape[1];
  return {std::vector<std::int64_t>(x.values.begin(), x.values.begin() + static_cast<std::ptrdiff_t>(n * in_features)),
          std::vector<std::uint8_t>(y.values.begin(), y.values.begin() + static_cast<std::ptrdiff_t>(n))};
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("snapgen run on a trained model: bit-exact, and the report's accuracies are the golden networks' on the same images",
          "[train_run]") {
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / "train_run";
  fs::remove_all(work);
  fs::create_directories(work);
  // model_dir: auto (configs/default.yaml) with a tiny training: the first run trains and caches.
  const std::string tiny = "-P train.subset=400 -P train.epochs=1 -P train.batch=64";
  // A private trained-model cache (this test must see a training happen) that shares the
  // Verilator models of the suite's cache.
  const fs::path cache = work / "cache";
  fs::create_directories(cache);
  fs::create_directories(fs::path(SNAPGEN_TEST_CACHE) / "models");
  fs::create_symlink(fs::path(SNAPGEN_TEST_CACHE) / "models", cache / "models");
  const std::string args = fmt::format("{} {} -P workload.inputs.count={}", kConfig, tiny, kImages);
  auto run = [&](const std::string& name) { return snapgen_run(cache, args, work, name); };
  const auto [first_out, j] = run("first");
  CHECK(first_out.find("trained the model") != std::string::npos);
  const auto [second_out, again] = run("second");
  CHECK(second_out.find("trained the model") == std::string::npos);  // cached
  CHECK(again["accuracy"] == j["accuracy"]);

  CHECK(j["bit_exact"].get<bool>());
  for (const auto& b : j["baselines"]) CHECK(b["bit_exact"].get<bool>());
  const auto& acc = j["accuracy"];
  CHECK(acc["images"].get<std::size_t>() == kImages);
  const fs::path dir = j["model"]["dir"].get<std::string>();
  const auto m = read_json(dir / "model.json");
  CHECK(m["epochs"] == 1);  // the tiny training of this test, not the config's 5 epochs

  // The expected numbers: the golden integer networks of the files on the first kImages images.
  const Config c = load_config(read_config_file(kConfig));
  const Design d = elaborate(c);
  const auto [xs, ys] = test_images(dir, kImages);
  auto golden = [&](const std::string& sub, train::Crossing kind) {
    return train::evaluate_integer(net_from_files(dir, sub, kind, m, d), xs, ys).accuracy();
  };
  CHECK(acc["spike"].get<double>() == golden("", train::Crossing::Spike));
  CHECK(acc["dense"].get<double>() == golden("dense", train::Crossing::Dense));
  CHECK(acc["lowbit"].get<double>() == golden("lowbit", train::Crossing::LowBit));
  // Over the whole test set: the number the trainer reported for the integers it exported.
  CHECK(acc["golden_test_all"].get<double>() == Approx(m["results"]["spike"]["integer_accuracy"].get<double>()).margin(1e-6));
  CHECK(acc["golden_test_images"].get<std::int64_t>() == m["train"]["test"].get<std::int64_t>());
  CHECK(acc["float"].get<double>() == m["results"]["spike"]["float_accuracy"].get<double>());
}

TEST_CASE("the README's main job: `snapgen run` with no arguments trains the default Fashion-MNIST network "
          "once, runs 256 test images through the RTL bit-exactly and reports the task accuracy",
          "[main_job]") {
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / "main_job";
  fs::remove_all(work);
  fs::create_directories(work);
  // Exactly what scripts/main.sh runs after installing and building: no config, no flags.
  const auto [out, j] = snapgen_run(SNAPGEN_TEST_CACHE, "", work, "report");
  CHECK(j["config"] == "fmnist_2die");
  CHECK(j["vectors"] == 256);
  CHECK(j["bit_exact"].get<bool>());
  for (const auto& b : j["baselines"]) CHECK(b["bit_exact"].get<bool>());
  CHECK(out.find("task accuracy on 256 labelled images") != std::string::npos);
  // The model is the configuration's own training (not a test's tiny one), and the report's
  // accuracies are its golden integer networks' on the same 256 images.
  const Design d = elaborate(load_config(default_config_source()));
  const fs::path dir = j["model"]["dir"].get<std::string>();
  const auto m = read_json(dir / "model.json");
  CHECK(m["epochs"] == d.runtime.train.epochs);
  const auto& acc = j["accuracy"];
  CHECK(acc["images"] == 256);
  const auto [xs, ys] = test_images(dir, 256);
  CHECK(acc["spike"].get<double>() ==
        train::evaluate_integer(net_from_files(dir, "", train::Crossing::Spike, m, d), xs, ys).accuracy());
  CHECK(acc["dense"].get<double>() ==
        train::evaluate_integer(net_from_files(dir, "dense", train::Crossing::Dense, m, d), xs, ys).accuracy());
  CHECK(acc["golden_test_all"].get<double>() == Approx(m["results"]["spike"]["integer_accuracy"].get<double>()).margin(1e-6));
  // The point of the design: far fewer die-to-die bits than the dense crossing.
  CHECK(j["d2d"]["bits"].get<std::uint64_t>() * 4 < j["baselines"]["dense"]["d2d"]["bits"].get<std::uint64_t>());
}
