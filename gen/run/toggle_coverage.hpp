#pragma once
// Reader for the toggle points of a Verilator coverage.dat (SystemC::Coverage-3 format, written by
// the runner with per-instance points). Each line is
//   C '<\x01key\x02value ...>' COUNT
// and a toggle point has page `v_toggle/<module>`, hierarchy `h` (the instance, e.g.
// TOP.sys.u_die_r0c0.u_router_r0c0) and object `o` (signal[bit]). Line and user-coverage points
// are ignored. Verilator 5.006 has no in-memory read API, hence the file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace snapgen {

struct TogglePoint {
  std::string module;    // from the page: v_toggle/<module>
  std::string instance;  // hierarchy without the leading "TOP."
  std::string signal;    // signal[bit] (or the signal alone for 1-bit signals)
  std::uint64_t count = 0;
};

// Throws std::runtime_error (with file and line) for unreadable files or malformed point lines.
std::vector<TogglePoint> read_toggle_coverage(const std::filesystem::path& path);

// Parses one `C '...' N` line; returns false for lines that are not toggle points.
bool parse_toggle_line(const std::string& line, TogglePoint& out);

}  // namespace snapgen
