// EMIO RTL benchmark: spike frames at each firing rate through a generated link model (both ends
// always ready, no bit errors): cycles, beats and data-lane toggles per activation vector and
// line-rate utilization (beats / cycles), every delivered vector checked against the input.
// Compiled once per model (EMIO_MODEL / EMIO_HEADER / EMIO_NS, as the tests).
//
// bench_emio_rtl_<m> OUT_DIR [vectors]
#include EMIO_HEADER
#include "snapgen_config.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "link_bench.hpp"

int main(int argc, char** argv) {
  using namespace emio_test;
  const std::string out = argc > 1 ? argv[1] : ".";
  const int vectors = argc > 2 ? std::atoi(argv[2]) : 400;
  const Format f = EMIO_FORMAT(EMIO_NS);
  const char* modes[] = {"dense", "bitmap", "aer", "rice", "adaptive"};
  std::ofstream json(out + "/emio_rtl_" EMIO_ID ".json");
  json << fmt::format("{{\n  \"block\": \"emio\",\n  \"model\": \"{}\",\n  \"encoding\": \"{}\",\n  \"lanes\": {},\n"
                      "  \"channels\": {},\n  \"timesteps\": {},\n  \"crc_bits\": {},\n  \"wire_stages\": {},\n"
                      "  \"rows\": [\n",
                      EMIO_ID, modes[static_cast<int>(f.mode)], f.lanes, f.channels, f.timesteps, f.crc_bits,
                      EMIO_NS::kD2dWireStages);
  fmt::print("EMIO RTL link {} ({}, {} lanes, N={} T={}, CRC-{}, {} wire stages), {} spike vectors per rate\n",
             EMIO_ID, modes[static_cast<int>(f.mode)], f.lanes, f.channels, f.timesteps, f.crc_bits,
             EMIO_NS::kD2dWireStages, vectors);
  fmt::print("{:>6} {:>10} {:>10} {:>12} {:>10}\n", "rate", "cycles/vec", "beats/vec", "utilization", "toggles/vec");
  const double rates[] = {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5};
  bool ok = true;
  for (std::size_t i = 0; i < std::size(rates); ++i) {
    Rng rng(77 + i);
    std::vector<Message> msgs;
    for (int v = 0; v < vectors; ++v) msgs.push_back(random_spikes(f, rng, rates[i]));
    const Result r = run_link<EMIO_MODEL>(f, msgs, Options{});
    ok = ok && r.finished && first_mismatch(r.received, msgs) == -1 && first_mismatch(r.wire, golden_wire(f, msgs)) == -1;
    // Utilization over the busy span: from the first beat to the last.
    std::size_t first = 0, last = 0;
    for (std::size_t c = 0; c < r.wire_valid.size(); ++c)
      if (r.wire_valid[c]) {
        if (!first) first = c;
        last = c;
      }
    const double span = static_cast<double>(last - first + 1);
    const double beats = static_cast<double>(r.wire.size());
    fmt::print("{:>6.3f} {:>10.1f} {:>10.1f} {:>12.3f} {:>10.1f}\n", rates[i], span / vectors, beats / vectors,
               beats / span, static_cast<double>(r.toggles) / vectors);
    json << fmt::format(
        "    {{\"rate\": {}, \"cycles_per_vector\": {:.2f}, \"beats_per_vector\": {:.2f}, \"utilization\": {:.4f}, "
        "\"toggles_per_vector\": {:.2f}}}{}\n",
        rates[i], span / vectors, beats / vectors, beats / span, static_cast<double>(r.toggles) / vectors,
        i + 1 < std::size(rates) ? "," : "");
  }
  json << "  ],\n  \"golden_match\": " << (ok ? "true" : "false") << "\n}\n";
  if (!ok) fmt::print("MISMATCH against the golden model\n");
  return ok ? 0 : 1;
}
