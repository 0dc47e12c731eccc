#include "run/host_isa.hpp"

namespace snapgen {

namespace {

std::string probe_march() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v3")) return "x86-64-v3";
  if (__builtin_cpu_supports("x86-64-v2")) return "x86-64-v2";
#elif defined(__x86_64__) && defined(__clang__)
  // clang (the fuzz build) knows no level names here: the levels' defining features it can test.
  // clang 14 rejects "movbe", "lzcnt" and "f16c" as feature names, so v3's other features are
  // assumed (every CPU with AVX2, BMI1/2 and FMA also has MOVBE, LZCNT and F16C).
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
      __builtin_cpu_supports("fma"))
    return "x86-64-v3";
  if (__builtin_cpu_supports("popcnt") && __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("ssse3"))
    return "x86-64-v2";
#endif
  return "";
}

}  // namespace

std::string host_march() {
  static const std::string level = probe_march();  // the CPU does not change under a process
  return level;
}

}  // namespace snapgen
