#pragma once
// Everything the user chooses for one restoration, as plain values (no torch): the task panel
// produces it, the worker turns it into core options, and it is exported as JSON and as the
// equivalent `ccdf restore` command line.
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace ccdf::gui {

enum class Task { SuperResolution, Inpainting, Mri };
QString taskKey(Task task);            // "sr" | "inpaint" | "mri" (the CLI's names)
Task taskFromKey(const QString& key);  // unknown keys give SuperResolution

struct RunSettings {
  Task task = Task::Inpainting;
  // Super-resolution.
  int scale = 4;
  // When set, the opened image is the ground truth: the measurement is simulated from it and it
  // becomes the reference for PSNR / SSIM (MRI always simulates from an image).
  bool simulateFromImage = false;
  // MRI undersampling.
  QString maskPattern = "gaussian";  // uniform | gaussian | equispaced | poisson | variable-density
  double acceleration = 4.0;
  int acsLines = 8;
  quint64 maskSeed = 0;  // draws the mask (`--mask-seed`; `ccdf simulate --seed`)
  // Model and sampler.
  QString model;
  QString sampler = "ddpm";    // ddpm | ddim | vepc
  QString variance = "small";  // ddpm: small | large | learned
  double eta = 0.0;            // ddim
  int correctors = 1;          // vepc
  double snr = 0.16;           // vepc
  // CCDF.
  QString initialiser = "adjoint";  // a name from availableInitialisers()
  double t0 = 0.2;
  bool autoT0 = false;  // choose t0 from the estimated initial error (docs/AUTO_T0.md)
  int steps = 20;
  quint64 seed = 0;
  double lambda = 1.0;
  bool cleanDc = false;  // data consistency against the clean measurement

  // Network evaluations per reverse step (predictor + correctors).
  int nfePerStep() const;
  // The NFE the run will cost: steps * nfePerStep (the core caps steps at round(t0 N)).
  int plannedNfe() const;
  // Empty when the combination is valid, else one sentence saying why not.
  QString problem() const;

  QJsonObject toJson() const;
  static RunSettings fromJson(const QJsonObject& json);
  bool operator==(const RunSettings& other) const;
  bool operator!=(const RunSettings& other) const { return !(*this == other); }
};

// Arguments of the `ccdf restore` call that reproduces a run (without the program name). MRI
// takes `--mask maskPath` when one is given, else the mask design when `designedMask`, else
// nothing (the data's own mask). `slice` >= 0 adds `--slice` (DICOM frame or slice, k-space
// slice; -1: the middle one, the default of both).
QStringList restoreArguments(const RunSettings& settings, const QString& inputPath,
                             const QString& maskPath, const QString& outputPath,
                             bool designedMask = false, int slice = -1);
// Arguments of the `ccdf simulate` call that makes the measurement a simulated run restores
// from (SR / MRI with simulateFromImage), writing into `outDir`; empty when none is needed.
// `slice` >= 0 names the frame or slice of a multi-frame input.
QStringList simulateArguments(const RunSettings& settings, const QString& groundTruthPath,
                              const QString& outDir, int channels, int slice = -1);
// The measurement file and mask `ccdf simulate` writes into `outDir` for these settings.
QString simulatedInputPath(const RunSettings& settings, const QString& outDir);
QString simulatedMaskPath(const RunSettings& settings, const QString& outDir);
// A shell-quoted command line: "ccdf restore --task ... ".
QString shellCommand(const QString& program, const QStringList& arguments);

}  // namespace ccdf::gui
