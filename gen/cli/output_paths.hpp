#pragma once
// Output paths given on the command line, checked before a command does any work: a path that
// cannot be written is bad input (exit 2, one line), found before a simulation or a synthesis
// runs, not after.
#include <filesystem>
#include <string>

namespace snapgen::cli {

// `dir` must be a directory snapgen can create or write into. Throws OutputError naming `flag`
// and the reason otherwise. Leaves the filesystem as it found it: directories it creates to try
// are removed again.
void check_output_dir(const std::filesystem::path& dir, const std::string& flag);

// `file` must be a file snapgen can create or replace: not a directory, in an existing writable
// directory (the commands write such files with a plain open, after their work).
void check_output_file(const std::filesystem::path& file, const std::string& flag);

}  // namespace snapgen::cli
