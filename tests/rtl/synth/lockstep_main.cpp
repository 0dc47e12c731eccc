// Netlist gate: the RTL model and the Yosys netlist model of the same top run in lockstep on
// identical seeded random inputs; every output must agree on every half cycle.
//
// Generic over the top: the port list comes from lockstep_ports.inc, generated at build time from
// the RTL model's Verilator header (cmake/SnapgenNetlist.cmake), as PORT_IN(name, bits) and
// PORT_OUT(name, bits) lines. The build defines LOCKSTEP_RTL / LOCKSTEP_NET (model class names)
// and LOCKSTEP_RTL_H / LOCKSTEP_NET_H (their headers).
//
// Stimulus: rst_ni low for the first kResetCycles cycles and again for a few cycles at random
// later points (so reset behaviour is compared too); every other input gets a fresh uniform random
// value each cycle. Outputs are compared after the inputs settle (clock low, catches combinational
// paths) and after each rising edge, but only once the first reset has been released: registers
// without reset start from Verilator's initial value in the RTL while Yosys may have turned such a
// register with a constant D input into that constant, so the two may differ until the first edge.
//
// Usage: <gate> [cycles] [seed] [PORT=P ...]. PORT=P drives that input with a random value in a
// share P of the cycles and with 0 otherwise: tops whose inputs have a protocol (e.g. bit flips
// on a link, which at probability 1 would corrupt every frame) stay in their useful operating range.
// Exit 0 when identical; exit 1 and "NETLIST MISMATCH" lines
// (first few mismatches: cycle, port, both values) when not.
#include <verilated.h>

#include <cstdint>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>

#include LOCKSTEP_RTL_H
#include LOCKSTEP_NET_H

// Verilator's runtime calls this from $time; the harness has no timed events.
double sc_time_stamp() { return 0; }

namespace {

constexpr int kResetCycles = 4;
constexpr int kMaxReports = 10;

bool is_clock(std::string_view n) { return n == "clk_i"; }
bool is_reset(std::string_view n) { return n == "rst_ni"; }

std::uint64_t mask(int bits) { return bits >= 64 ? ~0ull : ((1ull << bits) - 1); }

// Scalar ports (CData/SData/IData/QData): one random value masked to the port width.
template <class T>
void drive(T& a, T& b, int bits, std::mt19937_64& rng) {
  const T v = static_cast<T>(rng() & mask(bits));
  a = v;
  b = v;
}
// Wide ports (VlWide<N>): 32-bit words, the top word masked to the remaining bits.
template <std::size_t N>
void drive(VlWide<N>& a, VlWide<N>& b, int bits, std::mt19937_64& rng) {
  for (std::size_t w = 0; w < N; ++w) {
    const int left = bits - static_cast<int>(w) * 32;
    const auto v = static_cast<EData>(rng() & mask(left < 32 ? left : 32));
    a[w] = v;
    b[w] = v;
  }
}

template <class T>
void drive_zero(T& a, T& b) {
  a = b = 0;
}
template <std::size_t N>
void drive_zero(VlWide<N>& a, VlWide<N>& b) {
  for (std::size_t w = 0; w < N; ++w) a[w] = b[w] = 0;
}

template <class T>
std::string show(const T& v, int) { return std::to_string(static_cast<unsigned long long>(v)); }
template <std::size_t N>
std::string show(const VlWide<N>& v, int) {
  std::string s = "0x";
  char buf[16];
  for (std::size_t w = N; w-- > 0;) {
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(v[w]));
    s += buf;
  }
  return s;
}
template <class T>
bool same(const T& a, const T& b) { return a == b; }
template <std::size_t N>
bool same(const VlWide<N>& a, const VlWide<N>& b) {
  for (std::size_t w = 0; w < N; ++w)
    if (a[w] != b[w]) return false;
  return true;
}

struct Lockstep {
  VerilatedContext ctx;
  LOCKSTEP_RTL rtl{&ctx, "rtl"};
  LOCKSTEP_NET net{&ctx, "net"};
  long mismatches = 0;
  long compares = 0;

  void set_clock_reset(int clk, int rst_n) {
    rtl.clk_i = net.clk_i = static_cast<CData>(clk);
    rtl.rst_ni = net.rst_ni = static_cast<CData>(rst_n);
  }
  void drive_inputs(std::mt19937_64& rng, const std::map<std::string, double, std::less<>>& bias) {
#define PORT_IN(n, bits) \
  if (!is_clock(#n) && !is_reset(#n)) {                                                        \
    const auto b = bias.find(#n);                                                              \
    if (b == bias.end() || std::uniform_real_distribution<double>(0, 1)(rng) < b->second)      \
      drive(rtl.n, net.n, bits, rng);                                                          \
    else                                                                                       \
      drive_zero(rtl.n, net.n);                                                                \
  }
#define PORT_OUT(n, bits)
#include "lockstep_ports.inc"
#undef PORT_IN
#undef PORT_OUT
  }
  void eval() {
    rtl.eval();
    net.eval();
  }
  void compare(long cycle, const char* phase) {
#define PORT_IN(n, bits)
#define PORT_OUT(n, bits)                                                                      \
  ++compares;                                                                                  \
  if (!same(rtl.n, net.n) && ++mismatches <= kMaxReports)                                      \
    std::printf("NETLIST MISMATCH cycle %ld (%s) port %s: rtl %s netlist %s\n", cycle, phase, #n, \
                show(rtl.n, bits).c_str(), show(net.n, bits).c_str());
#include "lockstep_ports.inc"
#undef PORT_IN
#undef PORT_OUT
  }
};

}  // namespace

int main(int argc, char** argv) {
  const long cycles = argc > 1 ? std::atol(argv[1]) : 5000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 1;
  std::mt19937_64 rng(seed);
  std::map<std::string, double, std::less<>> bias;
  for (int i = 3; i < argc; ++i) {
    const std::string_view a = argv[i];
    const auto eq = a.find('=');
    if (eq == std::string_view::npos) {
      std::printf("usage: %s [cycles] [seed] [PORT=P ...]\n", argv[0]);
      return 2;
    }
    bias.emplace(std::string(a.substr(0, eq)), std::atof(std::string(a.substr(eq + 1)).c_str()));
  }
  auto ls = std::make_unique<Lockstep>();
  int reset_left = kResetCycles;
  for (long c = 0; c < cycles; ++c) {
    // Occasional mid-run reset (about one cycle in 1000, held 2-4 cycles).
    if (reset_left == 0 && c > kResetCycles && rng() % 1000 == 0) reset_left = 2 + static_cast<int>(rng() % 3);
    const int rst_n = reset_left > 0 ? 0 : 1;
    if (reset_left > 0) --reset_left;
    ls->set_clock_reset(0, rst_n);
    ls->drive_inputs(rng, bias);
    ls->eval();
    if (c >= kResetCycles) ls->compare(c, "clock low");
    ls->set_clock_reset(1, rst_n);
    ls->eval();
    if (c >= kResetCycles) ls->compare(c, "after rising edge");
  }
  ls->rtl.final();
  ls->net.final();
  std::printf("netlist gate %s: %ld cycles, seed %llu, %ld output comparisons, %ld mismatches\n", LOCKSTEP_NAME,
              cycles, static_cast<unsigned long long>(seed), ls->compares, ls->mismatches);
  if (ls->compares == 0) {
    std::printf("NETLIST GATE BROKEN: no output was compared\n");
    return 2;
  }
  return ls->mismatches == 0 ? 0 : 1;
}
