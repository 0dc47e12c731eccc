#include "util/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <stdexcept>

namespace snapgen {

FileLock::FileLock(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR, 0644)) {
  if (fd_ < 0) throw std::runtime_error("cannot open lock file " + path.string());
  if (::flock(fd_, LOCK_EX) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot lock " + path.string());
  }
}

FileLock::~FileLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace snapgen
