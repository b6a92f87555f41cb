#pragma once
// The safetensors format (8-byte little-endian header length, JSON header, raw little-endian
// data): portable across libtorch versions and readable by every ecosystem.
#include <torch/torch.h>

#include <map>
#include <string>

namespace ccdf {

using NamedTensors = std::map<std::string, torch::Tensor>;

// Writes atomically (temporary file + rename). halfPrecision stores float tensors as F16.
void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {},
                      bool halfPrecision = false);
// Reads and validates; float tensors come back as they were stored (F32 or F16).
// Throws std::runtime_error naming the file and the problem.
NamedTensors readSafetensors(const std::string& path);

// Copies named tensors into a module's parameters and buffers, checking that every one is
// present with the right shape and a float dtype, and that nothing unexpected is left over.
// Nothing is modified unless all checks pass.
void loadIntoModule(torch::nn::Module& module, const NamedTensors& tensors,
                    const std::string& source);
NamedTensors moduleTensors(const torch::nn::Module& module);

}  // namespace ccdf
