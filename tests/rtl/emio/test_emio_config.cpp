// The generator rejects EMIO link parameters that cannot work, naming the key and the bound.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <string>

namespace {
struct Run {
  int code;
  std::string output;
};
Run generate(const std::string& args, const std::string& config = "default") {
  const std::string cmd = fmt::format("{} generate {}/configs/{}.yaml {} -o /tmp/emio_config_test_pkg --force 2>&1",
                                      SNAPGEN_BINARY, SNAPGEN_SOURCE_DIR, config, args);
  Run r{0, ""};
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 512> buf{};
  while (fgets(buf.data(), buf.size(), p)) r.output += buf.data();
  const int status = pclose(p);
  r.code = WEXITSTATUS(status);
  return r;
}
}  // namespace

TEST_CASE("retry_depth smaller than the ACK loop needs is rejected") {
  // 8 wire stages: round trip 2*8+6 = 22 cycles; the shortest frame (AER, 4 silent steps, CRC-8)
  // is 8 beats, so go-back-N needs 2 + ceil(22/8) = 5 frames.
  const Run r = generate("-P d2d.wire_stages=8 -P d2d.encoding=aer -P d2d.crc=crc8 -P d2d.retry_depth=4");
  CHECK(r.code == 2);
  CHECK(r.output.find("d2d.retry_depth") != std::string::npos);
  CHECK(r.output.find("needs 5 frames") != std::string::npos);
  CHECK(generate("-P d2d.wire_stages=8 -P d2d.encoding=aer -P d2d.crc=crc8 -P d2d.retry_depth=5").code == 0);
}

TEST_CASE("lanes wider than the smallest frame are rejected") {
  // single_die (3x3 routers: dest 4 bits), 1 channel, 1 timestep, AER, no CRC, window 1 (seq 2
  // bits): header 4 + 2 + 4 + len 7 = 17 bits; the smallest frame (AER, one silent step: a 1-bit
  // count) is 18 bits, so 32 lanes would carry at least 14 bits of padding in every frame.
  const std::string small =
      "-P clp.channels=1 -P clp.lanes_per_cycle=1 -P clp.timesteps=1 -P d2d.encoding=aer -P d2d.crc=none "
      "-P d2d.retry_depth=1 -P d2d.wire_stages=0 ";
  const Run r = generate(small + "-P d2d.lanes=32", "single_die");
  INFO(r.output);
  CHECK(r.code == 2);
  CHECK(r.output.find("d2d.lanes") != std::string::npos);
  CHECK(r.output.find("smallest frame of this configuration is 18 bits") != std::string::npos);
  CHECK(generate(small + "-P d2d.lanes=18 -P d2d.retry_depth=64", "single_die").code == 0);
}

TEST_CASE("pack_vectors outside 1..16 is rejected, naming the key and the range") {
  for (const char* bad : {"0", "17"}) {
    const Run r = generate(fmt::format("-P d2d.pack_vectors={}", bad));
    INFO(r.output);
    CHECK(r.code == 2);
    CHECK(r.output.find("d2d.pack_vectors") != std::string::npos);
    CHECK(r.output.find("1..16") != std::string::npos);
  }
  CHECK(generate("-P d2d.pack_vectors=16").code == 0);
}
