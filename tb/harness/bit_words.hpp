#pragma once
// A little-endian bit vector in 32-bit words (bit i of the vector is bit i%32 of word i/32), the one
// representation every driver, runner and job file uses for values wider than 64 bits, with its
// hex form (most significant digit first, as $readmemh and the job file write it).
// Header-only: it is also compiled into the `snapgen run` simulator (tb/sim).
#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace snapgen::tb {

class BitWords {
 public:
  BitWords() = default;
  explicit BitWords(int bits) : words_(static_cast<std::size_t>(bits > 0 ? (bits + 31) / 32 : 1), 0), bits_(bits) {}
  BitWords(std::vector<std::uint32_t> words, int bits) : words_(std::move(words)), bits_(bits) {
    words_.resize(static_cast<std::size_t>(bits > 0 ? (bits + 31) / 32 : 1), 0);
  }

  int bits() const { return bits_; }
  const std::vector<std::uint32_t>& words() const { return words_; }
  std::vector<std::uint32_t>& words() { return words_; }

  // Writes the low `width` bits of `value` at [lo, lo + width) (two's complement for negatives).
  void put(int lo, int width, std::int64_t value) {
    for (int b = 0; b < width && b < 64; ++b) set(lo + b, (static_cast<std::uint64_t>(value) >> b) & 1u);
  }
  // Bits [lo, lo + width) (width <= 64), zero above the vector.
  // Word-wise: the system runner calls it for every observed field on every simulated cycle.
  std::uint64_t get(int lo, int width) const {
    std::uint64_t v = 0;
    const int n = width < 64 ? width : 64;
    for (int done = 0; done < n;) {
      const int i = lo + done, off = i % 32, take = std::min(32 - off, n - done);
      const auto w = static_cast<std::size_t>(i / 32);
      const std::uint64_t word = w < words_.size() ? words_[w] : 0u;
      v |= ((word >> off) & ((std::uint64_t{1} << take) - 1)) << done;
      done += take;
    }
    return v;
  }
  // Bits [lo, lo + width) as a signed value when `is_signed` (two's complement of that width).
  std::int64_t field(int lo, int width, bool is_signed) const {
    const std::uint64_t u = get(lo, width);
    if (is_signed && width < 64 && ((u >> (width - 1)) & 1u)) return static_cast<std::int64_t>(u) - (std::int64_t{1} << width);
    return static_cast<std::int64_t>(u);
  }
  bool bit(int i) const {
    const auto w = static_cast<std::size_t>(i / 32);
    return w < words_.size() && ((words_[w] >> (i % 32)) & 1u);
  }
  void set(int i, bool v) {
    const auto w = static_cast<std::size_t>(i / 32);
    if (w >= words_.size()) throw std::out_of_range("BitWords: bit " + std::to_string(i) + " beyond " + std::to_string(bits_));
    const std::uint32_t m = 1u << (i % 32);
    words_[w] = v ? (words_[w] | m) : (words_[w] & ~m);
  }

  // Hex digits, most significant first, exactly ceil(bits/4) of them (at least one).
  std::string hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    const int nibbles = bits_ > 0 ? (bits_ + 3) / 4 : 1;
    std::string s(static_cast<std::size_t>(nibbles), '0');
    for (int i = 0; i < nibbles; ++i) {
      const auto w = static_cast<std::size_t>(i / 8);
      const std::uint32_t word = w < words_.size() ? words_[w] : 0;
      s[static_cast<std::size_t>(nibbles - 1 - i)] = kDigits[(word >> (4 * (i % 8))) & 0xfu];
    }
    return s;
  }
  // Parses hex digits (most significant first) into a vector of `bits` bits; digits beyond are dropped.
  static BitWords from_hex(std::string_view hex, int bits) {
    BitWords v(bits);
    for (std::size_t i = 0; i < hex.size(); ++i) {
      const char c = hex[hex.size() - 1 - i];
      int nib = 0;
      if (c >= '0' && c <= '9') nib = c - '0';
      else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') nib = (c | 0x20) - 'a' + 10;
      else throw std::invalid_argument(std::string("not a hex digit: '") + c + "'");
      for (int b = 0; b < 4; ++b) {
        const int pos = static_cast<int>(i) * 4 + b;
        if (pos < bits && ((nib >> b) & 1)) v.set(pos, true);
      }
    }
    return v;
  }

  // Bits that differ between two vectors in [lo, lo + width).
  static std::uint64_t toggles(const BitWords& a, const BitWords& b, int lo, int width) {
    std::uint64_t t = 0;
    for (int i = 0; i < width; i += 64) {
      const int n = std::min(64, width - i);
      t += static_cast<std::uint64_t>(std::popcount(a.get(lo + i, n) ^ b.get(lo + i, n)));
    }
    return t;
  }
  // Bits that differ between two vectors of the same width.
  static std::uint64_t toggles(const BitWords& a, const BitWords& b) {
    std::uint64_t t = 0;
    for (std::size_t i = 0; i < a.words_.size() && i < b.words_.size(); ++i)
      t += static_cast<std::uint64_t>(std::popcount(a.words_[i] ^ b.words_[i]));
    return t;
  }

  bool operator==(const BitWords&) const = default;

 private:
  std::vector<std::uint32_t> words_ = {0};
  int bits_ = 0;
};

}  // namespace snapgen::tb
