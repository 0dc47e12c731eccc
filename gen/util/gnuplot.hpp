#pragma once
// gnuplot, the one plotting tool (sweep plots, run reports): which image terminal this machine's
// gnuplot has, and running a script through the subprocess helper.
#include <filesystem>
#include <string>

namespace snapgen {

struct GnuplotTerminal {
  std::string term;  // "set terminal <term>"; empty when gnuplot is not installed
  std::string ext;   // png or svg
};

// The best available image terminal: pngcairo, png (libgd), else svg.
GnuplotTerminal gnuplot_terminal();

// Runs `gnuplot script` in `dir` (relative paths in the script resolve there), its output
// appended to dir/gnuplot.log; true when it succeeded.
bool run_gnuplot(const std::filesystem::path& dir, const std::string& script);

}  // namespace snapgen
