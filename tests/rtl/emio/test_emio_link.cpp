// Specification of a generated EMIO link (TX -> wires -> RX), checked bit-exact against the
// golden model. Compiled once per model: EMIO_MODEL / EMIO_HEADER / EMIO_NS select it.
#include EMIO_HEADER
#include "snapgen_config.hpp"
#include "link_checks.hpp"

namespace {
namespace cfg = EMIO_NS;
using Model = EMIO_MODEL;
using namespace emio_test;
const Format kFormat = EMIO_FORMAT(cfg);
constexpr bool kHasCrc = cfg::kD2dCrcBits > 0;
constexpr int kMaxFrameBeats = static_cast<int>(cfg::kD2dMaxFrameBeats);
}  // namespace

TEST_CASE("wire beats equal the golden frames and RX delivers every message unchanged, in order") {
  SECTION("both ends always ready") {
    Options o;
    o.seed = 21;
    check_wire_and_delivery<Model>(kFormat, 400, o);
  }
  SECTION("random valid at the source, random ready at the sink (idle cycles on the wires)") {
    Options o;
    o.seed = 22;
    o.in_valid = 0.4;
    o.out_ready = 0.3;
    check_wire_and_delivery<Model>(kFormat, 400, o);
  }
}

TEST_CASE("a perturbed golden beat or payload is detected at its position") {
  check_perturbation_detected<Model>(kFormat);
}

TEST_CASE("with both ends ready the link sends one beat per cycle through the credit and ACK loops") {
  check_line_rate<Model>(kFormat, Type::Dense, 60, kMaxFrameBeats, EMIO_ID);
  check_line_rate<Model>(kFormat, Type::Flit, 300, kMaxFrameBeats, EMIO_ID);
  // AER frames are encoder-bound (one address per cycle), so spike frames are measured only where
  // they go as bitmaps (random 50% spike frames: adaptive picks bitmap).
  if (kFormat.mode != Mode::Aer) check_line_rate<Model>(kFormat, Type::Spike, 100, kMaxFrameBeats, EMIO_ID);
}

TEST_CASE("bit errors at BER up to 1e-3 and at 1e-5 lose, duplicate, reorder or corrupt nothing") {
  if constexpr (!kHasCrc) {
    SUCCEED("no CRC in this configuration: errors cannot be detected, so none are injected");
  } else {
    // CRC-8 misses about 1 in 256 multi-bit errors: at BER 1e-3 on frames of a few hundred bits
    // that is an expected escape every few 10^4 frames, so CRC-8 links are held to 1e-4.
    const double high = cfg::kD2dCrcBits >= 16 ? 1e-3 : 1e-4;
    SECTION("BER 1e-3 (CRC-16) or 1e-4 (CRC-8)") { check_faults<Model>(kFormat, high, 15000, 31, EMIO_ID); }
    SECTION("BER 1e-5") { check_faults<Model>(kFormat, 1e-5, 12000, 32, EMIO_ID); }
  }
}
