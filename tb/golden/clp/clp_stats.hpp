#pragma once
// CLP statistics from simulated traffic: how sparse the spikes are (firing rate per channel and
// overall, spikes per frame) and what that sparsity costs (RMSE and max |a_hat - a|). Both
// matter: a higher threshold buys bandwidth with fidelity.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "golden/clp/clp_golden.hpp"

namespace snapgen::golden::clp {

class Stats {
 public:
  Stats(int channels, int timesteps);

  // One vector: its frames, the dense input and the decoded output (either may be empty to
  // record only spikes).
  void add_vector(std::span<const Frame> frames, std::span<const std::int64_t> act,
                  std::span<const std::int64_t> decoded);

  std::uint64_t vectors() const { return vectors_; }
  std::uint64_t frames() const { return frames_; }
  std::uint64_t spikes() const { return spikes_; }
  // Spikes / (vectors * T) for one channel; spikes / (vectors * T * N) overall.
  double firing_rate(int channel) const;
  double firing_rate() const;
  double spikes_per_frame() const;
  int max_spikes_per_frame() const { return max_frame_spikes_; }
  double rmse() const;
  std::int64_t max_abs_error() const { return max_abs_error_; }
  double mean_error() const;  // signed mean of a_hat - a (bias)

  std::string to_json() const;  // every number above, per-channel rates included

 private:
  int channels_, timesteps_;
  std::uint64_t vectors_ = 0, frames_ = 0, spikes_ = 0, error_samples_ = 0;
  std::vector<std::uint64_t> channel_spikes_;
  int max_frame_spikes_ = 0;
  double sq_error_ = 0, sum_error_ = 0;
  std::int64_t max_abs_error_ = 0;
};

}  // namespace snapgen::golden::clp
