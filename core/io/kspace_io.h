#pragma once
// Raw MRI k-space files (target ccdf_io; libhdf5 / libismrmrd stay inside the .cpp files).
// Every loader returns k-space in the project's convention, the one MriSampling uses: the
// orthonormal, *non-centred* 2D FFT of the image (DC at [0, 0]), laid out [coils, H, W] with W the
// phase-encode direction (1D masks select columns) and H the readout. Files that store centred
// k-space (fastMRI, BART, ISMRMRD) are converted exactly:
//   k_ours = fft2(ifft2c(k_file)),  ifft2c = fftshift . ifft2 . ifftshift (orthonormal),
// so that ifft2(k_ours) == ifft2c(k_file): the image of k_ours is the image the file's own tools
// show, in the same position (checked against `bart fft -i -u 3`, even and odd sizes). Equivalently
// k_ours = ifftshift(k_file) * e^{-2 pi i (ky floor(H/2) / H + kx floor(W/2) / W)}, i.e. a plain
// ifftshift with a (-1)^(ky + kx) checkerboard for even sizes. A plain ifftshift alone would
// give the image rolled by (H/2, W/2). Masks move with the samples: mask_ours = ifftshift(mask).
// Every failure throws IoError with one line naming the file and the reason; arrays of more than
// 2^28 complex elements are refused before allocation.
//
// HDF5 files are first read in a child process (util/isolated_call.h): libhdf5 1.10 crashes or
// allocates gigabytes on some damaged files, and that must not take the application with it.
// Only a file the child read cleanly is read again in this process.
//
// Per format (loadKspace):
// - fastMRI .h5: "kspace" compound {r, i} floats, [slices, H, W] (single coil) or
//   [slices, coils, H, W]; optional "mask" [W] (expanded over H) or [H, W], nonzero = sampled
//   (float, integer or h5py bool); optional "reconstruction_rss" (else "reconstruction_esc")
//   [slices, h, w] gives `reference` for the slice.
// - ISMRMRD .h5 (group "dataset"): Cartesian 2D only (encoding 0). Readouts are placed at
//   [coil, sample, ky] with ky = kspace_encode_step_1 centred at encodingLimits' step-1 centre
//   (W = encodedSpace matrix y) and the readout centred at center_sample (a partial echo is
//   zero-padded to a symmetric readout, H = 2 * max(centre, samples - centre)); H = samples
//   otherwise. Slices are idx.slice. Noise, navigator, phase-correction, feedback, dummy and
//   phase-stabilisation lines are skipped, and so are other contrasts, phases, repetitions,
//   sets and encoding spaces (only index 0 is read); repeated lines (averages) are averaged.
//   `mask` marks the acquired samples; unacquired ones are zero.
// - BART .cfl/.hdr (path with either extension or the base): dim 0 (x) -> H, 1 (y) -> W,
//   2 (z) or 13 (slice) -> slices, 3 -> coils; other dims must be 1. Dim 2 is taken as separate
//   2D slices (3D k-space would need an inverse FFT along z first). No mask.
// - .npy: complex [H, W], [coils, H, W] or [slices, coils, H, W] (`ccdf simulate` writes
//   [1, coils, H, W]), C or Fortran order; real arrays are refused. No mask.
// - Any other name: a BART base name when <path>.hdr exists, else by content (HDF5 / npy).
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
  torch::Tensor kspace;       // complex64 [coils, H, W], project convention (see above)
  torch::Tensor mask;         // float32 [H, W] in {0, 1} when the file records one, else undefined
  torch::Tensor reference;    // float32 [h, w] reference image (fastMRI reconstruction_rss / _esc)
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

// Converts between the centred convention of fastMRI / BART / ISMRMRD and the project's (see
// the top; any size, keeps dtype and device; bit-exact sign flips for even H and W).
// Throws std::invalid_argument for real tensors or fewer than two dims.
torch::Tensor kspaceFromCentred(const torch::Tensor& centred);   // [..., H, W] complex
torch::Tensor kspaceToCentred(const torch::Tensor& nonCentred);  // inverse of the above

// BART .cfl/.hdr: `base` without extension or with either one. Dims (column-major, dim 0 fastest)
// map to tensor [d15, ..., d1, d0] (C order); readCfl returns that array, complex64, without the
// trailing size-1 BART dims (leading in the tensor), keeping at least one: dims "32 32 1 4 1 ..."
// give [4, 1, 32, 32], "5 1 1 ..." gives [5]. writeCfl writes tensor [a, b, c] as dims
// "c b a 1 ... 1" (the inverse), as complex64 (real input gets zero imaginary parts); both files
// are written atomically and never over the inputs (a BART input also protects its sibling).
torch::Tensor readCfl(const std::string& base);
void writeCfl(const std::string& base, const torch::Tensor& data,
              const std::vector<std::string>& inputPaths = {});

}  // namespace ccdf
