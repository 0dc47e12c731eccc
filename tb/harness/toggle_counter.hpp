#pragma once
// Counts bit transitions on a bus sampled once per cycle: the energy proxy for wires
// (energy = toggles x pJ/toggle). Buses up to any width, given as 32-bit words (Verilator's
// VlWide layout) or a single 64-bit value.
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace snapgen::tb {

class ToggleCounter {
 public:
  explicit ToggleCounter(int width_bits) : width_(width_bits), last_((width_bits + 31) / 32, 0) {}

  void sample(std::span<const std::uint32_t> words) {
    for (std::size_t i = 0; i < last_.size(); ++i) {
      std::uint32_t w = i < words.size() ? words[i] : 0;
      if (i + 1 == last_.size() && width_ % 32) w &= (1u << (width_ % 32)) - 1u;
      toggles_ += static_cast<std::uint64_t>(std::popcount(w ^ last_[i]));
      last_[i] = w;
    }
    ++samples_;
  }
  void sample(std::uint64_t value) {
    const std::uint32_t words[2] = {static_cast<std::uint32_t>(value), static_cast<std::uint32_t>(value >> 32)};
    sample(std::span<const std::uint32_t>(words, last_.size() < 2 ? last_.size() : 2));
  }

  std::uint64_t toggles() const { return toggles_; }
  std::uint64_t samples() const { return samples_; }
  int width() const { return width_; }

 private:
  int width_;
  std::vector<std::uint32_t> last_;
  std::uint64_t toggles_ = 0;
  std::uint64_t samples_ = 0;
};

}  // namespace snapgen::tb
