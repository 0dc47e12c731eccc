#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "emit/package.hpp"

namespace snapgen {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw OutputError(fmt::format("cannot write {}", path.string()));
}

}  // namespace

void write_package(const Package& package, const std::string& out_dir, bool force) {
  write_dir_atomically(fs::path(out_dir), "manifest.json", force, "package", [&](const fs::path& staging) {
    for (const auto& f : package.files) write_file(staging / f.path, f.content);
  });
}

}  // namespace snapgen
