// snapsim: the system simulation runner that `snapgen run` compiles against the generated
// <name>_system model (prefix Vsystem). It is generic over the configuration: every size it needs
// comes from the job file, and ports of any width are accessed through 32-bit words.
//
// Job file (text, one directive per line; written by snapgen, gen/run/system_job.cpp):
//   seed S | ber P | in_valid_prob P | out_ready_prob P | max_cycles N
//   links L lanes W fwd_bits F rev_bits R | obs_links_bits B flit_bits F | routers N | nodes N mac_bits M
//   cfg NODE SEL ADDR HEXDATA      configuration-bus write (before any traffic)
//   in HEXVECTOR                   one input vector (flat, element 0 in the low bits), in order
//   coverage PATH                  write Verilator toggle coverage of the traffic phase (model built
//                                  with --coverage-toggle and -DSNAPSIM_COVERAGE)
//   waves PATH                     dump an FST of the whole run (model built with --trace-fst and
//                                  -DSNAPSIM_TRACE)
// Result file:
//   status ok|timeout, cycles N, out INDEX HEXVECTOR LATENCY, link L fwd_toggles N rev_toggles N
//   beats N rewinds N crc_errors N, onchip_toggles N, flits N, macs N
#include <verilated.h>

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

// Optional instrumentation, compiled in only for the models `snapgen run --activity/--waves`
// builds (each is its own cached model: both slow the simulation down).
#ifdef SNAPSIM_COVERAGE
#include <verilated_cov.h>
#endif
#ifdef SNAPSIM_TRACE
#include <verilated_fst_c.h>
#endif

namespace {

using Words = std::vector<std::uint32_t>;

template <typename T>
constexpr std::size_t word_count() {
  if constexpr (std::is_integral_v<T>) return sizeof(T) > 4 ? 2 : 1;
  else return sizeof(T) / sizeof(std::uint32_t);
}

template <typename T>
void put(T& port, const Words& w) {
  if constexpr (std::is_integral_v<T>) {
    std::uint64_t v = w.empty() ? 0 : w[0];
    if (sizeof(T) > 4 && w.size() > 1) v |= static_cast<std::uint64_t>(w[1]) << 32;
    port = static_cast<T>(v);
  } else {
    for (std::size_t i = 0; i < word_count<T>(); ++i) port[i] = i < w.size() ? w[i] : 0;
  }
}

template <typename T>
Words get(const T& port) {
  Words w(word_count<T>());
  if constexpr (std::is_integral_v<T>) {
    const auto v = static_cast<std::uint64_t>(port);
    w[0] = static_cast<std::uint32_t>(v);
    if (w.size() > 1) w[1] = static_cast<std::uint32_t>(v >> 32);
  } else {
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = port[i];
  }
  return w;
}

Words from_hex(const std::string& hex) {
  Words w((hex.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[hex.size() - 1 - i];
    const std::uint32_t nib = static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    w[i / 8] |= nib << (4 * (i % 8));
  }
  return w;
}

std::string to_hex(const Words& w, int bits) {
  static const char* digits = "0123456789abcdef";
  const int nibbles = (bits + 3) / 4;
  std::string s(static_cast<std::size_t>(nibbles), '0');
  for (int i = 0; i < nibbles; ++i) {
    const std::uint32_t word = static_cast<std::size_t>(i / 8) < w.size() ? w[static_cast<std::size_t>(i / 8)] : 0;
    s[static_cast<std::size_t>(nibbles - 1 - i)] = digits[(word >> (4 * (i % 8))) & 0xf];
  }
  return s;
}

// Bit range [lo, lo+n) of a word vector.
std::uint64_t bits_of(const Words& w, int lo, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) {
    const int b = lo + i;
    v |= static_cast<std::uint64_t>((w[static_cast<std::size_t>(b / 32)] >> (b % 32)) & 1u) << i;
  }
  return v;
}

std::uint64_t toggles_in(const Words& a, const Words& b, int lo, int n) {
  std::uint64_t t = 0;
  for (int i = 0; i < n; ++i) {
    const int bit = lo + i;
    const auto wa = a[static_cast<std::size_t>(bit / 32)], wb = b[static_cast<std::size_t>(bit / 32)];
    t += ((wa ^ wb) >> (bit % 32)) & 1u;
  }
  return t;
}

std::uint64_t popcount_xor(const Words& a, const Words& b) {
  std::uint64_t t = 0;
  for (std::size_t i = 0; i < a.size(); ++i) t += static_cast<std::uint64_t>(std::popcount(a[i] ^ b[i]));
  return t;
}

struct CfgWrite {
  std::uint32_t node, sel, addr;
  Words data;
};

struct Job {
  std::uint64_t seed = 1, max_cycles = 1000000;
  double ber = 0, in_valid_prob = 1, out_ready_prob = 1;
  int links = 0, lanes = 0, fwd_bits = 0, rev_bits = 0, obs_links_bits = 0, flit_bits = 0, routers = 0;
  int nodes = 0, mac_bits = 0, out_bits = 0;
  std::vector<CfgWrite> cfg;
  std::vector<Words> inputs;
  std::string coverage_path, waves_path;
};

Job read_job(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read job file " + path);
  Job j;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ss(line);
    std::string key;
    ss >> key;
    if (key == "seed") ss >> j.seed;
    else if (key == "ber") ss >> j.ber;
    else if (key == "in_valid_prob") ss >> j.in_valid_prob;
    else if (key == "out_ready_prob") ss >> j.out_ready_prob;
    else if (key == "max_cycles") ss >> j.max_cycles;
    else if (key == "links") {
      std::string k;
      ss >> j.links >> k >> j.lanes >> k >> j.fwd_bits >> k >> j.rev_bits;
    } else if (key == "obs_links_bits") {
      std::string k;
      ss >> j.obs_links_bits >> k >> j.flit_bits >> k >> j.routers;
    } else if (key == "nodes") {
      std::string k;
      ss >> j.nodes >> k >> j.mac_bits >> k >> j.out_bits;
    } else if (key == "cfg") {
      CfgWrite w{};
      std::string hex;
      ss >> w.node >> w.sel >> w.addr >> hex;
      w.data = from_hex(hex);
      j.cfg.push_back(std::move(w));
    } else if (key == "in") {
      std::string hex;
      ss >> hex;
      j.inputs.push_back(from_hex(hex));
    } else if (key == "coverage") {
      std::getline(ss >> std::ws, j.coverage_path);  // rest of the line: paths may hold spaces
    } else if (key == "waves") {
      std::getline(ss >> std::ws, j.waves_path);
    } else if (!key.empty() && key[0] != '#') {
      throw std::runtime_error("job file: unknown directive " + key);
    }
  }
  return j;
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
void coverage_start(VerilatedContext& ctx, const Job& job) {
  if (job.coverage_path.empty()) return;
#ifdef SNAPSIM_COVERAGE
  ctx.coveragep()->zero();
#else
  (void)ctx;
  throw std::runtime_error("job asks for coverage, but this model was built without --coverage-toggle");
#endif
}

void coverage_write(VerilatedContext& ctx, const Job& job) {
  if (job.coverage_path.empty()) return;
#ifdef SNAPSIM_COVERAGE
  // One point per instance (the default merges instances of a module into one point).
  ctx.coveragep()->forcePerInstance(true);
  ctx.coveragep()->write(job.coverage_path.c_str());
#else
  (void)ctx;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: snapsim JOB RESULT\n";
    return 2;
  }
  try {
    const Job job = read_job(argv[1]);
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
    put(top->d2d_flip_i, Words{});
    top->eval();
    for (int i = 0; i < 4; ++i) tick();
    top->rst_ni = 1;
    top->eval();
    for (const auto& w : job.cfg) {
      top->cfg_valid_i = 1;
      top->cfg_node_i = w.node;
      top->cfg_sel_i = w.sel;
      top->cfg_addr_i = w.addr;
      put(top->cfg_data_i, w.data);
      tick();
    }
    top->cfg_valid_i = 0;
    tick();

    // Counters. Toggles are counted between consecutive cycles on the registered wire values.
    Words prev_d2d = get(top->obs_d2d_o), prev_links = get(top->obs_links_o);
    std::vector<std::uint64_t> fwd_t(static_cast<std::size_t>(job.links)), rev_t(fwd_t), beats(fwd_t), rewinds(fwd_t),
        crc_errors(fwd_t);
    std::uint64_t onchip_toggles = 0, flits = 0;
    std::deque<std::uint64_t> inject_cycle;
    std::size_t next_in = 0, outputs = 0;
    std::ofstream out(argv[2]);
    const int link_stride = job.fwd_bits + job.rev_bits;
    const int router_obs = 5 + 5 * job.flit_bits;
    const std::uint64_t start = cycle;
    coverage_start(*ctx, job);
    bool in_valid = false;
    while (outputs < job.inputs.size() && cycle - start < job.max_cycles) {
      // Drive inputs for this cycle.
      if (!in_valid && next_in < job.inputs.size() && uni(rng) < job.in_valid_prob) {
        in_valid = true;
        put(top->in_vec_i, job.inputs[next_in]);
      }
      top->in_valid_i = in_valid;
      top->out_ready_i = uni(rng) < job.out_ready_prob;
      Words flip((job.links * job.lanes + 31) / 32 + 1, 0);
      if (job.ber > 0) {
        for (int b = 0; b < job.links * job.lanes; ++b)
          if (uni(rng) < job.ber) flip[static_cast<std::size_t>(b / 32)] |= 1u << (b % 32);
      }
      put(top->d2d_flip_i, flip);
      top->clk_i = 0;
      top->eval();
      waves.sample();
      const bool in_fire = top->in_valid_i && top->in_ready_o;
      const bool out_fire = top->out_valid_o && top->out_ready_i;
      Words result;
      if (out_fire) result = get(top->out_vec_o);
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
        const std::uint64_t latency = cycle - inject_cycle.front();
        inject_cycle.pop_front();
        out << "out " << outputs << ' ' << to_hex(result, job.out_bits) << ' ' << latency << '\n';
        ++outputs;
      }
      const Words d2d = get(top->obs_d2d_o), links = get(top->obs_links_o), events = get(top->obs_d2d_events_o);
      for (int l = 0; l < job.links; ++l) {
        const auto li = static_cast<std::size_t>(l);
        fwd_t[li] += toggles_in(prev_d2d, d2d, l * link_stride, job.fwd_bits);
        rev_t[li] += toggles_in(prev_d2d, d2d, l * link_stride + job.fwd_bits, job.rev_bits);
        beats[li] += bits_of(d2d, l * link_stride, 1);  // wire_valid
        rewinds[li] += bits_of(events, 2 * l, 1);
        crc_errors[li] += bits_of(events, 2 * l + 1, 1);
      }
      onchip_toggles += popcount_xor(prev_links, links);
      for (int r = 0; r < job.routers; ++r)
        flits += static_cast<std::uint64_t>(std::popcount(bits_of(links, r * router_obs + 5 * job.flit_bits, 5)));
      prev_d2d = d2d;
      prev_links = links;
    }
    const Words macs = get(top->obs_macs_o);
    std::uint64_t mac_total = 0;
    for (int n = 0; n < job.nodes; ++n) mac_total += bits_of(macs, n * job.mac_bits, std::min(job.mac_bits, 64));
    out << "status " << (outputs == job.inputs.size() ? "ok" : "timeout") << '\n';
    out << "cycles " << cycle - start << '\n';
    for (int l = 0; l < job.links; ++l) {
      const auto li = static_cast<std::size_t>(l);
      out << "link " << l << " fwd_toggles " << fwd_t[li] << " rev_toggles " << rev_t[li] << " beats " << beats[li]
          << " rewinds " << rewinds[li] << " crc_errors " << crc_errors[li] << '\n';
    }
    out << "onchip_toggles " << onchip_toggles << '\n' << "flits " << flits << '\n' << "macs " << mac_total << '\n';
    top->final();
    coverage_write(*ctx, job);
    return outputs == job.inputs.size() ? 0 : 3;
  } catch (const std::exception& e) {
    std::cerr << "snapsim: " << e.what() << '\n';
    return 1;
  }
}
