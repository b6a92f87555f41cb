#pragma once
// From measured k-space (single- or multi-coil) and a sampling mask to the operator and the
// measurement of a [0, 1]-scaled image that makeRestoreProblem takes. Shared by `ccdf restore`,
// CCDF Studio and the benchmarks, so that all three scale and combine coils alike.
#include <torch/torch.h>

#include <memory>

#include "ops/coil_sensitivities.h"
#include "ops/operator.h"

namespace ccdf {

struct KspaceProblemOptions {
  // Image units per unit image: the restored [0, 1] image times `scale` is in the file's units.
  // 0 chooses it from the data: the maximum of the zero-filled (coil-combined) magnitude, so
  // that the zero-filled image peaks at 1.
  double scale = 0.0;
  CoilSensitivityOptions sensitivities;
  int64_t dcIterations = 1;  // SENSE only (ops/sense.h)
  // Image channels the prior works on. With one channel and several coils the coils are
  // combined by SENSE; with as many channels as coils each channel is a single-coil image
  // (what `ccdf simulate` writes for colour models).
  int64_t modelChannels = 1;
};

struct KspaceProblem {
  std::shared_ptr<KspaceSampling> op;  // MriSampling (one coil per channel) or SenseMri
  torch::Tensor measurement;  // y of the unit-scaled image: mask * k / scale (SENSE: + background)
  double scale = 1.0;
  torch::Tensor zeroFilled;  // [1, C, H, W] unit scale: |F^-1 (M k)|, root-sum-of-squares of coils
  torch::Tensor sensitivities;  // [coils, H, W] for SENSE, else undefined
};

// kspace: complex [coils, H, W] in the project convention (ops/fft.h); mask: [H, W] 0/1.
// Throws std::invalid_argument with one line on inconsistent input (sizes, an empty mask,
// non-finite values, coils that fit neither mode).
KspaceProblem makeKspaceProblem(const torch::Tensor& kspace, const torch::Tensor& mask,
                                const KspaceProblemOptions& options = {});

// Root-sum-of-squares image of fully sampled k-space [coils, H, W], as [1, 1, H, W]: the
// conventional multi-coil reference (fastMRI's reconstruction_rss).
torch::Tensor rssImage(const torch::Tensor& kspace);

// Positions where any coil holds a non-zero sample: the prospective mask of zero-filled data.
torch::Tensor sampledPositions(const torch::Tensor& kspace);

}  // namespace ccdf
