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
  spec.seed = s.seed;
  return spec;
}

}  // namespace ccdf::gui
