#include "golden/clp/clp_stats.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace snapgen::golden::clp {

Stats::Stats(int channels, int timesteps)
    : channels_(channels), timesteps_(timesteps), channel_spikes_(static_cast<std::size_t>(channels), 0) {}

void Stats::add_vector(std::span<const Frame> frames, std::span<const std::int64_t> act,
                       std::span<const std::int64_t> decoded) {
  ++vectors_;
  for (const auto& f : frames) {
    if (f.spikes.size() != channel_spikes_.size()) throw std::invalid_argument("clp::Stats: frame width");
    int in_frame = 0;
    for (std::size_t i = 0; i < f.spikes.size(); ++i) {
      channel_spikes_[i] += f.spikes[i];
      in_frame += f.spikes[i];
    }
    spikes_ += static_cast<std::uint64_t>(in_frame);
    max_frame_spikes_ = std::max(max_frame_spikes_, in_frame);
    ++frames_;
  }
  if (act.empty() || decoded.empty()) return;
  if (act.size() != decoded.size()) throw std::invalid_argument("clp::Stats: act/decoded sizes differ");
  for (std::size_t i = 0; i < act.size(); ++i) {
    const std::int64_t e = decoded[i] - act[i];
    sq_error_ += static_cast<double>(e) * static_cast<double>(e);
    sum_error_ += static_cast<double>(e);
    max_abs_error_ = std::max(max_abs_error_, std::abs(e));
    ++error_samples_;
  }
}

double Stats::firing_rate(int channel) const {
  if (vectors_ == 0) return 0;
  return static_cast<double>(channel_spikes_.at(static_cast<std::size_t>(channel))) /
         (static_cast<double>(vectors_) * timesteps_);
}

double Stats::firing_rate() const {
  if (vectors_ == 0) return 0;
  return static_cast<double>(spikes_) / (static_cast<double>(vectors_) * timesteps_ * channels_);
}

double Stats::spikes_per_frame() const { return frames_ ? static_cast<double>(spikes_) / frames_ : 0; }

double Stats::rmse() const { return error_samples_ ? std::sqrt(sq_error_ / error_samples_) : 0; }

double Stats::mean_error() const { return error_samples_ ? sum_error_ / error_samples_ : 0; }

std::string Stats::to_json() const {
  std::string rates;
  for (int i = 0; i < channels_; ++i) rates += fmt::format("{}{:.6f}", i ? ", " : "", firing_rate(i));
  return fmt::format(
      "{{\"channels\": {}, \"timesteps\": {}, \"vectors\": {}, \"frames\": {}, \"spikes\": {}, "
      "\"firing_rate\": {:.6f}, \"spikes_per_frame\": {:.4f}, \"max_spikes_per_frame\": {}, "
      "\"rmse\": {:.6f}, \"max_abs_error\": {}, \"mean_error\": {:.6f}, \"firing_rate_per_channel\": [{}]}}",
      channels_, timesteps_, vectors_, frames_, spikes_, firing_rate(), spikes_per_frame(), max_frame_spikes_, rmse(),
      max_abs_error_, mean_error(), rates);
}

}  // namespace snapgen::golden::clp
