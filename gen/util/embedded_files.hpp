#pragma once
// Files compiled into the snapgen binary (rtl/ IP and the default config), so that a package can
// be generated without the source tree. The table is written by cmake/EmbedFiles.cmake.
#include <string_view>
#include <vector>

namespace snapgen {

struct EmbeddedFile {
  std::string_view path;     // relative to the source root, e.g. "rtl/common/snap_fifo.sv"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace snapgen
