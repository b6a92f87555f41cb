#pragma once
// DICOM images in and out (target ccdf_io; DCMTK stays inside dicom_io.cpp). Pixel values travel
// in modality units: Rescale Slope / Intercept are always applied on read and chosen on write so
// that 16-bit storage keeps the value range. Every failure throws IoError with one line naming
// the file and the reason.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/image_io.h"

namespace ccdf {

// Patient / study / series attributes carried from a source file to the derived series.
struct DicomMetadata {
  std::string patientName, patientId, patientBirthDate, patientSex;
  std::string studyInstanceUid, studyId, studyDate, studyTime, studyDescription,
      accessionNumber, referringPhysicianName;
  std::string seriesInstanceUid, seriesDescription, seriesNumber, modality;
  std::string sopClassUid, sopInstanceUid;
  std::string frameOfReferenceUid;
  std::string photometricInterpretation;  // as stored: MONOCHROME1, MONOCHROME2, RGB, ...
  std::string transferSyntaxUid;
  std::vector<double> pixelSpacing;          // [row, column] in mm, empty when absent
  std::vector<double> imagePositionPatient;  // 3 values, empty when absent
  std::vector<double> imageOrientationPatient;  // 6 values, empty when absent
  int64_t instanceNumber = 0;
  int bitsStored = 0;
  bool pixelSigned = false;
};

struct DicomImage {
  // float32 [F, C, H, W] in modality units (after Rescale Slope / Intercept); C = 1 or 3 (RGB).
  // MONOCHROME1 is inverted on read so that larger values are always brighter.
  torch::Tensor frames;
  bool hasWindow = false;  // Window Center / Width (the first pair when there are several)
  double windowCenter = 0.0, windowWidth = 0.0;
  DicomMetadata meta;
  std::string path;
};

// True when the file carries the "DICM" preamble (or is a readable DICOM dataset).
bool isDicomFile(const std::string& path);

// One file: single- or multi-frame, 8/12/16-bit signed or unsigned, MONOCHROME1/2 or RGB,
// uncompressed or JPEG baseline / lossless, JPEG-LS or RLE.
DicomImage readDicom(const std::string& path);

// A folder of single-frame slices of one series, sorted by Instance Number (then by position
// along the slice normal, then by file name); returns the files in that order.
std::vector<std::string> listDicomSeries(const std::string& folder);
// All slices of a folder stacked as frames (sizes must agree); metadata from the first slice.
DicomImage readDicomSeries(const std::string& folder);

// How a result was made, for Series Description and Derivation Description.
struct DicomDerivation {
  std::string task, model, sampler, initialiser;
  double t0 = 0.0;
  int64_t steps = 0;
  uint64_t seed = 0;
  std::string extra;  // free text appended to the Derivation Description
};

// Writes `image` ([1, C, H, W], [C, H, W] or [H, W] float in modality units, C = 1 or 3) as a new
// derived series: Secondary Capture, Image Type DERIVED\SECONDARY, new Series and SOP Instance
// UIDs, patient and study modules copied from `source` (new ones when `source` is empty),
// descriptions from `derivation`. Grey images are stored 16-bit unsigned with a Rescale
// Slope / Intercept that maps [min, max] of the image onto the stored range; RGB as 8-bit.
// Written atomically, never over any of `inputPaths`.
void writeDicomDerived(const std::string& path, const torch::Tensor& image,
                       const DicomMetadata& source, const DicomDerivation& derivation,
                       const std::vector<std::string>& inputPaths = {});

}  // namespace ccdf
