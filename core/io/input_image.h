#pragma once
// One entry point for the images a user hands over (photos and DICOM), and one for writing a
// result in the same family, so that the CLI and CCDF Studio treat every format alike.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/dicom_io.h"
#include "io/image_io.h"

namespace ccdf {

struct InputImage {
  torch::Tensor image;  // float32 [1, C, H, W] in [0, 1]
  int bitDepth = 8;     // 8 or 16 (DICOM: 16)
  // File units of the unit image's 0 and 1: value = valueMin + (valueMax - valueMin) * unit.
  // Photos: 0 and 1. DICOM: the frame's minimum and maximum in modality units.
  double valueMin = 0.0, valueMax = 1.0;
  bool isDicom = false;
  DicomImage dicom;  // metadata (frames emptied) when isDicom
  int64_t frames = 1, frame = 0;
  std::string path;
};

bool isDicomPath(const std::string& path);  // .dcm / .dicom, a folder, or DICOM content

// PNG / JPEG / TIFF / BMP through loadImage, DICOM files and folders of DICOM slices through
// dicom_io. `frame` selects a frame or slice (-1: the middle one).
InputImage loadInputImage(const std::string& path, int64_t frame = -1,
                          const ImageLoadOptions& options = {});

// Writes a [0, 1] result: DICOM (.dcm) as a derived series of `source` in its value units (a new
// study when `source` is not DICOM), anything else through saveImage at `bitDepth`.
void saveResultImage(const std::string& path, const torch::Tensor& unitImage,
                     const InputImage* source, const DicomDerivation& derivation, int bitDepth,
                     const std::vector<std::string>& inputPaths);

// The output extensions saveResultImage takes.
bool isSupportedOutput(const std::string& path);

}  // namespace ccdf
