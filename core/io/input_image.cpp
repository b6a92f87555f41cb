#include "io/input_image.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace ccdf {

bool isDicomPath(const std::string& path) {
  const std::string ext = fileExtension(path);
  if (ext == ".dcm" || ext == ".dicom") return true;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  if (ext.empty() && fs::is_regular_file(path, ec)) return isDicomFile(path);
  return false;
}

InputImage loadInputImage(const std::string& path, int64_t frame, const ImageLoadOptions& options) {
  InputImage in;
  in.path = path;
  if (!isDicomPath(path)) {
    const LoadedImage loaded = loadImage(path, options);
    in.image = loaded.image;
    in.bitDepth = loaded.bitDepth;
    return in;
  }
  std::error_code ec;
  DicomImage dicom = fs::is_directory(path, ec) ? readDicomSeries(path) : readDicom(path);
  in.frames = dicom.frames.size(0);
  in.frame = frame < 0 ? in.frames / 2 : frame;
  if (in.frame >= in.frames)
    throw IoError("cannot read '" + path + "': frame " + std::to_string(frame) +
                  " requested but it has " + std::to_string(in.frames));
  const auto values = dicom.frames[in.frame].unsqueeze(0).to(torch::kFloat);
  if (values.size(2) * values.size(3) > options.maxPixels)
    throw IoError("cannot read '" + path + "': the image is larger than the limit of " +
                  std::to_string(options.maxPixels) + " pixels");
  in.valueMin = values.min().item<double>();
  in.valueMax = values.max().item<double>();
  if (!(in.valueMax > in.valueMin)) in.valueMax = in.valueMin + 1.0;
  in.image = ((values - in.valueMin) / (in.valueMax - in.valueMin)).contiguous();
  if (options.channels == 1 && in.image.size(1) == 3)
    in.image = (in.image * torch::tensor({0.299f, 0.587f, 0.114f}).view({1, 3, 1, 1})).sum(1, true);
  else if (options.channels == 3 && in.image.size(1) == 1)
    in.image = in.image.expand({1, 3, -1, -1}).contiguous();
  in.bitDepth = 16;
  in.isDicom = true;
  dicom.frames = torch::Tensor();
  in.dicom = std::move(dicom);
  return in;
}

bool isSupportedOutput(const std::string& path) {
  const std::string ext = fileExtension(path);
  for (const char* e : {".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".dcm"})
    if (ext == e) return true;
  return false;
}

void saveResultImage(const std::string& path, const torch::Tensor& unitImage,
                     const InputImage* source, const DicomDerivation& derivation, int bitDepth,
                     const std::vector<std::string>& inputPaths) {
  const auto unit = unitImage.detach().to(torch::kCPU).to(torch::kFloat).clamp(0.0, 1.0);
  if (fileExtension(path) != ".dcm") {
    saveImage(path, unit, bitDepth, inputPaths);
    return;
  }
  const double lo = source ? source->valueMin : 0.0, hi = source ? source->valueMax : 1.0;
  const bool rgb = unit.dim() >= 3 && unit.size(-3) == 3;
  // RGB DICOM holds 8-bit values (dicom_io's units); grey keeps the source's value units.
  const auto values = rgb ? unit * 255.0 : unit * (hi - lo) + lo;
  const DicomMetadata none;
  writeDicomDerived(path, values, source && source->isDicom ? source->dicom.meta : none, derivation,
                    inputPaths);
}

}  // namespace ccdf
