// Calibrates and checks the error model behind automatic t0 (docs/AUTO_T0.md) on TRAINING
// images only (photos from scripts/gather_photos.sh's train/ folder, phantoms of the training
// seed): for every task, corruption level and initialiser it measures
//   q    = (|x0 - x|^2 - |A x0 - y|^2) / |P_perp x|^2   (share of the null-space energy the
//          initialiser leaves wrong; 1 for the adjoint)
//   est  = estimated null-space energy / true |P_perp x|^2 (quality of chooseT0's estimate)
// and prints their means over the images.
//
// usage: calibrate_auto_t0 [--photos out/photos/train] [--count 12]
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "ccdf/auto_t0.h"
#include "io/image_folder.h"
#include "io/initialisers.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "train/phantom.h"
#include "util/device.h"

using namespace ccdf;

namespace {

// |P_perp x|^2: the truth's energy the measurement cannot see.
double nullEnergy(const Operator& op, const torch::Tensor& x) {
  if (const auto* mri = dynamic_cast<const MriSampling*>(&op)) {
    const auto k = torch::fft::fft2(x, c10::nullopt, {-2, -1}, "ortho");
    return ((1 - mri->mask()) * k).abs().square().sum().item<double>();
  }
  return (x - op.AH(op.A(x))).square().sum().item<double>();
}

struct Mean {
  double sum = 0;
  int n = 0;
  void add(double v) {
    sum += v;
    ++n;
  }
  double value() const { return n ? sum / n : NAN; }
};

}  // namespace

int main(int argc, char** argv) {
  std::string photos = std::string(CCDF_SOURCE_DIR) + "/out/photos/train";
  int64_t count = 12;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (!std::strcmp(argv[k], "--photos")) photos = argv[k + 1];
    if (!std::strcmp(argv[k], "--count")) count = std::stoll(argv[k + 1]);
  }
  configureThreads();
  torch::NoGradGuard noGrad;
  // Photos: 128x128 centre crops at short side 128 ... in [-1, 1] (the model range).
  std::vector<torch::Tensor> images;
  for (auto& p : loadImageFolder(photos, 3, 160).images) {
    const int64_t h = p.size(1), w = p.size(2);
    if (h < 128 || w < 128) continue;
    images.push_back(p.narrow(1, (h - 128) / 2, 128).narrow(2, (w - 128) / 2, 128).unsqueeze(0));
    if (int64_t(images.size()) == count) break;
  }
  const auto phantoms = makePhantoms(count, 128, 1) * 2 - 1;  // training seed

  struct Case {
    std::string task, level;
    std::shared_ptr<Operator> op;
    std::vector<std::string> inits;
  };
  std::vector<Case> cases;
  for (int64_t s : {2, 4, 8})
    cases.push_back({"sr",
                     "x" + std::to_string(s),
                     std::make_shared<SuperResolution>(std::vector<int64_t>{1, 3, 128, 128}, s),
                     {"adjoint", "bicubic", "lanczos", "esrgan-slim", "esrgan-medium"}});
  for (double f : {0.25, 0.4, 0.5})
    cases.push_back({"inpaint",
                     "box " + std::to_string(int(f * 100)) + "%",
                     std::make_shared<Inpainting>(std::vector<int64_t>{1, 3, 128, 128},
                                                  makeBoxMask(128, 128, f)),
                     {"adjoint", "telea", "navier-stokes"}});
  for (double r : {2.0, 4.0, 6.0}) {
    KspaceMaskSpec spec;
    spec.acceleration = r;
    spec.seed = 1;
    cases.push_back({"mri",
                     "x" + std::to_string(int(r)),
                     std::make_shared<MriSampling>(std::vector<int64_t>{1, 1, 128, 128},
                                                   makeKspaceMask(128, 128, spec)),
                     {"zero-filled", "mri-unet"}});
  }
  std::printf("%-8s %-9s %-14s %8s %8s %8s\n", "task", "level", "initialiser", "q", "est/true",
              "images");
  std::map<std::string, Mean> qByInit;
  for (const auto& c : cases) {
    const bool mri = c.task == "mri";
    const int64_t n = mri ? phantoms.size(0) : int64_t(images.size());
    for (const auto& name : c.inits) {
      if (name == "esrgan-medium" && c.level == "x8") continue;  // not shipped at x8
      Mean q, est;
      for (int64_t i = 0; i < n; ++i) {
        const auto x = mri ? phantoms[i].unsqueeze(0) : images[size_t(i)];
        const auto y = c.op->A(x);
        auto gen = at::detail::createCPUGenerator(0);
        auto x0 = createInitialiser(name)->initialise(*c.op, y, gen);
        if (x0.is_complex()) x0 = torch::real(x0);
        const double truth = nullEnergy(*c.op, x);
        const double total = (x0 - x).square().sum().item<double>();
        const double seen = (c.op->A(x0) - y).abs().square().sum().item<double>();
        q.add((total - seen) / truth);
        AutoT0Options o;
        const auto choice = chooseT0(*c.op, y, x0, NoiseSchedule::vpLinear(1000), o);
        est.add((choice.nullSpaceError * double(x.numel())) / truth);
      }
      qByInit[name].add(q.value());
      std::printf("%-8s %-9s %-14s %8.3f %8.3f %8lld\n", c.task.c_str(), c.level.c_str(),
                  name.c_str(), q.value(), est.value(), (long long)n);
    }
  }
  std::printf("\nmean q per initialiser over the levels:\n");
  for (const auto& [name, m] : qByInit) std::printf("  %-14s %.3f\n", name.c_str(), m.value());
  return 0;
}
