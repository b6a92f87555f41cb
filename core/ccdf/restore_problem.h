#pragma once
// The wiring from a measurement of a [0, 1] image to a CCDF Problem in the model's value range,
// shared by `ccdf restore` and CCDF Studio so that both give identical pixels for the same
// settings and seed.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>

#include "ccdf/initialiser.h"
#include "ccdf/run.h"
#include "model/model_store.h"
#include "ops/operator.h"

namespace ccdf {

// Images map to the model's range by x_m = a x + b (a = max - min, b = min), so a measurement
// y = A x of the [0, 1] image becomes y_m = a y + A(b 1).
torch::Tensor measurementToModelRange(const Operator& op, const ModelInfo& info,
                                      const torch::Tensor& measurementOfUnitImage);

// Seed of the generator that draws the initial estimate (distinct from the run's own stream).
uint64_t initialiserSeed(uint64_t runSeed);

// The initial estimate x0_init (model range, real) from `initialiser` given y in model range.
torch::Tensor initialEstimate(const Operator& op, const torch::Tensor& measurement,
                              const Initialiser& initialiser, uint64_t runSeed);

// Problem{op, y_m, x0_init} from a measurement of the [0, 1] image.
Problem makeRestoreProblem(std::shared_ptr<const Operator> op, const ModelInfo& info,
                           const torch::Tensor& measurementOfUnitImage,
                           const Initialiser& initialiser, uint64_t runSeed);

}  // namespace ccdf
