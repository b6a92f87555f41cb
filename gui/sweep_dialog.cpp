#include "sweep_dialog.h"

#include <QChart>
#include <QChartView>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>

#include "input_file.h"
#include "run_controller.h"
#include "run_limit_check.h"

namespace ccdf::gui {

namespace {

// The size of the input as the main window shows it: an image file's header, else (DICOM,
// k-space) the opened frame or slice. Invalid when it cannot be read (the run then reports it).
QSize inputSizeOf(const RunRequest& request) {
  if (!request.kspaceInput) {
    QImageReader reader(request.inputPath);
    const QSize size = reader.canRead() ? reader.size() : QSize();
    if (size.isValid()) return size;
  }
  try {
    const OpenedInput opened = openInputFile(request.inputPath, request.frame);
    return {opened.image.width(), opened.image.height()};
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

SweepDialog::SweepDialog(const RunRequest& base, QWidget* parent)
    : QDialog(parent), base_(base), controller_(new RunController(this)) {
  setWindowTitle(tr("t0 sweep"));
  resize(900, 640);
  auto* layout = new QVBoxLayout(this);
  auto* controls = new QHBoxLayout;
  from_ = new QDoubleSpinBox(this);
  to_ = new QDoubleSpinBox(this);
  for (QDoubleSpinBox* s : {from_, to_}) {
    s->setRange(0.01, 1.0);
    s->setSingleStep(0.05);
    s->setDecimals(2);
  }
  from_->setValue(0.05);
  to_->setValue(0.5);
  count_ = new QSpinBox(this);
  count_->setRange(2, 20);
  count_->setValue(6);
  start_ = new QPushButton(tr("Run sweep"), this);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setEnabled(false);
  controls->addWidget(new QLabel(tr("t0 from"), this));
  controls->addWidget(from_);
  controls->addWidget(new QLabel(tr("to"), this));
  controls->addWidget(to_);
  controls->addWidget(new QLabel(tr("values"), this));
  controls->addWidget(count_);
  controls->addWidget(start_);
  controls->addWidget(cancel_);
  controls->addStretch(1);
  layout->addLayout(controls);
  status_ = new QLabel(this);
  layout->addWidget(status_);

  auto* splitter = new QSplitter(Qt::Vertical, this);
  grid_ = new QListWidget(splitter);
  grid_->setViewMode(QListView::IconMode);
  grid_->setIconSize(QSize(128, 128));
  grid_->setResizeMode(QListView::Adjust);
  grid_->setMovement(QListView::Static);
  chart_ = new QChart;
  primary_ = new QLineSeries;
  secondary_ = new QLineSeries;
  chart_->addSeries(primary_);
  chart_->addSeries(secondary_);
  axisX_ = new QValueAxis;
  axisX_->setTitleText(tr("t0"));
  axisX_->setRange(0.0, 1.0);
  axisY_ = new QValueAxis;
  axisY2_ = new QValueAxis;
  chart_->addAxis(axisX_, Qt::AlignBottom);
  chart_->addAxis(axisY_, Qt::AlignLeft);
  chart_->addAxis(axisY2_, Qt::AlignRight);
  primary_->attachAxis(axisX_);
  primary_->attachAxis(axisY_);
  secondary_->attachAxis(axisX_);
  secondary_->attachAxis(axisY2_);
  primary_->setPointsVisible(true);
  secondary_->setPointsVisible(true);
  auto* view = new QChartView(chart_, splitter);
  view->setRenderHint(QPainter::Antialiasing);
  splitter->addWidget(grid_);
  splitter->addWidget(view);
  layout->addWidget(splitter, 1);

  connect(start_, &QPushButton::clicked, this, &SweepDialog::startSweep);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    pending_.clear();
    controller_->cancel();
  });
  connect(controller_, &RunController::runFinished, this, &SweepDialog::onFinished);
  updateChart();
}

SweepDialog::~SweepDialog() { controller_->cancel(); }

QList<double> SweepDialog::t0Values(double from, double to, int count) {
  QList<double> out;
  if (count < 2) return {from};
  for (int i = 0; i < count; ++i) {
    const double t = from + (to - from) * i / (count - 1);
    out << qBound(0.01, std::round(t * 1000.0) / 1000.0, 1.0);
  }
  return out;
}

// Checked as MainWindow::startRun checks one run: the dialog runs its t0 values one after another
// on one worker, one image per run, so the batch is 1 (a `ccdf restore` sweep batches all its t0
// values and counts one image per t0).
QString SweepDialog::limitProblem() {
  if (!inputSize_.isValid()) inputSize_ = inputSizeOf(base_);
  return runLimitProblem(base_, inputSize_);
}

void SweepDialog::startSweep() {
  if (controller_->isRunning()) return;
  const QString limit = limitProblem();
  if (!limit.isEmpty()) {
    status_->setText(tr("Cannot run: %1").arg(limit));
    // Non-modal, as MainWindow::showError: visible, never blocks the event loop (or a test).
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Cannot run"), limit, QMessageBox::Ok, this);
    box->setObjectName("errorBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return;
  }
  pending_ = t0Values(from_->value(), to_->value(), count_->value());
  done_.clear();
  grid_->clear();
  start_->setEnabled(false);
  cancel_->setEnabled(true);
  runNext();
}

void SweepDialog::runNext() {
  if (pending_.isEmpty()) {
    start_->setEnabled(true);
    cancel_->setEnabled(false);
    status_->setText(tr("Sweep finished: %n run(s).", nullptr, done_.size()));
    return;
  }
  RunRequest request = base_;
  request.settings.t0 = pending_.takeFirst();
  status_->setText(tr("Running t0 = %1 (%2 left)…").arg(request.settings.t0).arg(pending_.size()));
  controller_->start(request);
}

void SweepDialog::onFinished(const RunOutcome& outcome) {
  if (outcome.status == RunStatus::Failed) {
    status_->setText(tr("Failed: %1").arg(outcome.error));
    pending_.clear();
  } else if (outcome.status == RunStatus::Finished) {
    done_ << outcome;
    QString caption = tr("t0 %1").arg(outcome.request.settings.t0, 0, 'f', 2);
    if (outcome.quality.valid())
      caption += QStringLiteral("\n%1 dB").arg(outcome.quality.psnr, 0, 'f', 2);
    const QImage image = outcome.result.toQImage();
    grid_->addItem(
        new QListWidgetItem(QIcon(QPixmap::fromImage(image.scaled(128, 128, Qt::KeepAspectRatio,
                                                                  Qt::SmoothTransformation))),
                            caption));
    updateChart();
  }
  if (outcome.status != RunStatus::Finished) {
    start_->setEnabled(true);
    cancel_->setEnabled(false);
    if (outcome.status == RunStatus::Cancelled) status_->setText(tr("Sweep cancelled."));
    return;
  }
  runNext();
}

void SweepDialog::updateChart() {
  primary_->clear();
  secondary_->clear();
  const bool metrics = !done_.isEmpty() && done_.first().quality.valid();
  primary_->setName(metrics ? tr("PSNR (dB)") : tr("time (s)"));
  secondary_->setName(metrics ? tr("SSIM") : tr("NFE"));
  axisY_->setTitleText(primary_->name());
  axisY2_->setTitleText(secondary_->name());
  double lo = 1e300, hi = -1e300, lo2 = 1e300, hi2 = -1e300;
  for (const RunOutcome& o : done_) {
    const double t = o.request.settings.t0;
    const double a = metrics ? o.quality.psnr : o.seconds;
    const double b = metrics ? o.quality.ssim : double(o.nfe);
    primary_->append(t, a);
    secondary_->append(t, b);
    lo = qMin(lo, a), hi = qMax(hi, a), lo2 = qMin(lo2, b), hi2 = qMax(hi2, b);
  }
  if (done_.isEmpty()) return;
  const auto pad = [](double l, double h) { return qMax(1e-6, (h - l) * 0.1); };
  axisY_->setRange(lo - pad(lo, hi), hi + pad(lo, hi));
  axisY2_->setRange(lo2 - pad(lo2, hi2), hi2 + pad(lo2, hi2));
}

}  // namespace ccdf::gui
