#include "train/phantom.h"

#include <cmath>

namespace ccdf {
namespace {

// Smooth indicator of an ellipse with centre (cx, cy), semi-axes (a, b) and rotation theta.
torch::Tensor ellipse(const torch::Tensor& X, const torch::Tensor& Y, double cx, double cy,
                      double a, double b, double theta, double edge) {
  const double c = std::cos(theta), s = std::sin(theta);
  auto u = ((X - cx) * c + (Y - cy) * s) / a;
  auto v = (-(X - cx) * s + (Y - cy) * c) / b;
  auto r = torch::sqrt(u * u + v * v);
  return torch::sigmoid((1.0 - r) / edge);
}

torch::Tensor smoothNoise(int64_t size, int64_t coarse, torch::Generator& gen) {
  namespace F = torch::nn::functional;
  auto n = torch::randn({1, 1, coarse, coarse}, gen);
  return F::interpolate(n, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{size, size})
                               .mode(torch::kBicubic)
                               .align_corners(true))[0][0];
}

}  // namespace

torch::Tensor makePhantom(int64_t size, uint64_t seed) {
  torch::NoGradGuard noGrad;
  torch::Generator gen = at::detail::createCPUGenerator(seed);
  auto u = [&](double lo, double hi) {
    return lo + (hi - lo) * torch::rand({1}, gen).item<double>();
  };
  auto lin = torch::linspace(-1.0, 1.0, size, torch::kDouble);
  auto grids = torch::meshgrid({lin, lin}, "ij");
  const auto& Y = grids[0];
  const auto& X = grids[1];
  const double edge = 1.5 / double(size);  // about one pixel of smoothing

  const double headA = u(0.65, 0.85), headB = u(0.75, 0.92), headTheta = u(-0.3, 0.3);
  const double cx = u(-0.05, 0.05), cy = u(-0.05, 0.05);
  auto head = ellipse(X, Y, cx, cy, headA, headB, headTheta, edge);
  auto brain = ellipse(X, Y, cx, cy, headA * 0.9, headB * 0.9, headTheta, edge);
  auto image = 0.9 * head - u(0.4, 0.6) * (head - brain) + u(-0.15, 0.05) * brain;

  const int64_t inner = int64_t(u(4, 12));
  for (int64_t k = 0; k < inner; ++k) {
    const double r = std::sqrt(u(0, 0.55));
    const double phi = u(0, 2 * M_PI);
    const double ex = cx + r * headA * std::cos(phi), ey = cy + r * headB * std::sin(phi);
    const double a = u(0.04, 0.3), b = u(0.04, 0.3);
    auto blob = ellipse(X, Y, ex, ey, a, b, u(0, M_PI), edge * u(1, 6));
    // Smooth intensity inside the blob: a linear ramp across it.
    auto ramp = 1.0 + u(-0.3, 0.3) * (X - ex) / a + u(-0.3, 0.3) * (Y - ey) / b;
    image = image + u(-0.35, 0.35) * blob * ramp * brain;
  }
  image = image * (1.0 + 0.04 * smoothNoise(size, std::max<int64_t>(4, size / 4), gen) * brain);
  auto bias = torch::exp(0.25 * smoothNoise(size, 3, gen));
  image = (image * bias).clamp(0.0, 1.0);
  return image.to(torch::kFloat).unsqueeze(0);
}

torch::Tensor makePhantoms(int64_t count, int64_t size, uint64_t seed) {
  std::vector<torch::Tensor> out;
  out.reserve(count);
  for (int64_t k = 0; k < count; ++k) out.push_back(makePhantom(size, seed * 1000003ull + k));
  return torch::stack(out);
}

}  // namespace ccdf
