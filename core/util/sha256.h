#pragma once
// SHA-256 (FIPS 180-4) of a file or a byte string, as lowercase hex. Used to pin model weights.
#include <cstdint>
#include <string>

namespace ccdf {

std::string sha256Hex(const std::string& bytes);
std::string sha256OfFile(const std::string& path);  // throws std::runtime_error if unreadable

}  // namespace ccdf
