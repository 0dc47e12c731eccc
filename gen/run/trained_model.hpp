#pragma once
// A trained model directory (`workload.model_dir`, written by `snapgen train`; the format is
// docs/train.md "MODEL_DIR format") read for `snapgen run`, and user data (`workload.inputs.npy`,
// `workload.labels.npy`). Everything is checked against the elaborated design: a file that is
// missing, has the wrong dtype or shape, or holds a value the hardware cannot hold is a
// ConfigError on the key (exit 2), naming the file and what was expected.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "golden/clp/clp_golden.hpp"
#include "golden/tile/tile_golden.hpp"
#include "model/design.hpp"

namespace snapgen {

// One trained variant: the integer layers (x empty) and, for the spike variant, one threshold and
// one scale row of clp.channels per die crossing in chain order (layer, then hop).
struct TrainedNet {
  std::vector<golden::tile::Layer> layers;
  std::vector<std::vector<std::int64_t>> thresholds, scales;
};

// Rows of integers: input vectors (n x in) with their labels (empty = no labels).
struct LabelledData {
  std::vector<std::vector<std::int64_t>> x;
  std::vector<std::int64_t> y;
};

struct TrainedModel {
  std::filesystem::path dir;
  nlohmann::json manifest;  // model.json
  TrainedNet spike, dense, lowbit;
  int lowbit_bits = 0;
  LabelledData test;        // x_test.npy / y_test.npy
};

// Reads and checks workload.model_dir (the caller checks that it is set).
TrainedModel read_trained_model(const Config& c, const Design& d, const golden::tile::Hw& hw);

// workload.inputs.npy and workload.labels.npy, when set (std::nullopt when inputs.npy is empty).
std::optional<LabelledData> read_user_data(const Config& c, const Design& d, const golden::tile::Hw& hw);

}  // namespace snapgen
