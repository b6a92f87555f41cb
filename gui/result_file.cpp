#include "result_file.h"

#include "core_mapping.h"
#include "input_source.h"
#include "io/input_image.h"
#include "tensor_image.h"

namespace ccdf::gui {

bool isSupportedResultFile(const QString& path) { return isSupportedOutput(path.toStdString()); }

void saveResultFile(const RunOutcome& outcome, const QString& path, int bitDepth,
                    const QStringList& inputPaths) {
  const RunSettings& s = outcome.request.settings;
  DicomDerivation derivation;  // what the CLI records for the same run
  derivation.task = taskKey(s.task).toStdString();
  derivation.model = s.model.toStdString();
  derivation.sampler = makeSampler(toSamplerSettings(s))->name();
  derivation.initialiser = s.initialiser.toStdString();
  derivation.t0 = outcome.t0;
  derivation.steps = s.steps;
  derivation.seed = s.seed;
  std::vector<std::string> inputs;
  for (const QString& p : inputPaths)
    if (!p.isEmpty()) inputs.push_back(p.toStdString());
  const InputImage* source = outcome.source ? &outcome.source->image : nullptr;
  saveResultImage(path.toStdString(), tensorOf(outcome.result), source, derivation, bitDepth,
                  inputs);
}

}  // namespace ccdf::gui
