#include "task_panel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "core_info.h"
#include "io/initialisers.h"
#include "mask_designer.h"

namespace ccdf::gui {

namespace {

QWidget* row(QWidget* parent, std::initializer_list<QWidget*> widgets) {
  auto* w = new QWidget(parent);
  auto* layout = new QHBoxLayout(w);
  layout->setContentsMargins(0, 0, 0, 0);
  for (QWidget* child : widgets) layout->addWidget(child);
  return w;
}

void setItemEnabled(QComboBox* combo, int index, bool enabled, const QString& reason) {
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  if (!model || index < 0) return;
  QStandardItem* item = model->item(index);
  item->setEnabled(enabled);
  item->setToolTip(enabled ? QString() : reason);
}

QString formatSeconds(double s) {
  if (s < 1.0) return QObject::tr("%1 ms").arg(qRound(s * 1000));
  if (s < 120.0) return QObject::tr("%1 s").arg(s, 0, 'f', 1);
  return QObject::tr("%1 min").arg(s / 60.0, 0, 'f', 1);
}

}  // namespace

TaskPanel::TaskPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildTaskGroup());
  layout->addWidget(buildModelGroup());
  layout->addWidget(buildCcdfGroup());
  cost_ = new QLabel(this);
  cost_->setObjectName("costLabel");
  cost_->setWordWrap(true);
  problem_ = new QLabel(this);
  problem_->setObjectName("problemLabel");
  problem_->setWordWrap(true);
  problem_->setStyleSheet("color: #d04040;");
  run_ = new QPushButton(tr("&Run"), this);
  run_->setObjectName("runButton");
  run_->setToolTip(tr("Restore the image (Ctrl+R)"));
  layout->addWidget(cost_);
  layout->addWidget(problem_);
  layout->addWidget(run_);
  layout->addStretch(1);
  connect(run_, &QPushButton::clicked, this, &TaskPanel::runRequested);
  connectChanges();
  setSettings(RunSettings());
}

QWidget* TaskPanel::buildTaskGroup() {
  auto* group = new QGroupBox(tr("Task"), this);
  auto* form = new QFormLayout(group);
  task_ = new QComboBox(group);
  task_->setObjectName("taskCombo");
  task_->addItem(tr("Super-resolution"), "sr");
  task_->addItem(tr("Inpainting"), "inpaint");
  task_->addItem(tr("MRI reconstruction"), "mri");
  form->addRow(tr("Task:"), task_);
  simulate_ = new QCheckBox(tr("Opened image is the ground truth"), group);
  simulate_->setObjectName("simulateCheck");
  simulate_->setToolTip(
      tr("Simulate the measurement from the opened image and use it as the "
         "reference for PSNR / SSIM"));
  form->addRow(simulate_);

  taskPages_ = new QStackedWidget(group);
  auto* srPage = new QWidget(taskPages_);
  auto* srForm = new QFormLayout(srPage);
  srForm->setContentsMargins(0, 0, 0, 0);
  scale_ = new QSpinBox(srPage);
  scale_->setObjectName("scaleSpin");
  scale_->setRange(1, 16);
  scale_->setValue(4);
  scale_->setSuffix(QStringLiteral("×"));
  srForm->addRow(tr("Scale:"), scale_);
  taskPages_->addWidget(srPage);
  taskPages_->addWidget(buildMaskTools());
  taskPages_->addWidget(buildMriControls());
  form->addRow(taskPages_);
  return group;
}

QWidget* TaskPanel::buildMaskTools() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  form->setContentsMargins(0, 0, 0, 0);
  tools_ = new QButtonGroup(page);
  tools_->setExclusive(true);
  auto* toolRow = new QWidget(page);
  auto* toolLayout = new QHBoxLayout(toolRow);
  toolLayout->setContentsMargins(0, 0, 0, 0);
  const struct {
    MaskTool tool;
    const char* name;
    QString text, tip;
  } toolDefs[] = {
      {MaskTool::Pan, "panTool", tr("Pan"), tr("Pan and zoom (H)")},
      {MaskTool::Brush, "brushTool", tr("Brush"), tr("Paint the region to fill (B)")},
      {MaskTool::Eraser, "eraserTool", tr("Eraser"), tr("Mark pixels as known again (E)")},
      {MaskTool::Rectangle, "rectangleTool", tr("Rectangle"),
       tr("Drag a rectangle to fill; Shift erases (G)")},
  };
  for (const auto& def : toolDefs) {
    auto* button = new QToolButton(toolRow);
    button->setObjectName(def.name);
    button->setText(def.text);
    button->setToolTip(def.tip);
    button->setCheckable(true);
    tools_->addButton(button, int(def.tool));
    toolLayout->addWidget(button);
  }
  tools_->button(int(MaskTool::Brush))->setChecked(true);
  form->addRow(toolRow);
  brushSize_ = new QSlider(Qt::Horizontal, page);
  brushSize_->setObjectName("brushSizeSlider");
  brushSize_->setRange(1, 200);
  brushSize_->setValue(12);
  form->addRow(tr("Brush radius:"), brushSize_);
  brushHardness_ = new QSlider(Qt::Horizontal, page);
  brushHardness_->setObjectName("brushHardnessSlider");
  brushHardness_->setRange(0, 100);
  brushHardness_->setValue(80);
  form->addRow(tr("Hardness:"), brushHardness_);
  auto* invert = new QPushButton(tr("Invert"), page);
  auto* clear = new QPushButton(tr("Clear"), page);
  auto* load = new QPushButton(tr("Load…"), page);
  auto* save = new QPushButton(tr("Save…"), page);
  form->addRow(row(page, {invert, clear, load, save}));
  connect(tools_, &QButtonGroup::idClicked, this,
          [this](int id) { Q_EMIT maskToolChanged(MaskTool(id)); });
  connect(brushSize_, &QSlider::valueChanged, this,
          [this](int v) { Q_EMIT brushRadiusChanged(v); });
  connect(brushHardness_, &QSlider::valueChanged, this,
          [this](int v) { Q_EMIT brushHardnessChanged(v / 100.0); });
  connect(invert, &QPushButton::clicked, this, &TaskPanel::invertMaskRequested);
  connect(clear, &QPushButton::clicked, this, &TaskPanel::clearMaskRequested);
  connect(load, &QPushButton::clicked, this, &TaskPanel::loadMaskRequested);
  connect(save, &QPushButton::clicked, this, &TaskPanel::saveMaskRequested);
  return page;
}

QWidget* TaskPanel::buildMriControls() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  form->setContentsMargins(0, 0, 0, 0);
  pattern_ = new QComboBox(page);
  pattern_->setObjectName("patternCombo");
  addMaskPatternItems(pattern_);
  form->addRow(tr("Pattern:"), pattern_);
  acceleration_ = new QDoubleSpinBox(page);
  acceleration_->setObjectName("accelerationSpin");
  acceleration_->setRange(1.0, 32.0);
  acceleration_->setSingleStep(0.5);
  acceleration_->setValue(4.0);
  acceleration_->setSuffix(QStringLiteral("×"));
  form->addRow(tr("Acceleration:"), acceleration_);
  acs_ = new QSpinBox(page);
  acs_->setObjectName("acsSpin");
  acs_->setRange(0, 256);
  acs_->setValue(8);
  form->addRow(tr("ACS width:"), acs_);
  maskSeed_ = new QSpinBox(page);
  maskSeed_->setObjectName("maskSeedSpin");
  maskSeed_->setRange(0, std::numeric_limits<int>::max());
  maskSeed_->setToolTip(tr("Seed of the random mask (independent of the run's seed)"));
  form->addRow(tr("Mask seed:"), maskSeed_);
  realAcceleration_ = new QLabel(page);
  realAcceleration_->setObjectName("realAccelerationLabel");
  form->addRow(tr("Real acceleration:"), realAcceleration_);
  maskPreview_ = new QLabel(page);
  maskPreview_->setFixedSize(96, 96);
  maskPreview_->setScaledContents(true);
  maskPreview_->setToolTip(tr("The k-space mask, centre = low frequencies"));
  auto* design = new QPushButton(tr("Design…"), page);
  design->setObjectName("designMaskButton");
  design->setToolTip(tr("Design, load or save the k-space mask over the input's k-space"));
  connect(design, &QPushButton::clicked, this, &TaskPanel::designMaskRequested);
  form->addRow(tr("Mask:"), row(page, {maskPreview_, design}));
  return page;
}

QWidget* TaskPanel::buildModelGroup() {
  auto* group = new QGroupBox(tr("Model and sampler"), this);
  auto* form = new QFormLayout(group);
  model_ = new QComboBox(group);
  model_->setObjectName("modelCombo");
  auto* folder = new QToolButton(group);
  folder->setText(QStringLiteral("…"));
  folder->setToolTip(tr("Open the user model folder"));
  connect(folder, &QToolButton::clicked, this, &TaskPanel::openModelFolderRequested);
  form->addRow(tr("Model:"), row(group, {model_, folder}));
  modelDescription_ = new QLabel(group);
  modelDescription_->setWordWrap(true);
  modelDescription_->setStyleSheet("color: palette(mid);");
  form->addRow(modelDescription_);
  sampler_ = new QComboBox(group);
  sampler_->setObjectName("samplerCombo");
  sampler_->addItem(tr("DDPM"), "ddpm");
  sampler_->addItem(tr("DDIM"), "ddim");
  sampler_->addItem(tr("VE predictor-corrector"), "vepc");
  form->addRow(tr("Sampler:"), sampler_);
  variance_ = new QComboBox(group);
  variance_->setObjectName("varianceCombo");
  variance_->addItem(tr("fixed small (β̃)"), "small");
  variance_->addItem(tr("fixed large (β)"), "large");
  variance_->addItem(tr("learned"), "learned");
  ddpmRow_ = row(group, {new QLabel(tr("Variance:"), group), variance_});
  form->addRow(ddpmRow_);
  eta_ = new QDoubleSpinBox(group);
  eta_->setObjectName("etaSpin");
  eta_->setRange(0.0, 1.0);
  eta_->setSingleStep(0.1);
  ddimRow_ = row(group, {new QLabel(tr("η:"), group), eta_});
  form->addRow(ddimRow_);
  correctors_ = new QSpinBox(group);
  correctors_->setObjectName("correctorsSpin");
  correctors_->setRange(0, 10);
  correctors_->setValue(1);
  snr_ = new QDoubleSpinBox(group);
  snr_->setObjectName("snrSpin");
  snr_->setDecimals(3);
  snr_->setRange(0.001, 1.0);
  snr_->setSingleStep(0.01);
  snr_->setValue(0.16);
  vepcRow_ = row(group, {new QLabel(tr("Correctors:"), group), correctors_,
                         new QLabel(tr("SNR:"), group), snr_});
  form->addRow(vepcRow_);
  return group;
}

QWidget* TaskPanel::buildCcdfGroup() {
  auto* group = new QGroupBox(tr("Come-Closer-Diffuse-Faster"), this);
  auto* form = new QFormLayout(group);
  initialiser_ = new QComboBox(group);
  initialiser_->setObjectName("initialiserCombo");
  initialiser_->addItem(tr("Adjoint (Aᴴy)"), "adjoint");
  initialiser_->addItem(tr("Zero-filled (MRI)"), "zero-filled");
  initialiser_->addItem(tr("Bicubic"), "bicubic");
  initialiser_->addItem(tr("Lanczos"), "lanczos");
  initialiser_->addItem(tr("ESRGAN slim (network, RGB)"), "esrgan-slim");
  initialiser_->addItem(tr("ESRGAN medium (network, RGB)"), "esrgan-medium");
  initialiser_->addItem(tr("ESRGAN thick (network, RGB)"), "esrgan-thick");
  initialiser_->addItem(tr("MRI U-Net (network)"), "mri-unet");
  initialiser_->addItem(tr("Telea (OpenCV inpainting)"), "telea");
  initialiser_->addItem(tr("Navier–Stokes (OpenCV inpainting)"), "navier-stokes");
  initialiser_->addItem(tr("Noise (full diffusion)"), "noise");
  form->addRow(tr("Initialiser:"), initialiser_);
  t0Slider_ = new QSlider(Qt::Horizontal, group);
  t0Slider_->setObjectName("t0Slider");
  t0Slider_->setRange(1, 100);
  t0Spin_ = new QDoubleSpinBox(group);
  t0Spin_->setObjectName("t0Spin");
  t0Spin_->setRange(0.01, 1.0);
  t0Spin_->setSingleStep(0.01);
  t0Spin_->setDecimals(2);
  t0Spin_->setToolTip(
      tr("Start time of the reverse diffusion: smaller is faster and stays "
         "closer to the initial estimate"));
  autoT0_ = new QCheckBox(tr("Auto"), group);
  autoT0_->setObjectName("t0AutoCheck");
  autoT0_->setToolTip(
      tr("Choose t0 when the run starts, from the estimated error of the initial estimate "
         "(the log says which t0 and why)"));
  form->addRow(tr("t0:"), row(group, {t0Slider_, t0Spin_, autoT0_}));
  steps_ = new QSpinBox(group);
  steps_->setObjectName("stepsSpin");
  steps_->setRange(1, 2000);
  form->addRow(tr("Steps:"), steps_);
  seed_ = new QSpinBox(group);
  seed_->setObjectName("seedSpin");
  seed_->setRange(0, std::numeric_limits<int>::max());
  auto* dice = new QToolButton(group);
  dice->setText(tr("Random"));
  connect(dice, &QToolButton::clicked, this,
          [this] { seed_->setValue(QRandomGenerator::global()->bounded(1 << 30)); });
  form->addRow(tr("Seed:"), row(group, {seed_, dice}));
  lambda_ = new QDoubleSpinBox(group);
  lambda_->setObjectName("lambdaSpin");
  lambda_->setRange(0.01, 1.0);
  lambda_->setSingleStep(0.05);
  lambda_->setToolTip(
      tr("Data-consistency strength: 1 = hard projection, smaller for noisy "
         "measurements"));
  form->addRow(tr("DC λ:"), lambda_);
  dcNoise_ = new QComboBox(group);
  dcNoise_->setObjectName("dcNoiseCombo");
  dcNoise_->addItem(tr("diffused measurement"), "diffused");
  dcNoise_->addItem(tr("clean measurement"), "clean");
  form->addRow(tr("DC against:"), dcNoise_);
  return group;
}

void TaskPanel::connectChanges() {
  for (QComboBox* c : {task_, pattern_, model_, sampler_, variance_, initialiser_, dcNoise_})
    connect(c, &QComboBox::currentIndexChanged, this, &TaskPanel::onChanged);
  for (QSpinBox* s : {scale_, acs_, maskSeed_, correctors_, steps_, seed_})
    connect(s, &QSpinBox::valueChanged, this, &TaskPanel::onChanged);
  for (QDoubleSpinBox* s : {acceleration_, eta_, snr_, lambda_})
    connect(s, &QDoubleSpinBox::valueChanged, this, &TaskPanel::onChanged);
  connect(simulate_, &QCheckBox::toggled, this, &TaskPanel::onChanged);
  connect(autoT0_, &QCheckBox::toggled, this, &TaskPanel::onChanged);
  connect(t0Slider_, &QSlider::valueChanged, this, [this](int v) {
    if (!updating_ && qRound(t0Spin_->value() * 100) != v) t0Spin_->setValue(v / 100.0);
  });
  connect(t0Spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    const bool was = updating_;
    updating_ = true;
    t0Slider_->setValue(qRound(v * 100));
    updating_ = was;
    onChanged();
  });
}

void TaskPanel::onChanged() {
  if (updating_) return;
  updateVisibility();
  updateCostAndProblems();
  Q_EMIT settingsChanged();
}

const ModelEntry* TaskPanel::currentModel() const {
  const QString name = model_->currentData().toString();
  for (const ModelEntry& m : models_)
    if (m.name == name) return &m;
  return nullptr;
}

void TaskPanel::updateVisibility() {
  const Task task = taskFromKey(task_->currentData().toString());
  taskPages_->setCurrentIndex(int(task));
  // The stack is as tall as its current page, not its tallest.
  for (int i = 0; i < taskPages_->count(); ++i)
    taskPages_->widget(i)->setSizePolicy(
        QSizePolicy::Preferred, i == int(task) ? QSizePolicy::Preferred : QSizePolicy::Ignored);
  taskPages_->adjustSize();
  simulate_->setVisible(task != Task::Mri);
  t0Slider_->setEnabled(!autoT0_->isChecked());
  t0Spin_->setEnabled(!autoT0_->isChecked());
  const QString sampler = sampler_->currentData().toString();
  ddpmRow_->setVisible(sampler == "ddpm");
  ddimRow_->setVisible(sampler == "ddim");
  vepcRow_->setVisible(sampler == "vepc");
  const ModelEntry* model = currentModel();
  const bool vp = !model || model->variancePreserving;
  const QString vpOnly = tr("This sampler needs a variance-preserving (VP) model");
  setItemEnabled(sampler_, 0, vp, vpOnly);
  setItemEnabled(sampler_, 1, vp, vpOnly);
  setItemEnabled(sampler_, 2, !vp, tr("This sampler needs a variance-exploding (VE) model"));
  for (int i = 0; i < initialiser_->count(); ++i)
    setItemEnabled(initialiser_, i,
                   initialiserServes(initialiser_->itemData(i).toString().toStdString(),
                                     taskKey(task).toStdString()),
                   tr("This initialiser does not apply to this task"));
  if (model)
    modelDescription_->setText(model->description + "\n" + model->schedule +
                               tr(", %n channel(s)", nullptr, model->channels));
  else
    modelDescription_->setText(tr("No model found. Put models in %1.").arg(userModelDirectory()));
  updateMriPreview();
}

void TaskPanel::setKspaceFromFile(bool fromFile) {
  kspaceFromFile_ = fromFile;
  const QString reason = tr("The opened file is k-space: only MRI reconstruction applies");
  setItemEnabled(task_, 0, !fromFile, reason);
  setItemEnabled(task_, 1, !fromFile, reason);
  if (fromFile) {
    RunSettings s = settings();
    s.task = Task::Mri;
    setSettings(s);
  } else {
    onChanged();
  }
}

void TaskPanel::setFixedMask(const QImage& centredMask, double realAcceleration,
                             const QString& origin) {
  fixedMask_ = centredMask;
  fixedAcceleration_ = realAcceleration;
  fixedOrigin_ = origin;
  for (QWidget* w : {static_cast<QWidget*>(pattern_), static_cast<QWidget*>(acceleration_),
                     static_cast<QWidget*>(acs_), static_cast<QWidget*>(maskSeed_)})
    w->setEnabled(fixedMask_.isNull());
  updateMriPreview();
}

void TaskPanel::updateMriPreview() {
  if (taskFromKey(task_->currentData().toString()) != Task::Mri) return;
  if (!fixedMask_.isNull()) {
    realAcceleration_->setText(tr("%1× (%2)").arg(fixedAcceleration_, 0, 'f', 2).arg(fixedOrigin_));
    maskPreview_->setPixmap(QPixmap::fromImage(fixedMask_));
    return;
  }
  if (!imageSize_.isValid() || imageSize_.isEmpty()) {
    realAcceleration_->setText(tr("open an image"));
    maskPreview_->clear();
    return;
  }
  const KspaceMaskPreview preview =
      previewKspaceMask(settings(), imageSize_.width(), imageSize_.height());
  if (!preview.error.isEmpty()) {
    realAcceleration_->setText(preview.error);
    maskPreview_->clear();
    return;
  }
  realAcceleration_->setText(QStringLiteral("%1×").arg(preview.realAcceleration, 0, 'f', 2));
  maskPreview_->setPixmap(QPixmap::fromImage(preview.centred));
}

void TaskPanel::updateCostAndProblems() {
  const RunSettings s = settings();
  QString text =
      tr("NFE: %1 (%2 steps × %3 per step)").arg(s.plannedNfe()).arg(s.steps).arg(s.nfePerStep());
  if (secondsPerNfe_ > 0)
    text += tr(", about %1").arg(formatSeconds(secondsPerNfe_ * s.plannedNfe()));
  cost_->setText(text);
  QString problem = s.problem();
  const ModelEntry* model = currentModel();
  if (problem.isEmpty() && model) {
    const bool vp = model->variancePreserving;
    if (vp && s.sampler == "vepc")
      problem = tr("VE predictor-corrector needs a VE model; choose DDPM or DDIM.");
    else if (!vp && s.sampler != "vepc")
      problem = tr("This VE model needs the VE predictor-corrector sampler.");
  }
  problem_->setText(problem);
  problem_->setVisible(!problem.isEmpty());
  run_->setEnabled(problem.isEmpty());
}

RunSettings TaskPanel::settings() const {
  RunSettings s;
  s.task = taskFromKey(task_->currentData().toString());
  s.scale = scale_->value();
  s.simulateFromImage = s.task == Task::Mri ? !kspaceFromFile_ : simulate_->isChecked();
  s.maskPattern = pattern_->currentData().toString();
  s.acceleration = acceleration_->value();
  s.acsLines = acs_->value();
  s.maskSeed = quint64(maskSeed_->value());
  s.model = model_->currentData().toString();
  s.sampler = sampler_->currentData().toString();
  s.variance = variance_->currentData().toString();
  s.eta = eta_->value();
  s.correctors = correctors_->value();
  s.snr = snr_->value();
  s.initialiser = initialiser_->currentData().toString();
  s.t0 = t0Spin_->value();
  s.autoT0 = autoT0_->isChecked();
  s.steps = steps_->value();
  s.seed = quint64(seed_->value());
  s.lambda = lambda_->value();
  s.cleanDc = dcNoise_->currentData().toString() == "clean";
  return s;
}

void TaskPanel::setSettings(const RunSettings& s) {
  updating_ = true;
  const auto select = [](QComboBox* c, const QString& key) {
    const int i = c->findData(key);
    if (i >= 0) c->setCurrentIndex(i);
  };
  select(task_, taskKey(s.task));
  scale_->setValue(s.scale);
  simulate_->setChecked(s.task != Task::Mri && s.simulateFromImage);
  select(pattern_, s.maskPattern);
  acceleration_->setValue(s.acceleration);
  acs_->setValue(s.acsLines);
  maskSeed_->setValue(int(qMin<quint64>(s.maskSeed, quint64(std::numeric_limits<int>::max()))));
  if (!s.model.isEmpty()) select(model_, s.model);
  select(sampler_, s.sampler);
  select(variance_, s.variance);
  eta_->setValue(s.eta);
  correctors_->setValue(s.correctors);
  snr_->setValue(s.snr);
  select(initialiser_, s.initialiser);
  t0Spin_->setValue(s.t0);
  t0Slider_->setValue(qRound(s.t0 * 100));
  autoT0_->setChecked(s.autoT0);
  steps_->setValue(s.steps);
  seed_->setValue(int(qMin<quint64>(s.seed, quint64(std::numeric_limits<int>::max()))));
  lambda_->setValue(s.lambda);
  select(dcNoise_, s.cleanDc ? "clean" : "diffused");
  updating_ = false;
  updateVisibility();
  updateCostAndProblems();
  Q_EMIT settingsChanged();
}

void TaskPanel::setModels(const QList<ModelEntry>& models, const QString& selected) {
  updating_ = true;
  models_ = models;
  model_->clear();
  for (const ModelEntry& m : models) {
    model_->addItem(m.name, m.name);
    model_->setItemData(model_->count() - 1, m.description + "\n" + m.directory, Qt::ToolTipRole);
  }
  const int i = model_->findData(selected);
  if (i >= 0) model_->setCurrentIndex(i);
  updating_ = false;
  onChanged();
}

void TaskPanel::setImageSize(const QSize& size) {
  imageSize_ = size;
  updateMriPreview();
}

void TaskPanel::setSecondsPerNfe(double seconds) {
  secondsPerNfe_ = seconds;
  updateCostAndProblems();
}

void TaskPanel::setRunning(bool running) {
  run_->setText(running ? tr("Cancel and &run again") : tr("&Run"));
}

MaskTool TaskPanel::maskTool() const { return MaskTool(tools_->checkedId()); }

}  // namespace ccdf::gui
