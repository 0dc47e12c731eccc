#include "run/icarus_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "util/embedded_files.hpp"
#include "util/subprocess.hpp"

namespace snapgen {

namespace fs = std::filesystem;

namespace {

// Hex of `hex` zero-extended or truncated to `bits` (the $readmemh word of that width).
std::string fit_hex(const std::string& hex, int bits) {
  const std::size_t digits = static_cast<std::size_t>((bits + 3) / 4);
  if (hex.size() >= digits) return hex.substr(hex.size() - digits);
  return std::string(digits - hex.size(), '0') + hex;
}

struct Stimulus {
  std::size_t cfg = 0, inputs = 0;
  std::uint64_t max_cycles = 0;
};

Stimulus write_stimulus(const fs::path& job, const IcarusPorts& p, const fs::path& cfg_hex, const fs::path& in_hex) {
  std::ifstream in(job);
  if (!in) throw std::runtime_error("cannot read job file " + job.string());
  std::ofstream cfg(cfg_hex), vec(in_hex);
  Stimulus s;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ss(line);
    std::string key;
    ss >> key;
    if (key == "cfg") {
      unsigned node = 0, sel = 0, addr = 0;
      std::string data;
      ss >> node >> sel >> addr >> data;
      cfg << fmt::format("{:04x}{:04x}{:04x}{}\n", node, sel, addr, fit_hex(data, p.cfg_data_bits));
      ++s.cfg;
    } else if (key == "in") {
      std::string data;
      ss >> data;
      vec << fit_hex(data, p.in_bits) << '\n';
      ++s.inputs;
    } else if (key == "max_cycles") {
      ss >> s.max_cycles;
    } else if (key == "ber" || key == "in_valid_prob" || key == "out_ready_prob") {
      double v = 0;
      ss >> v;
      const double neutral = key == "ber" ? 0.0 : 1.0;
      if (v != neutral)
        throw std::runtime_error(fmt::format("--icarus replays error-free, gap-free runs with the output always "
                                             "ready; the job has {} {} (drop --backpressure / d2d.ber)", key, v));
    }
  }
  if (s.cfg == 0 || s.inputs == 0) throw std::runtime_error("job " + job.string() + " has no cfg writes or no inputs");
  if (!cfg || !vec) throw std::runtime_error("cannot write the Icarus stimulus in " + cfg_hex.parent_path().string());
  return s;
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

IcarusRun run_icarus(const fs::path& package_dir, const IcarusPorts& p, const fs::path& job, const fs::path& work,
                     const std::function<void(const std::string&)>& progress) {
  fs::create_directories(work);
  const Stimulus s = write_stimulus(job, p, work / "cfg.hex", work / "in.hex");
  const EmbeddedFile* tb = nullptr;
  for (const auto& f : embedded_files())
    if (f.path == "tb/sim/system_tb.sv") tb = &f;
  if (!tb) throw std::runtime_error("tb/sim/system_tb.sv is not embedded in this snapgen binary");
  std::ofstream(work / "system_tb.sv", std::ios::binary) << tb->content;

  std::vector<std::string> params;
  const std::pair<const char*, std::uint64_t> values[] = {
      {"NodeW", static_cast<std::uint64_t>(p.node_bits)},       {"CfgDataW", static_cast<std::uint64_t>(p.cfg_data_bits)},
      {"InW", static_cast<std::uint64_t>(p.in_bits)},           {"OutW", static_cast<std::uint64_t>(p.out_bits)},
      {"FlipW", static_cast<std::uint64_t>(p.flip_bits)},       {"ObsD2dW", static_cast<std::uint64_t>(p.obs_d2d_bits)},
      {"ObsEventsW", static_cast<std::uint64_t>(p.obs_events_bits)}, {"ObsLinksW", static_cast<std::uint64_t>(p.obs_links_bits)},
      {"ObsMacsW", static_cast<std::uint64_t>(p.obs_macs_bits)}, {"NCfg", s.cfg},
      {"NIn", s.inputs},                                         {"MaxCycles", s.max_cycles ? s.max_cycles : 1000000}};
  for (const auto& [name, value] : values) params.push_back(fmt::format("-Psystem_tb.{}={}", name, value));

  progress(fmt::format("compiling {} with Icarus (iverilog -g2012)", p.top));
  IcarusRun r;
  // files.f names package-relative paths, so compile from the package directory (absolute outputs).
  const fs::path vvp = fs::absolute(work / "system_tb.vvp");
  std::vector<std::string> iverilog = {"iverilog", "-g2012", "-DSNAP_SYSTEM=" + p.top};
  iverilog.insert(iverilog.end(), params.begin(), params.end());
  iverilog.insert(iverilog.end(), {"-s", "system_tb", "-o", vvp.string(), "-c", "files.f",
                                   fs::absolute(work / "system_tb.sv").string()});
  r.compile_seconds = run_timed(iverilog, package_dir, work / "iverilog.log", "iverilog");
  progress(fmt::format("simulating {} vectors with Icarus", s.inputs));
  r.result = work / "result.txt";
  r.sim_seconds = run_timed({"vvp", "-n", vvp.string(), "+cfg=" + fs::absolute(work / "cfg.hex").string(),
                             "+in=" + fs::absolute(work / "in.hex").string(),
                             "+out=" + fs::absolute(r.result).string()},
                            {}, work / "vvp.log", "vvp (Icarus simulation)");
  if (!fs::exists(r.result)) throw std::runtime_error("Icarus wrote no result; see " + (work / "vvp.log").string());
  return r;
}

}  // namespace snapgen
