#pragma once
// `snapgen sweep`: validate and plan, build the distinct models, run the points (local threads
// of child processes, or a Slurm job array), then aggregate results and plots. Also the two
// helpers the executors rely on: --run-point (one point; what a Slurm task runs) and --collect.
#include <string>

namespace snapgen::sweep {

struct SweepArgs {
  std::string file;            // SWEEP.yaml
  std::string out;             // output directory (default: sweep-<file stem>)
  int jobs = 1;                // local: points at once; slurm: array throttle (0 = none)
  bool jobs_given = false;
  std::string executor = "local";
  bool wait = false;           // slurm: block until the array finishes, then aggregate
  bool dry_run = false;        // print the points and models, run nothing, write nothing
  std::string collect;         // --collect DIR
  long run_point = -1;         // --run-point I DIR (DIR in `out`)
};

// Returns the process exit code: 0 all points ok, 1 some failed (or are missing after
// --collect); throws ConfigError (exit 2) for bad sweep files or points, before writing anything.
int sweep_command(const SweepArgs& args);

}  // namespace snapgen::sweep
