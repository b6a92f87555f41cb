#pragma once
// The values that travel between the GUI thread and the restoration worker: what to run, the
// frames streamed while it runs, and how it ended. Plain Qt values, copied across threads.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>

#include "image_data.h"
#include "run_settings.h"

namespace ccdf::gui {

struct InputSource;  // the input's value range and DICOM metadata (input_source.h), opaque here

struct RunRequest {
  RunSettings settings;
  QString inputPath;  // the opened image or DICOM (SR: low-res image or, simulating, ground
                      // truth) or, for MRI, measured k-space (fastMRI / ISMRMRD .h5, BART, .npy)
  int frame = -1;     // DICOM frame or slice, k-space slice (-1: the middle one)
  bool kspaceInput = false;         // inputPath is k-space
  bool kspaceFullySampled = false;  // ... fully sampled: undersampled with the designed mask
  QString kspaceMaskPath;  // MRI: a sampling mask file (white = sampled) that replaces the design
                           // (images, fully sampled k-space) or the data's own mask
  QImage mask;             // inpainting: 8-bit, 255 = known pixel
  QString referencePath;   // optional ground truth for PSNR / SSIM
  QStringList modelDirectories;
};

struct StreamFrame {
  quint64 runId = 0;
  int step = 0;  // reverse steps done, 1..totalSteps
  int totalSteps = 0;
  qint64 nfe = 0;
  double noiseLevel = 0.0;
  double elapsedSeconds = 0.0;
  QImage state;     // x_t after the step, in [0, 1]
  QImage estimate;  // the clean estimate x̂0 at this step
  // Seconds left at the mean pace so far.
  double etaSeconds() const { return step > 0 ? elapsedSeconds / step * (totalSteps - step) : 0.0; }
};

enum class RunStatus { Finished, Cancelled, Failed };

struct RunOutcome {
  quint64 runId = 0;
  RunStatus status = RunStatus::Failed;
  QString error;  // one line, for Failed
  RunRequest request;
  ImageData result;   // restored image in [0, 1] (Finished)
  ImageData initial;  // the initial estimate in [0, 1]
  qint64 nfe = 0;
  int stepsDone = 0;
  double t0 = 0.0;  // the t0 used (chosen by the engine when the settings ask for auto)
  double seconds = 0.0;
  Quality quality;          // of the result, when a reference is known
  Quality initialQuality;   // of the initial estimate
  QString referencePath;    // the reference actually used (may be the input when simulating)
  QString referenceSource;  // describes it when it came from the data (fully sampled k-space)
  // Value units and DICOM metadata of the input, for saving the result as DICOM.
  std::shared_ptr<const InputSource> source;
};

}  // namespace ccdf::gui

Q_DECLARE_METATYPE(ccdf::gui::StreamFrame)
Q_DECLARE_METATYPE(ccdf::gui::RunOutcome)
