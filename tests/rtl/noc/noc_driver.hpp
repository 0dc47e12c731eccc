#pragma once
// Drives the local ports of a generated NoC top (<name>_mesh or <name>_noc_system) from a
// Verilator model: per node an unbounded source queue feeding the router's local input under
// credit flow control, and an ejection buffer of BufferDepth flits that the "sink" drains with a
// given probability per cycle (random backpressure), returning one credit per drained flit.
// Every drained flit goes to the Scoreboard. Works for any flit width and node count.
// With virtual channels (Options::vcs > 1, the model's local_vc_i port) the source allocates
// each packet's injection VC (destination mod vcs: with source allocation the packets of one
// source-destination pair share a VC end to end and stay in order), keeps one queue and the router's credits per VC, and offers one flit a
// cycle, round robin over the VCs that have a flit and a credit. The ejection port is one
// channel, as before.
#include <verilated.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "golden/noc/noc_traffic.hpp"
#include "harness/clocked.hpp"
#include "harness/rng.hpp"
#include "harness/wide_port.hpp"

namespace snapgen::tb::noc {

namespace gn = snapgen::golden::noc;

// Flits on Verilator ports, through the bit access of tb/harness/wide_port.hpp.
template <typename T>
gn::Flit get_flit(const T& port, int index, int bits) {
  gn::Flit f(static_cast<std::size_t>((bits + 31) / 32), 0);
  for (int b = 0; b < bits; ++b)
    if (port_bit(port, index * bits + b)) f[static_cast<std::size_t>(b / 32)] |= 1u << (b % 32);
  return f;
}
template <typename T>
void put_flit(T& port, int index, int bits, const gn::Flit& f) {
  if constexpr (!std::is_integral_v<T>) {
    if ((index * bits) % 32 == 0 && bits % 32 == 0) {  // fast path: word aligned
      for (int w = 0; w < bits / 32; ++w) port[static_cast<std::size_t>(index * bits / 32 + w)] = f[static_cast<std::size_t>(w)];
      return;
    }
  }
  for (int b = 0; b < bits; ++b) set_port_bit(port, index * bits + b, (f[static_cast<std::size_t>(b / 32)] >> (b % 32)) & 1u);
}

// The VC fields of NocDriver::Options from a generated snapgen_cfg::<name> namespace.
#define SNAPGEN_NOC_VCS(cfg) static_cast<int>(cfg::kVcs), static_cast<int>(cfg::kVcBits), (cfg::kVcPerHop != 0)

template <typename Model>
class NocDriver {
 public:
  struct Options {
    double sink_accept = 1.0;  // probability per cycle that a node's sink drains one flit
    std::uint64_t seed = 7;
    // Called every cycle before the clock edge, after the local ports are driven (e.g. to inject
    // bit errors on EMIO links).
    std::function<void(Model&, Rng&)> each_cycle;
    int vcs = 1;      // the model's die.router.vcs (VC ports exist when > 1)
    int vc_bits = 1;  // its VcBits
    bool vc_per_hop = false;  // its VcPerHop: packets of one pair may overtake (scoreboard)
  };

  // `escaped` is true when a flit leaves the network through an outer (undriven) edge.
  NocDriver(const gn::Layout& layout, int cols, int rows, int buffer_depth, Options opt,
            std::function<bool(Model&)> escaped)
      : layout_(layout), cols_(cols), nodes_(cols * rows), depth_(buffer_depth), opt_(opt), rng_(opt.seed),
        sb_(layout, cols, cols * rows, !opt.vc_per_hop), watch_(std::move(escaped)) {
    reset();
  }

  // Clears the network and all harness state (one compiled model serves many test cases).
  void reset() {
    clear(dut_->local_valid_i);
    clear(dut_->local_flit_i);
    clear(dut_->local_credit_i);
    if constexpr (requires { dut_->local_vc_i; }) clear(dut_->local_vc_i);
    dut_.reset();
    src_.assign(static_cast<std::size_t>(nodes_ * opt_.vcs), {});
    eject_.assign(static_cast<std::size_t>(nodes_), {});
    credits_.assign(static_cast<std::size_t>(nodes_ * opt_.vcs), depth_);
    next_vc_.assign(static_cast<std::size_t>(nodes_), 0);
    blocked_.assign(static_cast<std::size_t>(nodes_), false);
    sb_ = gn::Scoreboard(layout_, cols_, nodes_, !opt_.vc_per_hop);
    head_injected_.clear();
    now_ = 0;
  }

  // The VC a packet from `src` to `dst` travels on.
  int vc_of(int /*src*/, int dst) const { return dst % opt_.vcs; }

  void send(const gn::Packet& p) {
    sb_.expect(p);
    auto& q = src_[static_cast<std::size_t>(p.src * opt_.vcs + vc_of(p.src, p.dst))];
    for (const auto& f : p.flits) q.push_back(f);
  }

  // A blocked sink drains nothing (its router's ejection port then backs up into the network).
  void set_sink_blocked(int node, bool blocked) { blocked_[static_cast<std::size_t>(node)] = blocked; }

  // Runs one clock cycle: sample registered outputs, drive inputs, tick.
  void cycle() {
    auto& io = dut_.io();
    for (int n = 0; n < nodes_; ++n) {
      const auto un = static_cast<std::size_t>(n);
      if (port_bit(io.local_valid_o, n)) {
        eject_[un].push_back(get_flit(io.local_flit_o, n, layout_.flit_bits));
        if (static_cast<int>(eject_[un].size()) > depth_)
          throw std::runtime_error("router sent to a local sink without a credit");
      }
      for (int v = 0; v < opt_.vcs; ++v)
        if (port_bit(io.local_credit_o, n * opt_.vcs + v)) ++credits_[static_cast<std::size_t>(n * opt_.vcs + v)];
    }
    if (watch_ && watch_(io)) throw std::runtime_error("a flit left the network through an outer edge");
    clear(io.local_valid_i);
    clear(io.local_credit_i);
    for (int n = 0; n < nodes_; ++n) {
      const auto un = static_cast<std::size_t>(n);
      if (const int v = pick_vc(n); v >= 0) {
        const auto q = static_cast<std::size_t>(n * opt_.vcs + v);
        const gn::Flit& f = src_[q].front();
        if (gn::flit_type(layout_, f) & gn::kHead) head_injected_.push_back(now_);
        put_flit(io.local_flit_i, n, layout_.flit_bits, f);
        set_port_bit(io.local_valid_i, n, true);
        if constexpr (requires { io.local_vc_i; })
          for (int b = 0; b < opt_.vc_bits; ++b) set_port_bit(io.local_vc_i, n * opt_.vc_bits + b, (v >> b) & 1);
        src_[q].pop_front();
        --credits_[q];
        ++injected_flits_;
      }
      if (!eject_[un].empty() && !blocked_[un] && (opt_.sink_accept >= 1.0 || rng_.chance(opt_.sink_accept))) {
        sb_.on_flit(n, eject_[un].front(), now_);
        eject_[un].pop_front();
        set_port_bit(io.local_credit_i, n, true);
      }
    }
    if (opt_.each_cycle) opt_.each_cycle(io, rng_);
    dut_.tick();
    ++now_;
  }

  // Everything sent has been delivered and the harness queues are empty.
  bool idle() const {
    for (const auto& q : src_)
      if (!q.empty()) return false;
    for (const auto& q : eject_)
      if (!q.empty()) return false;
    return sb_.all_delivered();
  }
  // Runs until idle; returns the cycles it took, or -1 if `bound` cycles were not enough.
  long drain(long bound) {
    for (long c = 0; c < bound; ++c) {
      if (idle()) return c;
      cycle();
    }
    return idle() ? bound : -1;
  }

  // Source-queue backlog (flits waiting to enter the network).
  std::size_t backlog() const {
    std::size_t s = 0;
    for (const auto& q : src_) s += q.size();
    return s;
  }

  void set_sink_accept(double p) { opt_.sink_accept = p; }
  gn::Scoreboard& scoreboard() { return sb_; }
  std::uint64_t now() const { return now_; }
  std::uint64_t injected_flits() const { return injected_flits_; }
  const std::vector<std::uint64_t>& head_injected() const { return head_injected_; }
  int nodes() const { return nodes_; }
  Model& io() { return dut_.io(); }

 private:
  // Round robin over node n's VCs with a flit waiting and a credit; -1 when none can go.
  int pick_vc(int n) {
    for (int k = 0; k < opt_.vcs; ++k) {
      const int v = (next_vc_[static_cast<std::size_t>(n)] + k) % opt_.vcs;
      const auto q = static_cast<std::size_t>(n * opt_.vcs + v);
      if (credits_[q] > 0 && !src_[q].empty()) {
        next_vc_[static_cast<std::size_t>(n)] = (v + 1) % opt_.vcs;
        return v;
      }
    }
    return -1;
  }

  gn::Layout layout_;
  int cols_, nodes_, depth_;
  Options opt_;
  Rng rng_;
  Clocked<Model> dut_;
  std::vector<std::deque<gn::Flit>> src_, eject_;
  std::vector<int> credits_;      // per node and VC: n * vcs + v (as src_)
  std::vector<int> next_vc_;      // per node: the VC the round robin tries first
  std::vector<bool> blocked_;     // per node: the sink drains nothing
  gn::Scoreboard sb_;
  std::vector<std::uint64_t> head_injected_;
  std::function<bool(Model&)> watch_;
  std::uint64_t now_ = 0, injected_flits_ = 0;
};

// Fills a golden Layout from a generated snapgen_config.hpp namespace.
#define SNAPGEN_NOC_LAYOUT(ns)                                                                          \
  [] {                                                                                                  \
    ::snapgen::golden::noc::Layout l;                                                                   \
    l.flit_bits = static_cast<int>(ns::kFlitBits);                                                      \
    l.type_off = static_cast<int>(ns::kHdrFlitTypeOff);                                                 \
    l.kind_off = static_cast<int>(ns::kHdrKindOff);                                                     \
    l.kind_bits = static_cast<int>(ns::kHdrKindWidth);                                                  \
    l.dst_x_off = static_cast<int>(ns::kHdrDstXOff);                                                    \
    l.dst_y_off = static_cast<int>(ns::kHdrDstYOff);                                                    \
    l.src_x_off = static_cast<int>(ns::kHdrSrcXOff);                                                    \
    l.src_y_off = static_cast<int>(ns::kHdrSrcYOff);                                                    \
    l.x_bits = static_cast<int>(ns::kXBits);                                                            \
    l.y_bits = static_cast<int>(ns::kYBits);                                                            \
    l.len_off = static_cast<int>(ns::kHdrLenOff);                                                       \
    l.len_bits = static_cast<int>(ns::kHdrLenWidth);                                                    \
    l.header_bits = static_cast<int>(ns::kHeaderBits);                                                  \
    return l;                                                                                           \
  }()

}  // namespace snapgen::tb::noc
