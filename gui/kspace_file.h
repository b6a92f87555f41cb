#pragma once
// Measured k-space for the MRI task, as `ccdf simulate` writes it: a complex .npy
// ([H, W] or [1, C, H, W], orthonormal non-centred FFT of the [0, 1] image) plus a sampling
// mask PNG (white = sampled, same non-centred layout).
#include <QString>

#include "image_data.h"

namespace ccdf::gui {

struct KspacePreview {
  ImageData zeroFilled;  // Re F^-1 (M k), clamped to [0, 1], for display
  double realAcceleration = 0.0;
};

bool isKspaceFile(const QString& path);  // by extension (.npy)
// The mask next to a k-space file ("mask.png" in its folder), or empty.
QString kspaceMaskBeside(const QString& kspacePath);
// Loads and checks both files; throws std::runtime_error with one line.
KspacePreview loadKspacePreview(const QString& kspacePath, const QString& maskPath);

}  // namespace ccdf::gui
