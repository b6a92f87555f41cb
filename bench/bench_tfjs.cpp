// Forward time of the ESRGAN-family x4 networks (read by the TF.js importer from the npm install
// in tools/tfjs): 64x64 -> 256x256, batch 1, median of 5 after a warm-up.
// usage: bench_tfjs   (OMP_WAIT_POLICY=passive gives stable numbers on a loaded machine)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "model/tfjs_layers.h"
#include "util/device.h"

int main() {
  ccdf::configureThreads();
  torch::NoGradGuard noGrad;
  for (const std::string p : {"esrgan-slim", "esrgan-medium", "esrgan-thick"}) {
    const std::string json = std::string(CCDF_SOURCE_DIR) +
                             "/tools/tfjs/node_modules/@upscalerjs/" + p + "/models/x4/model.json";
    auto model = ccdf::loadTfjsLayersModel(json);
    const auto x = torch::rand({1, 3, 64, 64}) * (p == "esrgan-thick" ? 1.0 : 255.0);
    model->forward(x);  // warm-up
    std::vector<double> ms;
    for (int r = 0; r < 5; ++r) {
      const auto start = std::chrono::steady_clock::now();
      model->forward(x);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-14s x4 64x64 -> 256x256: median %.1f ms (best %.1f), weights %lld bytes (%s)\n",
                p.c_str(), ms[2], ms[0], (long long)model->info().weightBytes,
                ccdf::describeRuntime().c_str());
  }
  return 0;
}
