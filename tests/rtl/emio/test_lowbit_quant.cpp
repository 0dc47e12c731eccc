// The low-bit crossing's requantizer (rtl/common/snap_lowbit_quant.sv), simulated by Icarus for
// every 8-bit input, signed and unsigned, at several k, against the golden rule the trained
// low-bit network uses (train::lowbit_crossing): q = clamp((a + 2^(s-1)) >> s), s = 8 - k.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "subprocess.hpp"
#include "train/integer_net.hpp"

namespace fs = std::filesystem;

TEST_CASE("snap_lowbit_quant equals train::lowbit_crossing for every 8-bit activation") {
  const fs::path work = fs::path(SNAPGEN_TEST_WORK) / "lowbit_quant";
  fs::create_directories(work);
  std::ofstream(work / "tb.sv") << R"(module tb;
  parameter int K = 2;
  parameter int S = 0;
  logic [7:0] in_v;
  logic [K-1:0] out_v;
  snap_lowbit_quant #(.Count(1), .InBits(8), .OutBits(K), .Signed(S)) u_dut (.in_i(in_v), .out_o(out_v));
  initial begin
    for (int v = 0; v < 256; v++) begin
      in_v = v[7:0];
      #1 $display("%0d %0d", v, out_v);
    end
  end
endmodule
)";
  for (int sign = 0; sign <= 1; ++sign) {
    for (int k : {1, 2, 3, 4, 7}) {
      INFO("signed " << sign << " k " << k);
      const auto vvp = work / fmt::format("q_{}_{}.vvp", sign, k);
      const auto compile = snapgen::test::run_command(
          fmt::format("iverilog -g2012 -P tb.K={} -P tb.S={} -o {} {} {}/rtl/common/snap_lowbit_quant.sv", k, sign,
                      vvp.string(), (work / "tb.sv").string(), SNAPGEN_SOURCE_DIR));
      INFO(compile.output);
      REQUIRE(compile.exit_code == 0);
      const auto sim = snapgen::test::run_command("vvp -n " + vvp.string());
      REQUIRE(sim.exit_code == 0);
      std::istringstream lines(sim.output);
      int v = 0, q = 0, n = 0, bad = 0;
      while (lines >> v >> q) {
        const std::int64_t a = sign && v >= 128 ? v - 256 : v;
        const std::int64_t restored = snapgen::train::lowbit_crossing(a, 8, sign != 0, k);
        const std::int64_t expect = (restored >> (8 - k)) & ((1 << k) - 1);  // the k bits sent
        if (q != expect && bad++ < 4) UNSCOPED_INFO(fmt::format("a {}: rtl {} golden {}", a, q, expect));
        ++n;
      }
      CHECK(n == 256);
      CHECK(bad == 0);
    }
  }
}
