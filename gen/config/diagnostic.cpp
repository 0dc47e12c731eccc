#include "config/diagnostic.hpp"

#include <fmt/format.h>

namespace snapgen {

std::string format_problem(const Problem& p) {
  std::string where = p.mark.file;
  // Overrides come from the command line: the position inside "-P k=v" adds nothing.
  if (p.mark.line > 0 && where.rfind("-P ", 0) != 0) where += fmt::format(":{}:{}", p.mark.line, p.mark.column);
  if (p.key.empty()) return fmt::format("{}: error: {}", where, p.message);
  return fmt::format("{}: error: {}: {}", where, p.key, p.message);
}

namespace {
std::string join_problems(const std::vector<Problem>& problems) {
  std::string text;
  for (const auto& p : problems) {
    if (!text.empty()) text += '\n';
    text += format_problem(p);
  }
  return text;
}
}  // namespace

ConfigError::ConfigError(std::vector<Problem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

void Problems::add(SourceMark mark, std::string key, std::string message) {
  list_.push_back(Problem{std::move(mark), std::move(key), std::move(message)});
}

void Problems::throw_if_any() const {
  if (!list_.empty()) throw ConfigError(list_);
}

}  // namespace snapgen
