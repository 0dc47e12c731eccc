// Specification of `snapgen run` on a trained model (workload.model_dir): the RTL runs the
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
#include "train/train.hpp"
#include "util/npy.hpp"

namespace fs = std::filesystem;
using namespace snapgen;
using snapgen::test::run_command;

namespace {

const std::string kConfig = std::string(SNAPGEN_SOURCE_DIR) + "/configs/fmnist.yaml";
constexpr std::size_t kImages = 24;

// One variant's integer network from its files (docs/train.md), the golden models' way.
train::IntegerNet net_from_files(const fs::path& dir, const std::string& sub, train::Crossing kind,
                                 const nlohmann::json& model, const Design& d) {
  train::IntegerNet n;
  n.hw = tile_hw(d);
  n.clp = clp_golden_params(d);
  n.kind = kind;
  n.lowbit_bits = model["baselines"]["lowbit"]["bits"].get<int>();
  n.hops = {1};  // configs/fmnist.yaml: one die crossing after layer 0
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

}  // namespace

TEST_CASE("snapgen run on a trained model: bit-exact, and the report's accuracies are the golden networks' on the same images",
          "[train_run]") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("snapgen_train_run_{}", ::getpid());
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / "train_run";
  fs::remove_all(dir);
  fs::remove_all(work);
  fs::create_directories(work);
  const std::vector<std::string> tiny = {"train.subset=400", "train.epochs=1", "train.batch=64"};
  const Config c = load_config(read_config_file(kConfig), tiny);
  const Design d = elaborate(c);
  const auto trained = train::train_command(c, d, {dir.string(), false, {}});

  const auto r = run_command(fmt::format(
      "SNAPGEN_CACHE={} {} run {} -P workload.model_dir={} -P workload.inputs.count={} --work {} --json {}",
      SNAPGEN_TEST_CACHE, SNAPGEN_BINARY, kConfig, dir.string(), kImages, (work / "w").string(),
      (work / "report.json").string()));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(work / "report.json");
  const auto j = nlohmann::json::parse(in);
  CHECK(j["bit_exact"].get<bool>());
  CHECK(j["baseline_dense"]["bit_exact"].get<bool>());
  const auto& acc = j["accuracy"];
  CHECK(acc["images"].get<std::size_t>() == kImages);

  // The expected numbers: the golden integer networks of the files on the first kImages images.
  const NpyArray x = read_npy((dir / "x_test.npy").string()), y = read_npy((dir / "y_test.npy").string());
  const std::size_t in_features = x.shape[1];
  const std::vector<std::int64_t> xs(x.values.begin(), x.values.begin() + static_cast<std::ptrdiff_t>(kImages * in_features));
  const std::vector<std::uint8_t> ys(y.values.begin(), y.values.begin() + static_cast<std::ptrdiff_t>(kImages));
  const auto& m = trained.model;
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
  fs::remove_all(dir);
}
