#include "cli/output_paths.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <optional>

#include "emit/package.hpp"

namespace snapgen::cli {

namespace fs = std::filesystem;

namespace {

// Creating something is the only test that holds for root and on read-only mounts alike
// (access(2) tells root yes on /proc); the probe directory is removed at once.
std::optional<std::string> cannot_write_in(const fs::path& dir) {
  const fs::path probe = dir / fmt::format(".snapgen-probe-{}", ::getpid());
  std::error_code ec;
  if (!fs::create_directory(probe, ec) || ec)
    return fmt::format("cannot write in {}: {}", dir.string(), ec ? ec.message() : "a probe file is in the way");
  fs::remove(probe, ec);
  return std::nullopt;
}

// Why `target` (absolute) cannot be used as an output directory, if it cannot.
std::optional<std::string> dir_problem(const fs::path& target) {
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) return std::string("exists and is not a directory");
    return cannot_write_in(target);
  }
  // Missing: the nearest existing ancestor must be a directory the rest can be created in.
  fs::path existing = target.parent_path();
  while (!fs::exists(existing, ec) && existing != existing.root_path()) existing = existing.parent_path();
  if (!fs::is_directory(existing, ec)) return fmt::format("{} is not a directory", existing.string());
  return cannot_write_in(existing);
}

}  // namespace

void check_output_dir(const fs::path& dir, const std::string& flag) {
  if (dir.empty()) throw OutputError(fmt::format("{}: empty path", flag));
  if (auto why = dir_problem(fs::absolute(dir).lexically_normal()))
    throw OutputError(fmt::format("{} {}: {}", flag, dir.string(), *why));
}

void check_output_file(const fs::path& file, const std::string& flag) {
  if (file.empty()) throw OutputError(fmt::format("{}: empty path", flag));
  const fs::path target = fs::absolute(file).lexically_normal();
  std::error_code ec;
  std::optional<std::string> why;
  if (fs::is_directory(target, ec)) why = "it is a directory, expected a file";
  else if (!fs::exists(target.parent_path(), ec)) why = fmt::format("no directory {}", target.parent_path().string());
  else if (!fs::is_directory(target.parent_path(), ec)) why = fmt::format("{} is not a directory", target.parent_path().string());
  else why = cannot_write_in(target.parent_path());
  if (why) throw OutputError(fmt::format("{} {}: {}", flag, file.string(), *why));
}

}  // namespace snapgen::cli
