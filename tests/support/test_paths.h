#pragma once
#include <functional>
#include <string>

namespace ccdf::test {
// Absolute path of a file in the source tree (CCDF_SOURCE_DIR) or a fresh temporary directory.
std::string sourcePath(const std::string& relative);
std::string makeTempDirectory(const std::string& prefix);
// The message of the exception f() throws, or "" when it throws nothing.
std::string thrownMessage(const std::function<void()>& f);
}  // namespace ccdf::test
