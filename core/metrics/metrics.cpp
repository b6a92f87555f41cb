#include "metrics/metrics.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ccdf {

namespace {

// Metrics are computed in double on the CPU; complex images (MRI) are compared by magnitude,
// the usual convention for reconstructions.
torch::Tensor asRealDouble(const torch::Tensor& t) {
  torch::Tensor real = t.is_complex() ? t.abs() : t;
  return real.detach().to(torch::kCPU, torch::kDouble);
}

std::pair<torch::Tensor, torch::Tensor> checkedPair(const torch::Tensor& estimate,
                                                    const torch::Tensor& reference,
                                                    const char* metric) {
  if (!estimate.defined() || !reference.defined())
    throw std::invalid_argument(std::string(metric) + ": undefined image");
  if (estimate.sizes() != reference.sizes()) {
    std::ostringstream message;
    message << metric << ": estimate " << estimate.sizes() << " and reference " << reference.sizes()
            << " differ in shape";
    throw std::invalid_argument(message.str());
  }
  if (estimate.numel() == 0) throw std::invalid_argument(std::string(metric) + ": empty image");
  return {asRealDouble(estimate), asRealDouble(reference)};
}

void checkRange(double dataRange, const char* metric) {
  if (!(dataRange > 0.0) || !std::isfinite(dataRange))
    throw std::invalid_argument(std::string(metric) + ": data range must be positive, got " +
                                std::to_string(dataRange));
}

// Normalised 1D Gaussian, outer product gives the separable 2D window.
torch::Tensor gaussianWindow(int64_t size, double sigma) {
  auto offsets = torch::arange(size, torch::kDouble) - static_cast<double>(size / 2);
  auto g = torch::exp(-offsets * offsets / (2.0 * sigma * sigma));
  g = g / g.sum();
  return torch::outer(g, g).reshape({1, 1, size, size});
}

}  // namespace

double psnr(const torch::Tensor& estimate, const torch::Tensor& reference, double dataRange) {
  checkRange(dataRange, "psnr");
  const auto [e, r] = checkedPair(estimate, reference, "psnr");
  const double mse = (e - r).pow(2).mean().item<double>();
  if (mse == 0.0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(dataRange * dataRange / mse);
}

double ssim(const torch::Tensor& estimate, const torch::Tensor& reference, double dataRange) {
  constexpr int64_t kWindow = 11;
  constexpr double kSigma = 1.5, kK1 = 0.01, kK2 = 0.03;
  checkRange(dataRange, "ssim");
  auto [e, r] = checkedPair(estimate, reference, "ssim");
  if (e.dim() < 2 || e.size(-2) < kWindow || e.size(-1) < kWindow) {
    std::ostringstream message;
    message << "ssim: images must be at least 11x11, got " << e.sizes();
    throw std::invalid_argument(message.str());
  }
  // Every channel of every image is one single-channel plane.
  e = e.reshape({-1, 1, e.size(-2), e.size(-1)});
  r = r.reshape({-1, 1, r.size(-2), r.size(-1)});
  const auto window = gaussianWindow(kWindow, kSigma);
  auto filter = [&](const torch::Tensor& t) { return torch::conv2d(t, window); };  // valid
  const auto muE = filter(e), muR = filter(r);
  const auto varE = filter(e * e) - muE * muE;
  const auto varR = filter(r * r) - muR * muR;
  const auto covER = filter(e * r) - muE * muR;
  const double c1 = std::pow(kK1 * dataRange, 2), c2 = std::pow(kK2 * dataRange, 2);
  const auto map = ((2 * muE * muR + c1) * (2 * covER + c2)) /
                   ((muE * muE + muR * muR + c1) * (varE + varR + c2));
  return map.mean().item<double>();
}

double nrmse(const torch::Tensor& estimate, const torch::Tensor& reference) {
  const auto [e, r] = checkedPair(estimate, reference, "nrmse");
  const double error = (e - r).norm().item<double>();
  const double scale = r.norm().item<double>();
  if (scale == 0.0) return error == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return error / scale;
}

}  // namespace ccdf
