#include "run_history.h"

namespace ccdf::gui {

RunHistory::RunHistory(QWidget* parent, int capacity)
    : QListWidget(parent), capacity_(qMax(1, capacity)) {
  setIconSize(QSize(48, 48));
  connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    const int i = row(item);
    if (i >= 0 && i < outcomes_.size()) Q_EMIT outcomeChosen(outcomes_[i]);
  });
  connect(this, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    const int i = row(item);
    if (i >= 0 && i < outcomes_.size()) Q_EMIT outcomeChosen(outcomes_[i]);
  });
}

QString RunHistory::describe(const RunOutcome& o) {
  const RunSettings& s = o.request.settings;
  const double t0 = o.t0 > 0 ? o.t0 : s.t0;
  QString text = tr("#%1 %2 · %3 · t0 %4%5 · %6 steps · NFE %7 · %8 s")
                     .arg(o.runId)
                     .arg(taskKey(s.task), s.model)
                     .arg(t0, 0, 'f', 3)
                     .arg(s.autoT0 ? tr(" (auto)") : QString())
                     .arg(o.stepsDone)
                     .arg(o.nfe)
                     .arg(o.seconds, 0, 'f', 2);
  if (o.quality.valid())
    text +=
        tr(" · PSNR %1 dB · SSIM %2").arg(o.quality.psnr, 0, 'f', 2).arg(o.quality.ssim, 0, 'f', 4);
  return text;
}

void RunHistory::addOutcome(const RunOutcome& outcome) {
  auto* item = new QListWidgetItem(describe(outcome));
  const QImage image = outcome.result.toQImage();
  if (!image.isNull())
    item->setIcon(QIcon(
        QPixmap::fromImage(image.scaled(48, 48, Qt::KeepAspectRatio, Qt::SmoothTransformation))));
  item->setToolTip(
      shellCommand("ccdf", restoreArguments(outcome.request.settings, outcome.request.inputPath,
                                            "MASK.png", "OUT.png", false, outcome.request.frame)));
  insertItem(0, item);
  outcomes_.prepend(outcome);
  while (outcomes_.size() > capacity_) {
    outcomes_.removeLast();
    delete takeItem(count() - 1);
  }
}

void RunHistory::setQuality(quint64 runId, const Quality& quality, const Quality& initial) {
  for (int i = 0; i < outcomes_.size(); ++i) {
    if (outcomes_[i].runId != runId) continue;
    outcomes_[i].quality = quality;
    outcomes_[i].initialQuality = initial;
    item(i)->setText(describe(outcomes_[i]));
  }
}

const RunOutcome* RunHistory::outcome(quint64 runId) const {
  for (const RunOutcome& o : outcomes_)
    if (o.runId == runId) return &o;
  return nullptr;
}

}  // namespace ccdf::gui
