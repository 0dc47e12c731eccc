#include "run/icarus_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <tuple>
#include <stdexcept>
#include <vector>

#include "harness/bit_words.hpp"
#include "util/embedded_files.hpp"
#include "util/subprocess.hpp"

namespace snapgen {

namespace fs = std::filesystem;

namespace {

// Hex of `hex` zero-extended or truncated to `bits` (the $readmemh word of that width).
std::string fit_hex(const std::string& hex, int bits) { return tb::BitWords::from_hex(hex, bits).hex(); }

void write_stimulus(const tb::SimJob& job, const fs::path& cfg_hex, const fs::path& in_hex) {
  for (const auto& [key, value, neutral] : {std::tuple{"d2d.ber", job.ber, 0.0}, std::tuple{"input gaps", job.in_valid_prob, 1.0},
                                            std::tuple{"--backpressure", job.out_ready_prob, 1.0}})
    if (value != neutral)
      throw std::runtime_error(fmt::format("--icarus replays error-free, gap-free runs with the output always "
                                           "ready; the job has {} {} (drop --backpressure / d2d.ber)", key, value));
  if (job.cfg.empty() || job.inputs_hex.empty()) throw std::runtime_error("the job has no cfg writes or no inputs");
  std::ofstream cfg(cfg_hex), vec(in_hex);
  for (const auto& w : job.cfg)
    cfg << fmt::format("{:04x}{:04x}{:04x}{}\n", w.node, w.sel, w.addr, fit_hex(w.data_hex, job.layout.cfg_data_bits));
  for (const auto& x : job.inputs_hex) vec << fit_hex(x, job.layout.in_bits) << '\n';
  if (!cfg || !vec) throw std::runtime_error("cannot write the Icarus stimulus in " + cfg_hex.parent_path().string());
}

// Runs a tool (argv, no shell) in `cwd` with its output in `log`; returns the wall time.
double run_timed(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log,
                 const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  Command cmd;
  cmd.argv = argv;
  cmd.cwd = cwd;
  cmd.stdout_file = cmd.stderr_file = log;
  if (run_command(cmd) != 0) throw std::runtime_error(fmt::format("{} failed; see {}", what, log.string()));
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

IcarusRun run_icarus(const fs::path& package_dir, const std::string& top, const tb::SimJob& job, const fs::path& work,
                     const std::function<void(const std::string&)>& progress) {
  fs::create_directories(work);
  write_stimulus(job, work / "cfg.hex", work / "in.hex");
  const EmbeddedFile* tb = nullptr;
  for (const auto& f : embedded_files())
    if (f.path == "tb/sim/system_tb.sv") tb = &f;
  if (!tb) throw std::runtime_error("tb/sim/system_tb.sv is not embedded in this snapgen binary");
  std::ofstream(work / "system_tb.sv", std::ios::binary) << tb->content;

  const auto& l = job.layout;
  std::vector<std::string> params;
  const std::pair<const char*, std::uint64_t> values[] = {
      {"NodeW", static_cast<std::uint64_t>(l.node_bits)},       {"CfgDataW", static_cast<std::uint64_t>(l.cfg_data_bits)},
      {"InW", static_cast<std::uint64_t>(l.in_bits)},           {"OutW", static_cast<std::uint64_t>(l.out_bits)},
      {"FlipW", static_cast<std::uint64_t>(l.flip_bits)},       {"ObsD2dW", static_cast<std::uint64_t>(l.obs_d2d_bits)},
      {"ObsEventsW", static_cast<std::uint64_t>(l.obs_events_bits)}, {"ObsLinksW", static_cast<std::uint64_t>(l.obs_links_bits)},
      {"ObsMacsW", static_cast<std::uint64_t>(l.obs_macs_bits)}, {"NCfg", job.cfg.size()},
      {"NIn", job.inputs_hex.size()},                           {"MaxCycles", job.max_cycles}};
  for (const auto& [name, value] : values) params.push_back(fmt::format("-Psystem_tb.{}={}", name, value));

  progress(fmt::format("compiling {} with Icarus (iverilog -g2012)", top));
  IcarusRun r;
  // files.f names package-relative paths, so compile from the package directory (absolute outputs).
  const fs::path vvp = fs::absolute(work / "system_tb.vvp");
  std::vector<std::string> iverilog = {"iverilog", "-g2012", "-DSNAP_SYSTEM=" + top};
  iverilog.insert(iverilog.end(), params.begin(), params.end());
  iverilog.insert(iverilog.end(), {"-s", "system_tb", "-o", vvp.string(), "-c", "files.f",
                                   fs::absolute(work / "system_tb.sv").string()});
  r.compile_seconds = run_timed(iverilog, package_dir, work / "iverilog.log", "iverilog");
  progress(fmt::format("simulating {} vectors with Icarus", job.inputs_hex.size()));
  r.result = work / "result.json";
  r.sim_seconds = run_timed({"vvp", "-n", vvp.string(), "+cfg=" + fs::absolute(work / "cfg.hex").string(),
                             "+in=" + fs::absolute(work / "in.hex").string(),
                             "+out=" + fs::absolute(r.result).string()},
                            {}, work / "vvp.log", "vvp (Icarus simulation)");
  if (!fs::exists(r.result)) throw std::runtime_error("Icarus wrote no result; see " + (work / "vvp.log").string());
  return r;
}

}  // namespace snapgen
