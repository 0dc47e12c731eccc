#include <filesystem>

#include "emit/package.hpp"

namespace snapgen {

namespace fs = std::filesystem;

void write_package(const Package& package, const std::string& out_dir, bool force) {
  write_dir_atomically(fs::path(out_dir), "manifest.json", force, "package", [&](const fs::path& staging) {
    for (const auto& f : package.files) write_file(staging / f.path, f.content);
  });
}

}  // namespace snapgen
