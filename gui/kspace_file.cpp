#include "kspace_file.h"

#include <QDir>
#include <QFileInfo>
#include <stdexcept>

#include "io/image_io.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "tensor_image.h"

namespace ccdf::gui {

bool isKspaceFile(const QString& path) { return path.endsWith(".npy", Qt::CaseInsensitive); }

QString kspaceMaskBeside(const QString& kspacePath) {
  const QString candidate = QFileInfo(kspacePath).dir().filePath("mask.png");
  return QFileInfo::exists(candidate) ? candidate : QString();
}

KspacePreview loadKspacePreview(const QString& kspacePath, const QString& maskPath) {
  torch::Tensor k = loadNpy(kspacePath.toStdString());
  if (!k.is_complex()) throw std::runtime_error("k-space file holds real data; expected complex64");
  if (k.dim() == 2) k = k.view({1, 1, k.size(0), k.size(1)});
  if (k.dim() != 4 || k.size(0) != 1)
    throw std::runtime_error("k-space has shape " + c10::str(k.sizes()) +
                             "; expected [H, W] or [1, C, H, W]");
  const torch::Tensor mask = loadMask(maskPath.toStdString());
  if (mask.size(2) != k.size(2) || mask.size(3) != k.size(3))
    throw std::runtime_error("the mask does not have the k-space's size");
  if (mask.sum().item<double>() == 0) throw std::runtime_error("the mask samples no k-space point");
  MriSampling op({1, k.size(1), k.size(2), k.size(3)}, mask[0][0]);
  KspacePreview out;
  out.zeroFilled = imageFromTensor(torch::real(op.AH(k * mask[0][0])).clamp(0.0, 1.0));
  out.realAcceleration = maskAcceleration(mask[0][0]);
  return out;
}

}  // namespace ccdf::gui
