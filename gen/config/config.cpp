#include "config/config.hpp"

#include <stdexcept>

namespace snapgen {

const Config::Entry& Config::entry(std::string_view path) const {
  auto it = entries_.find(path);
  if (it == entries_.end()) throw std::logic_error("config key not in schema: " + std::string(path));
  return it->second;
}

namespace {
template <typename T>
const T& get(const Config& c, std::string_view path) {
  const auto* v = std::get_if<T>(&c.entry(path).value);
  if (!v) throw std::logic_error("config key has another type: " + std::string(path));
  return *v;
}
}  // namespace

std::int64_t Config::integer(std::string_view p) const { return get<std::int64_t>(*this, p); }
double Config::real(std::string_view p) const { return get<double>(*this, p); }
bool Config::flag(std::string_view p) const { return get<bool>(*this, p); }
const std::string& Config::text(std::string_view p) const { return get<std::string>(*this, p); }
const IntList& Config::ints(std::string_view p) const { return get<IntList>(*this, p); }
const RecordList& Config::records(std::string_view p) const { return get<RecordList>(*this, p); }

std::filesystem::path Config::file_path(std::string_view p) const {
  const std::filesystem::path value(text(p));
  if (value.empty() || value.is_absolute()) return value;
  const std::string& file = mark(p).file;
  if (file.empty() || file.front() == '<' || file.front() == '-') return value;
  return std::filesystem::path(file).parent_path() / value;
}

std::string Config::canonical_text(bool hardware_only) const {
  std::string text;
  for (const auto& spec : schema()) {
    if (hardware_only && !spec.hardware) continue;
    text += spec.path + " = " + to_text(entry(spec.path).value) + "\n";
  }
  return text;
}

}  // namespace snapgen
