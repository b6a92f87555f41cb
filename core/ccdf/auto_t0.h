#pragma once
// Automatic t0 (docs/AUTO_T0.md). CCDF's forward jump scales the initial error by a_i0 and adds
// noise b_i0 z (Lemma 1); the reverse chain contracts whatever the noise dominates (Theorem 2).
// So pick the smallest level whose noise-to-signal ratio b/a reaches sqrt(kappa * e0), where
// e0 is the estimated mean squared error of x0_init per pixel:
//   e0 = |A x0 - y|^2 / n                     (error the measurement can see)
//      + q(initialiser) * nullEnergy / n      (error it cannot: the truth's energy in the
//                                              operator's null space, times the share of it
//                                              the initialiser leaves wrong)
// nullEnergy is estimated from the measurement itself: a power law fitted to the measured
// k-space (MRI) or to the low-resolution image's spectrum (SR) and extrapolated to the
// unmeasured frequencies; for inpainting, the hole's share of the known pixels' energy.
#include <torch/torch.h>

#include <string>

#include "ops/operator.h"
#include "schedule/noise_schedule.h"

namespace ccdf {

struct AutoT0Options {
  double kappa = 1.0;               // noise variance / scaled error variance at the chosen level
  double initialiserQuality = 1.0;  // q: share of the null-space energy left wrong (adjoint: 1)
  double minT0 = 0.05, maxT0 = 1.0;
};

struct AutoT0Choice {
  double t0 = 1.0;
  int64_t level = 0;
  double measuredError = 0;   // |A x0 - y|^2 / n
  double nullSpaceError = 0;  // q * nullEnergy / n
  double initialError = 0;    // e0, the sum
  double noiseToSignal = 0;   // b/a at the chosen level
  std::string reason;         // one line for logs and the CLI
};

// The share q of the null-space energy an initialiser leaves wrong on `op`, calibrated on
// training images (docs/AUTO_T0.md); 1 for unknown names and the SR / inpainting adjoint.
double initialiserQuality(const std::string& initialiserName, const Operator& op);

// x0Init and y in the model's range; y with batch 1. Throws on an operator it cannot analyse.
AutoT0Choice chooseT0(const Operator& op, const torch::Tensor& y, const torch::Tensor& x0Init,
                      const NoiseSchedule& schedule, const AutoT0Options& options = {});

}  // namespace ccdf
