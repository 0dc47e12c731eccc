// <name>_pkg.sv: every elaborated constant as a localparam, for users' own RTL. Generated tops do
// not import it (Icarus and Yosys handle packages unevenly); they get plain numbers instead.
#include <fmt/format.h>

#include "emit/package.hpp"
#include "emit/sv_writer.hpp"

namespace snapgen {

void emit_config_package(const Design& d, Package& p) {
  std::string s = sv::file_banner(d, fmt::format("{}_pkg: elaborated parameters of this configuration.", d.name));
  s += fmt::format("package {}_pkg;\n", d.name);
  for (const auto& k : d.constants())
    s += fmt::format("  localparam int {} = {};  // {}\n", k.name, k.value, k.doc);
  s += fmt::format("endpackage : {}_pkg\n", d.name);
  p.add(fmt::format("{}_pkg.sv", d.name), s);
}

}  // namespace snapgen
