#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace snapgen {

// One named number exported to the generated SV package (as an `UpperCamel` localparam) and to
// snapgen_config.hpp (as `kUpperCamel`): one list feeds both, so they cannot disagree.
struct Constant {
  std::string name;  // UpperCamelCase
  std::int64_t value;
  std::string doc;
};
using Constants = std::vector<Constant>;

}  // namespace snapgen
