// EMIO soak (issue 17 item 6; a bench, not a CI test): a generated link model (EMIO_MODEL) carries
// FRAMES messages of every kind (spike frames at 0..100% firing, bursts, dense vectors, NoC flits)
// with random bit errors on the data lanes at BER and random backpressure at both ends, in runs of
// CHUNK messages (each run from reset, its own seed). Every delivered message is matched against
// what was sent: lost (never delivered, or skipped over), duplicated (the previous message again),
// corrupt (anything else) are counted; the goal is 0 of each. CRC-16 models run at BER 1e-3,
// CRC-8 models at 1e-5 (the highest BER docs/emio.md specifies CRC-8 for: it misses about 1 in
// 128-256 multi-bit errors; at 1e-4 this soak delivered 13 corrupt messages in 10^6, 2026-12-04). Compiled once per model (EMIO_MODEL / EMIO_HEADER / EMIO_NS, as the tests).
//
// bench_soak_emio_<m> OUT_DIR [frames] [chunk] [ber]   writes OUT_DIR/soak_emio_<model>.json
#include EMIO_HEADER
#include "snapgen_config.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "link_bench.hpp"

namespace {

using namespace emio_test;

struct Tally {
  std::uint64_t frames = 0, delivered = 0, lost = 0, duplicated = 0, corrupt = 0;
  std::uint64_t cycles = 0, beats = 0, flips = 0, crc_errors = 0, rewinds = 0, hung_runs = 0;
};

// Walks the delivered sequence against the sent one. A delivered message equal to the next one
// sent is good; equal to the one before, a duplicate; equal to one a few places ahead, the ones
// skipped are lost (a reordering shows as a loss plus a later corrupt or duplicate); anything
// else is corrupt. What never arrived is lost.
void classify(const std::vector<Message>& sent, const std::vector<Message>& got, Tally& t) {
  constexpr std::size_t kLookAhead = 16;
  std::size_t next = 0;
  for (const Message& m : got) {
    if (next < sent.size() && m == sent[next]) {
      ++next;
      continue;
    }
    if (next > 0 && m == sent[next - 1]) {
      ++t.duplicated;
      continue;
    }
    std::size_t k = next + 1;
    while (k < std::min(sent.size(), next + kLookAhead) && !(m == sent[k])) ++k;
    if (k < std::min(sent.size(), next + kLookAhead)) {
      t.lost += k - next;
      next = k + 1;
    } else {
      ++t.corrupt;
      ++next;
    }
  }
  t.lost += sent.size() - std::min(next, sent.size());
  t.delivered += got.size();
}

std::vector<Message> soak_messages(const Format& f, Rng& rng, std::size_t n) {
  std::vector<Message> msgs = mixed_messages(f, rng, n);
  // Zero-compressed links: dense vectors as a ReLU layer gives them (about 60% zeros), so the
  // map-then-values frames vary in length instead of being all values.
  if (f.mode == Mode::DenseZc)
    for (auto& m : msgs)
      if (m.type == Type::Dense) m = random_dense(f, rng, 0.6);
  return msgs;
}

}  // namespace

int main(int argc, char** argv) {
  namespace cfg = EMIO_NS;
  const std::filesystem::path out = argc > 1 ? argv[1] : ".";
  const std::uint64_t frames = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'000'000;
  const std::uint64_t chunk = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 50'000;
  const double ber = argc > 4 ? std::atof(argv[4]) : (cfg::kD2dCrcBits >= 16 ? 1e-3 : 1e-5);
  if (frames == 0 || chunk == 0 || !(ber >= 0 && ber < 1)) {
    std::fprintf(stderr, "usage: %s OUT_DIR [frames > 0] [chunk > 0] [ber in 0..1)\n", argv[0]);
    return 2;
  }
  const Format f = EMIO_FORMAT(cfg);
  const std::string mode(snapgen::spec::name_of(snapgen::spec::kEncodings, f.mode));
  Tally t;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t run = 0; t.frames < frames; ++run) {
    Rng rng(1000 + run);
    const auto msgs = soak_messages(f, rng, static_cast<std::size_t>(std::min(chunk, frames - t.frames)));
    Options o;
    o.ber = ber;
    o.seed = 2000 + run;
    o.in_valid = 0.9;
    o.out_ready = 0.8;
    o.max_cycles = 400 * msgs.size() + 100'000;  // far above any frame's beats: a hang ends the run
    const Result r = run_link<EMIO_MODEL>(f, msgs, o);
    classify(msgs, r.received, t);
    t.frames += msgs.size();
    t.cycles += r.cycles;
    t.beats += r.wire.size();
    t.flips += r.flips;
    t.crc_errors += r.crc_errors;
    t.rewinds += r.rewinds;
    t.hung_runs += r.finished ? 0 : 1;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const bool clean = t.lost == 0 && t.duplicated == 0 && t.corrupt == 0 && t.hung_runs == 0;
  fmt::print("{:<11} {:<9} {:>3} {:>4} {:>7.0e} {:>9} {:>11} {:>9} {:>9} {:>8} {:>5} {:>5} {:>7} {:>5} {:>7.0f}  {}\n",
             EMIO_ID, mode, f.lanes, f.crc_bits, ber, t.frames, t.cycles, t.flips, t.crc_errors, t.rewinds, t.lost,
             t.duplicated, t.corrupt, t.hung_runs, secs, clean ? "ok" : "FAIL");
  nlohmann::ordered_json j;
  j["model"] = EMIO_ID;
  j["encoding"] = mode;
  j["lanes"] = f.lanes;
  j["channels"] = f.channels;
  j["timesteps"] = f.timesteps;
  j["crc_bits"] = f.crc_bits;
  j["wire_stages"] = cfg::kD2dWireStages;
  j["ber"] = ber;
  j["frames"] = t.frames;
  j["runs"] = (frames + chunk - 1) / chunk;
  j["frames_per_run"] = chunk;
  j["cycles"] = t.cycles;
  j["beats"] = t.beats;
  j["flips"] = t.flips;
  j["crc_errors"] = t.crc_errors;
  j["rewinds"] = t.rewinds;
  j["delivered"] = t.delivered;
  j["lost"] = t.lost;
  j["duplicated"] = t.duplicated;
  j["corrupt"] = t.corrupt;
  j["hung_runs"] = t.hung_runs;
  j["seconds"] = secs;
  j["clean"] = clean;
  std::filesystem::create_directories(out);
  std::ofstream(out / ("soak_emio_" EMIO_ID ".json")) << j.dump(2) << "\n";
  return clean ? 0 : 1;
}
