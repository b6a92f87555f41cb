#include "ops/operator_checks.h"

#include <sstream>
#include <stdexcept>

namespace ccdf::detail {

std::string shapeString(torch::IntArrayRef shape) {
  std::ostringstream out;
  out << '[';
  for (size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
  out << ']';
  return out.str();
}

void checkImageShape(const std::vector<int64_t>& shape, const std::string& who) {
  bool positive = true;
  for (int64_t d : shape) positive = positive && d > 0;
  if (shape.size() != 4 || !positive)
    throw std::invalid_argument(who +
                                ": the image shape must be [B, C, H, W] with positive sizes, got " +
                                shapeString(shape));
}

void checkSpatial(const torch::Tensor& t, int64_t height, int64_t width, const std::string& who,
                  const char* what) {
  if (!t.defined() || t.dim() < 2 || t.size(-2) != height || t.size(-1) != width)
    throw std::invalid_argument(
        who + ": " + what + " " +
        (t.defined() ? shapeString(t.sizes()) : std::string("(undefined)")) +
        " does not have the expected spatial size " + std::to_string(height) + "x" +
        std::to_string(width));
}

torch::Tensor realNormalLike(const torch::Tensor& like, torch::Generator& gen) {
  const auto dtype = c10::toRealValueType(like.scalar_type());
  return torch::randn(like.sizes(), gen, torch::TensorOptions().dtype(dtype)).to(like.device());
}

torch::Tensor binaryMaskOrThrow(const torch::Tensor& mask, const std::string& who) {
  if (!mask.defined()) throw std::invalid_argument(who + ": the mask is undefined");
  if (mask.is_complex()) throw std::invalid_argument(who + ": the mask must be real");
  const auto asFloat = mask.to(torch::kFloat);
  if (!((asFloat == 0) | (asFloat == 1)).all().item<bool>())
    throw std::invalid_argument(who + ": the mask must contain only 0 and 1");
  return asFloat;
}

}  // namespace ccdf::detail
