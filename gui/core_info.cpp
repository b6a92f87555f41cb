#include "core_info.h"

#include "core_mapping.h"
#include "ops/masks.h"
#include "tensor_image.h"
#include "util/device.h"

namespace ccdf::gui {

QString runtimeDescription() {
  configureThreads();
  return QString::fromStdString(describeRuntime());
}

QString libtorchVersion() { return QStringLiteral(TORCH_VERSION); }

KspaceMaskPreview previewKspaceMask(const RunSettings& settings, int width, int height) {
  KspaceMaskPreview out;
  try {
    const torch::Tensor mask = makeKspaceMask(height, width, toMaskSpec(settings));
    out.realAcceleration = maskAcceleration(mask);
    out.centred = qimageFromTensor(fftshift2d(mask));
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what()).section('\n', 0, 0);
  }
  return out;
}

}  // namespace ccdf::gui
