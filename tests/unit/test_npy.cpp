// Specification of the .npy loader: reads what NumPy writes, rejects the rest with the file name.
#include <catch2/catch.hpp>

#include "util/npy.hpp"

using namespace snapgen;

static std::string fixture(const char* name) { return std::string(SNAPGEN_SOURCE_DIR) + "/tests/data/npy/" + name; }

TEST_CASE("npy: reads int8 2-D arrays written by NumPy, row-major") {
  const NpyArray a = read_npy(fixture("w_int8_4x3.npy"));
  CHECK(a.dtype == "int8");
  CHECK(a.shape == std::vector<std::size_t>{4, 3});
  REQUIRE(a.size() == 12);
  CHECK(a.values.front() == -6);
  CHECK(a.values[5] == -1);
  CHECK(a.values.back() == 5);
}

TEST_CASE("npy: reads int32 extremes and int16 negatives exactly") {
  const NpyArray b = read_npy(fixture("b_int32_3.npy"));
  CHECK(b.values == std::vector<std::int64_t>{-2147483648LL, 0, 2147483647LL});
  const NpyArray t = read_npy(fixture("t_int16_5.npy"));
  CHECK(t.values == std::vector<std::int64_t>{1, 2, 300, -300, 32767});
}

TEST_CASE("npy: reads a 0-d uint8 scalar") {
  const NpyArray s = read_npy(fixture("u8_scalar.npy"));
  CHECK(s.shape.empty());
  CHECK(s.values == std::vector<std::int64_t>{7});
}

TEST_CASE("npy: rejects float data, Fortran order, and wrong dtype/shape with the file name") {
  CHECK_THROWS_WITH(read_npy(fixture("f_float32_2.npy")), Catch::Contains("f_float32_2.npy") && Catch::Contains("dtype 'f4'"));
  CHECK_THROWS_WITH(read_npy(fixture("fortran_int8.npy")), Catch::Contains("Fortran-order"));
  const NpyArray a = read_npy(fixture("w_int8_4x3.npy"));
  CHECK_THROWS_WITH(require_npy(a, "w.npy", {"int16"}, {4, 3}),
                    Catch::Contains("w.npy: expected dtype int16 and shape (4, 3), found int8 (4, 3)"));
  CHECK_THROWS_WITH(require_npy(a, "w.npy", {"int8"}, {3, 4}), Catch::Contains("found int8 (4, 3)"));
  CHECK_NOTHROW(require_npy(a, "w.npy", {"int8", "int16"}, {4, 3}));
}

TEST_CASE("npy: rejects truncated data and bad magic") {
  std::string bytes = format_npy(NpyArray{"int16", {3}, {1, 2, 3}});
  CHECK_THROWS_WITH(parse_npy(bytes.substr(0, bytes.size() - 1), "cut.npy"), Catch::Contains("expected 6 bytes"));
  CHECK_THROWS_WITH(parse_npy("hello world", "x.npy"), Catch::Contains("magic"));
}

TEST_CASE("npy: writer round-trips through the reader") {
  const NpyArray in{"int32", {2, 2}, {-5, 7, 2147483647, -2147483648LL}};
  const NpyArray out = parse_npy(format_npy(in), "mem");
  CHECK(out.dtype == in.dtype);
  CHECK(out.shape == in.shape);
  CHECK(out.values == in.values);
}
