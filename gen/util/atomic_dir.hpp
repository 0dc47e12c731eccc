#pragma once
// Directories snapgen writes all at once (packages, run reports): the content goes into a staging
// directory beside the target, which then replaces the target by rename, so a failure or a kill
// never leaves half a directory behind.
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace snapgen {

// A path the user gave cannot be written (the CLI maps it to exit code 2).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `content` to `path` (binary, replacing it), creating its parent directories; throws
// OutputError naming the file when it cannot.
void write_file(const std::filesystem::path& path, std::string_view content);

// Calls `fill(staging)` to write the content, then renames staging to `dir`. An existing `dir` is
// replaced only if it is empty, or holds `marker` (a file every directory of this kind has, so
// it is an earlier one), or with `force`. On failure `dir` is as it was and the staging is
// removed; filesystem errors become OutputError naming `what` and `dir`.
void write_dir_atomically(const std::filesystem::path& dir, std::string_view marker, bool force, std::string_view what,
                          const std::function<void(const std::filesystem::path& staging)>& fill);

}  // namespace snapgen
