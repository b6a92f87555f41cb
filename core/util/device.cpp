#include "util/device.h"

#include <torch/version.h>

#include <cstdlib>
#include <mutex>
#include <thread>

namespace ccdf {

torch::Device preferredDevice() {
  const char* forced = std::getenv("CCDF_DEVICE");
  if (forced && std::string(forced) == "cpu") return torch::kCPU;
  return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

int configureThreads() {
  static std::once_flag once;
  static int threads = 1;
  std::call_once(once, [] {
    int n = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("CCDF_THREADS")) n = std::atoi(env);
    threads = n > 0 ? n : 1;
    torch::set_num_threads(threads);
  });
  return threads;
}

std::string describeRuntime() {
  const torch::Device device = preferredDevice();
  std::string s = "libtorch " + std::string(TORCH_VERSION) + ", device " + device.str() +
                  ", threads " + std::to_string(torch::get_num_threads());
  s += at::hasMKLDNN() ? ", oneDNN" : "";
  return s;
}

}  // namespace ccdf
