#include "util/npy.hpp"

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

namespace snapgen {

namespace {

struct DtypeInfo {
  const char* descr;  // without byte-order char
  const char* name;
  int bytes;
  bool is_signed;
};
constexpr DtypeInfo kDtypes[] = {{"i1", "int8", 1, true},   {"i2", "int16", 2, true},  {"i4", "int32", 4, true},
                                 {"i8", "int64", 8, true},   {"u1", "uint8", 1, false}, {"u2", "uint16", 2, false},
                                 {"u4", "uint32", 4, false}};

std::string shape_text(const std::vector<std::size_t>& s) {
  std::string t = "(";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  if (s.size() == 1) t += ",";
  return t + ")";
}

}  // namespace

NpyArray parse_npy(const std::string& bytes, const std::string& name) {
  auto fail = [&](const std::string& why) -> NpyError { return NpyError(fmt::format("{}: not a usable .npy file: {}", name, why)); };
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) throw fail("missing \\x93NUMPY magic");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw fail("truncated header");
    header_len = 0;
    for (int i = 0; i < 4; ++i) header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    throw fail(fmt::format("format version {} is not supported (1, 2 or 3)", major));
  }
  if (offset + header_len > bytes.size()) throw fail("truncated header");
  const std::string header = bytes.substr(offset, header_len);
  std::smatch m;
  static const std::regex descr_re(R"('descr'\s*:\s*'([<>|=])([a-z]\d+)')");
  static const std::regex order_re(R"('fortran_order'\s*:\s*(True|False))");
  static const std::regex shape_re(R"('shape'\s*:\s*\(([^)]*)\))");
  if (!std::regex_search(header, m, descr_re)) throw fail("header has no integer 'descr'");
  const std::string order = m[1], descr = m[2];
  const DtypeInfo* info = nullptr;
  for (const auto& d : kDtypes)
    if (descr == d.descr) info = &d;
  if (!info) throw fail(fmt::format("dtype '{}' is not an integer type snapgen reads (int8/16/32/64, uint8/16/32)", descr));
  if (order == ">" && info->bytes > 1) throw fail("big-endian data is not supported");
  if (!std::regex_search(header, m, order_re)) throw fail("header has no 'fortran_order'");
  if (m[1] == "True") throw fail("Fortran-order arrays are not supported (save with np.ascontiguousarray)");
  if (!std::regex_search(header, m, shape_re)) throw fail("header has no 'shape'");
  NpyArray a;
  a.dtype = info->name;
  std::size_t count = 1;
  std::stringstream dims(m[1].str());
  for (std::string item; std::getline(dims, item, ',');) {
    const auto first = item.find_first_not_of(" L");
    if (first == std::string::npos) continue;
    std::size_t dim = 0;
    try {
      dim = static_cast<std::size_t>(std::stoull(item.substr(first)));
    } catch (...) {
      throw fail("malformed shape");
    }
    if (dim > (1u << 26)) throw fail("dimension too large");
    a.shape.push_back(dim);
    count *= dim;
    if (count > (1u << 26)) throw fail("array too large");
  }
  const std::size_t data_offset = offset + header_len;
  if (bytes.size() - data_offset != count * static_cast<std::size_t>(info->bytes))
    throw fail(fmt::format("expected {} bytes of data for shape {}, found {}", count * info->bytes,
                           shape_text(a.shape), bytes.size() - data_offset));
  a.values.resize(count);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + data_offset);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t raw = 0;
    for (int b = 0; b < info->bytes; ++b) raw |= static_cast<std::uint64_t>(p[i * info->bytes + b]) << (8 * b);
    std::int64_t v = static_cast<std::int64_t>(raw);
    if (info->is_signed && info->bytes < 8) {
      const int shift = 64 - 8 * info->bytes;
      v = static_cast<std::int64_t>(raw << shift) >> shift;
    }
    a.values[i] = v;
  }
  return a;
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NpyError(fmt::format("{}: cannot read .npy file", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_npy(ss.str(), path);
}

void require_npy(const NpyArray& a, const std::string& name, const std::vector<std::string>& dtypes,
                 const std::vector<std::size_t>& shape) {
  const bool dtype_ok = std::find(dtypes.begin(), dtypes.end(), a.dtype) != dtypes.end();
  const bool shape_ok = shape.empty() || a.shape == shape;
  if (dtype_ok && shape_ok) return;
  throw NpyError(fmt::format("{}: expected dtype {} and shape {}, found {} {}", name, fmt::join(dtypes, "|"),
                             shape.empty() ? "(any)" : shape_text(shape), a.dtype, shape_text(a.shape)));
}

std::string format_npy(const NpyArray& a) {
  const DtypeInfo* info = nullptr;
  for (const auto& d : kDtypes)
    if (a.dtype == d.name) info = &d;
  if (!info) throw NpyError("format_npy: unsupported dtype " + a.dtype);
  std::string header = fmt::format("{{'descr': '{}{}', 'fortran_order': False, 'shape': {}, }}",
                                   info->bytes == 1 ? "|" : "<", info->descr, shape_text(a.shape));
  // Pad so that magic(6)+version(2)+len(2)+header is a multiple of 64, ending in '\n'.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  out += header;
  for (auto v : a.values)
    for (int b = 0; b < info->bytes; ++b) out.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * b)) & 0xff));
  return out;
}

void write_npy(const std::string& path, const NpyArray& a) {
  std::ofstream out(path, std::ios::binary);
  const std::string bytes = format_npy(a);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw NpyError(fmt::format("{}: cannot write .npy file", path));
}

}  // namespace snapgen
