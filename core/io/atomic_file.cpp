// Atomic file writes that never replace an input file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "io/image_io.h"

namespace fs = std::filesystem;

namespace ccdf {
namespace {

fs::path canonicalOrAbsolute(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::path(p), ec);
  if (!ec) return c;
  return fs::absolute(fs::path(p), ec).lexically_normal();
}

std::string errnoText() { return std::strerror(errno); }

}  // namespace

std::string fileExtension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool samePath(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  std::error_code ec1, ec2;
  if (fs::exists(a, ec1) && fs::exists(b, ec2)) {
    std::error_code ec;
    const bool eq = fs::equivalent(a, b, ec);  // also catches hard links
    if (!ec) return eq;
  }
  return canonicalOrAbsolute(a) == canonicalOrAbsolute(b);
}

void refuseOverwriteOfInputs(const std::string& path, const std::vector<std::string>& inputPaths) {
  for (const auto& input : inputPaths) {
    if (samePath(path, input))
      throw IoError("refusing to write '" + path + "': it is an input file ('" + input + "')");
  }
}

void writeFileAtomically(const std::string& path, const std::vector<unsigned char>& bytes,
                         const std::vector<std::string>& inputPaths) {
  if (path.empty()) throw IoError("cannot write: empty output path");
  refuseOverwriteOfInputs(path, inputPaths);
  const fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw IoError("cannot write '" + path + "': it is a directory");
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec))
    throw IoError("cannot write '" + path + "': folder '" + dir.string() + "' does not exist");

  static std::atomic<unsigned> counter{0};
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp-" +
                               std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw IoError("cannot write '" + path + "': " + errnoText());
  const auto fail = [&](const std::string& what) {
    const std::string reason = errnoText();
    ::close(fd);
    ::unlink(temp.c_str());
    throw IoError("cannot write '" + path + "': " + what + reason);
  };
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail("sync failed: ");
  if (::close(fd) != 0) {
    const std::string reason = errnoText();
    ::unlink(temp.c_str());
    throw IoError("cannot write '" + path + "': " + reason);
  }
  if (std::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string reason = errnoText();
    ::unlink(temp.c_str());
    throw IoError("cannot write '" + path + "': " + reason);
  }
}

}  // namespace ccdf
