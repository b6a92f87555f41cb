#pragma once
// Everything between an MRI file and a CCDF problem, shared by `ccdf restore` and CCDF Studio:
// k-space files (fastMRI, ISMRMRD, BART cfl, npy) and images (photos, DICOM) in, the sampling
// mask chosen (from a file, designed for a retrospective study, or the data's own for a
// prospective one), coils combined, scale fixed, and the reference found when there is one.
#include <torch/torch.h>

#include <optional>
#include <string>

#include "ccdf/kspace_problem.h"
#include "io/input_image.h"
#include "io/kspace_io.h"
#include "ops/masks.h"

namespace ccdf {

struct MriInputOptions {
  std::string input;
  std::string maskFile;                    // PNG (white = sampled) or real .npy [H, W]
  std::optional<KspaceMaskSpec> designed;  // retrospective: undersample with this mask
  KspaceLoadOptions load;                  // slice, .npy layout
  KspaceProblemOptions problem;            // scale, coil maps, DC iterations, model channels
};

struct MriInput {
  KspaceProblem problem;
  torch::Tensor fullySampled;  // [coils, H, W] when the data were fully sampled, else undefined
  torch::Tensor mask;          // [H, W] the mask in use
  std::string maskSource;      // "file", "designed", "data" (recorded mask), "data (non-zero)"
  torch::Tensor reference;     // [1, C, h, w] unit scale, or undefined
  std::string referenceSource;
  std::string summary;  // one line: format, coils, size, slice, mask and its real acceleration
  InputImage image;     // set when the input was an image (photo or DICOM)
  bool fromImage = false;
  KspaceData data;  // the loaded file (k-space inputs), k-space kept
};

// Files that are images rather than k-space (by extension, DICOM folders included).
bool isImageInputForMri(const std::string& path);

// Throws IoError (file problems) or std::invalid_argument (inconsistent settings) with one line.
MriInput prepareMriInput(const MriInputOptions& options);

// The result and the reference compared on the reference's grid: the centre of `result` cut to
// the reference's size (fastMRI references are cropped to 320 x 320).
torch::Tensor centreCrop(const torch::Tensor& image, int64_t height, int64_t width);

}  // namespace ccdf
