#pragma once
// Small questions the widgets ask the core, answered without exposing torch types.
#include <QImage>
#include <QString>

#include "run_settings.h"

namespace ccdf::gui {

// "libtorch X, device cpu, threads N" (as `ccdf info` prints it).
QString runtimeDescription();
QString libtorchVersion();

struct KspaceMaskPreview {
  double realAcceleration = 0.0;  // numel / sampled points of the mask actually drawn
  QImage centred;                 // the mask, DC in the centre, white = sampled
  QString error;                  // non-empty when the request is impossible
};
// The undersampling mask the MRI task will use for an image of width x height.
KspaceMaskPreview previewKspaceMask(const RunSettings& settings, int width, int height);

}  // namespace ccdf::gui
