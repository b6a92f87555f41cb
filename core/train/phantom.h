#pragma once
// Procedural MR-like phantoms: a head-shaped ellipse with a darker rim, random inner ellipses
// with smooth intensity profiles, fine texture, and a smooth multiplicative bias field.
// Magnitude images in [0, 1]; deterministic per seed.
#include <torch/torch.h>

#include <cstdint>

namespace ccdf {

torch::Tensor makePhantom(int64_t size, uint64_t seed);                  // [1, size, size]
torch::Tensor makePhantoms(int64_t count, int64_t size, uint64_t seed);  // [count, 1, size, size]

}  // namespace ccdf
