// Specification of threshold calibration without a trained model (clp.calibrate, docs/clp.md):
// when it applies, what each link's thresholds are, and that the number of simulated vectors no
// longer changes the network.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "config/loader.hpp"
#include "model/design.hpp"
#include "run/workload.hpp"
#include "util/npy.hpp"

namespace fs = std::filesystem;
using namespace snapgen;

namespace {

const std::string kDefault = std::string(SNAPGEN_SOURCE_DIR) + "/configs/hnn_2die.yaml";
const std::string kQuad = std::string(SNAPGEN_SOURCE_DIR) + "/configs/quad_die.yaml";

Config config_of(const std::string& file, std::vector<std::string> overrides) {
  return load_config(read_config_file(file), overrides);
}

// configs/hnn_2die.yaml without its fixed threshold.
Config default_without_threshold(std::vector<std::string> overrides = {}) {
  ConfigSource src = read_config_file(kDefault);
  const auto at = src.text.find(", threshold: 96");
  REQUIRE(at != std::string::npos);
  src.text.erase(at, std::string(", threshold: 96").size());
  return load_config(src, overrides);
}

}  // namespace

TEST_CASE("calibration: auto calibrates exactly when no threshold key is set") {
  CHECK_FALSE(elaborate_runtime(config_of(kDefault, {})).calibration.enabled);  // threshold: 96 in the file
  CHECK(elaborate_runtime(default_without_threshold()).calibration.enabled);
  std::string list = "clp.thresholds=[50";
  for (int i = 1; i < 64; ++i) list += ",50";
  CHECK_FALSE(elaborate_runtime(default_without_threshold({list + "]"})).calibration.enabled);
  CHECK_FALSE(elaborate_runtime(default_without_threshold({"clp.calibrate=off"})).calibration.enabled);
  CHECK(elaborate_runtime(default_without_threshold({"clp.calibrate=percentile"})).calibration.enabled);
  CHECK(elaborate_runtime(config_of(kQuad, {})).calibration.enabled);  // quad_die.yaml sets no threshold
  // percentile with a threshold given too: a configuration error naming the key.
  CHECK_THROWS_WITH(config_of(kDefault, {"clp.calibrate=percentile"}),
                    Catch::Contains("clp.threshold: clp.threshold is set but clp.calibrate is percentile"));
}

TEST_CASE("calibration: each link's threshold is the percentile of its channel's activations on the calibration data") {
  // User inputs calibrate on all their rows, so this test knows the calibration set.
  const fs::path x = fs::temp_directory_path() / fmt::format("snapgen_calib_{}.npy", ::getpid());
  std::mt19937_64 rng(5);
  std::vector<std::int64_t> values(200 * 64);
  for (auto& v : values) v = static_cast<std::int64_t>(rng() % 256);
  write_npy(x.string(), NpyArray{"uint8", {200, 64}, values});
  for (const double p : {99.5, 90.0}) {
    const Config c = default_without_threshold({"workload.inputs.npy=" + x.string(), "workload.inputs.count=8",
                                                fmt::format("clp.calibrate_percentile={}", p)});
    const Design d = elaborate(c);
    const Workload w = make_workload(c, d);
    REQUIRE(w.inputs.size() == 8);
    REQUIRE(w.link_thresholds.size() == 1);
    // Layer 0 (requant as the workload chose it) on every calibration row, then per channel the
    // nearest-rank percentile.
    std::vector<std::vector<std::int64_t>> acts;
    for (std::size_t r = 0; r < 200; ++r) {
      golden::tile::Layer l = w.layers[0];
      l.x.assign(values.begin() + static_cast<std::ptrdiff_t>(r * 64), values.begin() + static_cast<std::ptrdiff_t>((r + 1) * 64));
      acts.push_back(golden::tile::run_layer(w.hw, l));
    }
    for (std::size_t ch = 0; ch < 64; ++ch) {
      std::vector<std::int64_t> col;
      for (const auto& a : acts) col.push_back(a[ch]);
      std::sort(col.begin(), col.end());
      const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * 200.0));
      INFO("percentile " << p << " channel " << ch);
      CHECK(w.link_thresholds[0][ch] == std::clamp<std::int64_t>(col[rank - 1], 1, 65535));
    }
    CHECK(w.link_scales[0] == golden::clp::reconstruction_scales(w.clp, w.link_thresholds[0]));
  }
  fs::remove(x);
}

TEST_CASE("calibration: the simulated vector count does not change the network; every link gets its own thresholds") {
  const Config few = config_of(kQuad, {"workload.inputs.count=4"}), many = config_of(kQuad, {"workload.inputs.count=64"});
  const Design d = elaborate(few);
  const Workload a = make_workload(few, d), b = make_workload(many, elaborate(many));
  REQUIRE(a.link_thresholds.size() == 3);  // quad_die: three crossings over three links
  CHECK(a.link_thresholds == b.link_thresholds);
  for (std::size_t i = 0; i < a.layers.size(); ++i) CHECK(a.layers[i].rq[0].mult == b.layers[i].rq[0].mult);
  CHECK(a.link_thresholds[0] != a.link_thresholds[1]);
  // Without calibration (fixed thresholds) requant follows the simulated vectors, as before.
  const Config fixed4 = config_of(kQuad, {"workload.inputs.count=4", "clp.threshold=24"});
  const Config fixed64 = config_of(kQuad, {"workload.inputs.count=64", "clp.threshold=24"});
  CHECK(make_workload(fixed4, elaborate(fixed4)).layers[0].rq[0].mult !=
        make_workload(fixed64, elaborate(fixed64)).layers[0].rq[0].mult);
}
