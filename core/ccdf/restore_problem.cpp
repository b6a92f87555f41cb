#include "ccdf/restore_problem.h"

#include <ATen/CPUGeneratorImpl.h>

namespace ccdf {

torch::Tensor measurementToModelRange(const Operator& op, const ModelInfo& info,
                                      const torch::Tensor& measurementOfUnitImage) {
  const double a = info.valueMax - info.valueMin, b = info.valueMin;
  const torch::Tensor offset = op.A(torch::full(
      op.imageShape(), b, torch::TensorOptions().device(measurementOfUnitImage.device())));
  return measurementOfUnitImage * a + offset;
}

uint64_t initialiserSeed(uint64_t runSeed) { return runSeed + 0x9E3779B97F4A7C15ULL; }

torch::Tensor initialEstimate(const Operator& op, const torch::Tensor& measurement,
                              const Initialiser& initialiser, uint64_t runSeed) {
  torch::Generator gen = at::detail::createCPUGenerator(initialiserSeed(runSeed));
  torch::Tensor x0 = initialiser.initialise(op, measurement, gen);
  if (x0.is_complex()) x0 = torch::real(x0).contiguous();
  return x0;
}

Problem makeRestoreProblem(std::shared_ptr<const Operator> op, const ModelInfo& info,
                           const torch::Tensor& measurementOfUnitImage,
                           const Initialiser& initialiser, uint64_t runSeed) {
  const torch::Tensor y = measurementToModelRange(*op, info, measurementOfUnitImage);
  torch::Tensor x0 = initialEstimate(*op, y, initialiser, runSeed);
  return Problem{std::move(op), y, x0};
}

}  // namespace ccdf
