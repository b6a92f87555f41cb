#include "support/test_paths.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#ifndef CCDF_SOURCE_DIR
#define CCDF_SOURCE_DIR "."
#endif

namespace ccdf::test {

std::string sourcePath(const std::string& relative) {
  return (std::filesystem::path(CCDF_SOURCE_DIR) / relative).string();
}

std::string makeTempDirectory(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string thrownMessage(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace ccdf::test
