#include "train/dataset.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/npy.hpp"
#include "util/sha256.hpp"

namespace snapgen::train {

namespace fs = std::filesystem;

namespace {

std::string read_bytes(const std::string& path) {
  if (!fs::is_regular_file(path)) throw DataError(path + ": no such file");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) throw DataError(path + ": cannot read");
  return s.str();
}

// The two layouts a dataset directory may have, each four files: training images and labels,
// then test images and labels.
const std::vector<std::string> kNpyFiles = {"x_train.npy", "y_train.npy", "x_test.npy", "y_test.npy"};
const std::vector<std::string> kIdxFiles = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

// IDX images/labels pair -> checked arrays.
void load_idx_pair(const std::string& xi, const std::string& yi, int features, int classes,
                   std::vector<std::uint8_t>& x, std::vector<std::uint8_t>& y) {
  std::vector<std::size_t> xd, yd;
  x = parse_idx(gunzip_file(xi), xi, xd);
  y = parse_idx(gunzip_file(yi), yi, yd);
  if (xd.size() != 3) throw DataError(fmt::format("{}: expected 3 dimensions (images, rows, cols), found {}", xi, xd.size()));
  if (yd.size() != 1) throw DataError(fmt::format("{}: expected 1 dimension (labels), found {}", yi, yd.size()));
  if (xd[1] * xd[2] != static_cast<std::size_t>(features))
    throw DataError(fmt::format("{}: images of {}x{} = {} values, but the first workload layer has in = {}", xi, xd[1],
                                xd[2], xd[1] * xd[2], features));
  if (xd[0] != yd[0]) throw DataError(fmt::format("{}: {} labels for {} images in {}", yi, yd[0], xd[0], xi));
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] >= classes)
      throw DataError(fmt::format("{}: label {} of image {} is outside 0..{} (the last layer has out = {})", yi, y[i], i,
                                  classes - 1, classes));
}

std::vector<std::uint8_t> npy_values(const std::string& path, bool labels, int features, int classes,
                                     std::size_t& count) {
  NpyArray a;
  try {
    a = read_npy(path);
  } catch (const NpyError& e) {
    throw DataError(e.what());
  }
  const auto& s = a.shape;
  if (labels) {
    if (s.size() != 1)
      throw DataError(fmt::format("{}: expected labels of shape (n,), found ({})", path, fmt::join(s, ", ")));
  } else {
    const bool ok = (s.size() == 2 && s[1] == static_cast<std::size_t>(features)) ||
                    (s.size() == 3 && s[1] * s[2] == static_cast<std::size_t>(features));
    if (!ok)
      throw DataError(fmt::format("{}: expected shape (n, {}) or (n, h, w) with h*w = {} (the first layer's in), "
                                  "found ({})",
                                  path, features, features, fmt::join(s, ", ")));
  }
  count = s.empty() ? 0 : s[0];
  std::vector<std::uint8_t> out(a.values.size());
  const std::int64_t hi = labels ? classes - 1 : 255;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const auto v = a.values[i];
    if (v < 0 || v > hi)
      throw DataError(fmt::format("{}: value {} at flat index {} is outside 0..{}{}", path, v, i, hi,
                                  labels ? fmt::format(" (the last layer has out = {})", classes) : ""));
    out[i] = static_cast<std::uint8_t>(v);
  }
  return out;
}

void load_npy_dir(const std::string& dir, int features, int classes, Dataset& d) {
  std::size_t nx = 0, ny = 0;
  for (std::size_t part = 0; part < 2; ++part) {  // train, test
    const std::string xp = dir + "/" + kNpyFiles[2 * part], yp = dir + "/" + kNpyFiles[2 * part + 1];
    auto x = npy_values(xp, false, features, classes, nx);
    auto y = npy_values(yp, true, features, classes, ny);
    if (nx != ny) throw DataError(fmt::format("{}: {} labels for {} inputs in {}", yp, ny, nx, xp));
    if (nx == 0) throw DataError(xp + ": no images");
    if (part == 0) d.x_train = std::move(x), d.y_train = std::move(y);
    else d.x_test = std::move(x), d.y_test = std::move(y);
  }
}

}  // namespace

std::string gunzip_file(const std::string& path) {
  const std::string in = read_bytes(path);
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw DataError(path + ": zlib init failed");
  std::string out;
  std::string buf(1 << 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf.data(), buf.size() - z.avail_out);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) {
      // Z_BUF_ERROR with no input left = the stream ended early.
      const bool truncated = rc == Z_BUF_ERROR && z.avail_in == 0;
      inflateEnd(&z);
      throw DataError(fmt::format("{}: {} after {} compressed bytes", path,
                                  truncated ? "truncated gzip stream" : "corrupt gzip data", in.size() - z.avail_in));
    }
  }
  inflateEnd(&z);
  return out;
}

std::vector<std::uint8_t> parse_idx(const std::string& bytes, const std::string& name, std::vector<std::size_t>& dims) {
  auto u8 = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  if (bytes.size() < 4 || u8(0) != 0 || u8(1) != 0)
    throw DataError(name + ": not an IDX file (the first two bytes must be 0)");
  if (u8(2) != 0x08) throw DataError(fmt::format("{}: IDX data type 0x{:02x}, only unsigned bytes (0x08) are read", name, u8(2)));
  const std::size_t nd = u8(3);
  if (nd < 1 || nd > 4) throw DataError(fmt::format("{}: IDX with {} dimensions (1..4 allowed)", name, nd));
  if (bytes.size() < 4 + 4 * nd) throw DataError(name + ": truncated IDX header");
  dims.clear();
  std::size_t total = 1;
  for (std::size_t k = 0; k < nd; ++k) {
    const std::size_t o = 4 + 4 * k;
    const std::size_t v = (std::size_t{u8(o)} << 24) | (std::size_t{u8(o + 1)} << 16) | (std::size_t{u8(o + 2)} << 8) | u8(o + 3);
    dims.push_back(v);
    total *= v;
  }
  const std::size_t have = bytes.size() - 4 - 4 * nd;
  if (have != total)
    throw DataError(fmt::format("{}: {} IDX data bytes, the header promises {} ({})", name, have, total,
                                have < total ? "truncated" : "trailing garbage"));
  return {bytes.begin() + static_cast<std::ptrdiff_t>(4 + 4 * nd), bytes.end()};
}

Dataset load_dataset(const std::string& spec, int features, int classes, std::size_t subset) {
  Dataset d;
  d.source = spec == "fashion-mnist" ? std::string(kFashionMnistDir) : spec;
  d.features = features;
  d.classes = classes;
  if (!fs::is_directory(d.source))
    throw DataError(fmt::format("train.dataset: '{}' is not a directory (give fashion-mnist or a directory of IDX "
                                ".gz or .npy files)",
                                d.source));
  // A partial layout is named with what it lacks.
  auto missing = [&](const std::vector<std::string>& files) {
    std::vector<std::string> out;
    for (const auto& f : files)
      if (!fs::exists(d.source + "/" + f)) out.push_back(f);
    return out;
  };
  const auto no_npy = missing(kNpyFiles), no_idx = missing(kIdxFiles);
  const bool npy = no_npy.size() < kNpyFiles.size();  // any .npy file: the .npy layout is meant
  if (npy ? !no_npy.empty() : !no_idx.empty())
    throw DataError(fmt::format(
        "train.dataset: '{}' {}; a dataset directory holds {} (images 0..255, labels 0..classes-1) or the "
        "Fashion-MNIST IDX files {}",
        d.source,
        npy                                ? fmt::format("lacks {}", fmt::join(no_npy, ", "))
        : no_idx.size() < kIdxFiles.size() ? fmt::format("lacks {}", fmt::join(no_idx, ", "))
                                           : "holds none of the dataset files",
        fmt::join(kNpyFiles, ", "), fmt::join(kIdxFiles, ", ")));
  if (npy) {
    load_npy_dir(d.source, features, classes, d);
  } else {
    const auto in_dir = [&](std::size_t i) { return d.source + "/" + kIdxFiles[i]; };
    load_idx_pair(in_dir(0), in_dir(1), features, classes, d.x_train, d.y_train);
    load_idx_pair(in_dir(2), in_dir(3), features, classes, d.x_test, d.y_test);
  }
  if (subset > 0) {
    auto cut = [&](std::vector<std::uint8_t>& x, std::vector<std::uint8_t>& y) {
      const std::size_t n = std::min(subset, y.size());
      y.resize(n);
      x.resize(n * static_cast<std::size_t>(features));
    };
    cut(d.x_train, d.y_train);
    cut(d.x_test, d.y_test);
  }
  std::string h = fmt::format("features {} classes {} train {} test {}\n", features, classes, d.n_train(), d.n_test());
  for (const auto* v : {&d.x_train, &d.y_train, &d.x_test, &d.y_test}) h.append(v->begin(), v->end());
  d.hash = sha256_hex(h);
  return d;
}

}  // namespace snapgen::train
