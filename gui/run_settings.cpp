#include "run_settings.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <climits>

#include "io/initialisers.h"

namespace ccdf::gui {

QString taskKey(Task task) {
  switch (task) {
    case Task::SuperResolution:
      return "sr";
    case Task::Inpainting:
      return "inpaint";
    case Task::Mri:
      return "mri";
  }
  return "sr";
}

Task taskFromKey(const QString& key) {
  if (key == "inpaint") return Task::Inpainting;
  if (key == "mri") return Task::Mri;
  return Task::SuperResolution;
}

// Saturated: the settings may come from a file, and int arithmetic must not overflow.
int RunSettings::nfePerStep() const {
  return sampler == "vepc" ? int(std::min<qint64>(qint64(1) + correctors, INT_MAX)) : 1;
}

int RunSettings::plannedNfe() const {
  return int(std::clamp<qint64>(qint64(steps) * nfePerStep(), INT_MIN, INT_MAX));
}

QString RunSettings::problem() const {
  if (model.isEmpty()) return QCoreApplication::translate("RunSettings", "Choose a model.");
  if (!(t0 > 0.0 && t0 <= 1.0))
    return QCoreApplication::translate("RunSettings", "t0 must lie in (0, 1].");
  if (steps < 1)
    return QCoreApplication::translate("RunSettings", "At least one reverse step is needed.");
  if (!(lambda > 0.0 && lambda <= 1.0))
    return QCoreApplication::translate("RunSettings",
                                       "The data-consistency strength must lie in (0, 1].");
  if (!initialiserServes(initialiser.toStdString(), taskKey(task).toStdString()))
    return QCoreApplication::translate("RunSettings",
                                       "The initialiser '%1' does not apply to this task.")
        .arg(initialiser);
  if (task == Task::SuperResolution && scale < 1)
    return QCoreApplication::translate("RunSettings", "The scale must be at least 1.");
  if (task == Task::Mri && acceleration < 1.0)
    return QCoreApplication::translate("RunSettings", "The acceleration must be at least 1.");
  return {};
}

QJsonObject RunSettings::toJson() const {
  QJsonObject o;
  o["task"] = taskKey(task);
  o["scale"] = scale;
  o["simulate_from_image"] = simulateFromImage;
  o["mask_pattern"] = maskPattern;
  o["acceleration"] = acceleration;
  o["acs_lines"] = acsLines;
  o["mask_seed"] = QString::number(maskSeed);  // 64-bit, as "seed"
  o["model"] = model;
  o["sampler"] = sampler;
  o["variance"] = variance;
  o["eta"] = eta;
  o["correctors"] = correctors;
  o["snr"] = snr;
  o["init"] = initialiser;
  o["t0"] = t0;
  o["t0_auto"] = autoT0;
  o["steps"] = steps;
  o["seed"] = QString::number(seed);  // 64-bit: a string keeps every digit
  o["lambda"] = lambda;
  o["dc_noise"] = cleanDc ? "clean" : "diffused";
  o["nfe"] = plannedNfe();
  return o;
}

RunSettings RunSettings::fromJson(const QJsonObject& o) {
  RunSettings s;
  s.task = taskFromKey(o.value("task").toString(taskKey(s.task)));
  s.scale = o.value("scale").toInt(s.scale);
  s.simulateFromImage = o.value("simulate_from_image").toBool(s.simulateFromImage);
  s.maskPattern = o.value("mask_pattern").toString(s.maskPattern);
  s.acceleration = o.value("acceleration").toDouble(s.acceleration);
  s.acsLines = o.value("acs_lines").toInt(s.acsLines);
  s.maskSeed = o.value("mask_seed").toString(QString::number(s.maskSeed)).toULongLong();
  s.model = o.value("model").toString(s.model);
  s.sampler = o.value("sampler").toString(s.sampler);
  s.variance = o.value("variance").toString(s.variance);
  s.eta = o.value("eta").toDouble(s.eta);
  s.correctors = o.value("correctors").toInt(s.correctors);
  s.snr = o.value("snr").toDouble(s.snr);
  s.initialiser = o.value("init").toString(s.initialiser);
  s.t0 = o.value("t0").toDouble(s.t0);
  s.autoT0 = o.value("t0_auto").toBool(s.autoT0);
  s.steps = o.value("steps").toInt(s.steps);
  s.seed = o.value("seed").toString(QString::number(s.seed)).toULongLong();
  s.lambda = o.value("lambda").toDouble(s.lambda);
  s.cleanDc = o.value("dc_noise").toString() == "clean";
  return s;
}

bool RunSettings::operator==(const RunSettings& other) const { return toJson() == other.toJson(); }

QStringList restoreArguments(const RunSettings& s, const QString& inputPath,
                             const QString& maskPath, const QString& outputPath, bool designedMask,
                             int slice) {
  const auto number = [](double v) {
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
  };
  QStringList a{"restore", "--task", taskKey(s.task), "--input", inputPath};
  if (slice >= 0) a << "--slice" << QString::number(slice);
  if (s.task == Task::SuperResolution) a << "--scale" << QString::number(s.scale);
  if (s.task == Task::Inpainting || (s.task == Task::Mri && !maskPath.isEmpty()))
    a << "--mask" << maskPath;
  else if (s.task == Task::Mri && designedMask)
    a << "--pattern" << s.maskPattern << "--accel" << number(s.acceleration) << "--acs"
      << QString::number(s.acsLines) << "--mask-seed" << QString::number(s.maskSeed);
  a << "--model" << s.model << "--sampler" << s.sampler;
  if (s.sampler == "ddpm") a << "--variance" << s.variance;
  if (s.sampler == "ddim") a << "--eta" << number(s.eta);
  if (s.sampler == "vepc")
    a << "--correctors" << QString::number(s.correctors) << "--snr" << number(s.snr);
  a << "--t0" << (s.autoT0 ? QString("auto") : number(s.t0)) << "--steps"
    << QString::number(s.steps) << "--init" << s.initialiser << "--lambda" << number(s.lambda)
    << "--dc-noise" << (s.cleanDc ? "clean" : "diffused") << "--seed" << QString::number(s.seed)
    << "--output" << outputPath;
  return a;
}

QStringList simulateArguments(const RunSettings& s, const QString& groundTruthPath,
                              const QString& outDir, int channels, int slice) {
  if (!s.simulateFromImage || s.task == Task::Inpainting) return {};
  QStringList a{"simulate", "--task",        taskKey(s.task),
                "--input",  groundTruthPath, "--out-dir",
                outDir,     "--channels",    QString::number(channels)};
  if (s.task == Task::SuperResolution) a << "--scale" << QString::number(s.scale);
  if (s.task == Task::Mri)
    a << "--pattern" << s.maskPattern << "--accel"
      << QString::number(s.acceleration, 'g', QLocale::FloatingPointShortest) << "--acs"
      << QString::number(s.acsLines) << "--seed" << QString::number(s.maskSeed);
  if (slice >= 0) a << "--slice" << QString::number(slice);
  return a;
}

QString simulatedInputPath(const RunSettings& s, const QString& outDir) {
  return outDir + (s.task == Task::Mri ? "/kspace.npy" : "/lowres.png");
}

QString simulatedMaskPath(const RunSettings& s, const QString& outDir) {
  return s.task == Task::Mri ? outDir + "/mask.png" : QString();
}

QString shellCommand(const QString& program, const QStringList& arguments) {
  static const QRegularExpression safe("^[A-Za-z0-9_./:=+,@%-]+$");
  QStringList parts{program};
  for (QString arg : arguments) {
    if (!safe.match(arg).hasMatch()) arg = "'" + arg.replace("'", "'\\''") + "'";
    parts << arg;
  }
  return parts.join(' ');
}

}  // namespace ccdf::gui
