#include "config/loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "config/validate.hpp"
#include "util/embedded_files.hpp"
#include "util/text.hpp"

namespace snapgen {

namespace {

using Entries = std::map<std::string, Config::Entry, std::less<>>;

SourceMark mark_of(const std::string& file, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return SourceMark{file, 0, 0};
  return SourceMark{file, m.line + 1, m.column + 1};
}

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null: return "nothing (null)";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: {
      std::string s = n.Scalar();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return "'" + s + "'";
    }
    default: return "an undefined node";
  }
}

// Converts one YAML node to a value of the spec's kind, or reports why it cannot.
class Converter {
 public:
  Converter(std::string file, Problems& problems) : file_(std::move(file)), problems_(problems) {}

  std::optional<Value> convert(const ParamSpec& spec, const YAML::Node& node, const std::string& key) {
    switch (spec.kind) {
      case Kind::Int: {
        auto v = integer(spec, node, key);
        if (v) return Value{*v};
        return std::nullopt;
      }
      case Kind::Real: return real(spec, node, key);
      case Kind::Bool: return boolean(node, key);
      case Kind::Enum: return enumeration(spec, node, key);
      case Kind::Text: return text(spec, node, key);
      case Kind::IntList: {
        auto v = int_list(spec, node, key);
        if (v) return Value{*v};
        return std::nullopt;
      }
      case Kind::RecordList: return records(spec, node, key);
    }
    return std::nullopt;
  }

 private:
  void bad(const YAML::Node& n, const std::string& key, const std::string& what) {
    problems_.add(mark_of(file_, n), key, what);
  }

  bool expect_scalar(const YAML::Node& n, const std::string& key, const ParamSpec& spec) {
    if (n.IsScalar()) return true;
    bad(n, key, fmt::format("found {}, expected {}", describe(n), spec.allowed_text()));
    return false;
  }

  std::optional<std::int64_t> integer(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!expect_scalar(n, key, spec)) return std::nullopt;
    const std::string& s = n.Scalar();
    std::int64_t v = 0;
    const char* first = s.data();
    const char* last = s.data() + s.size();
    int base = 10;
    std::string_view body(s);
    bool negative = false;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
      negative = body[0] == '-';
      body.remove_prefix(1);
    }
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
      base = 16;
      body.remove_prefix(2);
    }
    first = body.data();
    last = body.data() + body.size();
    auto [ptr, ec] = std::from_chars(first, last, v, base);
    if (body.empty() || ec != std::errc() || ptr != last) {
      bad(n, key, fmt::format("found {}, expected {}", describe(n), spec.allowed_text()));
      return std::nullopt;
    }
    if (negative) v = -v;
    const bool in_set = spec.allowed.empty() ||
                        std::find(spec.allowed.begin(), spec.allowed.end(), v) != spec.allowed.end();
    if (v < spec.min || v > spec.max || !in_set) {
      bad(n, key, fmt::format("found {}, allowed {}", s, spec.allowed_text()));
      return std::nullopt;
    }
    return v;
  }

  std::optional<Value> real(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!expect_scalar(n, key, spec)) return std::nullopt;
    const std::string& s = n.Scalar();
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
      bad(n, key, fmt::format("found {}, expected {}", describe(n), spec.allowed_text()));
      return std::nullopt;
    }
    if (v < spec.real_min || v > spec.real_max) {
      bad(n, key, fmt::format("found {}, allowed {}", s, spec.allowed_text()));
      return std::nullopt;
    }
    return Value{v};
  }

  std::optional<Value> boolean(const YAML::Node& n, const std::string& key) {
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) return Value{n.Scalar() == "true"};
    bad(n, key, fmt::format("found {}, expected true or false", describe(n)));
    return std::nullopt;
  }

  std::optional<Value> enumeration(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!expect_scalar(n, key, spec)) return std::nullopt;
    const std::string& s = n.Scalar();
    if (std::find(spec.choices.begin(), spec.choices.end(), s) != spec.choices.end()) return Value{s};
    std::string hint = closest_match(s, spec.choices);
    bad(n, key, fmt::format("found {}, allowed {}{}", describe(n), spec.allowed_text(),
                            hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return std::nullopt;
  }

  std::optional<Value> text(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!expect_scalar(n, key, spec)) return std::nullopt;
    const std::string& s = n.Scalar();
    if (spec.identifier && !is_identifier(s)) {
      bad(n, key, fmt::format("found {}, expected {}", describe(n), spec.allowed_text()));
      return std::nullopt;
    }
    return Value{s};
  }

  // A list value: a sequence of min_items..max_items entries (reported otherwise).
  bool expect_sequence(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!n.IsSequence()) {
      bad(n, key, fmt::format("found {}, expected {}", describe(n), spec.allowed_text()));
      return false;
    }
    if (n.size() < spec.min_items || n.size() > spec.max_items) {
      bad(n, key, fmt::format("found {} items, expected {}", n.size(), spec.allowed_text()));
      return false;
    }
    return true;
  }

  std::optional<IntList> int_list(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!expect_sequence(spec, n, key)) return std::nullopt;
    IntList out;
    bool ok = true;
    ParamSpec element = spec;
    element.kind = Kind::Int;
    for (std::size_t i = 0; i < n.size(); ++i) {
      auto v = integer(element, n[i], fmt::format("{}[{}]", key, i));
      if (v) out.push_back(*v);
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<Value> records(const ParamSpec& spec, const YAML::Node& n, const std::string& key) {
    if (!expect_sequence(spec, n, key)) return std::nullopt;
    RecordList out;
    bool ok = true;
    std::vector<std::string> field_names;
    for (const auto& f : spec.fields) field_names.push_back(f.path);
    for (std::size_t i = 0; i < n.size(); ++i) {
      const YAML::Node item = n[i];
      const std::string item_key = fmt::format("{}[{}]", key, i);
      if (!item.IsMap()) {
        bad(item, item_key, fmt::format("found {}, expected a mapping with keys {}", describe(item),
                                        fmt::join(field_names, ", ")));
        ok = false;
        continue;
      }
      Record rec;
      rec.mark = mark_of(file_, item);
      // Fields given in the file, valid or not: a field present with a bad value is reported once,
      // for its value, not a second time as missing.
      std::set<std::string> given;
      for (auto it = item.begin(); it != item.end(); ++it) {
        const std::string field = it->first.IsScalar() ? it->first.Scalar() : "";
        given.insert(field);
        const auto spec_it = std::find_if(spec.fields.begin(), spec.fields.end(),
                                          [&](const ParamSpec& f) { return f.path == field; });
        if (spec_it == spec.fields.end()) {
          std::string hint = closest_match(field, field_names);
          bad(it->first, item_key + "." + field,
              fmt::format("unknown key; allowed keys: {}{}", fmt::join(field_names, ", "),
                          hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
          ok = false;
          continue;
        }
        if (rec.fields.count(field)) {
          bad(it->first, item_key + "." + field, "duplicate key");
          ok = false;
          continue;
        }
        auto v = convert(*spec_it, it->second, item_key + "." + field);
        if (!v) {
          ok = false;
          continue;
        }
        rec.fields[field] = std::visit(
            [](auto&& x) -> Scalar {
              if constexpr (std::is_same_v<std::decay_t<decltype(x)>, RecordList>) return Scalar{};
              else return Scalar{x};
            },
            *v);
        rec.field_marks[field] = mark_of(file_, it->second);
      }
      for (const auto& f : spec.fields) {
        if (rec.fields.count(f.path)) continue;
        if (given.count(f.path)) continue;  // present, reported above
        if (!f.def) {
          bad(item, item_key, fmt::format("missing required key '{}' ({})", f.path, f.allowed_text()));
          ok = false;
          continue;
        }
        rec.fields[f.path] = std::visit(
            [](auto&& x) -> Scalar {
              if constexpr (std::is_same_v<std::decay_t<decltype(x)>, RecordList>) return Scalar{};
              else return Scalar{x};
            },
            *f.def);
        rec.field_marks[f.path] = rec.mark;
      }
      out.push_back(std::move(rec));
    }
    if (!ok) return std::nullopt;
    return Value{std::move(out)};
  }

  std::string file_;
  Problems& problems_;
};

std::vector<std::string> children_of(const std::string& prefix) {
  std::set<std::string> names;
  const std::string head = prefix.empty() ? "" : prefix + ".";
  auto add = [&](const std::string& path) {
    if (path.rfind(head, 0) != 0 || path == prefix) return;
    const std::string rest = path.substr(head.size());
    names.insert(rest.substr(0, rest.find('.')));
  };
  for (const auto& p : schema()) add(p.path);
  return {names.begin(), names.end()};
}

bool is_section(const std::string& path) {
  const auto& s = schema_sections();
  return std::find(s.begin(), s.end(), path) != s.end();
}

void walk_map(const YAML::Node& map, const std::string& prefix, const std::string& file, Converter& conv,
              Problems& problems, Entries& entries) {
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      problems.add(mark_of(file, key_node), prefix, "keys must be plain names, found " + describe(key_node));
      continue;
    }
    const std::string name = key_node.Scalar();
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (!seen.insert(name).second) {
      problems.add(mark_of(file, key_node), path, "duplicate key");
      continue;
    }
    if (is_section(path)) {
      if (!it->second.IsMap()) {
        problems.add(mark_of(file, it->second), path,
                     fmt::format("found {}, expected a mapping with keys {}", describe(it->second),
                                 fmt::join(children_of(path), ", ")));
        continue;
      }
      walk_map(it->second, path, file, conv, problems, entries);
      continue;
    }
    const ParamSpec* spec = find_spec(path);
    if (!spec) {
      const auto allowed = children_of(prefix);
      const std::string hint = closest_match(name, allowed);
      problems.add(mark_of(file, key_node), path,
                   fmt::format("unknown key; allowed here: {}{}", fmt::join(allowed, ", "),
                               hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      continue;
    }
    if (it->second.IsNull()) {
      // An empty value (`key:` at the end of a line) has no position of its own: yaml-cpp marks
      // the next token, possibly on a later line or past the end of the file. Point at the key.
      problems.add(mark_of(file, key_node), path,
                   fmt::format("found nothing (null), expected {}", spec->allowed_text()));
      continue;
    }
    if (auto v = conv.convert(*spec, it->second, path))
      entries[path] = Config::Entry{std::move(*v), mark_of(file, it->second), false};
  }
}

void apply_override(const std::string& text, Entries& entries, Problems& problems) {
  const SourceMark mark{"-P " + text, 0, 0};
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    problems.add(mark, "", "expected -P key.path=value");
    return;
  }
  const std::string path = text.substr(0, eq);
  const std::string value_text = text.substr(eq + 1);
  const ParamSpec* spec = find_spec(path);
  if (!spec) {
    std::vector<std::string> all;
    for (const auto& p : schema()) all.push_back(p.path);
    const std::string hint = closest_match(path, all);
    problems.add(mark, path, fmt::format("unknown key (see `snapgen schema`){}",
                                         hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return;
  }
  YAML::Node node;
  try {
    node = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    problems.add(mark, path, "value is not valid YAML: " + e.msg);
    return;
  }
  Converter conv(mark.file, problems);
  if (auto v = conv.convert(*spec, node, path)) entries[path] = Config::Entry{std::move(*v), mark, false};
}

}  // namespace

ConfigSource read_config_file(const std::string& path) {
  namespace fs = std::filesystem;
  auto fail = [&](const std::string& why) { throw ConfigError({Problem{SourceMark{path, 0, 0}, "", why}}); };
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) fail("cannot read config: no such file");
  if (fs::is_directory(status)) fail("cannot read config: it is a directory");
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxConfigBytes) fail(fmt::format("config is {} bytes; the limit is {}", size, kMaxConfigBytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read config: permission denied or unreadable");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ConfigSource{path, ss.str()};
}

ConfigSource default_config_source() {
  for (const auto& f : embedded_files())
    if (f.path == "configs/default.yaml") return ConfigSource{"<default>", std::string(f.content)};
  throw std::logic_error("default config not embedded");
}

Config load_config(const ConfigSource& source, std::span<const std::string> overrides) {
  Problems problems;
  const SourceMark whole{source.name, 0, 0};
  if (source.text.size() > kMaxConfigBytes) {
    problems.add(whole, "", fmt::format("config is {} bytes; the limit is {}", source.text.size(), kMaxConfigBytes));
    problems.throw_if_any();
  }
  if (source.text.find('\0') != std::string::npos) {
    problems.add(whole, "", "config contains a NUL byte; expected YAML text");
    problems.throw_if_any();
  }
  YAML::Node root;
  try {
    root = YAML::Load(source.text);
  } catch (const YAML::Exception& e) {
    problems.add(SourceMark{source.name, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
    problems.throw_if_any();
  }
  Entries entries;
  if (root.IsNull()) {
    // An empty document is a valid config: every key takes its default.
  } else if (!root.IsMap()) {
    problems.add(mark_of(source.name, root), "",
                 fmt::format("found {}, expected a mapping of config sections ({})", describe(root),
                             fmt::join(children_of(""), ", ")));
  } else {
    Converter conv(source.name, problems);
    walk_map(root, "", source.name, conv, problems, entries);
  }
  for (const auto& o : overrides) apply_override(o, entries, problems);
  problems.throw_if_any();

  for (const auto& spec : schema()) {
    if (entries.count(spec.path)) continue;
    if (!spec.def) {
      problems.add(whole, spec.path, "required key is missing: " + spec.allowed_text());
      continue;
    }
    entries[spec.path] = Config::Entry{*spec.def, SourceMark{source.name, 0, 0}, true};
  }
  problems.throw_if_any();
  Config config(source.name, std::move(entries));
  check_consistency(config);
  return config;
}

}  // namespace snapgen
