// The GUI's run-settings JSON (what CCDF Studio keeps in QSettings under run/settings and
// exports): parsed by Qt, read by RunSettings::fromJson, then everything the GUI derives from it.
// Built only with the GUI (CCDF_FUZZ_HAVE_GUI).
#include <QJsonDocument>
#include <QJsonParseError>
#include <cstdio>
#include <cstdlib>

#include "fuzz/targets.h"
#include "run_settings.h"

namespace ccdf::fuzz {

Result fuzzRunSettings(const uint8_t* data, size_t size) {
  using namespace ccdf::gui;
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(
      QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), &error);
  if (doc.isNull()) return Result{false, error.errorString().toStdString()};
  const RunSettings s = RunSettings::fromJson(doc.object());
  // What the task panel, the run controller and the export do with the settings.
  const QString problem = s.problem();
  const int nfe = s.plannedNfe();
  const RunSettings again = RunSettings::fromJson(s.toJson());
  const QStringList restore = restoreArguments(s, "in.png", "mask.png", "out.png", true, 0);
  const QStringList simulate = simulateArguments(s, "truth.png", "sim", 1, 0);
  const QString command = shellCommand("ccdf", restore) + shellCommand("ccdf", simulate) +
                          simulatedInputPath(s, "sim") + simulatedMaskPath(s, "sim");
  if (restore.isEmpty() || command.isEmpty()) {
    std::fprintf(stderr, "ccdf-fuzz: contract violated: empty restore command line\n");
    std::abort();
  }
  (void)problem;
  (void)nfe;
  (void)again;
  return Result{true, {}};
}

}  // namespace ccdf::fuzz
