#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include "autosave.h"
#include "core_info.h"
#include "image_canvas.h"
#include "log_dock.h"
#include "mask_layer.h"
#include "model_catalog.h"
#include "run_controller.h"
#include "run_history.h"
#include "task_panel.h"
#include "trajectory_strip.h"

namespace ccdf::gui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName("mainWindow");
  setWindowTitle(tr("CCDF Studio"));
  setAcceptDrops(true);
  mask_ = new MaskLayer(this);
  controller_ = new RunController(this);
  canvas_ = new ImageCanvas(this);
  canvas_->setObjectName("canvas");
  canvas_->setMaskLayer(mask_);

  auto* central = new QWidget(this);
  auto* centralLayout = new QVBoxLayout(central);
  centralLayout->setContentsMargins(0, 0, 0, 0);
  centralLayout->addWidget(canvas_, 1);
  compareBar_ = new QWidget(central);
  auto* compareLayout = new QHBoxLayout(compareBar_);
  compareSource_ = new QComboBox(compareBar_);
  compareSource_->addItem(tr("Input"), 0);
  compareSource_->addItem(tr("Initial estimate"), 1);
  compareSlider_ = new QSlider(Qt::Horizontal, compareBar_);
  compareSlider_->setObjectName("compareSlider");
  compareSlider_->setRange(0, 1000);
  compareSlider_->setValue(500);
  compareLayout->addWidget(new QLabel(tr("Left:"), compareBar_));
  compareLayout->addWidget(compareSource_);
  compareLayout->addWidget(compareSlider_, 1);
  compareLayout->addWidget(new QLabel(tr("Right: result"), compareBar_));
  compareBar_->setVisible(false);
  centralLayout->addWidget(compareBar_);
  setCentralWidget(central);

  buildActions();
  buildMenus();
  buildDocks();
  buildStatusBar();
  connectParts();
  refreshModels();
  restoreSettings();
  updateRunActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions() {
  const auto make = [this](const QString& text, const QKeySequence& key, const char* name,
                           QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!key.isEmpty()) a->setShortcut(key);
    if (icon != QStyle::SP_CustomBase) a->setIcon(style()->standardIcon(icon));
    addAction(a);
    return a;
  };
  openAction_ =
      make(tr("&Open Image…"), QKeySequence::Open, "openAction", QStyle::SP_DialogOpenButton);
  openDicomFolderAction_ =
      make(tr("Open &DICOM Folder…"), QKeySequence("Ctrl+Alt+O"), "openDicomFolderAction");
  openReferenceAction_ =
      make(tr("Open &Reference…"), QKeySequence("Ctrl+Shift+O"), "openReferenceAction");
  saveAction_ =
      make(tr("&Save Result…"), QKeySequence::Save, "saveAction", QStyle::SP_DialogSaveButton);
  exportJsonAction_ =
      make(tr("Export Run Settings (&JSON)…"), QKeySequence("Ctrl+E"), "exportJsonAction");
  exportCommandAction_ =
      make(tr("Export &Command Line…"), QKeySequence("Ctrl+Shift+E"), "exportCommandAction");
  loadMaskAction_ = make(tr("&Load Mask…"), QKeySequence("Ctrl+Shift+L"), "loadMaskAction");
  saveMaskAction_ = make(tr("Save &Mask…"), QKeySequence("Ctrl+Shift+S"), "saveMaskAction");
  quitAction_ = make(tr("&Quit"), QKeySequence::Quit, "quitAction");
  undoAction_ = mask_->undoStack()->createUndoAction(this, tr("&Undo"));
  undoAction_->setShortcut(QKeySequence::Undo);
  redoAction_ = mask_->undoStack()->createRedoAction(this, tr("&Redo"));
  redoAction_->setShortcuts({QKeySequence::Redo, QKeySequence("Ctrl+Y")});
  invertMaskAction_ = make(tr("&Invert Mask"), QKeySequence("Ctrl+I"), "invertMaskAction");
  clearMaskAction_ =
      make(tr("&Clear Mask"), QKeySequence("Ctrl+Shift+Backspace"), "clearMaskAction");
  designMaskAction_ =
      make(tr("&Design k-space Mask…"), QKeySequence("Ctrl+Shift+D"), "designMaskAction");
  runAction_ = make(tr("&Run"), QKeySequence("Ctrl+R"), "runAction", QStyle::SP_MediaPlay);
  cancelAction_ =
      make(tr("&Cancel"), QKeySequence(Qt::Key_Escape), "cancelAction", QStyle::SP_MediaStop);
  sweepAction_ = make(tr("t0 &Sweep…"), QKeySequence("Ctrl+T"), "sweepAction");
  zoomInAction_ = make(tr("Zoom &In"), QKeySequence::ZoomIn, "zoomInAction");
  zoomOutAction_ = make(tr("Zoom &Out"), QKeySequence::ZoomOut, "zoomOutAction");
  fitAction_ = make(tr("&Fit to Window"), QKeySequence("Ctrl+0"), "fitAction");
  actualSizeAction_ =
      make(tr("&Actual Size (1:1)"), QKeySequence("Ctrl+Alt+0"), "actualSizeAction");
  resetLevelsAction_ =
      make(tr("Reset &Window/Level"), QKeySequence("Ctrl+Shift+W"), "resetLevelsAction");
  compareAction_ = make(tr("&Compare Before/After"), QKeySequence("Ctrl+K"), "compareAction");
  compareAction_->setCheckable(true);
  toggleStreamAction_ = make(tr("Toggle x_t / x̂0"), QKeySequence(Qt::Key_T), "toggleStreamAction");
  viewGroup_ = new QActionGroup(this);
  const QString viewNames[4] = {tr("Show &Input"), tr("Show x_&t (noisy state)"),
                                tr("Show &x̂0 (clean estimate)"), tr("Show R&esult")};
  for (int i = 0; i < 4; ++i) {
    viewActions_[i] = make(viewNames[i], QKeySequence(QString("Ctrl+%1").arg(i + 1)),
                           qPrintable(QString("viewAction%1").arg(i)));
    viewActions_[i]->setCheckable(true);
    viewGroup_->addAction(viewActions_[i]);
    connect(viewActions_[i], &QAction::triggered, this, [this, i] { setViewMode(ViewMode(i)); });
  }
  viewActions_[0]->setChecked(true);
  toolGroup_ = new QActionGroup(this);
  const struct {
    MaskTool tool;
    QString text;
    Qt::Key key;
  } tools[] = {{MaskTool::Pan, tr("&Pan"), Qt::Key_H},
               {MaskTool::Brush, tr("&Brush"), Qt::Key_B},
               {MaskTool::Eraser, tr("&Eraser"), Qt::Key_E},
               {MaskTool::Rectangle, tr("Rec&tangle"), Qt::Key_G}};
  for (const auto& t : tools) {
    QAction* a = make(t.text, QKeySequence(t.key), "toolAction");
    a->setCheckable(true);
    a->setData(int(t.tool));
    toolGroup_->addAction(a);
    connect(a, &QAction::triggered, this, [this, tool = t.tool] {
      canvas_->setTool(tool);
      if (tool != MaskTool::Pan && viewMode_ != ViewMode::Input) setViewMode(ViewMode::Input);
    });
  }
  aboutAction_ = make(tr("&About CCDF Studio"), QKeySequence(), "aboutAction");
  auto* smaller = make(tr("Smaller Brush"), QKeySequence(Qt::Key_BracketLeft), "smallerBrush");
  auto* larger = make(tr("Larger Brush"), QKeySequence(Qt::Key_BracketRight), "largerBrush");
  connect(smaller, &QAction::triggered, this,
          [this] { mask_->setBrushRadius(mask_->brushRadius() / 1.25); });
  connect(larger, &QAction::triggered, this,
          [this] { mask_->setBrushRadius(mask_->brushRadius() * 1.25); });
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(openAction_);
  file->addAction(openDicomFolderAction_);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  file->addAction(openReferenceAction_);
  file->addSeparator();
  file->addAction(saveAction_);
  file->addAction(exportJsonAction_);
  file->addAction(exportCommandAction_);
  file->addSeparator();
  file->addAction(loadMaskAction_);
  file->addAction(saveMaskAction_);
  file->addSeparator();
  file->addAction(quitAction_);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(undoAction_);
  edit->addAction(redoAction_);
  edit->addSeparator();
  edit->addActions(toolGroup_->actions());
  edit->addSeparator();
  edit->addAction(invertMaskAction_);
  edit->addAction(clearMaskAction_);
  edit->addSeparator();
  edit->addAction(designMaskAction_);

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  viewMenu_->addActions(viewGroup_->actions());
  viewMenu_->addAction(toggleStreamAction_);
  viewMenu_->addAction(compareAction_);
  viewMenu_->addSeparator();
  viewMenu_->addAction(zoomInAction_);
  viewMenu_->addAction(zoomOutAction_);
  viewMenu_->addAction(fitAction_);
  viewMenu_->addAction(actualSizeAction_);
  viewMenu_->addAction(resetLevelsAction_);
  viewMenu_->addSeparator();
  QMenu* language = viewMenu_->addMenu(tr("&Language"));
  auto* languages = new QActionGroup(this);
  const QString current = QSettings().value("language", "system").toString();
  const std::pair<QString, QString> choices[] = {{"system", tr("System default")},
                                                 {"en", QStringLiteral("English")},
                                                 {"de", QStringLiteral("Deutsch")},
                                                 {"ko", QStringLiteral("한국어")}};
  for (const auto& [code, name] : choices) {
    QAction* a = language->addAction(name);
    a->setCheckable(true);
    a->setChecked(code == current);
    languages->addAction(a);
    connect(a, &QAction::triggered, this, [this, code = code] {
      QSettings().setValue("language", code);
      statusBar()->showMessage(tr("The language changes when CCDF Studio starts again."), 8000);
    });
  }

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(runAction_);
  run->addAction(cancelAction_);
  run->addAction(sweepAction_);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(aboutAction_);

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("mainToolBar");
  bar->addAction(openAction_);
  bar->addAction(saveAction_);
  bar->addSeparator();
  bar->addAction(runAction_);
  bar->addAction(cancelAction_);
  bar->addSeparator();
  bar->addActions(viewGroup_->actions());
  bar->addAction(compareAction_);
  bar->addSeparator();
  bar->addAction(fitAction_);
  bar->addAction(actualSizeAction_);
}

void MainWindow::buildDocks() {
  panel_ = new TaskPanel(this);
  panel_->setObjectName("taskPanel");
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(panel_);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* panelDock = new QDockWidget(tr("Task"), this);
  panelDock->setObjectName("taskDock");
  panelDock->setWidget(scroll);
  panelDock->setMinimumWidth(330);
  addDockWidget(Qt::RightDockWidgetArea, panelDock);

  strip_ = new TrajectoryStrip(this);
  strip_->setObjectName("trajectoryStrip");
  auto* stripDock = new QDockWidget(tr("Trajectory"), this);
  stripDock->setObjectName("trajectoryDock");
  stripDock->setWidget(strip_);
  addDockWidget(Qt::BottomDockWidgetArea, stripDock);

  history_ = new RunHistory(this);
  history_->setObjectName("runHistory");
  auto* historyDock = new QDockWidget(tr("Run history"), this);
  historyDock->setObjectName("historyDock");
  historyDock->setWidget(history_);
  addDockWidget(Qt::BottomDockWidgetArea, historyDock);

  log_ = new LogDock(this);
  addDockWidget(Qt::BottomDockWidgetArea, log_);
  tabifyDockWidget(historyDock, log_);
  historyDock->raise();
  log_->attachToSpdlog();

  for (QDockWidget* dock : {panelDock, stripDock, historyDock, static_cast<QDockWidget*>(log_)})
    viewMenu_->addAction(dock->toggleViewAction());
  log_->toggleViewAction()->setShortcut(QKeySequence("Ctrl+L"));
}

void MainWindow::buildStatusBar() {
  progress_ = new QProgressBar(this);
  progress_->setObjectName("progressBar");
  progress_->setMaximumWidth(220);
  progress_->setTextVisible(true);
  progress_->setFormat(QStringLiteral("%v/%m"));
  progress_->setValue(0);
  progressText_ = new QLabel(this);
  progressText_->setObjectName("progressText");
  readout_ = new QLabel(this);
  zoomLabel_ = new QLabel(this);
  sliceBar_ = new QWidget(this);
  sliceBar_->setObjectName("sliceBar");
  auto* sliceLayout = new QHBoxLayout(sliceBar_);
  sliceLayout->setContentsMargins(0, 0, 0, 0);
  auto* sliceLabel = new QLabel(tr("Slice:"), sliceBar_);
  sliceSpin_ = new QSpinBox(sliceBar_);
  sliceSpin_->setObjectName("sliceSpin");
  sliceSpin_->setKeyboardTracking(false);  // one reload per entered number
  sliceSpin_->setToolTip(tr("The DICOM frame or slice, or the k-space slice, shown and restored"));
  sliceLabel->setBuddy(sliceSpin_);
  sliceCount_ = new QLabel(sliceBar_);
  sliceCount_->setObjectName("sliceCount");
  sliceLayout->addWidget(sliceLabel);
  sliceLayout->addWidget(sliceSpin_);
  sliceLayout->addWidget(sliceCount_);
  sliceBar_->hide();
  statusBar()->addWidget(readout_, 1);
  statusBar()->addPermanentWidget(sliceBar_);
  statusBar()->addPermanentWidget(progressText_);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(zoomLabel_);
}

void MainWindow::connectParts() {
  connect(openAction_, &QAction::triggered, this, &MainWindow::openImageDialog);
  connect(openDicomFolderAction_, &QAction::triggered, this, &MainWindow::openDicomFolderDialog);
  connect(sliceSpin_, qOverload<int>(&QSpinBox::valueChanged), this,
          [this](int value) { selectFrame(value - 1); });
  connect(designMaskAction_, &QAction::triggered, this, &MainWindow::openMaskDesigner);
  connect(openReferenceAction_, &QAction::triggered, this, &MainWindow::openReferenceDialog);
  connect(saveAction_, &QAction::triggered, this, &MainWindow::saveResultDialog);
  connect(exportJsonAction_, &QAction::triggered, this, &MainWindow::exportSettingsDialog);
  connect(exportCommandAction_, &QAction::triggered, this, &MainWindow::exportCommandDialog);
  connect(loadMaskAction_, &QAction::triggered, this, &MainWindow::loadMaskDialog);
  connect(saveMaskAction_, &QAction::triggered, this, &MainWindow::saveMaskDialog);
  connect(quitAction_, &QAction::triggered, this, &QWidget::close);
  connect(invertMaskAction_, &QAction::triggered, mask_, &MaskLayer::invert);
  connect(clearMaskAction_, &QAction::triggered, mask_, &MaskLayer::clear);
  connect(runAction_, &QAction::triggered, this, &MainWindow::startRun);
  connect(cancelAction_, &QAction::triggered, this, &MainWindow::cancelRun);
  connect(sweepAction_, &QAction::triggered, this, &MainWindow::openSweep);
  connect(zoomInAction_, &QAction::triggered, canvas_, &ImageCanvas::zoomIn);
  connect(zoomOutAction_, &QAction::triggered, canvas_, &ImageCanvas::zoomOut);
  connect(fitAction_, &QAction::triggered, canvas_, &ImageCanvas::fitToWindow);
  connect(actualSizeAction_, &QAction::triggered, canvas_, &ImageCanvas::actualSize);
  connect(resetLevelsAction_, &QAction::triggered, canvas_, &ImageCanvas::resetWindowLevel);
  connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
  connect(toggleStreamAction_, &QAction::triggered, this, [this] {
    setViewMode(viewMode_ == ViewMode::State ? ViewMode::Estimate : ViewMode::State);
  });
  connect(compareAction_, &QAction::toggled, this, [this] { refreshCompare(); });
  connect(compareSlider_, &QSlider::valueChanged, this,
          [this](int v) { canvas_->setSplit(v / 1000.0); });
  connect(compareSource_, &QComboBox::currentIndexChanged, this, [this] { refreshCompare(); });

  connect(canvas_, &ImageCanvas::pixelHovered, readout_, &QLabel::setText);
  connect(canvas_, &ImageCanvas::zoomChanged, this,
          [this](double z) { zoomLabel_->setText(QStringLiteral("%1%").arg(qRound(z * 100))); });
  connect(canvas_, &ImageCanvas::fileDropped, this,
          [this](const QString& path) { openInBackground(path); });
  connect(mask_, &MaskLayer::changed, this, [this] { maskDirty_ = true; });

  connect(panel_, &TaskPanel::runRequested, this, &MainWindow::startRun);
  connect(panel_, &TaskPanel::settingsChanged, this, [this] { refreshCanvas(); });
  connect(panel_, &TaskPanel::maskToolChanged, this, [this](MaskTool tool) {
    canvas_->setTool(tool);
    if (tool != MaskTool::Pan && viewMode_ != ViewMode::Input) setViewMode(ViewMode::Input);
    for (QAction* a : toolGroup_->actions()) a->setChecked(a->data().toInt() == int(tool));
  });
  connect(panel_, &TaskPanel::brushRadiusChanged, mask_, &MaskLayer::setBrushRadius);
  connect(panel_, &TaskPanel::brushHardnessChanged, mask_, &MaskLayer::setBrushHardness);
  connect(panel_, &TaskPanel::invertMaskRequested, mask_, &MaskLayer::invert);
  connect(panel_, &TaskPanel::clearMaskRequested, mask_, &MaskLayer::clear);
  connect(panel_, &TaskPanel::loadMaskRequested, this, &MainWindow::loadMaskDialog);
  connect(panel_, &TaskPanel::saveMaskRequested, this, &MainWindow::saveMaskDialog);
  connect(panel_, &TaskPanel::designMaskRequested, this, &MainWindow::openMaskDesigner);
  connect(panel_, &TaskPanel::openModelFolderRequested, this,
          [] { QDesktopServices::openUrl(QUrl::fromLocalFile(userModelDirectory())); });
  canvas_->setTool(panel_->maskTool());

  connect(controller_, &RunController::runStarted, this, &MainWindow::onRunStarted);
  connect(controller_, &RunController::frameArrived, this, &MainWindow::onFrame);
  connect(controller_, &RunController::runFinished, this, &MainWindow::onRunFinished);
  connect(strip_, &TrajectoryStrip::frameChosen, this,
          [this](const QImage& image, const QString& caption) {
            canvas_->setImage(image.scaled(canvas_->image().size()), false);
            statusBar()->showMessage(tr("Trajectory frame %1").arg(caption), 4000);
          });
  connect(history_, &RunHistory::outcomeChosen, this, [this](const RunOutcome& o) {
    panel_->setSettings(o.request.settings);
    showOutcome(o);
  });
}

void MainWindow::refreshModels() {
  const QList<ModelEntry> models = listAvailableModels(modelDirectories());
  QString selected = QSettings().value("model").toString();
  bool found = false;
  for (const ModelEntry& m : models) found = found || m.name == selected;
  if (!found) selected = defaultModelName(models);
  panel_->setModels(models, selected);
}

void MainWindow::selectModel(const QString& name) {
  RunSettings s = panel_->settings();
  s.model = name;
  panel_->setSettings(s);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1400, 900);
  restoreState(settings.value("window/state").toByteArray());
  if (settings.contains("run/settings")) {
    RunSettings s = RunSettings::fromJson(
        QJsonDocument::fromJson(settings.value("run/settings").toByteArray()).object());
    bool known = false;
    for (const ModelEntry& m : panel_->models()) known = known || m.name == s.model;
    if (!known) s.model = defaultModelName(panel_->models());
    panel_->setSettings(s);
  }
  recentFiles_ = settings.value("recentFiles").toStringList();
  referencePath_.clear();
  secondsPerNfe_ = settings.value("run/secondsPerNfe", 0.0).toDouble();
  panel_->setSecondsPerNfe(secondsPerNfe_);
  rebuildRecentMenu();
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("run/settings",
                    QJsonDocument(panel_->settings().toJson()).toJson(QJsonDocument::Compact));
  settings.setValue("model", panel_->settings().model);
  settings.setValue("recentFiles", recentFiles_);
  settings.setValue("run/secondsPerNfe", secondsPerNfe_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (controller_->isRunning()) controller_->cancel();
  saveSettings();
  if (autosave_) autosave_->finish();  // the clean exit: nothing to offer next time
  event->accept();
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(title + ": " + message, 10000);
  // Non-modal: visible, never blocks the event loop (or a test).
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName("errorBox");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About CCDF Studio"),
                     tr("<h3>CCDF Studio %1</h3>"
                        "<p>Interactive image restoration with diffusion models: "
                        "Come-Closer-Diffuse-Faster (Chung, Sim, Ye, CVPR 2022).</p>"
                        "<p>Qt %2 (built with %3)<br>%4</p>")
                         .arg(QApplication::applicationVersion(), qVersion(), QT_VERSION_STR,
                              runtimeDescription().toHtmlEscaped()));
}

}  // namespace ccdf::gui
