#include "sweep/sweep_spec.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/schema.hpp"
#include "model/baselines.hpp"
#include "util/text.hpp"

namespace snapgen::sweep {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTopKeys = {"base", "axes", "zip", "seeds", "run"};
const std::vector<std::string> kRunKeys = {"baseline", "baselines", "backpressure"};
const char* kSeedKey = "workload.inputs.seed";

SourceMark mark_of(const std::string& file, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return SourceMark{file, 0, 0};
  return SourceMark{file, m.line + 1, m.column + 1};
}

std::string unknown_key_message(const std::string& name, const std::vector<std::string>& allowed) {
  const std::string hint = closest_match(name, allowed);
  return fmt::format("unknown key; allowed here: {}{}", fmt::join(allowed, ", "),
                     hint.empty() ? "" : " (did you mean '" + hint + "'?)");
}

// `-P` takes YAML text: scalars as written, lists in flow style ("[1, 2]").
std::string value_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

class Parser {
 public:
  Parser(std::string file, fs::path dir) : file_(std::move(file)), dir_(std::move(dir)) {}

  SweepSpec parse(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      problems_.add(SourceMark{file_, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + e.msg);
      problems_.throw_if_any();
    }
    if (!root.IsMap()) {
      problems_.add(mark_of(file_, root), "",
                    fmt::format("expected a mapping with keys {}", fmt::join(kTopKeys, ", ")));
      problems_.throw_if_any();
    }
    spec_.file = file_;
    std::set<std::string> seen;
    YAML::Node zip_node;
    bool has_zip = false;
    for (auto it = root.begin(); it != root.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      // A copy (a Node is a handle): `it->second` lives in a temporary proxy of the iterator, so a
      // reference to it would dangle (GCC 12 -Wdangling-pointer).
      const YAML::Node v = it->second;
      if (!seen.insert(key).second) problems_.add(mark_of(file_, it->first), key, "duplicate key");
      else if (key == "base") base(v);
      else if (key == "axes") axes(v);
      else if (key == "seeds") seeds(v);
      else if (key == "run") run(v);
      else if (key == "zip") {
        zip_node = v;
        has_zip = true;
      }
      else problems_.add(mark_of(file_, it->first), key, unknown_key_message(key, kTopKeys));
    }
    if (!seen.count("base")) spec_.base = default_config_source();
    if (!seen.count("axes") && !seen.count("seeds"))
      problems_.add(mark_of(file_, root), "axes", "missing: a mapping of key paths to lists of values (or `seeds:`)");
    // zip refers to axes, so it is read after all of them.
    if (has_zip) zip(zip_node);
    dimensions();
    problems_.throw_if_any();
    return spec_;
  }

 private:
  void base(const YAML::Node& v) {
    if (!v.IsScalar() || v.Scalar().empty()) {
      problems_.add(mark_of(file_, v), "base", "expected the path of a config file (relative to the sweep file)");
      return;
    }
    const fs::path p = fs::path(v.Scalar()).is_absolute() ? fs::path(v.Scalar()) : dir_ / v.Scalar();
    try {
      spec_.base = read_config_file(p.lexically_normal().string());
      spec_.base_path = fs::absolute(p).lexically_normal().string();
    } catch (const ConfigError& e) {
      problems_.add(mark_of(file_, v), "base", e.problems().front().message + " (" + p.string() + ")");
    }
  }

  // Values of one axis: a non-empty list of distinct values (a scalar is a one-value list).
  std::vector<AxisValue> values(const YAML::Node& v, const std::string& key) {
    std::vector<AxisValue> out;
    if (v.IsNull() || v.IsMap() || (v.IsSequence() && v.size() == 0)) {
      problems_.add(mark_of(file_, v), key, "expected a non-empty list of values, e.g. [a, b]");
      return out;
    }
    std::set<std::string> seen;
    auto add = [&](const YAML::Node& n) {
      AxisValue a{value_text(n), mark_of(file_, n)};
      if (!seen.insert(a.text).second) problems_.add(a.mark, key, "duplicate value '" + a.text + "'");
      out.push_back(std::move(a));
    };
    if (v.IsSequence()) {
      for (const auto& n : v) add(n);
    } else {
      add(v);
    }
    return out;
  }

  void add_axis(const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
    for (const auto& a : spec_.axes)
      if (a.key == key) {
        problems_.add(mark_of(file_, key_node), key,
                      key == kSeedKey ? "set twice (by `seeds:` and as an axis); keep one" : "duplicate axis");
        return;
      }
    spec_.axes.push_back(Axis{key, mark_of(file_, key_node), values(v, key)});
  }

  void axes(const YAML::Node& v) {
    if (!v.IsMap()) {
      problems_.add(mark_of(file_, v), "axes", "expected a mapping of key paths to lists of values");
      return;
    }
    std::vector<std::string> all;
    for (const auto& p : schema())
      if (p.kind != Kind::RecordList) all.push_back(p.path);
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      const ParamSpec* spec = find_spec(key);
      if (!spec) {
        const std::string hint = closest_match(key, all);
        problems_.add(mark_of(file_, it->first), "axes." + key,
                      fmt::format("not a configuration key (see `snapgen schema`){}",
                                  hint.empty() ? "" : "; did you mean '" + hint + "'?"));
        continue;
      }
      if (spec->kind == Kind::RecordList) {
        problems_.add(mark_of(file_, it->first), "axes." + key,
                      "lists of records cannot be swept; sweep one base config per layer chain instead");
        continue;
      }
      add_axis(key, it->first, it->second);
    }
  }

  void seeds(const YAML::Node& v) {
    if (!v.IsSequence()) {
      problems_.add(mark_of(file_, v), "seeds", "expected a list of integer seeds, e.g. [1, 2, 3]");
      return;
    }
    add_axis(kSeedKey, v, v);
  }

  void run(const YAML::Node& v) {
    if (!v.IsMap()) {
      problems_.add(mark_of(file_, v), "run", fmt::format("expected a mapping with keys {}", fmt::join(kRunKeys, ", ")));
      return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      const SourceMark m = mark_of(file_, it->second);
      try {
        if (key == "baseline") {
          spec_.run.baselines = it->second.as<bool>() ? std::vector<std::string>{"dense"} : std::vector<std::string>{};
        } else if (key == "baselines") {
          run_baselines(it->second);
        } else if (key == "backpressure") {
          const double p = it->second.as<double>();
          if (!(p >= 0.05 && p <= 1.0)) throw YAML::Exception(YAML::Mark::null_mark(), "range");
          spec_.run.backpressure = p;
        } else {
          problems_.add(mark_of(file_, it->first), "run." + key, unknown_key_message(key, kRunKeys));
        }
      } catch (const YAML::Exception&) {
        problems_.add(m, "run." + key,
                      key == "baseline" ? "expected true or false"
                                        : "expected a probability 0.05..1 that the output is ready each cycle");
      }
    }
  }

  // run.baselines: a list of distinct baseline names (`snapgen run --baselines`), [] for none.
  void run_baselines(const YAML::Node& v) {
    const auto& known = default_baselines();
    const std::string allowed = fmt::format("expected a list of baselines from [{}], e.g. [dense, dense_zc]",
                                            fmt::join(known, ", "));
    if (!v.IsSequence()) {
      problems_.add(mark_of(file_, v), "run.baselines", allowed);
      return;
    }
    std::vector<std::string> names;
    for (const auto& n : v) {
      const std::string name = n.IsScalar() ? n.Scalar() : "";
      if (std::find(known.begin(), known.end(), name) == known.end() ||
          std::find(names.begin(), names.end(), name) != names.end()) {
        problems_.add(mark_of(file_, n), "run.baselines", allowed + " (each at most once)");
        return;
      }
      names.push_back(name);
    }
    spec_.run.baselines = std::move(names);
  }

  void zip(const YAML::Node& v) {
    auto bad = [&](const YAML::Node& n) {
      problems_.add(mark_of(file_, n), "zip", "expected a list of groups of axis names, e.g. [[d2d.lanes, clp.channels]]");
    };
    if (!v.IsSequence()) return bad(v);
    std::set<std::size_t> used;
    for (const auto& group : v) {
      if (!group.IsSequence() || group.size() < 2) {
        bad(group);
        continue;
      }
      std::vector<std::size_t> members;
      for (const auto& name : group) {
        const std::string key = name.IsScalar() ? name.Scalar() : "";
        std::size_t i = 0;
        while (i < spec_.axes.size() && spec_.axes[i].key != key) ++i;
        if (i == spec_.axes.size()) {
          std::vector<std::string> names;
          for (const auto& a : spec_.axes) names.push_back(a.key);
          problems_.add(mark_of(file_, name), "zip", fmt::format("'{}' is not an axis; axes: {}", key, fmt::join(names, ", ")));
        } else if (!used.insert(i).second) {
          problems_.add(mark_of(file_, name), "zip", fmt::format("axis '{}' is in more than one zip group", key));
        } else {
          members.push_back(i);
        }
      }
      for (std::size_t m : members)
        if (spec_.axes[m].values.size() != spec_.axes[members.front()].values.size())
          problems_.add(mark_of(file_, group), "zip",
                        fmt::format("zipped axes need equally many values: {} has {}, {} has {}",
                                    spec_.axes[members.front()].key, spec_.axes[members.front()].values.size(),
                                    spec_.axes[m].key, spec_.axes[m].values.size()));
      if (!members.empty()) zipped_.push_back(members);
    }
  }

  void dimensions() {
    std::map<std::size_t, std::size_t> group_of;  // axis index -> zipped_ index
    for (std::size_t g = 0; g < zipped_.size(); ++g)
      for (std::size_t a : zipped_[g]) group_of[a] = g;
    std::set<std::size_t> emitted;
    for (std::size_t a = 0; a < spec_.axes.size(); ++a) {
      auto it = group_of.find(a);
      if (it == group_of.end()) spec_.dimensions.push_back({a});
      else if (emitted.insert(it->second).second) spec_.dimensions.push_back(zipped_[it->second]);
    }
  }

  std::string file_;
  fs::path dir_;
  SweepSpec spec_;
  Problems problems_;
  std::vector<std::vector<std::size_t>> zipped_;
};

}  // namespace

SweepSpec parse_sweep(const std::string& text, const std::string& name, const fs::path& dir) {
  return Parser(name, dir).parse(text);
}

SweepSpec read_sweep_file(const std::string& path) {
  // Same checks (missing, directory, size) as config files.
  const ConfigSource src = read_config_file(path);
  return parse_sweep(src.text, path, fs::absolute(path).parent_path());
}

}  // namespace snapgen::sweep
