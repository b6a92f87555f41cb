#include "core_mapping.h"

namespace ccdf::gui {

RunOptions toRunOptions(const RunSettings& s) {
  RunOptions o;
  o.t0 = s.t0;
  o.steps = s.steps;
  o.seed = s.seed;
  o.dcLambda = s.lambda;
  o.measurementNoise = s.cleanDc ? MeasurementNoiseMode::Clean : MeasurementNoiseMode::Diffused;
  o.eventInterval = 1;
  return o;
}

SamplerSettings toSamplerSettings(const RunSettings& s) {
  SamplerSettings out;
  out.name = s.sampler.toStdString();
  out.variance = ddpmVarianceFromString(s.variance.toStdString());
  out.eta = s.eta;
  out.correctorSteps = s.correctors;
  out.snr = s.snr;
  return out;
}

KspaceMaskSpec toMaskSpec(const RunSettings& s) {
  KspaceMaskSpec spec;
  spec.pattern = maskPatternFromString(s.maskPattern.toStdString());
  spec.acceleration = s.acceleration;
  spec.acsLines = s.acsLines;
  spec.seed = s.maskSeed;
  return spec;
}

MriInputOptions toMriInputOptions(const RunRequest& request, int64_t channels) {
  MriInputOptions o;
  o.input = request.inputPath.toStdString();
  o.maskFile = request.kspaceMaskPath.toStdString();
  if (o.maskFile.empty() && (!request.kspaceInput || request.kspaceFullySampled))
    o.designed = toMaskSpec(request.settings);
  o.load.slice = request.frame;
  // `--kspace-scale auto`: .npy is unit scaled (`ccdf simulate`), other files by their data.
  o.problem.scale = fileExtension(o.input) == ".npy" ? 1.0 : 0.0;
  o.problem.modelChannels = channels;
  return o;
}

}  // namespace ccdf::gui
