#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace snapgen {

// Levenshtein distance, for "did you mean" suggestions on unknown keys.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a plausible typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Whether `s` is a legal SystemVerilog / C++ identifier that snapgen can use as a name prefix.
bool is_identifier(std::string_view s);

// ceil(log2(n)) for n >= 1, with clog2(1) == 0 (same as SystemVerilog $clog2).
int clog2(long long n);

// ceil(a / b) for a >= 0, b > 0.
constexpr int ceil_div(int a, int b) { return (a + b - 1) / b; }

// `s` as one POSIX shell word (single-quoted), for shell scripts snapgen writes (the Slurm batch
// script). Processes snapgen starts itself take argv vectors (util/subprocess.hpp), never a shell.
std::string shell_quote(std::string_view s);

}  // namespace snapgen
