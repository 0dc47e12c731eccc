#include "util/gnuplot.hpp"

#include <utility>
#include <vector>

#include "util/subprocess.hpp"

namespace snapgen {

GnuplotTerminal gnuplot_terminal() {
  for (const auto& [term, ext] : std::vector<std::pair<std::string, std::string>>{
           {"pngcairo size 800,560", "png"}, {"png size 800,560", "png"}, {"svg size 800,560", "svg"}}) {
    int rc = -1;
    try {
      run_captured({"gnuplot", "-e", "set terminal " + term}, rc);
    } catch (const std::exception&) {
      return {};
    }
    if (rc == 0) return {term, ext};
  }
  return {};
}

bool run_gnuplot(const std::filesystem::path& dir, const std::string& script) {
  Command cmd;
  cmd.argv = {"gnuplot", script};
  cmd.cwd = dir;
  cmd.stdout_file = cmd.stderr_file = dir / "gnuplot.log";
  cmd.append = true;
  try {
    return run_command(cmd) == 0;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace snapgen
