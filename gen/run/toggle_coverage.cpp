#include "run/toggle_coverage.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace snapgen {

bool parse_toggle_line(const std::string& line, TogglePoint& out) {
  if (line.rfind("C '", 0) != 0) return false;
  const std::size_t close = line.rfind('\'');
  if (close == std::string::npos || close < 3) throw std::runtime_error("unterminated key");
  const std::string keys = line.substr(3, close - 3);
  const std::string count = line.substr(close + 1);
  std::string page, hier, object;
  // Fields are "\x01key\x02value" one after another.
  std::size_t pos = 0;
  while (pos < keys.size()) {
    if (keys[pos] != '\x01') throw std::runtime_error("expected \\001 before a key");
    const std::size_t sep = keys.find('\x02', pos + 1);
    if (sep == std::string::npos) throw std::runtime_error("key without \\002 value separator");
    std::size_t end = keys.find('\x01', sep + 1);
    if (end == std::string::npos) end = keys.size();
    const std::string key = keys.substr(pos + 1, sep - pos - 1), value = keys.substr(sep + 1, end - sep - 1);
    if (key == "page") page = value;
    else if (key == "h") hier = value;
    else if (key == "o") object = value;
    pos = end;
  }
  static const std::string kToggle = "v_toggle/";
  if (page.rfind(kToggle, 0) != 0) return false;
  if (hier.empty() || object.empty()) throw std::runtime_error("toggle point without hierarchy (h) or object (o)");
  out.module = page.substr(kToggle.size());
  out.instance = hier.rfind("TOP.", 0) == 0 ? hier.substr(4) : hier;
  out.signal = object;
  std::size_t used = 0;
  try {
    out.count = std::stoull(count, &used);
  } catch (const std::exception&) {
    throw std::runtime_error("count '" + count + "' is not a number");
  }
  return true;
}

std::vector<TogglePoint> read_toggle_coverage(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read coverage file {}", path.string()));
  std::vector<TogglePoint> points;
  std::size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    TogglePoint p;
    try {
      if (parse_toggle_line(line, p)) points.push_back(std::move(p));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{}:{}: malformed coverage point: {}", path.string(), line_no, e.what()));
    }
  }
  return points;
}

}  // namespace snapgen
