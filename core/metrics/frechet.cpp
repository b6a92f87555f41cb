#include "metrics/frechet.h"

#include <stdexcept>

namespace ccdf {
namespace {

torch::Tensor symmetricSqrt(const torch::Tensor& m) {
  auto [values, vectors] = torch::linalg::eigh(m, "L");
  return vectors.matmul(torch::diag(values.clamp_min(0).sqrt())).matmul(vectors.t());
}

}  // namespace

double frechetDistance(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(1) || a.size(0) < 2 || b.size(0) < 2)
    throw std::invalid_argument("frechetDistance needs two [N, D] feature sets with N > 1");
  auto fa = a.to(torch::kDouble), fb = b.to(torch::kDouble);
  auto muA = fa.mean(0), muB = fb.mean(0);
  auto ca = fa - muA, cb = fb - muB;
  auto sA = ca.t().matmul(ca) / double(a.size(0) - 1);
  auto sB = cb.t().matmul(cb) / double(b.size(0) - 1);
  auto rootA = symmetricSqrt(sA);
  auto cross = symmetricSqrt(rootA.matmul(sB).matmul(rootA));
  auto d = (muA - muB).pow(2).sum() + torch::trace(sA) + torch::trace(sB) - 2 * torch::trace(cross);
  return d.item<double>();
}

}  // namespace ccdf
