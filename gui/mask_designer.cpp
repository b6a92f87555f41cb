#include "mask_designer.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core_info.h"

namespace ccdf::gui {

namespace {

constexpr int kViewSide = 256;  // on-screen size of the two views
const QColor kSampledTint(255, 140, 0);

QPixmap enlarged(const QImage& image) {
  if (image.isNull()) return {};
  // Nearest neighbour keeps single k-space lines crisp.
  return QPixmap::fromImage(
      image.scaled(kViewSide, kViewSide, Qt::KeepAspectRatio, Qt::FastTransformation));
}

QLabel* view(QWidget* parent, const char* name, const QString& tip) {
  auto* label = new QLabel(parent);
  label->setObjectName(name);
  label->setMinimumSize(kViewSide, kViewSide);
  label->setAlignment(Qt::AlignCenter);
  label->setToolTip(tip);
  label->setStyleSheet("background: black;");
  return label;
}

bool samePath(const QString& a, const QString& b) {
  const QFileInfo fa(a), fb(b);
  const QString ca = fa.exists() ? fa.canonicalFilePath() : fa.absoluteFilePath();
  const QString cb = fb.exists() ? fb.canonicalFilePath() : fb.absoluteFilePath();
  return !a.isEmpty() && !b.isEmpty() && ca == cb;
}

}  // namespace

void addMaskPatternItems(QComboBox* combo) {
  combo->addItem(QCoreApplication::translate("ccdf::gui::TaskPanel", "Gaussian 1D"), "gaussian");
  combo->addItem(QCoreApplication::translate("ccdf::gui::TaskPanel", "Uniform random 1D"),
                 "uniform");
  combo->addItem(QCoreApplication::translate("ccdf::gui::TaskPanel", "Equispaced 1D"),
                 "equispaced");
  combo->addItem(QCoreApplication::translate("ccdf::gui::TaskPanel", "Poisson disc 2D"), "poisson");
  combo->addItem(QCoreApplication::translate("ccdf::gui::TaskPanel", "Variable density 2D"),
                 "variable-density");
}

MaskDesigner::MaskDesigner(const MaskDesignerInput& input, QWidget* parent)
    : QDialog(parent), input_(input) {
  setObjectName("maskDesigner");
  setWindowTitle(tr("k-space Mask Designer"));
  auto* layout = new QVBoxLayout(this);
  auto* views = new QHBoxLayout;
  views->addWidget(buildControls());
  maskView_ = view(this, "maskView", tr("The mask, centre = low frequencies, white = sampled"));
  kspaceView_ = view(this, "kspaceView",
                     tr("The input's k-space (log-magnitude, centred) with the sampled points "
                        "in orange"));
  views->addWidget(maskView_);
  views->addWidget(kspaceView_);
  layout->addLayout(views);
  message_ = new QLabel(this);
  message_->setObjectName("designerMessage");
  message_->setWordWrap(true);
  layout->addWidget(message_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* load = buttons->addButton(tr("Load mask…"), QDialogButtonBox::ActionRole);
  auto* save = buttons->addButton(tr("Save mask…"), QDialogButtonBox::ActionRole);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  connect(load, &QPushButton::clicked, this, &MaskDesigner::loadDialog);
  connect(save, &QPushButton::clicked, this, &MaskDesigner::saveDialog);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);

  if (!input_.maskPath.isEmpty() && loadMask(input_.maskPath)) return;
  if (!input_.fixedMask.isNull()) {
    origin_ = Origin::Data;
    const KspaceMaskPreview p = describeKspaceMask(input_.fixedMask);
    display(p.mask, p.centred, p.realAcceleration, p.error);
    return;
  }
  design();
}

QWidget* MaskDesigner::buildControls() {
  auto* box = new QWidget(this);
  auto* form = new QFormLayout(box);
  const RunSettings& s = input_.settings;
  pattern_ = new QComboBox(box);
  pattern_->setObjectName("designerPattern");
  addMaskPatternItems(pattern_);
  pattern_->setCurrentIndex(qMax(0, pattern_->findData(s.maskPattern)));
  form->addRow(tr("Pattern:"), pattern_);
  acceleration_ = new QDoubleSpinBox(box);
  acceleration_->setObjectName("designerAcceleration");
  acceleration_->setRange(1.0, 32.0);
  acceleration_->setSingleStep(0.5);
  acceleration_->setSuffix(QStringLiteral("×"));
  acceleration_->setValue(s.acceleration);
  form->addRow(tr("Acceleration:"), acceleration_);
  acs_ = new QSpinBox(box);
  acs_->setObjectName("designerAcs");
  acs_->setRange(0, 256);
  acs_->setValue(s.acsLines);
  acs_->setToolTip(tr("Fully sampled centre: lines (1D) or the side of a square (2D)"));
  form->addRow(tr("ACS width:"), acs_);
  seed_ = new QSpinBox(box);
  seed_->setObjectName("designerSeed");
  seed_->setRange(0, std::numeric_limits<int>::max());
  seed_->setValue(int(qMin<quint64>(s.maskSeed, quint64(std::numeric_limits<int>::max()))));
  form->addRow(tr("Seed:"), seed_);
  real_ = new QLabel(box);
  real_->setObjectName("designerRealAcceleration");
  form->addRow(tr("Real acceleration:"), real_);
  form->addRow(
      new QLabel(tr("%1×%2 k-space").arg(input_.size.width()).arg(input_.size.height()), box));
  const bool designable = input_.fixedMask.isNull();
  for (QWidget* w : {static_cast<QWidget*>(pattern_), static_cast<QWidget*>(acceleration_),
                     static_cast<QWidget*>(acs_), static_cast<QWidget*>(seed_)})
    w->setEnabled(designable);
  if (!designable)
    box->setToolTip(tr("The data are undersampled: their own mask applies (or load a file)"));
  connect(pattern_, &QComboBox::currentIndexChanged, this, &MaskDesigner::design);
  connect(acceleration_, &QDoubleSpinBox::valueChanged, this, &MaskDesigner::design);
  connect(acs_, &QSpinBox::valueChanged, this, &MaskDesigner::design);
  connect(seed_, &QSpinBox::valueChanged, this, &MaskDesigner::design);
  return box;
}

RunSettings MaskDesigner::settings() const {
  RunSettings s = input_.settings;
  s.maskPattern = pattern_->currentData().toString();
  s.acceleration = acceleration_->value();
  s.acsLines = acs_->value();
  s.maskSeed = quint64(seed_->value());
  return s;
}

QString MaskDesigner::maskPath() const { return origin_ == Origin::File ? maskPath_ : QString(); }

void MaskDesigner::design() {
  origin_ = Origin::Design;
  maskPath_.clear();
  const KspaceMaskPreview p =
      previewKspaceMask(settings(), input_.size.width(), input_.size.height());
  display(p.mask, p.centred, p.realAcceleration, p.error);
}

void MaskDesigner::display(const QImage& mask, const QImage& centred, double acceleration,
                           const QString& error) {
  mask_ = mask;
  centred_ = centred;
  realAcceleration_ = error.isEmpty() ? acceleration : 0.0;
  if (!error.isEmpty()) {
    real_->setText(QStringLiteral("—"));
    message_->setText(error);
    message_->setStyleSheet("color: #d04040;");
  } else {
    const QString from = origin_ == Origin::File   ? tr(" (mask file)")
                         : origin_ == Origin::Data ? tr(" (the data's mask)")
                                                   : QString();
    real_->setText(QStringLiteral("%1×").arg(acceleration, 0, 'f', 2) + from);
    message_->setText(origin_ == Origin::File ? QFileInfo(maskPath_).fileName() : QString());
    message_->setStyleSheet(QString());
  }
  maskView_->setPixmap(enlarged(centred_));
  kspaceView_->setPixmap(enlarged(overlayImage()));
  ok_->setEnabled(error.isEmpty());
}

QImage MaskDesigner::overlayImage() const {
  QImage out = input_.kspace.isNull() ? QImage(input_.size, QImage::Format_RGB32)
                                      : input_.kspace.convertToFormat(QImage::Format_RGB32);
  if (input_.kspace.isNull()) out.fill(Qt::black);
  if (centred_.size() != out.size()) return out;
  // The sampled points in a translucent colour: the mask is the tint's alpha channel.
  QImage tint(out.size(), QImage::Format_ARGB32);
  tint.fill(kSampledTint);
  tint.setAlphaChannel(centred_.convertToFormat(QImage::Format_Grayscale8));
  QPainter painter(&out);
  painter.setOpacity(0.45);
  painter.drawImage(0, 0, tint);
  return out;
}

bool MaskDesigner::loadMask(const QString& path) {
  const KspaceMaskPreview p =
      previewKspaceMaskFile(path, input_.size.width(), input_.size.height());
  if (!p.error.isEmpty()) {
    message_->setText(tr("Cannot load '%1': %2").arg(QFileInfo(path).fileName(), p.error));
    message_->setStyleSheet("color: #d04040;");
    return false;
  }
  origin_ = Origin::File;
  maskPath_ = QFileInfo(path).absoluteFilePath();
  display(p.mask, p.centred, p.realAcceleration, QString());
  return true;
}

bool MaskDesigner::saveMask(const QString& path) {
  QString error;
  for (const QString& input : input_.inputPaths)
    if (samePath(path, input)) error = tr("that is an input file");
  QSaveFile file(path);  // atomic: a temporary file, renamed when complete
  if (error.isEmpty() && mask_.isNull()) error = tr("there is no mask");
  if (error.isEmpty() &&
      (!file.open(QIODevice::WriteOnly) || !mask_.save(&file, "PNG") || !file.commit()))
    error = file.errorString();
  if (!error.isEmpty()) {
    message_->setText(tr("Cannot save '%1': %2").arg(QFileInfo(path).fileName(), error));
    message_->setStyleSheet("color: #d04040;");
    return false;
  }
  message_->setText(tr("Saved %1").arg(QFileInfo(path).fileName()));
  message_->setStyleSheet(QString());
  return true;
}

void MaskDesigner::loadDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Load k-space Mask"),
                                                    QSettings().value("lastFolder").toString(),
                                                    tr("PNG masks (*.png)"));
  if (!path.isEmpty()) loadMask(path);
}

void MaskDesigner::saveDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("Save k-space Mask"),
                                              QSettings().value("lastFolder").toString(),
                                              tr("PNG masks (*.png)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(".png", Qt::CaseInsensitive)) path += ".png";
  saveMask(path);
}

}  // namespace ccdf::gui
