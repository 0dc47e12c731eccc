#pragma once
// Training data for `snapgen train`: Fashion-MNIST from gzip IDX files, or a user's
// x_train/y_train/x_test/y_test .npy files. Everything is checked on load (a truncated gzip or IDX
// file, a wrong shape, a label out of range) and reported as one DataError line naming the file.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace snapgen::train {

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Dataset {
  std::string source;      // the directory the data came from
  int features = 0;        // values per image (28*28 for Fashion-MNIST)
  int classes = 0;         // labels are 0..classes-1
  std::vector<std::uint8_t> x_train, x_test;  // pixel values 0..255, image-major
  std::vector<std::uint8_t> y_train, y_test;
  std::size_t n_train() const { return y_train.size(); }
  std::size_t n_test() const { return y_test.size(); }
  std::string hash;        // sha256 over shapes and every value (the cache key's data part)
};

// Where the Debian package dataset-fashion-mnist puts its files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// `spec`: "fashion-mnist" or a directory. A directory with x_train.npy is read as .npy, otherwise
// as IDX (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-...). `features` and
// `classes` come from the workload chain (first layer's inputs, last layer's outputs); `subset`
// > 0 keeps the first `subset` training and test images.
Dataset load_dataset(const std::string& spec, int features, int classes, std::size_t subset);

// The whole decompressed content of a gzip file (throws DataError on a missing or truncated file).
std::string gunzip_file(const std::string& path);

// One IDX array (big-endian header: 0 0 type ndims, then ndims uint32 sizes); only unsigned-byte
// data (type 0x08). Returns the values and fills `dims`.
std::vector<std::uint8_t> parse_idx(const std::string& bytes, const std::string& name, std::vector<std::size_t>& dims);

}  // namespace snapgen::train
