#include "config/value.hpp"

#include <fmt/format.h>

namespace snapgen {

namespace {
std::string ints_text(const IntList& l) {
  std::string s = "[";
  for (std::size_t i = 0; i < l.size(); ++i) s += (i ? ", " : "") + std::to_string(l[i]);
  return s + "]";
}
std::string real_text(double d) { return fmt::format("{}", d); }
}  // namespace

std::string to_text(const Scalar& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>) return real_text(x);
        else if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::string>) return x;
        else return ints_text(x);
      },
      v);
}

std::string to_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, RecordList>) {
          std::string s = "[";
          for (std::size_t i = 0; i < x.size(); ++i) {
            s += i ? ", {" : "{";
            bool first = true;
            for (const auto& [k, f] : x[i].fields) {
              s += (first ? "" : ", ") + k + ": " + to_text(f);
              first = false;
            }
            s += "}";
          }
          return s + "]";
        } else {
          return to_text(Scalar{x});
        }
      },
      v);
}

}  // namespace snapgen
