// Small text helpers the generator and the run/synth/sweep drivers share.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "util/text.hpp"

using snapgen::clog2;
using snapgen::shell_quote;

TEST_CASE("clog2 matches SystemVerilog $clog2, including clog2(1) == 0") {
  CHECK(clog2(1) == 0);
  CHECK(clog2(2) == 1);
  CHECK(clog2(3) == 2);
  CHECK(clog2(4) == 2);
  CHECK(clog2(5) == 3);
  CHECK(clog2(1024) == 10);
  CHECK(clog2(1025) == 11);
}

TEST_CASE("shell_quote makes any string one shell word that the shell gives back unchanged") {
  CHECK(shell_quote("plain") == "'plain'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  for (const std::string s : {"a b", "it's", "$HOME `x` \"q\"", "", "*; rm -rf nothing"}) {
    const std::string cmd = "printf '%s' " + shell_quote(s);
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string got;
    char buf[256];
    while (const std::size_t n = std::fread(buf, 1, sizeof buf, p)) got.append(buf, n);
    REQUIRE(pclose(p) == 0);
    CHECK(got == s);
  }
}
