#pragma once
// Child processes for every external tool (Yosys, OpenSTA, Verilator, make, Icarus, gnuplot, sbatch,
// snapgen itself): an argv vector started with posix_spawnp, never through a shell, so paths and
// values need no quoting and cannot be misread as shell syntax.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace snapgen {

// What to start and where its output goes.
struct Command {
  std::vector<std::string> argv;        // argv[0] is looked up in PATH
  std::filesystem::path cwd;            // working directory of the child; empty = ours
  // Output files (created or truncated, or appended with `append`); empty = inherited from us.
  // stdout and stderr may name the same file: both then go to it, in order.
  std::filesystem::path stdout_file, stderr_file;
  bool append = false;
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing in) our environment
};

// Runs the command and waits. Returns the exit code, or 128 + signal number if it was killed.
// stdin is /dev/null. Throws std::runtime_error if it cannot start (e.g. the tool is not installed).
int run_command(const Command& cmd);

// Runs argv with stdout and stderr appended to `log`, and waits (run_command's result).
int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& log);

// Runs argv and returns its stdout (stderr passes through); `exit_code` receives the status.
std::string run_captured(const std::vector<std::string>& argv, int& exit_code);

// This snapgen binary (children and Slurm tasks run the very same executable).
std::filesystem::path self_executable();

// The last `lines` lines of a text file (error reports); "" if it cannot be read.
std::string tail_lines(const std::filesystem::path& file, std::size_t lines);

}  // namespace snapgen
