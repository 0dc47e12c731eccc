#include "run/sim_job_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "harness/bit_words.hpp"

namespace snapgen {

namespace fs = std::filesystem;
using tb::BitWords;

namespace {

// Configuration-bus targets (snap_tile_ctrl / the CLP glue): cfg_sel_i values.
enum CfgSel : int { kSelWeights = 0, kSelBias = 1, kSelRequant = 2, kSelRegs = 3, kSelThreshold = 4, kSelScale = 5 };
// snap_tile_ctrl's layer registers (kSelRegs) past M, S and the zero point (addresses 0..2).
enum CfgReg : int { kRegBatch = 3, kRegVectors = 4 };

tb::CfgWrite reg_write(const Design& d, int node, int addr, std::int64_t value, int width) {
  BitWords data(d.system.cfg_data_bits);
  data.put(0, width, value);
  return {node, kSelRegs, addr, data.hex()};
}

void add_layer_writes(const Design& d, const golden::tile::Layer& l, int node, std::size_t vectors,
                      std::vector<tb::CfgWrite>& out) {
  const TileParams& t = d.tile;
  const int bits = d.system.cfg_data_bits;
  auto cfg = [&](int sel, int addr, const BitWords& data) { out.push_back({node, sel, addr, data.hex()}); };
  for (int nt = 0; nt * t.cols < l.out; ++nt)
    for (int k = 0; k < l.in; ++k) {
      BitWords data(bits);
      for (int col = 0; col < t.cols; ++col) {
        const int n = nt * t.cols + col;
        if (n < l.out) data.put(col * t.weight_bits, t.weight_bits, l.w[static_cast<std::size_t>(n * l.in + k)]);
      }
      cfg(kSelWeights, nt * t.max_in + k, data);
    }
  for (int n = 0; n < l.out; ++n) {
    BitWords data(bits);
    data.put(0, t.acc_bits, l.bias[static_cast<std::size_t>(n)]);
    cfg(kSelBias, n, data);
    if (t.per_channel) {
      BitWords rq(bits);
      rq.put(0, t.mult_bits, l.requant_of(n).mult);
      rq.put(t.mult_bits, t.shift_bits, l.requant_of(n).shift);
      cfg(kSelRequant, n, rq);
    }
  }
  const std::int64_t regs[3] = {l.rq[0].mult, l.rq[0].shift, l.zp};
  const int widths[3] = {t.mult_bits, t.shift_bits, t.act_bits + 1};
  for (int a = 0; a < 3; ++a) out.push_back(reg_write(d, node, a, regs[a], widths[a]));
  // Batched calls (workload.batch): B, and the run's vector count for the last, partial call.
  out.push_back(reg_write(d, node, kRegBatch, d.runtime.batch, t.batch_bits));
  out.push_back(reg_write(d, node, kRegVectors, static_cast<std::int64_t>(vectors), d.system.vector_count_bits));
}

void add_clp_writes(const Design& d, const Workload& w, std::vector<tb::CfgWrite>& out) {
  const ClpParams& p = d.clp;
  const int bits = d.system.cfg_data_bits;
  for (const D2dLink& link : d.system.links) {
    const int node = static_cast<int>(d.system.nodes.size()) + link.index;
    for (int b = 0; b < p.beats; ++b) {
      BitWords thr(bits), scale(bits);
      for (int j = 0; j < p.lanes_per_cycle; ++j) {
        const int ch = b * p.lanes_per_cycle + j;
        if (ch >= p.channels) break;
        const auto link_index = static_cast<std::size_t>(link.index), channel = static_cast<std::size_t>(ch);
        thr.put(j * p.threshold_bits, p.threshold_bits, w.link_thresholds[link_index][channel]);
        scale.put(j * p.scale_bits, p.scale_bits, w.link_scales[link_index][channel]);
      }
      out.push_back({node, kSelThreshold, b, thr.hex()});
      out.push_back({node, kSelScale, b, scale.hex()});
    }
  }
}

}  // namespace

tb::SimLayout sim_layout(const Design& d) {
  const SystemModel& s = d.system;
  tb::SimLayout l;
  l.links = static_cast<int>(s.links.size());
  l.lanes = s.fwd_wire.field("data").width;
  l.link_obs_bits = s.link_obs.width;
  l.fwd_offset = s.link_obs.field("fwd").offset;
  l.fwd_bits = s.fwd_wire.width;
  l.fwd_valid_offset = s.fwd_wire.field("valid").offset;
  l.rev_offset = s.link_obs.field("rev").offset;
  l.rev_bits = s.rev_wire.width;
  l.routers = s.routers;
  l.router_obs_bits = s.router_obs.width;
  l.router_valid_offset = s.router_obs.field("out_valid").offset;
  l.router_valid_bits = s.router_obs.field("out_valid").width;
  l.obs_links_bits = s.top_port("obs_links_o").width;
  l.obs_d2d_bits = s.top_port("obs_d2d_o").width;
  l.obs_events_bits = s.top_port("obs_d2d_events_o").width;
  l.flip_bits = s.top_port("d2d_flip_i").width;
  l.nodes = static_cast<int>(s.nodes.size());
  l.mac_bits = s.mac_count_bits;
  l.obs_macs_bits = s.top_port("obs_macs_o").width;
  l.in_bits = s.top_port("in_vec_i").width;
  l.out_bits = s.top_port("out_vec_o").width;
  l.cfg_data_bits = s.cfg_data_bits;
  l.node_bits = s.node_bits;
  return l;
}

tb::SimJob make_sim_job(const Design& d, const Workload& w, const SimJobOptions& o) {
  tb::SimJob job;
  job.layout = sim_layout(d);
  job.seed = o.seed;
  job.ber = o.ber;
  job.in_valid_prob = o.in_valid_prob;
  job.out_ready_prob = o.out_ready_prob;
  job.max_cycles = 100000 + 20000 * w.inputs.size();
  for (std::size_t i = 0; i < w.layers.size(); ++i)
    add_layer_writes(d, w.layers[i], static_cast<int>(i), w.inputs.size(), job.cfg);
  if (w.spikes) add_clp_writes(d, w, job.cfg);
  for (const auto& x : w.inputs) {
    BitWords v(job.layout.in_bits);
    for (std::size_t e = 0; e < x.size(); ++e) v.put(static_cast<int>(e) * d.tile.act_bits, d.tile.act_bits, x[e]);
    job.inputs_hex.push_back(v.hex());
  }
  return job;
}

tb::SimJob first_vectors(const Design& d, const tb::SimJob& job, std::size_t n) {
  tb::SimJob j = job;
  j.inputs_hex.resize(std::min(n, j.inputs_hex.size()));
  for (auto& w : j.cfg)
    if (w.sel == kSelRegs && w.addr == kRegVectors)
      w = reg_write(d, w.node, kRegVectors, static_cast<std::int64_t>(j.inputs_hex.size()), d.system.vector_count_bits);
  return j;
}

std::string sim_job_json(const tb::SimJob& job) { return nlohmann::json(job).dump(1) + "\n"; }

void write_sim_job(const fs::path& path, const tb::SimJob& job) {
  std::ofstream out(path);
  out << sim_job_json(job);
  if (!out) throw std::runtime_error("cannot write the simulation job " + path.string());
}

tb::SimResult read_sim_result(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("the simulator wrote no result file " + path.string());
  try {
    return nlohmann::json::parse(in).get<tb::SimResult>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("{}: not a simulation result ({})", path.string(), e.what()));
  }
}

std::vector<std::int64_t> output_activations(const Design& d, const tb::SimOutput& o) {
  const int count = d.layers.back().out, bits = d.tile.act_bits;
  const BitWords v = BitWords::from_hex(o.hex, count * bits);
  std::vector<std::int64_t> out(static_cast<std::size_t>(count));
  for (int e = 0; e < count; ++e) out[static_cast<std::size_t>(e)] = v.field(e * bits, bits, d.tile.act_signed);
  return out;
}

}  // namespace snapgen
