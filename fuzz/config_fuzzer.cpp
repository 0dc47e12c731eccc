// Fuzz target: any byte string given as a config must either load (and then elaborate and emit a
// package in memory) or be rejected with ConfigError. Any other exception, crash, leak or UB is a
// bug: ConfigError is the only exception caught here.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/loader.hpp"
#include "emit/package.hpp"
#include "model/design.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const snapgen::Config config = snapgen::load_config(snapgen::ConfigSource{"fuzz.yaml", text});
    const snapgen::Package package = snapgen::build_package(snapgen::elaborate(config));
    if (package.files.empty()) __builtin_trap();
  } catch (const snapgen::ConfigError&) {
    // Rejected input: the expected outcome for most fuzz inputs.
  }
  return 0;
}
