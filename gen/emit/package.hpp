#pragma once
// Stage 4 of the pipeline: emission. The whole package is built in memory first (so a failure
// never leaves half a package behind), then written atomically by write_package().
#include <string>
#include <vector>

#include "model/design.hpp"
#include "util/atomic_dir.hpp"

namespace snapgen {

struct GeneratedFile {
  std::string path;     // relative to the package root
  std::string content;
};

struct Package {
  std::string name;
  std::vector<GeneratedFile> files;
  // Top modules generated for this config (each is linted / synthesized on its own by the gates).
  std::vector<std::string> tops;
  // The package's main top: <name>_system, every die and the links between them (one of `tops`).
  std::string system_top;
  // One top per die: <name>_chiplet_r<R>c<C> (also in `tops`), what one die's synthesis sees.
  std::vector<std::string> die_tops;

  void add(std::string path, std::string content) { files.push_back({std::move(path), std::move(content)}); }
  const GeneratedFile* find(const std::string& path) const;
};

// Builds every artifact for `design`: RTL (IP + generated package + tops), files.f, FuseSoC core,
// SDC, C++ header, manifest. Deterministic: same design, byte-identical package.
Package build_package(const Design& design);

// Writes the package under `out_dir` atomically (temp dir + rename). An existing directory is
// replaced only if it is an earlier snapgen package (has manifest.json) or `force` is set.
// Throws OutputError on failure, after removing anything it wrote.
void write_package(const Package& package, const std::string& out_dir, bool force);

// --- emitters (one artifact each; build_package calls them in order) -------------------------
// Generated SV: `<name>_pkg.sv` (constants) and the block tops; adds to package.tops.
void emit_config_package(const Design& d, Package& p);
void emit_blocks(const Design& d, Package& p);
// rtl/ IP: the embedded modules the generated tops instantiate (transitively), and files.f in
// dependency order (leaves first). Must run after every SV emitter.
void emit_ip_and_filelist(const Design& d, Package& p);
void emit_fusesoc_core(const Design& d, Package& p);
void emit_sdc(const Design& d, Package& p);
void emit_cpp_header(const Design& d, Package& p);
void emit_manifest(const Design& d, Package& p);  // last: hashes every other file

}  // namespace snapgen
