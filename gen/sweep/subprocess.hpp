#pragma once
// Child processes for sweep points: argv vectors (no shell, so no quoting of paths or values).
#include <filesystem>
#include <string>
#include <vector>

namespace snapgen::sweep {

// Runs argv[0] with argv, stdout and stderr appended to `log`, and waits. Returns the exit code,
// or 128 + signal number if it was killed. Throws std::runtime_error if it cannot start.
int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& log);

// Runs argv and returns its stdout (stderr passes through); `exit_code` receives the status.
std::string run_captured(const std::vector<std::string>& argv, int& exit_code);

// This snapgen binary (children and Slurm tasks run the very same executable).
std::filesystem::path self_executable();

// The last `lines` lines of a text file (error reports).
std::string tail_lines(const std::filesystem::path& file, std::size_t lines);

}  // namespace snapgen::sweep
