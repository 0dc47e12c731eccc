#include "config/schema_doc.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "config/schema.hpp"

namespace snapgen {

namespace {

using Json = nlohmann::ordered_json;

Json value_json(const Value& v);

Json scalar_json(const Scalar& s) {
  return std::visit([](const auto& x) -> Json { return Json(x); }, s);
}

Json value_json(const Value& v) {
  return std::visit(
      [](const auto& x) -> Json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, RecordList>) {
          Json arr = Json::array();
          for (const auto& r : x) {
            Json o = Json::object();
            for (const auto& [k, f] : r.fields) o[k] = scalar_json(f);
            arr.push_back(o);
          }
          return arr;
        } else {
          return Json(x);
        }
      },
      v);
}

Json spec_json(const ParamSpec& s) {
  Json j;
  j["description"] = s.doc + (s.hardware ? " [hardware]" : " [runtime]");
  switch (s.kind) {
    case Kind::Int:
      j["type"] = "integer";
      if (!s.allowed.empty()) j["enum"] = s.allowed;
      else {
        j["minimum"] = s.min;
        j["maximum"] = s.max;
      }
      break;
    case Kind::Real:
      j["type"] = "number";
      j["minimum"] = s.real_min;
      j["maximum"] = s.real_max;
      break;
    case Kind::Bool: j["type"] = "boolean"; break;
    case Kind::Enum:
      j["type"] = "string";
      j["enum"] = s.choices;
      break;
    case Kind::Text:
      j["type"] = "string";
      if (s.identifier) j["pattern"] = "^[A-Za-z_][A-Za-z0-9_]{0,47}$";
      break;
    case Kind::IntList:
      j["type"] = "array";
      j["items"] = {{"type", "integer"}, {"minimum", s.min}, {"maximum", s.max}};
      j["minItems"] = s.min_items;
      j["maxItems"] = s.max_items;
      break;
    case Kind::RecordList: {
      j["type"] = "array";
      j["minItems"] = s.min_items;
      j["maxItems"] = s.max_items;
      Json item = {{"type", "object"}, {"additionalProperties", false}};
      Json props = Json::object();
      Json required = Json::array();
      for (const auto& f : s.fields) {
        props[f.path] = spec_json(f);
        if (!f.def) required.push_back(f.path);
      }
      item["properties"] = props;
      item["required"] = required;
      j["items"] = item;
      break;
    }
  }
  if (s.def) j["default"] = value_json(*s.def);
  return j;
}

}  // namespace

std::string schema_text() {
  std::string out = "snapgen configuration keys ([hw] = changes the RTL; [rt] = runtime input)\n\n";
  auto line = [&](const ParamSpec& s, const std::string& path) {
    out += fmt::format("{:<34} {:<4} {}\n", path, s.hardware ? "[hw]" : "[rt]", s.doc);
    out += fmt::format("{:<34}      type {}; allowed {}; default {}\n", "", kind_name(s.kind), s.allowed_text(),
                       s.def ? to_text(*s.def) : "(required)");
  };
  for (const auto& s : schema()) {
    line(s, s.path);
    for (const auto& f : s.fields) line(f, s.path + "[]." + f.path);
  }
  return out;
}

std::string schema_keys(bool hardware) {
  std::string out;
  for (const auto& s : schema())
    if (s.hardware == hardware) out += fmt::format("{:<34} {}\n", s.path, s.doc);
  return out;
}

std::string schema_json() {
  Json root;
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["title"] = "snapgen chiplet configuration";
  root["type"] = "object";
  root["additionalProperties"] = false;
  root["properties"] = Json::object();
  for (const auto& s : schema()) {
    // Walk/create the nested objects for the dotted path.
    Json* node = &root;
    std::size_t start = 0;
    for (auto dot = s.path.find('.'); dot != std::string::npos; dot = s.path.find('.', start)) {
      const std::string part = s.path.substr(start, dot - start);
      Json& child = (*node)["properties"][part];
      if (child.is_null()) child = {{"type", "object"}, {"additionalProperties", false}, {"properties", Json::object()}};
      node = &child;
      start = dot + 1;
    }
    (*node)["properties"][s.path.substr(start)] = spec_json(s);
  }
  return root.dump(2) + "\n";
}

}  // namespace snapgen
