#include "emit/package.hpp"

namespace snapgen {

const GeneratedFile* Package::find(const std::string& path) const {
  for (const auto& f : files)
    if (f.path == path) return &f;
  return nullptr;
}

Package build_package(const Design& design) {
  Package p;
  p.name = design.name;
  emit_config_package(design, p);
  emit_blocks(design, p);
  emit_ip_and_filelist(design, p);
  emit_fusesoc_core(design, p);
  emit_sdc(design, p);
  emit_cpp_header(design, p);
  emit_manifest(design, p);
  return p;
}

}  // namespace snapgen
