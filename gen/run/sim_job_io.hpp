#pragma once
// snapgen's side of the simulator descriptor (tb/harness/sim_job.hpp): builds the SimJob of a
// run from the elaborated Design (layout from Design::system) and the Workload (configuration-bus
// writes, input vectors), writes it as JSON, and reads a simulator's SimResult back.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "harness/sim_job.hpp"
#include "model/design.hpp"
#include "run/workload.hpp"

namespace snapgen {

struct SimJobOptions {
  std::uint64_t seed = 1;
  double ber = 0, in_valid_prob = 1, out_ready_prob = 1;
};

// Where the simulator finds things on the system top's observation ports.
tb::SimLayout sim_layout(const Design& d);

tb::SimJob make_sim_job(const Design& d, const Workload& w, const SimJobOptions& o);

// The job on its first n input vectors only (the tiles' vectors-per-run registers follow).
tb::SimJob first_vectors(const Design& d, const tb::SimJob& job, std::size_t n);

std::string sim_job_json(const tb::SimJob& job);
void write_sim_job(const std::filesystem::path& path, const tb::SimJob& job);

// Throws std::runtime_error naming the file when it is missing or not a SimResult.
tb::SimResult read_sim_result(const std::filesystem::path& path);

// An output vector's hex (out_vec_o) as activations.
std::vector<std::int64_t> output_activations(const Design& d, const tb::SimOutput& o);

}  // namespace snapgen
