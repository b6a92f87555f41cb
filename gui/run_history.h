#pragma once
// The runs of this session, newest first: each result with its settings, NFE, time and metrics.
#include <QListWidget>

#include "run_types.h"

namespace ccdf::gui {

class RunHistory : public QListWidget {
  Q_OBJECT

 public:
  explicit RunHistory(QWidget* parent = nullptr, int capacity = 30);
  void addOutcome(const RunOutcome& outcome);
  // Updates the metrics of every entry (after a reference was loaded).
  void setQuality(quint64 runId, const Quality& quality, const Quality& initial);
  int entries() const { return outcomes_.size(); }
  const QList<RunOutcome>& outcomes() const { return outcomes_; }  // newest first
  const RunOutcome* outcome(quint64 runId) const;
  static QString describe(const RunOutcome& outcome);

 Q_SIGNALS:
  void outcomeChosen(const ccdf::gui::RunOutcome& outcome);

 private:
  QList<RunOutcome> outcomes_;  // same order as the items
  int capacity_;
};

}  // namespace ccdf::gui
