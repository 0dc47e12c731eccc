#include "run/auto_model.hpp"

#include <fmt/format.h>

#include <sstream>

#include "model/design.hpp"
#include "run/model_cache.hpp"
#include "train/train.hpp"
#include "util/file_lock.hpp"
#include "util/sha256.hpp"

namespace snapgen {

namespace fs = std::filesystem;

std::vector<std::string> resolve_auto_model(const ConfigSource& source, std::span<const std::string> overrides,
                                            const std::function<void(const std::string&)>& progress) {
  std::vector<std::string> out(overrides.begin(), overrides.end());
  const Config c = load_config(source, overrides);
  if (c.text("workload.model_dir") != "auto") return out;
  // The directory is named by what the model depends on besides the data (the trainer's own
  // cache key adds the data hash and retrains in place when the data changed).
  std::string identity = c.canonical_text(true);
  std::istringstream all(c.canonical_text());
  for (std::string line; std::getline(all, line);)
    if (line.rfind("train.", 0) == 0) identity += line + "\n";
  const fs::path root = cache_root() / "trained";
  fs::create_directories(root);
  const std::string key = sha256_hex(identity).substr(0, 24);
  const fs::path dir = root / key;
  {
    const FileLock lock(root / (key + ".lock"));
    const Design d = elaborate(c);
    const auto r = train::train_command(c, d, {dir.string(), false, progress});
    if (!r.cached) progress(fmt::format("trained the model in {:.0f} s (cached in {})", r.seconds, dir.string()));
  }
  out.push_back("workload.model_dir=" + dir.string());
  return out;
}

}  // namespace snapgen
