#include "util/atomic_dir.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>

namespace snapgen {

namespace fs = std::filesystem;

namespace {

// Removes a directory tree we created, ignoring errors (best effort on the failure path).
void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

}  // namespace

void write_file(const fs::path& path, std::string_view content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw OutputError(fmt::format("cannot write {}", path.string()));
}

void write_dir_atomically(const fs::path& dir, std::string_view marker, bool force, std::string_view what,
                          const std::function<void(const fs::path&)>& fill) {
  if (dir.empty()) throw OutputError("output directory is empty");
  const fs::path target = fs::absolute(dir).lexically_normal();
  const fs::path final_target = target.filename().empty() ? target.parent_path() : target;
  std::error_code ec;
  if (fs::exists(final_target, ec)) {
    if (!fs::is_directory(final_target))
      throw OutputError(fmt::format("{} exists and is not a directory", final_target.string()));
    const bool is_ours = fs::exists(final_target / marker);
    if (!is_ours && !fs::is_empty(final_target, ec) && !force)
      throw OutputError(fmt::format("{} exists and is not a snapgen {}; use --force to replace it", final_target.string(), what));
  }
  const fs::path parent = final_target.parent_path();
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(fmt::format("cannot create {}: {}", parent.string(), ec.message()));

  const std::string stem = final_target.filename().string();
  const fs::path staging = parent / fmt::format(".{}.snapgen-tmp-{}", stem, ::getpid());
  const fs::path retired = parent / fmt::format(".{}.snapgen-old-{}", stem, ::getpid());
  remove_quietly(staging);
  auto restore = [&] {
    remove_quietly(staging);
    if (!fs::exists(final_target) && fs::exists(retired)) fs::rename(retired, final_target, ec);
  };
  try {
    fs::create_directories(staging);
    fill(staging);
    if (fs::exists(final_target)) fs::rename(final_target, retired);
    fs::rename(staging, final_target);
  } catch (const fs::filesystem_error& e) {
    restore();
    throw OutputError(fmt::format("cannot write {} to {}: {}", what, final_target.string(), e.what()));
  } catch (...) {
    restore();
    throw;
  }
  remove_quietly(retired);
}

}  // namespace snapgen
