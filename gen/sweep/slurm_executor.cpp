#include "sweep/slurm_executor.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>

#include "run/model_cache.hpp"
#include "sweep/point_runner.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace snapgen::sweep {

namespace fs = std::filesystem;

namespace {

fs::path write_job_script(const fs::path& out) {
  const fs::path dir = out / "slurm";
  fs::create_directories(dir);
  const fs::path script = dir / "job.sh";
  std::ofstream(script) << fmt::format(
      "#!/bin/bash\n"
      "# Written by `snapgen sweep --executor slurm`: array task i runs point i of {plan}.\n"
      "#SBATCH --job-name=snapgen-sweep\n"
      "#SBATCH --output={log}\n"
      "#SBATCH --cpus-per-task=1\n"
      "set -euo pipefail\n"
      "# The models were built before submission into this cache (on the shared filesystem).\n"
      "export SNAPGEN_CACHE={cache}\n"
      "cd {cwd}\n"
      "exec {exe} sweep --run-point \"$SLURM_ARRAY_TASK_ID\" -o {out}\n",
      fmt::arg("plan", (out / "plan.json").string()), fmt::arg("log", (dir / "task-%a.log").string()),
      fmt::arg("cache", shell_quote(fs::absolute(cache_root()).string())), fmt::arg("cwd", shell_quote(fs::current_path().string())),
      fmt::arg("exe", shell_quote(self_executable().string())), fmt::arg("out", shell_quote(out.string())));
  fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
  return script;
}

}  // namespace

SlurmSubmission submit_slurm(const nlohmann::ordered_json& plan, const fs::path& out_dir, const SlurmOptions& options) {
  const fs::path out = fs::absolute(out_dir);
  SlurmSubmission s;
  std::vector<std::string> pending;
  for (const auto& p : plan["points"]) {
    if (point_finished(out, p["id"].get<std::string>())) ++s.skipped;
    else pending.push_back(std::to_string(p["index"].get<std::size_t>()));
  }
  s.tasks = pending.size();
  if (pending.empty()) return s;
  const fs::path script = write_job_script(out);
  std::string array = fmt::format("{}", fmt::join(pending, ","));
  if (options.throttle > 0) array += fmt::format("%{}", options.throttle);
  std::vector<std::string> argv{"sbatch", "--parsable", "--array=" + array};
  if (options.wait) argv.push_back("--wait");
  argv.push_back(script.string());
  int rc = -1;
  const std::string stdout_text = run_captured(argv, rc);
  // --parsable prints "jobid" or "jobid;cluster".
  s.job_id = stdout_text.substr(0, stdout_text.find_first_of(";\n"));
  s.sbatch_exit = rc;
  if (s.job_id.empty()) throw std::runtime_error(fmt::format("sbatch failed (exit {}): {}", rc, stdout_text));
  return s;
}

}  // namespace snapgen::sweep
