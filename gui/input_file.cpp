#include "input_file.h"

#include <QDir>
#include <QFileInfo>

#include "ccdf/kspace_problem.h"
#include "core_mapping.h"
#include "input_source.h"
#include "io/kspace_io.h"
#include "io/mri_input.h"
#include "ops/masks.h"
#include "tensor_image.h"

namespace ccdf::gui {

namespace {

OpenedInput openImage(const QString& path, int frame) {
  auto source = std::make_shared<InputSource>();
  source->image = loadInputImage(path.toStdString(), frame);
  const InputImage& in = source->image;
  OpenedInput out;
  out.image = imageFromTensor(in.image, in.bitDepth);
  out.isDicom = in.isDicom;
  out.frames = int(in.frames);
  out.frame = int(in.frame);
  out.source = std::move(source);
  return out;
}

std::string sizeText(const torch::Tensor& kspace) {
  return std::to_string(kspace.size(2)) + "x" + std::to_string(kspace.size(1));
}

// The mask comes, in order, from mask.png beside the file, the mask the file records, or its
// non-zero samples (prospective); fully sampled data without a mask file are shown whole and
// undersampled with the designed mask when a run starts (retrospective).
OpenedInput openKspace(const QString& path, int frame) {
  OpenedInput out;
  out.isKspace = true;
  out.maskPath = kspaceMaskBeside(path);
  RunRequest request;
  request.inputPath = path;
  request.frame = frame;
  request.kspaceInput = true;
  request.kspaceMaskPath = out.maskPath;
  MriInputOptions options = toMriInputOptions(request, 1);
  options.problem.scale = 0.0;  // for display: the zero-filled image peaks at white

  KspaceData data = loadKspace(options.input, options.load);
  out.fullySampled = !data.mask.defined() && sampledPositions(data.kspace).all().item<bool>();
  KspaceProblem problem;
  torch::Tensor mask;
  std::string summary;
  if (out.fullySampled && options.maskFile.empty()) {
    const auto everything = torch::ones({data.kspace.size(1), data.kspace.size(2)});
    problem = makeKspaceProblem(data.kspace, everything, options.problem);
    summary = data.format + ", " + std::to_string(data.kspace.size(0)) + " coil(s), " +
              sizeText(data.kspace) + ", slice " + std::to_string(data.slice + 1) + " of " +
              std::to_string(data.slices) + ", fully sampled";
  } else {
    MriInput mri = prepareMriInput(options);
    problem = mri.problem;
    mask = mri.mask;
    summary = mri.summary;
    data = std::move(mri.data);
  }
  out.image = imageFromTensor(problem.zeroFilled.clamp(0.0, 1.0));
  out.frames = int(data.slices);
  out.frame = int(data.slice);
  out.summary = QString::fromStdString(summary);
  if (mask.defined()) {
    out.mask = qimageFromMaskTensor(mask);
    out.maskCentred = qimageFromMaskTensor(fftshift2d(mask));
    out.realAcceleration = maskAcceleration(mask);
  }
  auto source = std::make_shared<InputSource>();
  source->image.path = path.toStdString();
  source->image.valueMax = problem.scale;
  source->kspace = data.kspace;
  out.source = std::move(source);
  return out;
}

}  // namespace

bool isKspaceInput(const QString& path) {
  const std::string p = path.toStdString();
  if (isDicomPath(p)) return false;
  return isKspaceFile(p) || QFileInfo::exists(path + ".hdr");
}

QString kspaceMaskBeside(const QString& kspacePath) {
  const QString candidate = QFileInfo(kspacePath).dir().filePath("mask.png");
  return QFileInfo::exists(candidate) ? candidate : QString();
}

QStringList inputFilesOf(const QString& path) {
  QStringList files{path};
  const QFileInfo info(path);
  const QString suffix = info.suffix().toLower();
  if (suffix == "cfl" || suffix == "hdr")
    files << info.dir().filePath(info.completeBaseName() + ".cfl")
          << info.dir().filePath(info.completeBaseName() + ".hdr");
  else if (QFileInfo::exists(path + ".hdr"))
    files << path + ".cfl" << path + ".hdr";
  return files;
}

OpenedInput openInputFile(const QString& path, int frame) {
  OpenedInput out = isKspaceInput(path) ? openKspace(path, frame) : openImage(path, frame);
  out.path = QFileInfo(path).absoluteFilePath();
  return out;
}

}  // namespace ccdf::gui
