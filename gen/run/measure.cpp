#include "run/measure.hpp"

#include <algorithm>

#include "run/energy.hpp"
#include "run/golden_check.hpp"
#include "run/sim_job_io.hpp"
#include "util/text.hpp"

namespace snapgen {

using Json = nlohmann::ordered_json;

std::vector<std::vector<std::int64_t>> outputs_of(const Design& d, const tb::SimResult& r) {
  std::vector<std::vector<std::int64_t>> out;
  for (const auto& o : r.outputs) out.push_back(output_activations(d, o));
  return out;
}

std::vector<std::uint64_t> latencies_of(const tb::SimResult& r) {
  std::vector<std::uint64_t> l;
  for (const auto& o : r.outputs) l.push_back(o.latency);
  return l;
}

namespace {

// The D2D section of the report: per link and in total.
Json d2d_json(const Design& d, const tb::SimResult& r, const GoldenCheck& g, tb::LinkCounters& total) {
  Json links = Json::array();
  const auto lanes = static_cast<std::uint64_t>(d.d2d.lanes);
  for (std::size_t l = 0; l < r.links.size(); ++l) {
    const auto& k = r.links[l];
    total.fwd_toggles += k.fwd_toggles;
    total.rev_toggles += k.rev_toggles;
    total.beats += k.beats;
    total.rewinds += k.rewinds;
    total.crc_errors += k.crc_errors;
    links.push_back({{"link", l},
                     {"beats", k.beats},
                     {"bits", k.beats * lanes},
                     {"toggles", k.fwd_toggles + k.rev_toggles},
                     {"data_toggles", k.fwd_toggles},
                     {"sideband_toggles", k.rev_toggles},
                     {"retries", k.rewinds},
                     {"crc_errors", k.crc_errors}});
  }
  return {{"lanes", d.d2d.lanes},
          {"timeline", {{"window_cycles", r.link_timeline.window}, {"beats_per_link", r.link_timeline.beats}}},
          {"beats", total.beats},
          {"bits", total.beats * lanes},
          {"golden_beats", g.expected_beats},
          {"toggles", total.fwd_toggles + total.rev_toggles},
          {"retries", total.rewinds},
          {"crc_errors", total.crc_errors},
          {"links", links}};
}

// Tile memory traffic derived from the schedule the model holds (docs/tile.md): layer in x out
// runs kt = ceil(in/R) x nt = ceil(out/C) passes per call; each pass reads R weight words of C*Wb
// bits once for the call's batch (ceil(n/B) calls for n vectors at workload.batch B), and per
// vector one activation word of R*A bits and C accumulator writes of Acc bits (flip-flops); every
// input vector is written once into the activation buffer (kt words).
struct TileTraffic {
  std::uint64_t weight_read_bits = 0, act_read_bits = 0, act_write_bits = 0, acc_write_bits = 0;
};
TileTraffic tile_traffic(const Design& d, std::size_t vectors) {
  const TileParams& t = d.tile;
  const auto R = static_cast<std::uint64_t>(t.rows), C = static_cast<std::uint64_t>(t.cols);
  TileTraffic per;
  for (const auto& n : d.system.nodes) {
    const auto kt = static_cast<std::uint64_t>(ceil_div(n.in, t.rows)), nt = static_cast<std::uint64_t>(ceil_div(n.out, t.cols));
    per.weight_read_bits += nt * kt * R * C * static_cast<std::uint64_t>(t.weight_bits);
    per.act_read_bits += nt * kt * R * static_cast<std::uint64_t>(t.act_bits);
    per.act_write_bits += kt * R * static_cast<std::uint64_t>(t.act_bits);
    per.acc_write_bits += nt * kt * C * static_cast<std::uint64_t>(t.acc_bits);
  }
  const auto v = static_cast<std::uint64_t>(vectors);
  const auto calls = static_cast<std::uint64_t>(ceil_div(static_cast<int>(vectors), d.runtime.batch));
  return {per.weight_read_bits * calls, per.act_read_bits * v, per.act_write_bits * v, per.acc_write_bits * v};
}

// The events the energy model prices: the run's counters, the tile schedule's derived traffic.
EnergyEvents energy_events(const Design& d, const Workload& w, const tb::SimResult& r, const tb::LinkCounters& total,
                           const TileTraffic& tile, double clp_ops) {
  EnergyEvents ev;
  // Forward and reverse D2D wires as the system model bundles them (fwd_wire: valid, last, data;
  // rev_wire: credit, ACK/NAK); every link is up for the whole run.
  const auto links = static_cast<std::uint64_t>(r.links.size());
  ev.d2d_fwd_wires = static_cast<std::uint64_t>(d.system.fwd_wire.width);
  ev.d2d_rev_wires = static_cast<std::uint64_t>(d.system.rev_wire.width);
  ev.d2d_bits = total.beats * ev.d2d_fwd_wires;
  ev.d2d_fwd_toggles = total.fwd_toggles;
  ev.d2d_rev_toggles = total.rev_toggles;
  ev.d2d_link_up_cycles = r.cycles * links;
  ev.emio_frame_bits = total.beats * static_cast<std::uint64_t>(d.d2d.lanes);
  ev.onchip_toggles = r.onchip_toggles;
  ev.router_flits = r.flits;
  ev.macs = r.macs;
  ev.sram_read_bits = tile.weight_read_bits + tile.act_read_bits;
  ev.sram_write_bits = tile.act_write_bits;
  ev.register_bits = tile.acc_write_bits;
  ev.clp_ops = clp_ops;
  ev.cycles = r.cycles;
  ev.pes = d.system.nodes.size() * static_cast<std::uint64_t>(d.tile.rows * d.tile.cols);
  ev.routers = static_cast<std::uint64_t>(d.system.routers);
  ev.clp_channels = w.spikes ? links * static_cast<std::uint64_t>(d.clp.channels) : 0;
  ev.act_bits = d.tile.act_bits;
  ev.weight_bits = d.tile.weight_bits;
  ev.acc_bits = d.tile.acc_bits;
  return ev;
}

}  // namespace

// The measured numbers of one run, checked against the golden model.
Simulated measure(const Design& d, const Workload& w, const tb::SimResult& r) {
  Simulated s;
  s.outputs = outputs_of(d, r);
  const GoldenCheck g = check_against_golden(d, w, s.outputs);
  tb::LinkCounters total;
  const Json d2d = d2d_json(d, r, g, total);
  const double clp_ops = w.spikes ? static_cast<double>(g.crossings) * d.clp.channels * (d.clp.timesteps + 1) : 0.0;
  const TileTraffic tile = tile_traffic(d, w.inputs.size());
  const EnergyEvents ev = energy_events(d, w, r, total, tile, clp_ops);
  const EnergyBreakdown e = energy_of(ev, d.runtime.energy);
  const auto lat = latencies_of(r);
  double lat_sum = 0;
  std::uint64_t lat_max = 0;
  for (auto l : lat) {
    lat_sum += static_cast<double>(l);
    lat_max = std::max(lat_max, l);
  }
  s.latency_mean = lat.empty() ? 0 : lat_sum / static_cast<double>(lat.size());
  s.energy = e.total();
  s.d2d_bits = ev.emio_frame_bits;  // beats x lanes, the bits the ratios compare
  const double vectors = static_cast<double>(w.inputs.size());
  Json& j = s.json;
  j["config"] = d.name;
  j["encoding"] = std::string(spec::name_of(spec::kEncodings, d.d2d.encoding));
  j["status"] = r.status;
  j["bit_exact"] = g.mismatches == 0 && r.status == "ok";
  j["mismatches"] = g.mismatches;
  j["vectors"] = w.inputs.size();
  j["batch"] = d.runtime.batch;
  j["cycles"] = r.cycles;
  j["latency_cycles"] = {{"mean", s.latency_mean}, {"max", lat_max}, {"per_vector", lat}};
  j["cycles_per_vector"] = w.inputs.empty() ? 0.0 : static_cast<double>(r.cycles) / vectors;
  j["die_crossings_per_vector"] = w.inputs.empty() ? 0.0 : static_cast<double>(g.crossings) / vectors;
  j["firing_rate"] = g.firing_rate;
  j["firing_rate_per_channel"] = g.channel_firing;
  j["spikes_per_frame"] = g.spikes_per_frame;
  j["reconstruction"] = {{"rmse", g.rmse}, {"max_abs_error", g.max_abs_error}};
  j["d2d"] = d2d;
  j["onchip"] = {{"link_toggles", r.onchip_toggles}, {"router_flits", r.flits}};
  j["macs"] = r.macs;
  j["clp_ops"] = clp_ops;
  // The raw counts the energy model prices (docs/energy.md says which are counted, which derived).
  j["energy_events"] = {{"d2d_bits", ev.d2d_bits},
                        {"d2d_fwd_toggles", ev.d2d_fwd_toggles},
                        {"d2d_rev_toggles", ev.d2d_rev_toggles},
                        {"d2d_link_up_cycles", ev.d2d_link_up_cycles},
                        {"d2d_fwd_wires", ev.d2d_fwd_wires},
                        {"d2d_rev_wires", ev.d2d_rev_wires},
                        {"emio_frame_bits", ev.emio_frame_bits},
                        {"sram_weight_read_bits", tile.weight_read_bits},
                        {"sram_act_read_bits", tile.act_read_bits},
                        {"sram_act_write_bits", tile.act_write_bits},
                        {"register_bits", ev.register_bits},
                        {"cycles", ev.cycles},
                        {"pes", ev.pes},
                        {"routers", ev.routers},
                        {"clp_channels", ev.clp_channels},
                        {"act_bits", ev.act_bits},
                        {"weight_bits", ev.weight_bits},
                        {"acc_bits", ev.acc_bits}};
  j["energy_pj"] = to_json(e);
  return s;
}

}  // namespace snapgen
