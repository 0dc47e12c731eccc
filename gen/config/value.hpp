#pragma once
// The typed values a configuration key can hold.
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "config/diagnostic.hpp"

namespace snapgen {

using IntList = std::vector<std::int64_t>;
using Scalar = std::variant<std::int64_t, double, bool, std::string, IntList>;

// One item of a list of records (e.g. one workload layer): its fields, defaults filled in.
struct Record {
  std::map<std::string, Scalar> fields;
  SourceMark mark;
  std::map<std::string, SourceMark> field_marks;
};
using RecordList = std::vector<Record>;

using Value = std::variant<std::int64_t, double, bool, std::string, IntList, RecordList>;

// Canonical text of a value (used for hashing, manifests and `schema` output).
std::string to_text(const Value& v);
std::string to_text(const Scalar& v);

}  // namespace snapgen
