#pragma once
// Raw MRI k-space files (target ccdf_io; libhdf5 / libismrmrd stay inside the .cpp files).
// Every loader returns k-space in the project's convention, the one MriSampling uses: the
// orthonormal, *non-centred* 2D FFT of the image (DC at [0, 0]), laid out [coils, H, W] with W the
// phase-encode direction (1D masks select columns) and H the readout. Files that store centred
// k-space (fastMRI, BART, ISMRMRD) are converted exactly:
//   k_ours = fft2(ifftshift(ifft2c(k_file)))  with ifft2c the centred orthonormal inverse FFT,
// so that the image of k_ours is the image the file's own tools show, in the same orientation.
// Every failure throws IoError with one line naming the file and the reason.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/image_io.h"

namespace ccdf {

enum class KspaceLayout { NonCentred, Centred };

struct KspaceLoadOptions {
  int64_t slice = -1;  // fastMRI / ISMRMRD / cfl / npy with slices: -1 = the middle slice
  // .npy carries no convention: NonCentred (what `ccdf simulate` writes) unless told otherwise.
  KspaceLayout npyLayout = KspaceLayout::NonCentred;
};

struct KspaceData {
  torch::Tensor kspace;     // complex64 [coils, H, W], project convention (see above)
  torch::Tensor mask;       // float32 [H, W] in {0, 1} when the file records one, else undefined
  torch::Tensor reference;  // float32 [h, w] reference image (fastMRI reconstruction_rss / _esc)
  std::string referenceName;  // "reconstruction_rss", ... ("" when absent)
  int64_t slices = 1;         // slices in the file
  int64_t slice = 0;          // the slice returned
  std::string format;         // "fastmri", "ismrmrd", "cfl", "npy"
  std::string path;
};

// By content and extension: .h5 / .hdf5 (fastMRI layout: dataset "kspace"; ISMRMRD layout:
// group "dataset" with "data"), .cfl / .hdr (BART), .npy.
KspaceData loadKspace(const std::string& path, const KspaceLoadOptions& options = {});
bool isKspaceFile(const std::string& path);  // extension check: .h5 .hdf5 .cfl .hdr .npy

// Converts between the centred convention of fastMRI / BART and the project's (exact, any size).
torch::Tensor kspaceFromCentred(const torch::Tensor& centred);    // [..., H, W] complex
torch::Tensor kspaceToCentred(const torch::Tensor& nonCentred);   // inverse of the above

// BART .cfl/.hdr: `base` without extension or with either one. Dims (column-major, dim 0 fastest)
// map to tensor [d15, ..., d1, d0] (C order); readCfl returns that array, complex64.
torch::Tensor readCfl(const std::string& base);
void writeCfl(const std::string& base, const torch::Tensor& data,
              const std::vector<std::string>& inputPaths = {});

}  // namespace ccdf
