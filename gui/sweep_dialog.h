#pragma once
// The t0 sweep: runs the current settings for several t0 values one after another (on its own
// worker thread), shows the results as a grid and the metric-vs-t0 curve (QtCharts). Without a
// reference the curve shows the run time instead of PSNR. Like a single run, a sweep over the
// memory limit (ccdf/run_limits.h) is refused before it starts.
#include <QDialog>
#include <QList>
#include <QSize>

#include "run_types.h"

class QChart;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace ccdf::gui {

class RunController;

class SweepDialog : public QDialog {
  Q_OBJECT

 public:
  SweepDialog(const RunRequest& base, QWidget* parent = nullptr);
  ~SweepDialog() override;
  static QList<double> t0Values(double from, double to, int count);

 private:
  void startSweep();
  QString limitProblem();
  void runNext();
  void onFinished(const RunOutcome& outcome);
  void updateChart();

  RunRequest base_;
  RunController* controller_;
  QList<double> pending_;
  QList<RunOutcome> done_;
  QSize inputSize_;  // read once, by limitProblem()
  QDoubleSpinBox* from_;
  QDoubleSpinBox* to_;
  QSpinBox* count_;
  QPushButton* start_;
  QPushButton* cancel_;
  QLabel* status_;
  QListWidget* grid_;
  QChart* chart_;
  QLineSeries* primary_;
  QLineSeries* secondary_;
  QValueAxis* axisX_;
  QValueAxis* axisY_;
  QValueAxis* axisY2_;
};

}  // namespace ccdf::gui
