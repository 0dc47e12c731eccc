#pragma once
// `snapgen train`: trains the configuration's workload chain as a hybrid network (dense integer
// layers on each die, a CLP spike converter at every die crossing) with quantization-aware
// training in LibTorch, plus two baselines with the same data, seed and epochs (dense 8-bit
// crossing, low-bit dense crossing), and exports the integer networks (docs/train.md).
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "model/design.hpp"

namespace snapgen::train {

struct TrainOptions {
  std::string out_dir;   // MODEL_DIR, written atomically
  bool force = false;    // retrain even if MODEL_DIR holds a model with the same cache key
  std::function<void(const std::string&)> progress;  // one line per epoch
};

struct TrainResult {
  nlohmann::json model;  // the model.json written
  bool cached = false;   // MODEL_DIR already held this model; nothing was trained
  double seconds = 0;    // wall time of the training (not in model.json: that must be reproducible)
};

// Cache key of a trained model: sha256 over the hardware keys, the train.* keys and the data hash.
std::string model_cache_key(const Config& c, const std::string& data_hash);

// Throws train::DataError (bad data), ConfigError (a chain the trainer cannot map), OutputError.
TrainResult train_command(const Config& c, const Design& d, const TrainOptions& opt);

}  // namespace snapgen::train
