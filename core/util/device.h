#pragma once
#include <torch/torch.h>

#include <string>

namespace ccdf {

// CUDA when available (and not disabled with CCDF_DEVICE=cpu), else CPU.
torch::Device preferredDevice();
// Sets torch's intra-op threads to the machine's cores (or CCDF_THREADS) once; returns the count.
int configureThreads();
std::string describeRuntime();  // "libtorch X, device, threads, BLAS"

}  // namespace ccdf
