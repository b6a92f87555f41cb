#pragma once
#include <string>

namespace ccdf::test {
// Absolute path of a file in the source tree (CCDF_SOURCE_DIR) or a fresh temporary directory.
std::string sourcePath(const std::string& relative);
std::string makeTempDirectory(const std::string& prefix);
}  // namespace ccdf::test
