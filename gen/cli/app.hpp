#pragma once
// The command-line boundary: parses arguments, runs a command, and turns every exception into a
// message and an exit code. Exit codes: 0 ok, 1 tool/internal failure, 2 bad input (usage,
// configuration, output location).
#include <string>
#include <vector>

namespace snapgen::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int run(const std::vector<std::string>& args);  // args[0] is the program name

}  // namespace snapgen::cli
