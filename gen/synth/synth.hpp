#pragma once
// `snapgen synth`: drives the standalone flows in flows/ (Yosys generic synthesis, OSU 0.18 um
// mapping, OpenSTA timing and power) on the tops of a generated package and collects one row per
// top. The flows stay plain scripts so that a user with a package directory can run them without
// snapgen (docs/synthesis.md); this driver only sequences them and parses what they write.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "emit/package.hpp"
#include "model/design.hpp"

namespace snapgen::synth {

// Bad input to `snapgen synth` (unknown --module, unreadable or malformed --activity-file, activity
// out of range, no flows directory at --flows): exit code 2, one line, nothing written. The message
// is that whole line ("snapgen synth: error: ..." or "<file>:<line>: error: ...").
class SynthInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Toggles per cycle accepted for --activity and in activity files (a clock toggles twice per cycle).
inline constexpr double kMaxActivity = 2.0;

struct SynthOptions {
  std::string out_dir;                // package in <out>/pkg, flow outputs in <out>/<top>/
  std::vector<std::string> modules;   // tops to run; empty = every top of the package
  std::string flows_dir;              // empty = search (SNAPGEN_FLOWS, <exe>/../flows, ...)
  std::string activity_file;          // optional "<pattern> <toggles/cycle> [duty]" lines for sta.sh
  double default_activity = 0.1;      // toggles per cycle for nets without a value
  bool osu = true;                    // false: generic synthesis only (no liberty, no STA)
  bool flatten_all = false;           // true: flatten the assemblies too (default: hierarchical)
  int jobs = 1;                       // tops synthesized at once (Yosys, ABC and OpenSTA are single-threaded)
};

// One top's results. Optional fields are empty when that stage was not run.
struct ModuleResult {
  std::string top;
  std::string family;       // recognised from the name: router, tile, clp_encoder, emio_tx, ...
  bool hierarchical = false; // synthesized with its hierarchy kept (an assembly), else flattened
  long cells = 0;           // Yosys generic cells, flip-flops included
  long flops = 0;           // flip-flop cells ($_DFF*, $_SDFF*, $_DFFE*, ...)
  long depth = 0;           // ltp -noff: longest combinational path in gates (inside one module
                            // when hierarchical)
  std::optional<long> osu_cells;
  std::optional<double> area_um2;
  std::optional<double> period_ns;
  std::optional<double> wns_ns, tns_ns, whs_ns;
  std::optional<double> fmax_mhz;   // 1000 / (period - WNS)
  std::optional<double> power_mw;   // OpenSTA total power at the SDC clock and assumed activity
  double seconds = 0;               // wall time of the flows for this top (an assembly: its own
                                    // modules only, the blocks it reuses ran as their own tops)
  // Hierarchical assemblies: tops reused from their own runs (netlist, numbers and timing), with
  // their instance counts. Their cells, flops and area are included in the totals.
  std::vector<std::pair<std::string, long>> reused_blocks;
  // Every top whose mapped netlist OpenSTA links under this one (the reused tops, transitively).
  std::vector<std::string> linked;
};

// Finds flows/ (throws std::runtime_error naming the places it looked).
std::string find_flows_dir(const std::string& hint);

// Family of a generated top from its module name (`<design>_<block...>`).
std::string module_family(const std::string& design_name, const std::string& top);

// Assemblies of blocks (meshes, NoC systems, chiplets, systems) are synthesized hierarchically:
// every distinct block once, however often it is instantiated. Flattened, the default config's
// NoC-EMIO system alone took more than 26 min of CPU (docs/synthesis.md).
bool is_assembly(const std::string& family);

// Checks the options against the package before anything runs or is written; throws SynthInputError.
void check_synth_input(const Design& design, const Package& package, const SynthOptions& opt);

// Tops of the package that `top` instantiates without parameters, directly or through generated
// modules it does not reuse (an EMIO link, a mesh with parameters): the blocks in a chiplet, the
// EMIO TX and RX in a NoC-EMIO system, the chiplets in a system. A hierarchical top reuses their runs.
std::vector<std::string> reused_tops(const Package& package, const std::string& top);

// Runs the flows for the selected tops of `package` (written to <out>/pkg first). Each top is
// synthesized once per run; a hierarchical assembly reads the tops it reuses as black boxes (their
// stubs) and adds their numbers, and OpenSTA links their mapped netlists under it
// (docs/synthesis.md). Reused tops the selection lacks run as well (no row of their own).
// Throws SynthInputError on bad input (check_synth_input, before writing anything) and
// std::runtime_error when a flow fails (its log tail and path are in the message).
std::vector<ModuleResult> run_synth(const Design& design, const Package& package, const SynthOptions& opt);

// Report writers: terminal table, JSON (<out>/synth.json) and Markdown (<out>/synth.md).
std::string format_table(const std::vector<ModuleResult>& rows);
std::string format_json(const Design& design, const SynthOptions& opt, const std::vector<ModuleResult>& rows);
std::string format_markdown(const Design& design, const SynthOptions& opt, const std::vector<ModuleResult>& rows);

// The `snapgen synth` command: runs, prints the table, writes <out>/synth.json and synth.md.
// Returns the process exit code: 2 on bad input (one line on stderr, nothing written), 1 when a flow
// fails (with the flow's log tail on stderr).
int synth_command(const Design& design, const Package& package, const SynthOptions& opt);

}  // namespace snapgen::synth
