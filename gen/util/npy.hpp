#pragma once
// NumPy .npy reader/writer for integer arrays (weights, biases, thresholds, inputs).
// Reads format versions 1.0-3.0, C order, little-endian or byte-sized integer dtypes
// (i1 i2 i4 i8 u1 u2 u4), and rejects anything else with a message naming the file.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace snapgen {

struct NpyArray {
  std::string dtype;                // normalized: "int8", "int16", "int32", "int64", "uint8", ...
  std::vector<std::size_t> shape;   // () for a scalar
  std::vector<std::int64_t> values;  // row-major

  std::size_t size() const { return values.size(); }
};

class NpyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

NpyArray read_npy(const std::string& path);
NpyArray parse_npy(const std::string& bytes, const std::string& name);

// Checks dtype is one of `dtypes` and shape equals `shape` (empty = any); throws NpyError
// "file: expected dtype int8|int16 and shape (64, 10), found int32 (64, 9)".
void require_npy(const NpyArray& a, const std::string& name, const std::vector<std::string>& dtypes,
                 const std::vector<std::size_t>& shape);

// Writes a C-order little-endian .npy v1.0 file (dtype one of int8/int16/int32/int64).
std::string format_npy(const NpyArray& a);
void write_npy(const std::string& path, const NpyArray& a);

}  // namespace snapgen
