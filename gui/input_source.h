#pragma once
// The core's side of an opened input, held opaquely by widgets (OpenedInput, RunOutcome).
// Internal to the torch translation units of ccdf_gui.
#include <torch/torch.h>

#include "io/input_image.h"

namespace ccdf::gui {

struct InputSource {
  // Photos and DICOM: the loaded image with its metadata and value range. K-space: only the
  // value range of the unit image, 0 .. the problem's scale.
  ccdf::InputImage image;
  torch::Tensor kspace;  // k-space files: complex [coils, H, W], project convention
};

}  // namespace ccdf::gui
