#pragma once
// An exclusive flock(2) on a file, held for the lifetime of the object: processes that build the
// same cache entry (a Verilator model, a trained model) take turns.
#include <filesystem>

namespace snapgen {

class FileLock {
 public:
  // Creates the file if needed and blocks until the lock is held; throws std::runtime_error.
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace snapgen
