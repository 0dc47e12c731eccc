#pragma once
// The one table of configuration parameters. Each entry drives: validation (type, range,
// default), `snapgen schema` (text and JSON Schema), `-P` overrides, the generated constants, and
// the model-cache key (`hardware` = changes the RTL; runtime keys do not force a rebuild).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/value.hpp"

namespace snapgen {

enum class Kind { Int, Real, Bool, Enum, Text, IntList, RecordList };

std::string_view kind_name(Kind k);

struct ParamSpec {
  std::string path;  // dotted key path; for record fields, the field name
  Kind kind = Kind::Int;
  std::string doc;
  std::int64_t min = 0, max = 0;           // Int and IntList elements
  std::vector<std::int64_t> allowed;       // Int: if non-empty, the value must be one of these
  double real_min = 0, real_max = 0;       // Real
  std::vector<std::string> choices;        // Enum
  bool identifier = false;                 // Text: must be an identifier
  std::size_t min_items = 0, max_items = 0;  // IntList / RecordList length
  std::optional<Value> def;                // nullopt: required key
  bool hardware = true;                    // false: runtime input, not part of the model-cache key
  std::vector<ParamSpec> fields;           // RecordList: the fields of one record

  // Human-readable description of what is allowed, e.g. "1..64" or "one of {4, 8, 16}".
  std::string allowed_text() const;
};

// The full table, in documentation order.
const std::vector<ParamSpec>& schema();

// Entry for a dotted path, or nullptr.
const ParamSpec* find_spec(std::string_view path);

// Dotted prefixes that are sections (mappings), e.g. "die", "die.router".
const std::vector<std::string>& schema_sections();

}  // namespace snapgen
