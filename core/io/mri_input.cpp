#include "io/mri_input.h"

#include <cstdio>
#include <stdexcept>

#include "ops/fft.h"

namespace ccdf {

namespace {

torch::Tensor loadMaskFile(const std::string& path, int64_t H, int64_t W) {
  torch::Tensor mask;
  if (fileExtension(path) == ".npy") {
    mask = loadNpy(path);
    if (mask.is_complex() || mask.dim() != 2)
      throw IoError("cannot use mask '" + path + "': expected a real [H, W] array");
    mask = (mask > 0.5).to(torch::kFloat);
  } else {
    mask = loadMask(path)[0][0];
  }
  if (mask.size(0) != H || mask.size(1) != W)
    throw std::invalid_argument("mask '" + path + "' is " + std::to_string(mask.size(1)) + "x" +
                                std::to_string(mask.size(0)) + " but the k-space is " +
                                std::to_string(W) + "x" + std::to_string(H));
  return mask;
}

std::string accelerationText(const torch::Tensor& mask) {
  char text[32];
  std::snprintf(text, sizeof text, "R = %.2f", maskAcceleration(mask));
  return text;
}

}  // namespace

bool isImageInputForMri(const std::string& path) {
  if (isDicomPath(path)) return true;
  const std::string ext = fileExtension(path);
  for (const char* e : {".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp"})
    if (ext == e) return true;
  return false;
}

torch::Tensor centreCrop(const torch::Tensor& image, int64_t height, int64_t width) {
  const int64_t H = image.size(-2), W = image.size(-1);
  if (height > H || width > W)
    throw std::invalid_argument("cannot crop " + std::to_string(W) + "x" + std::to_string(H) +
                                " to a larger " + std::to_string(width) + "x" +
                                std::to_string(height));
  return image.narrow(-2, (H - height) / 2, height).narrow(-1, (W - width) / 2, width);
}

MriInput prepareMriInput(const MriInputOptions& o) {
  MriInput in;
  torch::Tensor kspace;  // [coils, H, W]
  torch::Tensor recordedMask;
  KspaceProblemOptions problemOptions = o.problem;
  if (isImageInputForMri(o.input)) {
    // Retrospective from a magnitude image: its exact k-space, undersampled below.
    ImageLoadOptions load;
    load.channels = problemOptions.modelChannels == 1 ? 1 : 0;
    in.image = loadInputImage(o.input, o.load.slice, load);
    in.fromImage = true;
    kspace = fft2Ortho(in.image.image[0].to(torch::kComplexFloat));
    in.reference = in.image.image;
    in.referenceSource = "the input image";
    problemOptions.scale = 1.0;  // the image is already unit scaled
    in.summary = std::string(in.image.isDicom ? "DICOM" : "image") + " " +
                 std::to_string(kspace.size(2)) + "x" + std::to_string(kspace.size(1));
  } else {
    in.data = loadKspace(o.input, o.load);
    kspace = in.data.kspace;
    recordedMask = in.data.mask;
    in.summary = in.data.format + ", " + std::to_string(kspace.size(0)) + " coil(s), " +
                 std::to_string(kspace.size(2)) + "x" + std::to_string(kspace.size(1)) +
                 ", slice " + std::to_string(in.data.slice + 1) + " of " +
                 std::to_string(in.data.slices);
  }
  const int64_t H = kspace.size(1), W = kspace.size(2);
  const torch::Tensor present = sampledPositions(kspace);
  const bool fullySampled = in.fromImage || present.all().item<bool>();

  if (!o.maskFile.empty()) {
    in.mask = loadMaskFile(o.maskFile, H, W);
    in.maskSource = "file";
  } else if (o.designed) {
    in.mask = makeKspaceMask(H, W, *o.designed);
    in.maskSource = "designed (" + toString(o.designed->pattern) + ")";
  } else if (recordedMask.defined()) {
    in.mask = recordedMask;
    in.maskSource = "data (recorded)";
  } else if (!fullySampled) {
    in.mask = present;
    in.maskSource = "data (non-zero samples)";
  } else {
    throw std::invalid_argument("'" + o.input + "' " +
                                (in.fromImage ? "is an image" : "is fully sampled") +
                                ": choose a mask for a retrospective study (a mask file, or a "
                                "pattern and acceleration)");
  }
  // A designed or given mask cannot measure what the data never sampled.
  if (!fullySampled && in.maskSource != "data (non-zero samples)") in.mask = in.mask * present;
  if (fullySampled) in.fullySampled = kspace;
  in.problem = makeKspaceProblem(kspace, in.mask, problemOptions);
  in.summary += ", mask " + in.maskSource + " " + accelerationText(in.mask);

  if (!in.fromImage) {
    const double scale = in.problem.scale;
    if (fullySampled) {
      in.reference = (in.problem.sensitivities.defined() ? rssImage(kspace)
                                                         : ifft2Ortho(kspace).abs().unsqueeze(0)) /
                     scale;
      in.referenceSource =
          "fully sampled " + std::string(in.problem.sensitivities.defined() ? "RSS" : "magnitude");
    } else if (in.data.reference.defined()) {
      in.reference =
          in.data.reference.view({1, 1, in.data.reference.size(-2), in.data.reference.size(-1)}) /
          scale;
      in.referenceSource = "file (" + in.data.referenceName + ")";
    }
  }
  return in;
}

}  // namespace ccdf
