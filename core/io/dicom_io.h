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
  std::string studyInstanceUid, studyId, studyDate, studyTime, studyDescription, accessionNumber,
      referringPhysicianName;
  std::string seriesInstanceUid, seriesDescription, seriesNumber, modality;
  std::string sopClassUid, sopInstanceUid;
  std::string frameOfReferenceUid;
  std::string photometricInterpretation;  // as stored: MONOCHROME1, MONOCHROME2, RGB, ...
  std::string transferSyntaxUid;
  std::vector<double> pixelSpacing;             // [row, column] in mm, empty when absent
  std::vector<double> imagePositionPatient;     // 3 values, empty when absent
  std::vector<double> imageOrientationPatient;  // 6 values, empty when absent
  int64_t instanceNumber = 0;
  int bitsStored = 0;
  bool pixelSigned = false;
};

struct DicomImage {
  // float32 [F, C, H, W] in modality units (after Rescale Slope / Intercept); C = 1 or 3 (RGB).
  // MONOCHROME1 is inverted on read so that larger values are always brighter: each stored value
  // s becomes smin + smax - s within the range of Bits Stored, then the rescale is applied.
  // RGB values are the stored sample values (0..255 for 8-bit); no rescale is applied to colour.
  torch::Tensor frames;
  // Window Center / Width (the first pair when there are several), in the units of `frames`
  // (for MONOCHROME1 the centre is mirrored like the values, so the displayed picture is kept).
  bool hasWindow = false;
  double windowCenter = 0.0, windowWidth = 0.0;
  DicomMetadata meta;
  std::string path;
};

// True when the file carries the "DICM" preamble (or is a readable DICOM dataset).
bool isDicomFile(const std::string& path);

// One file: single- or multi-frame, 8/12/16/32-bit allocated, any Bits Stored / High Bit, signed
// or unsigned, MONOCHROME1/2 or RGB (pixel- or plane-interleaved), uncompressed (little / big
// endian, deflated) or JPEG baseline / extended / lossless, JPEG-LS or RLE. YBR colour is read
// only where DCMTK's JPEG decoder converts it to RGB; PALETTE COLOR, uncompressed YBR, 1-bit,
// float pixel data, a Modality LUT Sequence and JPEG 2000 are refused. Files with more than 2^28
// samples (rows x columns x frames x samples per pixel) are refused before decoding. Strings are
// converted to UTF-8 when the file declares another character set.
DicomImage readDicom(const std::string& path);

// A folder of single-frame slices of one series, sorted by Instance Number (then by position
// along the slice normal, then by file name); returns the files in that order. Hidden files,
// non-DICOM files and DICOM files without pixel data are skipped; a damaged DICOM file, an empty
// folder or more than one Series Instance UID throws.
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

// Writes `image` ([1, C, H, W], [C, H, W] or [H, W] float in modality units, C = 1 or 3, finite)
// as a new derived series: Secondary Capture, Image Type DERIVED\SECONDARY, Conversion Type WSD,
// new Series and SOP Instance UIDs, patient and study modules copied from `source` (a new Study
// Instance UID and empty type-2 attributes when `source` is empty; invalid dates, times, sex or
// UIDs are dropped), Modality from `source` (else OT), Series Number 1000 + the source number, a
// Source Image Sequence when `source` names its SOP instance. Series Description holds the
// settings in a compact form (at most 64 characters), Derivation Description in full plus
// `derivation.extra`. Grey images are stored 16-bit unsigned with Rescale Slope / Intercept
// (Rescale Type US) mapping [min, max] onto [0, 65535] (slope 1 for a constant image), so values
// read back within (max - min) / 65535, and a LINEAR_EXACT window covering [min, max]. RGB values
// are 8-bit sample values 0..255, the units readDicom returns (rounded and clamped: scale [0, 1]
// images by 255 first). Pixel Spacing is not written (the image may have been resized).
// Written atomically, never over any of `inputPaths`.
void writeDicomDerived(const std::string& path, const torch::Tensor& image,
                       const DicomMetadata& source, const DicomDerivation& derivation,
                       const std::vector<std::string>& inputPaths = {});

}  // namespace ccdf
