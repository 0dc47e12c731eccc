#pragma once
// The descriptor `snapgen run` and its simulators exchange (JSON, one struct each way):
//   SimJob     snapgen -> simulator: the system top's observation layout (from the elaborated
//              SystemModel, never re-derived by a simulator), the run options and the stimulus
//              (configuration-bus writes, input vectors).
//   SimResult  simulator -> snapgen: outputs with latencies, counters per D2D link and on die.
// snapgen writes SimJob and reads SimResult (gen/run/sim_job_io.cpp); the Verilator runner
// (tb/sim/system_main.cpp) reads SimJob and writes SimResult; the Icarus path turns the same
// SimJob into $readmemh stimulus and its testbench writes the same SimResult JSON.
// Header-only: compiled both into snapgen and into the simulator.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace snapgen::tb {

// Where things are in the system top's flat observation ports (bit offsets, LSB = 0).
struct SimLayout {
  int links = 0;               // D2D links the workload uses (the ports keep width >= 1 with none)
  int lanes = 0;               // data wires per link (d2d_flip_i holds links x lanes)
  int link_obs_bits = 0;       // obs_d2d_o stride per link
  int fwd_offset = 0, fwd_bits = 0;   // TX -> RX wires within a link's slice
  int fwd_valid_offset = 0;           // wire_valid within the forward wires (a beat on the link)
  int rev_offset = 0, rev_bits = 0;   // RX -> TX sideband within a link's slice
  int routers = 0;             // routers over all dies
  int router_obs_bits = 0;     // obs_links_o stride per router
  int router_valid_offset = 0, router_valid_bits = 0;  // out_valid bits within a router's slice
  int obs_links_bits = 0, obs_d2d_bits = 0, obs_events_bits = 0, flip_bits = 0;
  int nodes = 0, mac_bits = 0, obs_macs_bits = 0;
  int in_bits = 0, out_bits = 0, cfg_data_bits = 0, node_bits = 0;
};

struct CfgWrite {
  int node = 0, sel = 0, addr = 0;
  std::string data_hex;  // cfg_data_i, most significant digit first
};

struct SimJob {
  SimLayout layout;
  std::uint64_t seed = 1, max_cycles = 1000000;
  double ber = 0, in_valid_prob = 1, out_ready_prob = 1;
  std::vector<CfgWrite> cfg;
  std::vector<std::string> inputs_hex;  // in_vec_i per vector, in order
  std::string coverage_path, waves_path;  // optional instrumentation outputs
};

struct LinkCounters {
  std::uint64_t fwd_toggles = 0, rev_toggles = 0, beats = 0, rewinds = 0, crc_errors = 0;
};

struct SimOutput {
  std::string hex;  // out_vec_o
  std::uint64_t latency = 0;  // cycles from input accepted to output taken
};

// D2D beats over time: beats[l][i] = beats link l sent in cycles [i*window, (i+1)*window) of the
// traffic phase. The runner doubles `window` (merging bin pairs) whenever a run outgrows
// kTimelineBins bins, so any run length fits in at most that many.
struct LinkTimeline {
  std::uint64_t window = 1;
  std::vector<std::vector<std::uint64_t>> beats;
};
inline constexpr std::size_t kTimelineBins = 256;

struct SimResult {
  std::string status;  // ok | timeout
  std::uint64_t cycles = 0, onchip_toggles = 0, flits = 0, macs = 0;
  std::vector<SimOutput> outputs;
  std::vector<LinkCounters> links;
  // Flits out of each router output port: router r, port p (snap_noc_router order) at r * 5 + p.
  std::vector<std::uint64_t> router_port_flits;
  LinkTimeline link_timeline;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SimLayout, links, lanes, link_obs_bits, fwd_offset, fwd_bits, fwd_valid_offset,
                                   rev_offset, rev_bits, routers, router_obs_bits, router_valid_offset,
                                   router_valid_bits, obs_links_bits, obs_d2d_bits, obs_events_bits, flip_bits, nodes,
                                   mac_bits, obs_macs_bits, in_bits, out_bits, cfg_data_bits, node_bits)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CfgWrite, node, sel, addr, data_hex)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SimJob, layout, seed, max_cycles, ber, in_valid_prob, out_ready_prob, cfg,
                                   inputs_hex, coverage_path, waves_path)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LinkCounters, fwd_toggles, rev_toggles, beats, rewinds, crc_errors)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SimOutput, hex, latency)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LinkTimeline, window, beats)
// Missing counters (the Icarus testbench records outputs, status and cycles only) read as zero.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SimResult, status, cycles, onchip_toggles, flits, macs, outputs, links,
                                                router_port_flits, link_timeline)

}  // namespace snapgen::tb
