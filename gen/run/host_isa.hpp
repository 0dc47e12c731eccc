#pragma once
#include <string>

namespace snapgen {

// The g++ -march level the simulation models are compiled for on this machine: "x86-64-v3"
// (AVX2, BMI2, LZCNT, POPCNT) or "x86-64-v2" (POPCNT, SSE4.2) when the CPU running this
// code has it, else "" (the compiler's default; any other architecture). The level is part
// of the model key, so a cache shared between machines of different levels keeps one model
// per level. The harness's toggle counts and Verilator's wide-word code use these instructions: the default
// spike model simulated 1.12x faster at v3 than at the default level (issue 18 item 5,
// docs/status.md). cmake/HostIsa.cmake runs this same rule for the test and bench models.
std::string host_march();

}  // namespace snapgen
