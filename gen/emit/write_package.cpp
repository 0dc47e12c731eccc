#include <fmt/format.h>
#include <unistd.h>

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

// Removes a directory tree we created, ignoring errors (best effort on the failure path).
void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

}  // namespace

void write_package(const Package& package, const std::string& out_dir, bool force) {
  if (out_dir.empty()) throw OutputError("output directory is empty");
  const fs::path target = fs::absolute(fs::path(out_dir)).lexically_normal();
  const fs::path final_target = target.filename().empty() ? target.parent_path() : target;
  std::error_code ec;
  if (fs::exists(final_target, ec)) {
    if (!fs::is_directory(final_target))
      throw OutputError(fmt::format("{} exists and is not a directory", final_target.string()));
    const bool is_package = fs::exists(final_target / "manifest.json");
    const bool is_empty = fs::is_empty(final_target, ec);
    if (!is_package && !is_empty && !force)
      throw OutputError(fmt::format("{} exists and is not a snapgen package; use --force to replace it",
                                    final_target.string()));
  }
  const fs::path parent = final_target.parent_path();
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", parent.string(), ec.message()));

  const std::string stem = final_target.filename().string();
  const fs::path staging = parent / fmt::format(".{}.snapgen-tmp-{}", stem, ::getpid());
  const fs::path retired = parent / fmt::format(".{}.snapgen-old-{}", stem, ::getpid());
  remove_quietly(staging);
  try {
    fs::create_directories(staging);
    for (const auto& f : package.files) write_file(staging / f.path, f.content);
    if (fs::exists(final_target)) fs::rename(final_target, retired);
    fs::rename(staging, final_target);
  } catch (const fs::filesystem_error& e) {
    remove_quietly(staging);
    if (!fs::exists(final_target) && fs::exists(retired)) fs::rename(retired, final_target, ec);
    throw OutputError(fmt::format("cannot write package to {}: {}", final_target.string(), e.what()));
  } catch (...) {
    remove_quietly(staging);
    if (!fs::exists(final_target) && fs::exists(retired)) fs::rename(retired, final_target, ec);
    throw;
  }
  remove_quietly(retired);
}

}  // namespace snapgen
