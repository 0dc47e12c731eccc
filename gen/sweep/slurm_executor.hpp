#pragma once
// Runs a sweep's unfinished points as one Slurm job array: task i runs point i with this same
// snapgen binary (`snapgen sweep --run-point i DIR`). Assumes what Slurm clusters usually have: a
// filesystem shared by the submit host and the compute nodes holding DIR, the snapgen binary and
// the model cache (SNAPGEN_CACHE is exported to the tasks), because the models are built here,
// before submission, and the tasks only read them. Uses sbatch only (--wait blocks on the array).
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace snapgen::sweep {

struct SlurmOptions {
  bool wait = false;  // sbatch --wait: return when every task has finished
  int throttle = 0;   // at most this many tasks at once (--array=...%N); 0 = Slurm decides
};

struct SlurmSubmission {
  std::string job_id;       // empty if nothing was left to run
  std::size_t tasks = 0;    // points submitted (unfinished ones)
  std::size_t skipped = 0;  // points already finished
  int sbatch_exit = 0;      // with --wait: nonzero if a task failed
};

SlurmSubmission submit_slurm(const nlohmann::ordered_json& plan, const std::filesystem::path& out,
                             const SlurmOptions& options);

}  // namespace snapgen::sweep
