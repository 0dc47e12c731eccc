#pragma once
#include <string>
#include <string_view>

namespace snapgen {
// Lower-case hex SHA-256 of `data` (OpenSSL libcrypto: no hand-written crypto).
std::string sha256_hex(std::string_view data);
}  // namespace snapgen
