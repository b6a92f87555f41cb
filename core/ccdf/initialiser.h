#pragma once
// Initial estimates x0_init that need no network. Feed-forward (NN) initialisers plug in behind
// the same interface.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "ops/operator.h"

namespace ccdf {

class Initialiser {
 public:
  virtual ~Initialiser() = default;
  virtual std::string name() const = 0;
  virtual torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                                   torch::Generator& gen) const = 0;
};

// A^H y: zero-filled MRI, masked image for inpainting, nearest (box) up-sampling for SR.
class AdjointInitialiser : public Initialiser {
 public:
  std::string name() const override { return "adjoint"; }
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;
};

// The adjoint of an MRI operator: the inverse FFT of the zero-filled k-space (MRI only).
class ZeroFilledInitialiser : public AdjointInitialiser {
 public:
  std::string name() const override { return "zero-filled"; }
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;
};

// Bicubic up-sampling of the low-resolution image (SR only).
class BicubicInitialiser : public Initialiser {
 public:
  std::string name() const override { return "bicubic"; }
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;
};

// Standard normal noise (for t0 = 1 baselines; the forward jump then adds more noise).
class NoiseInitialiser : public Initialiser {
 public:
  std::string name() const override { return "noise"; }
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;
};

// The initialisers of ccdf_core (the applications offer more through io/initialisers.h).
std::vector<std::string> initialiserNames();
std::unique_ptr<Initialiser> makeInitialiser(const std::string& name);  // throws on unknown

}  // namespace ccdf
