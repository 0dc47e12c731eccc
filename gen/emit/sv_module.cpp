#include "emit/sv_module.hpp"

#include <fmt/format.h>

namespace snapgen::sv {

PortDecl decl_of(const Port& p) { return {p.output, p.width, p.name, {}, false}; }

PortList same_names(const std::vector<PortDecl>& ports) {
  PortList l;
  for (const auto& p : ports) l.emplace_back(p.name, p.name);
  return l;
}

ExprParamList exprs(const ParamList& params) {
  ExprParamList e;
  for (const auto& [name, value] : params) e.emplace_back(name, std::to_string(value));
  return e;
}

Module& Module::param(std::string name, std::string default_value, std::string doc, std::string type) {
  params_.push_back(fmt::format("  /// {}\n  parameter {}{} = {}", doc, type, name, default_value));
  return *this;
}

Module& Module::ports(const std::vector<PortDecl>& ps) {
  for (const auto& p : ps) ports_.push_back(p);
  return *this;
}

Module& Module::ports(const std::vector<Port>& ps) {
  for (const auto& p : ps) ports_.push_back(decl_of(p));
  return *this;
}

Module& Module::comment(const std::string& text) {
  body_ += "  // " + text + "\n";
  return *this;
}

Module& Module::blank_comment(const std::string& text) {
  body_ += "\n  // " + text + "\n";
  return *this;
}

Module& Module::wire(std::int64_t width, const std::string& name) {
  body_ += fmt::format("  logic {}{};\n", range(width), name);
  return *this;
}

Module& Module::wires(std::int64_t width, const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
  body_ += fmt::format("  logic {}{};\n", range(width), list);
  return *this;
}

Module& Module::assign(const std::string& lhs, const std::string& rhs) {
  body_ += fmt::format("  assign {} = {};\n", lhs, rhs);
  return *this;
}

Module& Module::instance(const std::string& module, const std::string& name, const ParamList& params,
                         const PortList& ports) {
  body_ += sv::instance(module, name, params, ports);
  return *this;
}

Module& Module::instance(const std::string& module, const std::string& name, const ExprParamList& params,
                         const PortList& ports) {
  std::string s = "  " + module;
  if (!params.empty()) {
    s += " #(\n";
    for (std::size_t i = 0; i < params.size(); ++i)
      s += fmt::format("    .{}({}){}\n", params[i].first, params[i].second, i + 1 < params.size() ? "," : "");
    s += "  )";
  }
  s += " " + name + " (\n";
  for (std::size_t i = 0; i < ports.size(); ++i)
    s += fmt::format("    .{}({}){}\n", ports[i].first, ports[i].second, i + 1 < ports.size() ? "," : "");
  body_ += s + "  );\n";
  return *this;
}

std::string Module::str() const {
  std::string s = banner_ + "module " + name_;
  if (!params_.empty()) {
    s += " #(\n";
    for (std::size_t i = 0; i < params_.size(); ++i) s += params_[i] + (i + 1 < params_.size() ? ",\n" : "\n");
    s += ")";
  }
  s += " (\n";
  for (std::size_t i = 0; i < ports_.size(); ++i) {
    const PortDecl& p = ports_[i];
    if (!p.doc.empty()) s += "  // " + p.doc + "\n";
    const std::string r = p.always_range ? fmt::format("[{}:0] ", p.width - 1) : range(p.width);
    s += fmt::format("  {} logic {}{}{}\n", p.output ? "output" : "input ", r, p.name, i + 1 < ports_.size() ? "," : "");
  }
  s += ");\n" + body_;
  if (!unused_.empty()) {
    s += "\n  // Outputs of the routers' tied-off ports and packet fields the glue does not need.\n";
    s += "  logic unused_signals;\n  assign unused_signals = ^{";
    for (std::size_t i = 0; i < unused_.size(); ++i) s += (i ? ", " : "") + unused_[i];
    s += "};\n";
  }
  return s + "endmodule\n";
}

std::string slice(const std::string& bus, int base, int width) {
  return width == 1 ? fmt::format("{}[{}]", bus, base) : fmt::format("{}[{} +: {}]", bus, base, width);
}

}  // namespace snapgen::sv
