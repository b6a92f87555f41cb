#pragma once
// Every initial estimate x0_init the applications offer, by name: the core ones (adjoint /
// zero-filled, bicubic, noise), the classical OpenCV ones (Telea and Navier-Stokes inpainting,
// Lanczos up-sampling) and the feed-forward network ones. OpenCV stays private to this target.
#include <memory>
#include <string>
#include <vector>

#include "ccdf/initialiser.h"

namespace ccdf {

struct InitialiserContext {
  double valueMin = -1.0, valueMax = 1.0;  // value range of the measurement and of the estimate
  // Where network initialisers look for their weights (<dir>/esrgan-slim/x4/model.json);
  // empty: defaultModelDirectories().
  std::vector<std::string> modelDirectories;
};

struct InitialiserInfo {
  std::string name;
  std::string tasks;  // "any", or the tasks it serves: "sr", "inpaint", "mri" (comma-separated)
  std::string description;
};

std::vector<InitialiserInfo> availableInitialisers();
// Short aliases the CLI accepts: ns -> navier-stokes, zero -> zero-filled, unet -> mri-unet.
std::string canonicalInitialiserName(const std::string& name);
// True when the named initialiser serves the task ("sr", "inpaint" or "mri").
bool initialiserServes(const std::string& name, const std::string& task);
// Throws std::invalid_argument naming the valid choices for an unknown name.
std::unique_ptr<Initialiser> createInitialiser(const std::string& name,
                                               const InitialiserContext& context = {});

// Inpainting from the known pixels by OpenCV's fast marching method (Telea 2004) or its
// Navier-Stokes method (Bertalmio et al. 2001); known pixels are kept exactly.
class OpenCvInpaintInitialiser : public Initialiser {
 public:
  enum class Method { Telea, NavierStokes };
  explicit OpenCvInpaintInitialiser(Method method, double radius = 3.0);
  std::string name() const override;
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;

 private:
  Method method_;
  double radius_;
};

// Lanczos (8x8 window, OpenCV INTER_LANCZOS4) up-sampling of the low-resolution image.
class LanczosInitialiser : public Initialiser {
 public:
  std::string name() const override { return "lanczos"; }
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;
};

}  // namespace ccdf
