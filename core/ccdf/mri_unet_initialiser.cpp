#include "ccdf/mri_unet_initialiser.h"

#include <stdexcept>

#include "ops/operator.h"
#include "train/mri_restoration.h"

namespace ccdf {

MriUnetInitialiser::MriUnetInitialiser(std::string name, const std::string& directory)
    : name_(std::move(name)), net_(loadMriUnet(directory)) {}

torch::Tensor MriUnetInitialiser::initialise(const Operator& op, const torch::Tensor& y,
                                             torch::Generator&) const {
  const auto* mri = dynamic_cast<const KspaceSampling*>(&op);
  if (mri == nullptr)
    throw std::invalid_argument("the " + name_ + " initialiser needs an MRI operator, not '" +
                                op.name() + "'");
  const auto shape = op.imageShape();
  const int64_t multiple = net_->config().sizeMultiple();
  if (shape[1] != net_->config().imageChannels || shape[2] % multiple || shape[3] % multiple)
    throw std::invalid_argument(
        "the " + name_ + " initialiser needs " + std::to_string(net_->config().imageChannels) +
        " channel(s) and sides that are multiples of " + std::to_string(multiple));
  torch::NoGradGuard noGrad;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto zeroFilled = torch::real(op.AH(y)).to(torch::kFloat).contiguous();
  net_->to(zeroFilled.device());
  return restoreZeroFilled(net_, zeroFilled).to(y.device());
}

}  // namespace ccdf
