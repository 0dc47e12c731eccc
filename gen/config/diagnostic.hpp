#pragma once
// Problems found in a configuration, each pinned to where the user wrote it.
#include <stdexcept>
#include <string>
#include <vector>

namespace snapgen {

struct SourceMark {
  std::string file;  // config path, "<default>", or "-P key=value"
  int line = 0;      // 1-based; 0 = not from the text (a default value)
  int column = 0;    // 1-based
};

struct Problem {
  SourceMark mark;
  std::string key;      // key path, e.g. "d2d.lanes" or "workload.layers[1].at"
  std::string message;  // what was found and what is allowed
};

// "file:line:col: error: key: message" (line/col omitted for defaults).
std::string format_problem(const Problem& p);

// Thrown by every stage that rejects a configuration; carries every problem found, not just the
// first, so a user fixes a file in one pass. The CLI maps it to exit code 2.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// Collects problems; throws them together at the end of a stage.
class Problems {
 public:
  void add(SourceMark mark, std::string key, std::string message);
  bool empty() const { return list_.empty(); }
  void throw_if_any() const;

 private:
  std::vector<Problem> list_;
};

}  // namespace snapgen
