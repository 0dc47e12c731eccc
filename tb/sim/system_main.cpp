// snapsim: the system simulation runner that `snapgen run` compiles against the generated
// <name>_system model (prefix Vsystem). It is generic over the configuration: it reads a SimJob
// (tb/harness/sim_job.hpp, JSON written by gen/run/sim_job_io.cpp) whose layout says where every
// observed field sits on the top's flat ports, drives the configuration writes and the input
// vectors, counts D2D and on-die activity, and writes a SimResult (JSON).
// Usage: snapsim JOB.json RESULT.json
// Instrumentation (only in models built for it by `snapgen run --activity/--waves`):
//   coverage_path  Verilator toggle coverage of the traffic phase (--coverage-toggle, -DSNAPSIM_COVERAGE)
//   waves_path     FST of the whole run (--trace-fst, -DSNAPSIM_TRACE)
#include <verilated.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "Vsystem.h"
#include "harness/sim_job.hpp"
#include "harness/wide_port.hpp"

// Optional instrumentation, compiled in only for the models `snapgen run --activity/--waves`
// builds (each is its own cached model: both slow the simulation down).
#ifdef SNAPSIM_COVERAGE
#include <verilated_cov.h>
#endif
#ifdef SNAPSIM_TRACE
#include <verilated_fst_c.h>
#endif

namespace {

using snapgen::tb::BitWords;
using snapgen::tb::SimJob;
using snapgen::tb::SimResult;
namespace port = snapgen::tb;

SimJob read_job(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read job file " + path);
  return nlohmann::json::parse(in).get<SimJob>();
}

// Waveform dump of the whole run; a no-op unless the model was built for tracing.
class Waves {
 public:
  Waves(VerilatedContext& ctx, Vsystem& top, const std::string& path) {
    if (path.empty()) return;
#ifdef SNAPSIM_TRACE
    ctx.traceEverOn(true);
    fst_ = std::make_unique<VerilatedFstC>();
    top.trace(fst_.get(), 99);
    fst_->open(path.c_str());
#else
    (void)ctx;
    (void)top;
    throw std::runtime_error("job asks for waves, but this model was built without --trace-fst");
#endif
  }
  // Called after every eval: two time steps per clock cycle.
  void sample() {
#ifdef SNAPSIM_TRACE
    if (fst_) fst_->dump(time_);
#endif
    ++time_;
  }
  ~Waves() {
#ifdef SNAPSIM_TRACE
    if (fst_) fst_->close();
#endif
  }

 private:
#ifdef SNAPSIM_TRACE
  std::unique_ptr<VerilatedFstC> fst_;
#endif
  std::uint64_t time_ = 0;
};

// Toggle coverage restricted to the traffic phase, so its counts cover exactly the cycles the
// runner's own wire counters see (reset and configuration writes are excluded).
void coverage_start(VerilatedContext& ctx, const SimJob& job) {
  if (job.coverage_path.empty()) return;
#ifdef SNAPSIM_COVERAGE
  ctx.coveragep()->zero();
#else
  (void)ctx;
  throw std::runtime_error("job asks for coverage, but this model was built without --coverage-toggle");
#endif
}

void coverage_write(VerilatedContext& ctx, const SimJob& job) {
  if (job.coverage_path.empty()) return;
#ifdef SNAPSIM_COVERAGE
  // One point per instance (the default merges instances of a module into one point).
  ctx.coveragep()->forcePerInstance(true);
  ctx.coveragep()->write(job.coverage_path.c_str());
#else
  (void)ctx;
#endif
}


// Activity counters of the traffic phase. Toggles are counted between consecutive cycles on the
// registered observation values.
class Counters {
 public:
  Counters(const snapgen::tb::SimLayout& l, const BitWords& d2d, const BitWords& links)
      : l_(l),
        links_(static_cast<std::size_t>(l.links)),
        port_flits_(static_cast<std::size_t>(l.routers * l.router_valid_bits)),
        prev_d2d_(d2d),
        prev_links_(links) {
    timeline_.beats.resize(links_.size());
  }

  void sample(const BitWords& d2d, const BitWords& links, const BitWords& events) {
    for (int i = 0; i < l_.links; ++i) {
      auto& k = links_[static_cast<std::size_t>(i)];
      const int base = i * l_.link_obs_bits;
      k.fwd_toggles += BitWords::toggles(prev_d2d_, d2d, base + l_.fwd_offset, l_.fwd_bits);
      k.rev_toggles += BitWords::toggles(prev_d2d_, d2d, base + l_.rev_offset, l_.rev_bits);
      const std::uint64_t beat = d2d.get(base + l_.fwd_offset + l_.fwd_valid_offset, 1);
      k.beats += beat;
      timeline_add(static_cast<std::size_t>(i), beat);
      k.rewinds += events.get(2 * i, 1);
      k.crc_errors += events.get(2 * i + 1, 1);
    }
    onchip_toggles_ += BitWords::toggles(prev_links_, links);
    for (int r = 0; r < l_.routers; ++r) {
      const std::uint64_t valid = links.get(r * l_.router_obs_bits + l_.router_valid_offset, l_.router_valid_bits);
      flits_ += static_cast<std::uint64_t>(std::popcount(valid));
      for (int p = 0; p < l_.router_valid_bits; ++p)
        port_flits_[static_cast<std::size_t>(r * l_.router_valid_bits + p)] += (valid >> p) & 1U;
    }
    ++cycle_;
    prev_d2d_ = d2d;
    prev_links_ = links;
  }

  void write(SimResult& r) const {
    r.links = links_;
    r.onchip_toggles = onchip_toggles_;
    r.flits = flits_;
    r.router_port_flits = port_flits_;
    r.link_timeline = timeline_;
  }

 private:
  // Adds a beat of link `l` to the bin of the current cycle; past kTimelineBins bins, every link's
  // bins merge in pairs and the window doubles.
  void timeline_add(std::size_t l, std::uint64_t beat) {
    auto& bins = timeline_.beats[l];
    const auto bin = static_cast<std::size_t>(cycle_ / timeline_.window);
    if (bin >= snapgen::tb::kTimelineBins) {
      for (auto& b : timeline_.beats) {
        for (std::size_t i = 0; 2 * i < b.size(); ++i) b[i] = b[2 * i] + (2 * i + 1 < b.size() ? b[2 * i + 1] : 0);
        b.resize((b.size() + 1) / 2);
      }
      timeline_.window *= 2;
      timeline_add(l, beat);
      return;
    }
    if (bins.size() <= bin) bins.resize(bin + 1, 0);
    bins[bin] += beat;
  }

  const snapgen::tb::SimLayout& l_;
  std::vector<snapgen::tb::LinkCounters> links_;
  std::uint64_t onchip_toggles_ = 0, flits_ = 0, cycle_ = 0;
  std::vector<std::uint64_t> port_flits_;
  snapgen::tb::LinkTimeline timeline_;
  BitWords prev_d2d_, prev_links_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: snapsim JOB.json RESULT.json\n";
    return 2;
  }
  try {
    const SimJob job = read_job(argv[1]);
    const auto& lay = job.layout;
    auto ctx = std::make_unique<VerilatedContext>();
#ifdef SNAPSIM_TRACE
    ctx->traceEverOn(true);  // before the model is built, so it allocates its trace state
#endif
    auto top = std::make_unique<Vsystem>(ctx.get());
    Waves waves(*ctx, *top, job.waves_path);
    std::mt19937_64 rng(job.seed);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    std::uint64_t cycle = 0;
    auto tick = [&] {
      top->clk_i = 0;
      top->eval();
      waves.sample();
      top->clk_i = 1;
      top->eval();
      waves.sample();
      ++cycle;
    };
    top->clk_i = 0;
    top->rst_ni = 0;
    top->cfg_valid_i = 0;
    top->in_valid_i = 0;
    top->out_ready_i = 0;
    port::clear(top->d2d_flip_i);
    top->eval();
    for (int i = 0; i < 4; ++i) tick();
    top->rst_ni = 1;
    top->eval();
    for (const auto& w : job.cfg) {
      top->cfg_valid_i = 1;
      top->cfg_node_i = static_cast<std::uint32_t>(w.node);
      top->cfg_sel_i = static_cast<std::uint32_t>(w.sel);
      top->cfg_addr_i = static_cast<std::uint32_t>(w.addr);
      port::put(top->cfg_data_i, BitWords::from_hex(w.data_hex, lay.cfg_data_bits));
      tick();
    }
    top->cfg_valid_i = 0;
    tick();

    std::vector<BitWords> inputs;
    for (const auto& hex : job.inputs_hex) inputs.push_back(BitWords::from_hex(hex, lay.in_bits));
    // Observation buffers sampled every cycle, allocated once (the loop below allocates nothing).
    BitWords d2d(lay.obs_d2d_bits), links(lay.obs_links_bits), events(lay.obs_events_bits), flip(lay.flip_bits);
    port::get_into(top->obs_d2d_o, d2d);
    port::get_into(top->obs_links_o, links);
    Counters counters(lay, d2d, links);
    SimResult result;
    std::deque<std::uint64_t> inject_cycle;
    std::size_t next_in = 0;
    const std::uint64_t start = cycle;
    coverage_start(*ctx, job);
    bool in_valid = false;
    const int flip_bits = lay.links * lay.lanes;
    while (result.outputs.size() < inputs.size() && cycle - start < job.max_cycles) {
      // Drive inputs for this cycle.
      if (!in_valid && next_in < inputs.size() && uni(rng) < job.in_valid_prob) {
        in_valid = true;
        port::put(top->in_vec_i, inputs[next_in]);
      }
      top->in_valid_i = in_valid;
      top->out_ready_i = uni(rng) < job.out_ready_prob;
      if (job.ber > 0) {  // d2d_flip_i stays cleared (reset above) in an error-free run
        std::fill(flip.words().begin(), flip.words().end(), 0u);
        for (int b = 0; b < flip_bits; ++b)
          if (uni(rng) < job.ber) flip.set(b, true);
        port::put(top->d2d_flip_i, flip);
      }
      top->clk_i = 0;
      top->eval();
      waves.sample();
      const bool in_fire = top->in_valid_i && top->in_ready_o;
      const bool out_fire = top->out_valid_o && top->out_ready_i;
      BitWords out_vec;
      if (out_fire) out_vec = port::get(top->out_vec_o, lay.out_bits);
      top->clk_i = 1;
      top->eval();
      waves.sample();
      ++cycle;
      if (in_fire) {
        inject_cycle.push_back(cycle);
        ++next_in;
        in_valid = false;
      }
      if (out_fire) {
        result.outputs.push_back({out_vec.hex(), cycle - inject_cycle.front()});
        inject_cycle.pop_front();
      }
      port::get_into(top->obs_d2d_o, d2d);
      port::get_into(top->obs_links_o, links);
      port::get_into(top->obs_d2d_events_o, events);
      counters.sample(d2d, links, events);
    }
    const BitWords macs = port::get(top->obs_macs_o, lay.obs_macs_bits);
    for (int n = 0; n < lay.nodes; ++n) result.macs += macs.get(n * lay.mac_bits, std::min(lay.mac_bits, 64));
    const bool done = result.outputs.size() == inputs.size();
    result.status = done ? "ok" : "timeout";
    result.cycles = cycle - start;
    counters.write(result);
    std::ofstream(argv[2]) << nlohmann::json(result).dump(1) << '\n';
    top->final();
    coverage_write(*ctx, job);
    return done ? 0 : 3;
  } catch (const std::exception& e) {
    std::cerr << "snapsim: " << e.what() << '\n';
    return 1;
  }
}
