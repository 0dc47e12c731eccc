#include "run/system_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "emit/package.hpp"
#include "golden/clp/clp_stats.hpp"
#include "golden/emio/emio_golden.hpp"
#include "model/system_plan.hpp"
#include "run/activity.hpp"
#include "run/icarus_run.hpp"
#include "run/model_cache.hpp"
#include "run/workload.hpp"
#include "util/embedded_files.hpp"

namespace snapgen {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// A little-endian bit vector rendered as hex (MSB first) for the job file.
class BitWords {
 public:
  explicit BitWords(int bits) : words_(static_cast<std::size_t>((bits + 31) / 32 + 1), 0), bits_(bits) {}
  void put(int lo, int width, std::int64_t value) {
    for (int b = 0; b < width; ++b)
      if ((static_cast<std::uint64_t>(value) >> b) & 1u)
        words_[static_cast<std::size_t>((lo + b) / 32)] |= 1u << ((lo + b) % 32);
  }
  std::string hex() const {
    static const char* digits = "0123456789abcdef";
    const int nibbles = std::max(1, (bits_ + 3) / 4);
    std::string s(static_cast<std::size_t>(nibbles), '0');
    for (int i = 0; i < nibbles; ++i)
      s[static_cast<std::size_t>(nibbles - 1 - i)] = digits[(words_[static_cast<std::size_t>(i / 8)] >> (4 * (i % 8))) & 0xf];
    return s;
  }

 private:
  std::vector<std::uint32_t> words_;
  int bits_;
};

std::vector<std::int64_t> unpack(const std::string& hex, int count, int bits, bool is_signed) {
  std::vector<std::uint8_t> bitv(hex.size() * 4);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[hex.size() - 1 - i];
    const int nib = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    for (int b = 0; b < 4; ++b) bitv[i * 4 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>((nib >> b) & 1);
  }
  std::vector<std::int64_t> out(static_cast<std::size_t>(count));
  for (int e = 0; e < count; ++e) {
    std::uint64_t v = 0;
    for (int b = 0; b < bits; ++b) {
      const std::size_t pos = static_cast<std::size_t>(e * bits + b);
      if (pos < bitv.size() && bitv[pos]) v |= 1ull << b;
    }
    std::int64_t s = static_cast<std::int64_t>(v);
    if (is_signed && (v >> (bits - 1)) & 1u) s -= std::int64_t{1} << bits;
    out[static_cast<std::size_t>(e)] = s;
  }
  return out;
}

struct LinkCounters {
  std::uint64_t fwd_toggles = 0, rev_toggles = 0, beats = 0, rewinds = 0, crc_errors = 0;
};

struct RawResult {
  std::string status;
  std::uint64_t cycles = 0, onchip_toggles = 0, flits = 0, macs = 0;
  std::vector<std::vector<std::int64_t>> outputs;
  std::vector<std::uint64_t> latencies;
  std::vector<LinkCounters> links;
};

void write_job(const fs::path& path, const Config& c, const Design& d, const SystemPlan& plan, const Workload& w,
               const RunOptions& o) {
  std::ofstream job(path);
  const TileParams& t = d.tile;
  job << "seed " << c.integer("workload.inputs.seed") << "\nber " << c.real("d2d.ber") << "\nin_valid_prob "
      << o.in_valid_prob << "\nout_ready_prob " << o.out_ready_prob << "\n";
  job << "max_cycles " << 100000 + 20000 * w.inputs.size() << "\n";
  job << "links " << plan.links.size() << " lanes " << d.d2d.lanes << " fwd_bits " << plan.fwd_wire_bits << " rev_bits "
      << plan.rev_wire_bits << "\n";
  job << "obs_links_bits " << d.die_rows * d.die_cols * d.mesh_rows * d.mesh_cols * plan.router_obs_bits << " flit_bits "
      << d.noc.flit_bits << " routers " << d.die_rows * d.die_cols * d.mesh_rows * d.mesh_cols << "\n";
  job << "nodes " << plan.nodes.size() << " mac_bits " << plan.mac_count_bits << " out_bits "
      << d.layers.back().out * t.act_bits << "\n";
  auto cfg = [&](int node, int sel, int addr, const BitWords& data) {
    job << "cfg " << node << ' ' << sel << ' ' << addr << ' ' << data.hex() << '\n';
  };
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const auto& l = w.layers[i];
    const int node = static_cast<int>(i);
    for (int nt = 0; nt * t.cols < l.out; ++nt)
      for (int k = 0; k < l.in; ++k) {
        BitWords data(plan.cfg_data_bits);
        for (int col = 0; col < t.cols; ++col) {
          const int n = nt * t.cols + col;
          if (n < l.out) data.put(col * t.weight_bits, t.weight_bits, l.w[static_cast<std::size_t>(n * l.in + k)]);
        }
        cfg(node, 0, nt * t.max_in + k, data);
      }
    for (int n = 0; n < l.out; ++n) {
      BitWords data(plan.cfg_data_bits);
      data.put(0, t.acc_bits, l.bias[static_cast<std::size_t>(n)]);
      cfg(node, 1, n, data);
      if (t.per_channel) {
        BitWords rq(plan.cfg_data_bits);
        rq.put(0, t.mult_bits, l.requant_of(n).mult);
        rq.put(t.mult_bits, t.shift_bits, l.requant_of(n).shift);
        cfg(node, 2, n, rq);
      }
    }
    const std::int64_t regs[3] = {l.rq[0].mult, l.rq[0].shift, l.zp};
    const int widths[3] = {t.mult_bits, t.shift_bits, t.act_bits + 1};
    for (int a = 0; a < 3; ++a) {
      BitWords data(plan.cfg_data_bits);
      data.put(0, widths[a], regs[a]);
      cfg(node, 3, a, data);
    }
  }
  if (w.spikes) {
    const ClpParams& p = d.clp;
    for (const D2dLink& link : plan.links) {
      const int node = static_cast<int>(plan.nodes.size()) + link.index;
      for (int b = 0; b < p.beats; ++b) {
        BitWords thr(plan.cfg_data_bits), scale(plan.cfg_data_bits);
        for (int j = 0; j < p.lanes_per_cycle; ++j) {
          const int ch = b * p.lanes_per_cycle + j;
          if (ch >= p.channels) break;
          thr.put(j * p.threshold_bits, p.threshold_bits, w.thresholds[static_cast<std::size_t>(ch)]);
          scale.put(j * p.scale_bits, p.scale_bits, w.scales[static_cast<std::size_t>(ch)]);
        }
        cfg(node, 4, b, thr);
        cfg(node, 5, b, scale);
      }
    }
  }
  for (const auto& x : w.inputs) {
    BitWords v(static_cast<int>(x.size()) * t.act_bits);
    for (std::size_t e = 0; e < x.size(); ++e) v.put(static_cast<int>(e) * t.act_bits, t.act_bits, x[e]);
    job << "in " << v.hex() << '\n';
  }
}

RawResult read_result(const fs::path& path, const Design& d) {
  RawResult r;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::istringstream ss(line);
    std::string key;
    ss >> key;
    if (key == "out") {
      std::size_t index = 0;
      std::string hex;
      std::uint64_t latency = 0;
      ss >> index >> hex >> latency;
      r.outputs.push_back(unpack(hex, d.layers.back().out, d.tile.act_bits, d.tile.act_signed));
      r.latencies.push_back(latency);
    } else if (key == "status") {
      ss >> r.status;
    } else if (key == "cycles") {
      ss >> r.cycles;
    } else if (key == "link") {
      LinkCounters l;
      std::size_t index = 0;
      std::string k;
      ss >> index >> k >> l.fwd_toggles >> k >> l.rev_toggles >> k >> l.beats >> k >> l.rewinds >> k >> l.crc_errors;
      r.links.push_back(l);
    } else if (key == "onchip_toggles") {
      ss >> r.onchip_toggles;
    } else if (key == "flits") {
      ss >> r.flits;
    } else if (key == "macs") {
      ss >> r.macs;
    }
  }
  return r;
}

golden::emio::Format emio_format(const Design& d) {
  golden::emio::Format f;
  f.lanes = d.d2d.lanes;
  f.crc_bits = d.d2d.crc_bits;
  f.seq_bits = d.d2d.seq_bits;
  f.dest_bits = d.d2d.dest_bits;
  f.len_bits = d.d2d.len_bits;
  f.channels = d.clp.channels;
  f.timesteps = d.clp.timesteps;
  f.act_bits = d.tile.act_bits;
  f.flit_bits = d.noc.flit_bits;
  f.mode = static_cast<golden::emio::Mode>(d.d2d.enc_mode);
  return f;
}

// Beats the EMIO golden model puts on the wires for one crossing of vector `x` (no errors).
std::uint64_t golden_beats(const golden::emio::Format& f, const Workload& w, const std::vector<std::int64_t>& x,
                           const std::vector<golden::clp::Frame>& frames) {
  golden::emio::Message m;
  if (w.spikes) {
    m.type = golden::emio::Type::Spike;
    m.payload.assign(static_cast<std::size_t>(f.channels * f.timesteps), 0);
    for (std::size_t t = 0; t < frames.size(); ++t)
      for (int i = 0; i < f.channels; ++i)
        m.payload[t * static_cast<std::size_t>(f.channels) + static_cast<std::size_t>(i)] = frames[t].spikes[static_cast<std::size_t>(i)];
  } else {
    m.type = golden::emio::Type::Dense;
    m.payload.assign(static_cast<std::size_t>(f.channels * f.act_bits), 0);
    for (std::size_t i = 0; i < x.size(); ++i)
      for (int b = 0; b < f.act_bits; ++b)
        m.payload[i * static_cast<std::size_t>(f.act_bits) + static_cast<std::size_t>(b)] =
            static_cast<std::uint8_t>((static_cast<std::uint64_t>(x[i]) >> b) & 1u);
  }
  return golden::emio::frame_beats(f, m, 0).size();
}

struct Simulated {
  Json json;
  std::vector<std::vector<std::int64_t>> outputs;
  double energy = 0, latency_mean = 0;
  std::uint64_t d2d_bits = 0;
};

// What the spike run records besides its outputs (the baseline records nothing extra).
struct Instrument {
  fs::path activity_dir, waves_file;
  bool icarus = false;
};

IcarusPorts icarus_ports(const Design& d, const SystemPlan& plan) {
  const int links = std::max<int>(1, static_cast<int>(plan.links.size()));
  IcarusPorts p;
  p.top = d.name + "_system";
  p.node_bits = plan.node_bits;
  p.cfg_data_bits = plan.cfg_data_bits;
  p.in_bits = d.layers.front().in * d.tile.act_bits;
  p.out_bits = d.layers.back().out * d.tile.act_bits;
  p.flip_bits = links * d.d2d.lanes;
  p.obs_d2d_bits = links * (plan.fwd_wire_bits + plan.rev_wire_bits);
  p.obs_events_bits = links * 2;
  p.obs_links_bits = d.die_rows * d.die_cols * d.mesh_rows * d.mesh_cols * plan.router_obs_bits;
  p.obs_macs_bits = static_cast<int>(plan.nodes.size()) * plan.mac_count_bits;
  return p;
}

SimulatorSpec runner_spec(const Design& d, const Instrument& inst) {
  SimulatorSpec spec = system_simulator_spec(d);
  // The defines switch the runner's coverage/trace code on; they are part of the cache key.
  if (!inst.activity_dir.empty()) spec.verilator_args.insert(spec.verilator_args.end(), {"--coverage-toggle", "-CFLAGS", "-DSNAPSIM_COVERAGE"});
  if (!inst.waves_file.empty()) spec.verilator_args.insert(spec.verilator_args.end(), {"--trace-fst", "-CFLAGS", "-DSNAPSIM_TRACE"});
  return spec;
}

Simulated simulate(const Config& c, const RunOptions& o, const std::string& label, const Instrument& inst = {}) {
  const Design d = elaborate(c);
  const SystemPlan plan = plan_system(d);
  const Workload w = make_workload(c, d);
  const Package package = build_package(d);
  const SimulatorSpec spec = runner_spec(d, inst);
  const CachedSimulator sim = ensure_simulator(package, d, spec, o.progress, o.jobs);

  const fs::path work = o.work_dir / label;
  fs::create_directories(work);
  write_job(work / "job.txt", c, d, plan, w, o);
  if (!inst.activity_dir.empty()) {
    fs::create_directories(inst.activity_dir);
    std::ofstream(work / "job.txt", std::ios::app) << "coverage " << fs::absolute(inst.activity_dir / "coverage.dat").string() << "\n";
  }
  if (!inst.waves_file.empty()) {
    if (inst.waves_file.has_parent_path()) fs::create_directories(inst.waves_file.parent_path());
    std::ofstream(work / "job.txt", std::ios::app) << "waves " << fs::absolute(inst.waves_file).string() << "\n";
  }
  o.progress(fmt::format("simulating {} vectors ({})", w.inputs.size(), label));
  const auto start = std::chrono::steady_clock::now();
  const std::string cmd = fmt::format("'{}' '{}' '{}' 2> '{}'", sim.executable.string(), (work / "job.txt").string(),
                                      (work / "result.txt").string(), (work / "snapsim.log").string());
  const int rc = std::system(cmd.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const RawResult r = read_result(work / "result.txt", d);
  if (rc != 0 && r.status.empty())
    throw BuildError(fmt::format("simulation of {} failed (exit {}); see {}", spec.top, rc, (work / "snapsim.log").string()));

  // Golden model, crossing statistics and the EMIO golden beat count.
  const auto fmt_emio = emio_format(d);
  golden::clp::Stats stats(d.clp.channels, d.clp.timesteps);
  std::size_t mismatches = 0;
  std::uint64_t expected_beats = 0, crossings = 0;
  double sq_err = 0;
  std::int64_t max_err = 0;
  std::uint64_t err_samples = 0;
  std::vector<std::vector<std::int64_t>> golden_outputs;
  for (std::size_t v = 0; v < w.inputs.size(); ++v) {
    const GoldenVector g = golden_forward(w, d, w.inputs[v]);
    golden_outputs.push_back(g.output);
    if (v >= r.outputs.size() || r.outputs[v] != g.output) ++mismatches;
    const std::size_t per = static_cast<std::size_t>(d.clp.timesteps);
    for (std::size_t k = 0; k < g.crossing_in.size(); ++k) {
      std::vector<golden::clp::Frame> frames;
      if (w.spikes) frames.assign(g.frames.begin() + static_cast<std::ptrdiff_t>(k * per),
                                  g.frames.begin() + static_cast<std::ptrdiff_t>((k + 1) * per));
      expected_beats += golden_beats(fmt_emio, w, g.crossing_in[k], frames);
      ++crossings;
      if (w.spikes) stats.add_vector(frames, {}, {});
      for (std::size_t e = 0; e < g.crossing_in[k].size(); ++e) {
        const std::int64_t diff = g.crossing_out[k][e] - g.crossing_in[k][e];
        sq_err += static_cast<double>(diff * diff);
        max_err = std::max(max_err, std::abs(diff));
        ++err_samples;
      }
    }
  }

  LinkCounters total;
  Json links = Json::array();
  for (std::size_t l = 0; l < r.links.size(); ++l) {
    const auto& k = r.links[l];
    total.fwd_toggles += k.fwd_toggles;
    total.rev_toggles += k.rev_toggles;
    total.beats += k.beats;
    total.rewinds += k.rewinds;
    total.crc_errors += k.crc_errors;
    links.push_back({{"link", l},
                     {"beats", k.beats},
                     {"bits", k.beats * static_cast<std::uint64_t>(d.d2d.lanes)},
                     {"toggles", k.fwd_toggles + k.rev_toggles},
                     {"data_toggles", k.fwd_toggles},
                     {"sideband_toggles", k.rev_toggles},
                     {"retries", k.rewinds},
                     {"crc_errors", k.crc_errors}});
  }
  const double clp_ops = w.spikes ? static_cast<double>(crossings) * d.clp.channels * (d.clp.timesteps + 1) : 0.0;
  const double e_d2d = static_cast<double>(total.fwd_toggles + total.rev_toggles) * c.real("energy.d2d_pj_per_toggle");
  const double e_links = static_cast<double>(r.onchip_toggles) * c.real("energy.link_pj_per_toggle");
  const double e_routers = static_cast<double>(r.flits) * c.real("energy.router_pj_per_flit");
  const double e_macs = static_cast<double>(r.macs) * c.real("energy.mac_pj");
  const double e_clp = clp_ops * c.real("energy.clp_pj_per_op");
  const double e_total = e_d2d + e_links + e_routers + e_macs + e_clp;
  double lat_sum = 0;
  std::uint64_t lat_max = 0;
  for (auto l : r.latencies) {
    lat_sum += static_cast<double>(l);
    lat_max = std::max(lat_max, l);
  }
  const double lat_mean = r.latencies.empty() ? 0 : lat_sum / static_cast<double>(r.latencies.size());
  const std::uint64_t d2d_bits = total.beats * static_cast<std::uint64_t>(d.d2d.lanes);

  Simulated s;
  s.outputs = r.outputs;
  s.energy = e_total;
  s.latency_mean = lat_mean;
  s.d2d_bits = d2d_bits;
  Json& j = s.json;
  j["config"] = d.name;
  j["encoding"] = d.d2d.encoding;
  j["status"] = r.status;
  j["bit_exact"] = mismatches == 0 && r.status == "ok";
  j["mismatches"] = mismatches;
  j["vectors"] = w.inputs.size();
  j["cycles"] = r.cycles;
  j["latency_cycles"] = {{"mean", lat_mean}, {"max", lat_max}};
  j["cycles_per_vector"] = w.inputs.empty() ? 0.0 : static_cast<double>(r.cycles) / static_cast<double>(w.inputs.size());
  j["die_crossings_per_vector"] = w.inputs.empty() ? 0.0 : static_cast<double>(crossings) / static_cast<double>(w.inputs.size());
  j["firing_rate"] = w.spikes && crossings ? stats.firing_rate() : 0.0;
  j["spikes_per_frame"] = w.spikes && crossings ? stats.spikes_per_frame() : 0.0;
  j["reconstruction"] = {{"rmse", err_samples ? std::sqrt(sq_err / static_cast<double>(err_samples)) : 0.0},
                         {"max_abs_error", max_err}};
  j["d2d"] = {{"lanes", d.d2d.lanes},
              {"beats", total.beats},
              {"bits", d2d_bits},
              {"golden_beats", expected_beats},
              {"toggles", total.fwd_toggles + total.rev_toggles},
              {"retries", total.rewinds},
              {"crc_errors", total.crc_errors},
              {"links", links}};
  j["onchip"] = {{"link_toggles", r.onchip_toggles}, {"router_flits", r.flits}};
  j["macs"] = r.macs;
  j["clp_ops"] = clp_ops;
  j["energy_pj"] = {{"total", e_total}, {"d2d", e_d2d}, {"links", e_links}, {"routers", e_routers}, {"macs", e_macs}, {"clp", e_clp}};
  if (!inst.activity_dir.empty()) {
    // Activity files for the synthesizable tops: every package top but the simulation top.
    std::vector<std::string> synth_tops;
    for (const auto& t : package.tops)
      if (t != spec.top) synth_tops.push_back(t);
    j["activity"] = summarize_activity(read_toggle_coverage(inst.activity_dir / "coverage.dat"), r.cycles, synth_tops,
                                       inst.activity_dir);
    std::ofstream(inst.activity_dir / "activity.json") << j["activity"].dump(2) << "\n";
  }
  if (!inst.waves_file.empty()) j["waves"] = fs::absolute(inst.waves_file).string();
  if (inst.icarus) {
    const IcarusRun ir = run_icarus(sim.package_dir, icarus_ports(d, plan), work / "job.txt", work / "icarus", o.progress);
    const RawResult ri = read_result(ir.result, d);
    std::size_t vs_verilator = 0, vs_golden = 0;
    for (std::size_t v = 0; v < w.inputs.size(); ++v) {
      const bool have = v < ri.outputs.size();
      vs_verilator += !have || v >= r.outputs.size() || ri.outputs[v] != r.outputs[v];
      vs_golden += !have || ri.outputs[v] != golden_outputs[v];
    }
    j["icarus"] = {{"status", ri.status},
                   {"vectors", ri.outputs.size()},
                   {"mismatches_vs_verilator", vs_verilator},
                   {"mismatches_vs_golden", vs_golden},
                   {"agree", ri.status == "ok" && vs_verilator == 0 && vs_golden == 0},
                   {"cycles", ri.cycles},
                   {"same_cycles_and_latencies", ri.cycles == r.cycles && ri.latencies == r.latencies},
                   {"compile_seconds", ir.compile_seconds},
                   {"sim_seconds", ir.sim_seconds},
                   {"cycles_per_second", ir.sim_seconds > 0 ? static_cast<double>(ri.cycles) / ir.sim_seconds : 0.0},
                   {"result_file", ir.result.string()}};
  }
  j["simulation"] = {{"model_key", sim.key},
                     {"model_built_now", sim.built_now},
                     {"build_seconds", sim.build_seconds},
                     {"sim_seconds", seconds},
                     {"cycles_per_second", seconds > 0 ? static_cast<double>(r.cycles) / seconds : 0.0}};
  return s;
}

}  // namespace

SimulatorSpec system_simulator_spec(const Design& design) {
  SimulatorSpec spec;
  spec.top = design.name + "_system";
  for (const auto& f : embedded_files())
    if (f.path.rfind("tb/sim/", 0) == 0 && f.path.ends_with(".cpp")) spec.sources.push_back(f);
  return spec;
}

std::vector<Config> run_configs(const ConfigSource& source, std::span<const std::string> overrides, bool baseline) {
  std::vector<Config> configs{load_config(source, overrides)};
  const Config& config = configs.front();
  if (baseline && config.text("d2d.encoding") != "dense") {
    std::vector<std::string> dense_overrides(overrides.begin(), overrides.end());
    dense_overrides.push_back("d2d.encoding=dense");
    configs.push_back(load_config(source, dense_overrides));
  }
  return configs;
}

Json run_system(const ConfigSource& source, std::span<const std::string> overrides, const RunOptions& options) {
  const std::vector<Config> configs = run_configs(source, overrides, options.baseline);
  const Config& config = configs.front();
  if (options.icarus && config.real("d2d.ber") != 0.0)
    throw ConfigError({Problem{config.mark("d2d.ber"), "d2d.ber",
                               "--icarus replays error-free runs only (the testbench drives no bit flips); use d2d.ber=0"}});
  RunOptions o = options;
  if (o.work_dir.empty()) o.work_dir = fs::temp_directory_path() / fmt::format("snapgen-run-{}", ::getpid());
  Simulated spike = simulate(config, o, "main", Instrument{o.activity_dir, o.waves_file, o.icarus});
  Json report = spike.json;
  Json table = Json::object();
  for (const char* key : {"d2d_pj_per_toggle", "link_pj_per_toggle", "router_pj_per_flit", "mac_pj", "clp_pj_per_op"})
    table[key] = config.real(std::string("energy.") + key);
  report["energy_table"] = table;
  if (configs.size() > 1) {
    Simulated dense = simulate(configs[1], o, "baseline_dense");
    report["baseline_dense"] = dense.json;
    auto ratio = [](double base, double x) { return x > 0 ? base / x : 0.0; };
    report["ratios"] = {{"energy", ratio(dense.energy, spike.energy)},
                        {"latency", ratio(dense.latency_mean, spike.latency_mean)},
                        {"d2d_bits", ratio(static_cast<double>(dense.d2d_bits), static_cast<double>(spike.d2d_bits))}};
    std::int64_t max_diff = 0;
    std::size_t argmax_same = 0, n = std::min(spike.outputs.size(), dense.outputs.size());
    for (std::size_t v = 0; v < n; ++v) {
      const auto& a = spike.outputs[v];
      const auto& b = dense.outputs[v];
      for (std::size_t e = 0; e < a.size() && e < b.size(); ++e) max_diff = std::max(max_diff, std::abs(a[e] - b[e]));
      argmax_same += std::max_element(a.begin(), a.end()) - a.begin() == std::max_element(b.begin(), b.end()) - b.begin();
    }
    report["output_agreement"] = {{"max_abs_diff", max_diff},
                                  {"argmax_agreement", n ? static_cast<double>(argmax_same) / static_cast<double>(n) : 0.0}};
  }
  return report;
}

std::string format_report(const Json& r) {
  std::string s;
  auto row = [&](const std::string& name, const std::string& spike, const std::string& dense, const std::string& ratio) {
    s += fmt::format("  {:<28} {:>16} {:>16} {:>10}\n", name, spike, dense, ratio);
  };
  const bool has_base = r.contains("baseline_dense");
  const Json& b = has_base ? r["baseline_dense"] : r;
  auto num = [](const Json& j) { return j.is_number_float() ? fmt::format("{:.1f}", j.get<double>()) : j.dump(); };
  s += fmt::format("snapgen run: {} ({} vectors, encoding {})\n", r["config"].get<std::string>(), r["vectors"].dump(),
                   r["encoding"].get<std::string>());
  s += fmt::format("  bit-exact vs golden model: {} ({} mismatches){}\n\n", r["bit_exact"].get<bool>() ? "YES" : "NO",
                   r["mismatches"].dump(),
                   has_base ? fmt::format("; dense baseline: {}", b["bit_exact"].get<bool>() ? "YES" : "NO") : "");
  row("", r["encoding"].get<std::string>(), has_base ? "dense baseline" : "-", has_base ? "dense/spike" : "");
  auto ratio = [&](const char* key) { return has_base && r.contains("ratios") ? fmt::format("{:.2f}x", r["ratios"][key].get<double>()) : ""; };
  row("cycles (total)", num(r["cycles"]), has_base ? num(b["cycles"]) : "-", "");
  row("latency per vector (mean)", num(r["latency_cycles"]["mean"]), has_base ? num(b["latency_cycles"]["mean"]) : "-", ratio("latency"));
  row("D2D bits", num(r["d2d"]["bits"]), has_base ? num(b["d2d"]["bits"]) : "-", ratio("d2d_bits"));
  row("D2D toggles", num(r["d2d"]["toggles"]), has_base ? num(b["d2d"]["toggles"]) : "-", "");
  row("D2D retries", num(r["d2d"]["retries"]), has_base ? num(b["d2d"]["retries"]) : "-", "");
  row("on-die link toggles", num(r["onchip"]["link_toggles"]), has_base ? num(b["onchip"]["link_toggles"]) : "-", "");
  row("router flits", num(r["onchip"]["router_flits"]), has_base ? num(b["onchip"]["router_flits"]) : "-", "");
  row("MACs", num(r["macs"]), has_base ? num(b["macs"]) : "-", "");
  for (const char* cat : {"d2d", "links", "routers", "macs", "clp"})
    row(fmt::format("energy {} (pJ)", cat), num(r["energy_pj"][cat]), has_base ? num(b["energy_pj"][cat]) : "-", "");
  row("energy total (pJ)", num(r["energy_pj"]["total"]), has_base ? num(b["energy_pj"]["total"]) : "-", ratio("energy"));
  s += fmt::format("\n  firing rate {:.4f}, spikes/frame {:.2f}, reconstruction RMSE {:.3f}, max |error| {}\n",
                   r["firing_rate"].get<double>(), r["spikes_per_frame"].get<double>(),
                   r["reconstruction"]["rmse"].get<double>(), r["reconstruction"]["max_abs_error"].dump());
  if (r.contains("output_agreement"))
    s += fmt::format("  spike vs dense outputs: max |diff| {}, argmax agreement {:.1f}%\n",
                     r["output_agreement"]["max_abs_diff"].dump(),
                     100.0 * r["output_agreement"]["argmax_agreement"].get<double>());
  s += "  energy table (pJ): ";
  for (auto it = r["energy_table"].begin(); it != r["energy_table"].end(); ++it)
    s += fmt::format("{}={} ", it.key(), it.value().dump());
  s += "\n  (energy = counted toggles/events x this table; docs/energy.md gives the sources. Ratios matter, not absolute pJ.)\n";
  if (r.contains("activity")) s += format_activity(r["activity"]);
  if (r.contains("waves")) s += fmt::format("  waves: {}\n", r["waves"].get<std::string>());
  if (r.contains("icarus")) {
    const Json& i = r["icarus"];
    s += fmt::format("  Icarus cross-check: {} ({} vectors; {} mismatches vs Verilator, {} vs golden; same cycles and "
                     "latencies: {}; {:.1f} s compile, {:.1f} s simulation, {:.0f} cycles/s)\n",
                     i["agree"].get<bool>() ? "AGREE" : "DISAGREE", i["vectors"].dump(), i["mismatches_vs_verilator"].dump(),
                     i["mismatches_vs_golden"].dump(), i["same_cycles_and_latencies"].get<bool>() ? "yes" : "no",
                     i["compile_seconds"].get<double>(), i["sim_seconds"].get<double>(),
                     i["cycles_per_second"].get<double>());
  }
  return s;
}

}  // namespace snapgen
