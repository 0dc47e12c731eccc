#pragma once
// A typed SystemVerilog module builder: every generated module (block tops, meshes, chiplets,
// systems) is written through it, so headers, declarations and instances have one format and no
// emitter pastes a module header as a format string. It writes the project's dialect (flat
// vectors, numeric or expression parameters, no structs; docs/architecture.md).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "emit/sv_writer.hpp"
#include "model/system_model.hpp"

namespace snapgen::sv {

// A port declaration. `always_range` writes [0:0] for 1-bit vectors that are indexed as arrays.
struct PortDecl {
  bool output = false;
  std::int64_t width = 1;
  std::string name;
  std::string doc;          // "/// doc" line above the port (optional)
  bool always_range = false;
};
inline PortDecl in(std::int64_t width, std::string name, std::string doc = {}) { return {false, width, std::move(name), std::move(doc)}; }
inline PortDecl out(std::int64_t width, std::string name, std::string doc = {}) { return {true, width, std::move(name), std::move(doc)}; }
PortDecl decl_of(const Port& p);

// Connections of ports to signals of the same name (a wrapper passing its ports through).
PortList same_names(const std::vector<PortDecl>& ports);

// Parameter connections whose values are expressions (e.g. "OriginX + 1").
using ExprParamList = std::vector<std::pair<std::string, std::string>>;
ExprParamList exprs(const ParamList& params);

class Module {
 public:
  explicit Module(std::string name) : name_(std::move(name)) {}

  Module& banner(std::string text) { banner_ = std::move(text); return *this; }
  Module& param(std::string name, std::string default_value, std::string doc, std::string type = "int ");
  Module& port(PortDecl p) { ports_.push_back(std::move(p)); return *this; }
  Module& ports(const std::vector<PortDecl>& ps);
  Module& ports(const std::vector<Port>& ps);

  Module& comment(const std::string& text);            // "  // text"
  Module& blank_comment(const std::string& text);      // "\n  // text"
  Module& wire(std::int64_t width, const std::string& name);   // "  logic [W-1:0] name;"
  Module& wires(std::int64_t width, const std::vector<std::string>& names);  // one declaration
  Module& assign(const std::string& lhs, const std::string& rhs);
  Module& instance(const std::string& module, const std::string& name, const ParamList& params, const PortList& ports);
  Module& instance(const std::string& module, const std::string& name, const ExprParamList& params,
                   const PortList& ports);
  Module& raw(const std::string& text) { body_ += text; return *this; }
  // Signals read by nothing (tied-off outputs, unused fields): one XOR reduction at the end, so
  // lint sees them used.
  Module& unused(std::string signal) { unused_.push_back(std::move(signal)); return *this; }

  const std::string& name() const { return name_; }
  std::string str() const;

 private:
  std::string name_, banner_, body_;
  std::vector<std::string> params_;
  std::vector<PortDecl> ports_;
  std::vector<std::string> unused_;
};

// SystemVerilog concatenation of a bundle's fields, the last field first (field 0 at bit 0);
// `signal(field)` names the signal of each field.
template <class F>
std::string concat(const Bundle& b, F signal) {
  std::string s = "{";
  for (std::size_t i = b.fields.size(); i-- > 0;) s += signal(b.fields[i]) + (i ? ", " : "");
  return s + "}";
}

// "bus[offset +: width]" for a field of a bundle packed at `base` of a bus ("bus[k]" for 1 bit).
std::string slice(const std::string& bus, int base, int width);

}  // namespace snapgen::sv
