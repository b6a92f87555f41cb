#pragma once
// The MRI U-Net initialiser (NN init for CS-MRI): zero-filled, then the trained residual UNet
// of train/mri_restoration.h. Works at any size that is a multiple of the UNet's size multiple.
#include <memory>
#include <mutex>
#include <string>

#include "ccdf/initialiser.h"
#include "model/unet.h"

namespace ccdf {

class MriUnetInitialiser : public Initialiser {
 public:
  // `directory` holds initialiser.json + weights (loaded and validated here; throws).
  MriUnetInitialiser(std::string name, const std::string& directory);
  std::string name() const override { return name_; }
  torch::Tensor initialise(const Operator& op, const torch::Tensor& y,
                           torch::Generator& gen) const override;

 private:
  std::string name_;
  mutable UNet net_;  // forward and device moves are not const in libtorch
  mutable std::mutex mutex_;  // one forward at a time (the module moves between devices)
};

}  // namespace ccdf
