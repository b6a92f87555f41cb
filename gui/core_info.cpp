#include "core_info.h"

#include <QCoreApplication>

#include "core_mapping.h"
#include "input_source.h"
#include "ops/coil_sensitivities.h"
#include "ops/fft.h"
#include "ops/masks.h"
#include "tensor_image.h"
#include "util/device.h"

namespace ccdf::gui {

namespace {

KspaceMaskPreview describe(const torch::Tensor& mask) {
  KspaceMaskPreview out;
  out.realAcceleration = maskAcceleration(mask);
  out.mask = qimageFromMaskTensor(mask);
  out.centred = qimageFromMaskTensor(fftshift2d(mask));
  return out;
}

QString firstLine(const std::exception& e) {
  return QString::fromStdString(e.what()).section('\n', 0, 0);
}

}  // namespace

QString runtimeDescription() {
  configureThreads();
  return QString::fromStdString(describeRuntime());
}

QString libtorchVersion() { return QStringLiteral(TORCH_VERSION); }

KspaceMaskPreview previewKspaceMask(const RunSettings& settings, int width, int height) {
  try {
    return describe(makeKspaceMask(height, width, toMaskSpec(settings)));
  } catch (const std::exception& e) {
    KspaceMaskPreview out;
    out.error = firstLine(e);
    return out;
  }
}

KspaceMaskPreview previewKspaceMaskFile(const QString& path, int width, int height) {
  try {
    const torch::Tensor mask = loadMask(path.toStdString())[0][0];
    if (mask.size(0) != height || mask.size(1) != width)
      throw std::invalid_argument(
          QCoreApplication::translate("ccdf::gui::MaskDesigner",
                                      "the mask is %1×%2 but the k-space is %3×%4")
              .arg(mask.size(1))
              .arg(mask.size(0))
              .arg(width)
              .arg(height)
              .toStdString());
    if (mask.sum().item<double>() == 0)
      throw std::invalid_argument(
          QCoreApplication::translate("ccdf::gui::MaskDesigner", "the mask samples nothing")
              .toStdString());
    return describe(mask);
  } catch (const std::exception& e) {
    KspaceMaskPreview out;
    out.error = firstLine(e);
    return out;
  }
}

KspaceMaskPreview describeKspaceMask(const QImage& mask) {
  return describe(maskTensorFromQImage(mask)[0][0]);
}

QImage kspaceLogMagnitude(const OpenedInput& input) {
  if (input.image.isNull()) return {};
  const torch::Tensor k = input.source && input.source->kspace.defined()
                              ? input.source->kspace
                              : fft2Ortho(tensorOf(input.image)[0].to(torch::kComplexFloat));
  const torch::Tensor magnitude = fftshift2d(rootSumOfSquares(k, 0)[0]);
  // Six decades below the peak map onto black .. white.
  const double eps = 1e-6 * std::max(magnitude.max().item<double>(), 1e-30);
  const torch::Tensor logMag = torch::log10(magnitude + eps) - std::log10(eps);
  return qimageFromTensor(logMag / std::max(logMag.max().item<double>(), 1e-12));
}

}  // namespace ccdf::gui
