#pragma once
// Opening what the user hands over: photos, DICOM files and folders of slices, and measured
// k-space (fastMRI / ISMRMRD .h5, BART .cfl/.hdr, .npy). K-space is read by the same core
// functions as `ccdf restore --task mri` and shown as its zero-filled (coil-combined) image.
#include <QImage>
#include <QString>
#include <memory>

#include "image_data.h"

namespace ccdf::gui {

struct InputSource;  // input_source.h

struct OpenedInput {
  QString path;     // absolute
  ImageData image;  // for the canvas: the image, or the zero-filled magnitude of the k-space
  bool isDicom = false;
  int frames = 1, frame = 0;  // DICOM frames or slices, k-space slices; the one shown
  bool isKspace = false;
  bool fullySampled = false;  // k-space: nothing missing, so a designed mask applies
  QString maskPath;           // k-space: mask.png beside the file, which is then its mask
  QImage mask;  // k-space with a mask file or the data's own mask: non-centred, white = sampled
  QImage maskCentred;             // the same, DC in the centre, for display
  double realAcceleration = 0.0;  // of `mask`
  QString summary;                // the core's one-line description
  std::shared_ptr<const InputSource> source;
};

// K-space by name: .h5 .hdf5 .cfl .hdr .npy, or a BART base name (<path>.hdr exists).
bool isKspaceInput(const QString& path);
// "mask.png" in the folder of a k-space file, or empty.
QString kspaceMaskBeside(const QString& kspacePath);
// The files a result must never overwrite for this input (a BART pair counts twice).
QStringList inputFilesOf(const QString& path);
// Reads the file (frame / slice -1: the middle one). Throws std::exception with one line.
OpenedInput openInputFile(const QString& path, int frame = -1);

}  // namespace ccdf::gui
