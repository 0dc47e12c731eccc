#pragma once
// Seeded randomness for stimulus and backpressure: every test prints/uses an explicit seed so a
// failure is reproducible. std::mt19937_64 has a fixed, portable sequence.
#include <cstdint>
#include <random>

namespace snapgen::tb {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // Uniform integer in [lo, hi].
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(engine_);
  }
  // True with probability p.
  bool chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_) < p; }
  double normal(double mean, double stddev) { return std::normal_distribution<double>(mean, stddev)(engine_); }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace snapgen::tb
