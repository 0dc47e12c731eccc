#pragma once
// The baselines `snapgen run` (and a sweep's `run.baselines`) can run beside a configuration.

#include <string>
#include <vector>

namespace snapgen {

// The baseline names, in report order: the d2d encodings that cross dense (each baseline is the
// same run with d2d.encoding set to its name).
inline const std::vector<std::string>& default_baselines() {
  static const std::vector<std::string> names = {"dense", "dense_zc", "lowbit"};
  return names;
}

}  // namespace snapgen
