// MainWindow: opening images, masks and references; saving results; exporting settings.
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "image_canvas.h"
#include "image_data.h"
#include "input_file.h"
#include "main_window.h"
#include "mask_layer.h"
#include "result_file.h"
#include "run_history.h"
#include "task_panel.h"

namespace ccdf::gui {

namespace {

// The context tr() looks up at run time is the class's qualified name.
const char* kInputFilter = QT_TRANSLATE_NOOP(
    "ccdf::gui::MainWindow",
    "Images, DICOM and k-space (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.dcm *.dicom *.h5 *.hdf5 "
    "*.cfl *.hdr *.npy);;DICOM (*.dcm *.dicom *);;k-space (*.h5 *.hdf5 *.cfl *.hdr *.npy);;"
    "All files (*)");
const char* kReferenceFilter =
    QT_TRANSLATE_NOOP("ccdf::gui::MainWindow",
                      "Images and DICOM (*.png *.jpg *.jpeg *.tif *.tiff *.bmp "
                      "*.dcm *.dicom);;All files (*)");

bool samePath(const QString& a, const QString& b) {
  if (a.isEmpty() || b.isEmpty()) return false;
  const QFileInfo fa(a), fb(b);
  const QString ca = fa.exists() ? fa.canonicalFilePath() : fa.absoluteFilePath();
  const QString cb = fb.exists() ? fb.canonicalFilePath() : fb.absoluteFilePath();
  return ca == cb;
}

QString lastFolder() { return QSettings().value("lastFolder").toString(); }
void rememberFolder(const QString& path) {
  QSettings().setValue("lastFolder", QFileInfo(path).absolutePath());
}

}  // namespace

bool MainWindow::openImage(const QString& path) {
  ++openGeneration_;  // a background open still under way is superseded
  try {
    applyOpened(openInputFile(path));
  } catch (const std::exception& e) {
    showError(tr("Cannot open '%1'").arg(QFileInfo(path).fileName()),
              QString::fromStdString(e.what()).section('\n', 0, 0));
    return false;
  }
  return true;
}

void MainWindow::openInBackground(const QString& path, int frame, bool otherFrame) {
  // Decoding large images, DICOM series and k-space happens off the GUI thread.
  struct Loaded {
    OpenedInput input;
    QString error;
  };
  const quint64 generation = ++openGeneration_;
  auto* watcher = new QFutureWatcher<Loaded>(this);
  connect(watcher, &QFutureWatcher<Loaded>::finished, this,
          [this, watcher, path, generation, otherFrame] {
            const Loaded loaded = watcher->result();
            watcher->deleteLater();
            if (generation != openGeneration_) return;  // a newer open or slice was asked for
            if (!loaded.error.isEmpty()) {
              showError(tr("Cannot open '%1'").arg(QFileInfo(path).fileName()), loaded.error);
              updateSliceControl();  // back to the slice shown
            } else {
              applyOpened(loaded.input, otherFrame);
            }
          });
  if (otherFrame)
    statusBar()->showMessage(tr("Reading slice %1…").arg(frame + 1));
  else
    statusBar()->showMessage(tr("Opening %1…").arg(path));
  watcher->setFuture(QtConcurrent::run([path, frame] {
    Loaded out;
    try {
      out.input = openInputFile(path, frame);
    } catch (const std::exception& e) {
      out.error = QString::fromStdString(e.what()).section('\n', 0, 0);
    }
    return out;
  }));
}

void MainWindow::selectFrame(int frame) {
  if (inputPath_.isEmpty() || frame < 0 || frame >= opened_.frames) return;
  if (frame == opened_.frame) {
    ++openGeneration_;  // back to the shown one: drop a read still under way
    updateSliceControl();
    return;
  }
  openInBackground(inputPath_, frame, true);
}

void MainWindow::updateSliceControl() {
  const QSignalBlocker block(sliceSpin_);
  sliceSpin_->setRange(1, std::max(1, opened_.frames));
  sliceSpin_->setValue(opened_.frame + 1);
  sliceCount_->setText(tr("of %1").arg(opened_.frames));
  sliceBar_->setVisible(opened_.frames > 1);
}

void MainWindow::applyOpened(const OpenedInput& input, bool otherFrame) {
  // Another slice of the same size keeps the painted mask, the MRI mask file and the zoom.
  const bool keep = otherFrame && input.path == inputPath_ &&
                    QSize(input.image.width(), input.image.height()) == inputImage_.size() &&
                    input.isKspace == opened_.isKspace;
  opened_ = input;
  inputPath_ = input.path;
  if (!keep)
    kspaceMaskPath_ =
        input.maskPath.isEmpty() ? QString() : QFileInfo(input.maskPath).absoluteFilePath();
  inputImage_ = input.image.toQImage();
  if (!keep) {
    mask_->reset(inputImage_.size());
    maskPath_.clear();
    maskDirty_ = false;
  }
  outcome_.reset();  // a result of another slice is not one of this
  panel_->setImageSize(inputImage_.size());
  if (!keep) panel_->setKspaceFromFile(input.isKspace);
  showFixedMask();
  updateSliceControl();
  if (!otherFrame) {
    addRecentFile(inputPath_);
    rememberFolder(inputPath_);
  }
  const QString name = QFileInfo(inputPath_).fileName();
  setWindowTitle(tr("%1 — CCDF Studio").arg(name));
  setViewMode(ViewMode::Input);
  if (!keep) canvas_->fitToWindow();
  if (input.isKspace && input.fullySampled && kspaceMaskPath_.isEmpty())
    statusBar()->showMessage(tr("Opened k-space %1 (%2); fully sampled: showing the "
                                "root-sum-of-squares image, the designed mask undersamples it")
                                 .arg(name, input.summary),
                             10000);
  else if (input.isKspace)
    statusBar()->showMessage(
        tr("Opened k-space %1 (%2); showing the zero-filled image").arg(name, input.summary),
        10000);
  else if (input.isDicom)
    statusBar()->showMessage(tr("Opened DICOM %1 (%2×%3, frame %4 of %5)")
                                 .arg(name)
                                 .arg(input.image.width())
                                 .arg(input.image.height())
                                 .arg(input.frame + 1)
                                 .arg(input.frames),
                             6000);
  else
    statusBar()->showMessage(tr("Opened %1 (%2×%3, %4 channel(s), %5-bit)")
                                 .arg(name)
                                 .arg(input.image.width())
                                 .arg(input.image.height())
                                 .arg(input.image.channels())
                                 .arg(input.image.bitDepth()),
                             6000);
  updateRunActions();
}

void MainWindow::openImageDialog() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open Image"), lastFolder(), tr(kInputFilter));
  if (!path.isEmpty()) openInBackground(path);
}

void MainWindow::openDicomFolderDialog() {
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Open DICOM Folder"), lastFolder());
  if (!folder.isEmpty()) openInBackground(folder);
}

void MainWindow::addRecentFile(const QString& path) {
  recentFiles_.removeAll(path);
  recentFiles_.prepend(path);
  while (recentFiles_.size() > 10) recentFiles_.removeLast();
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  for (const QString& path : recentFiles_) {
    QAction* a = recentMenu_->addAction(QFileInfo(path).fileName());
    a->setToolTip(path);
    connect(a, &QAction::triggered, this, [this, path] { openInBackground(path); });
  }
  recentMenu_->setEnabled(!recentFiles_.isEmpty());
}

bool MainWindow::setReference(const QString& path) {
  referencePath_ = QFileInfo(path).absoluteFilePath();
  if (!outcome_) return true;
  try {
    const Quality q = measureQuality(outcome_->result, referencePath_, outcome_->request.frame);
    const Quality q0 = measureQuality(outcome_->initial, referencePath_, outcome_->request.frame);
    outcome_->quality = q;
    outcome_->initialQuality = q0;
    history_->setQuality(outcome_->runId, q, q0);
    statusBar()->showMessage(tr("PSNR %1 dB (initial %2) · SSIM %3")
                                 .arg(q.psnr, 0, 'f', 2)
                                 .arg(q0.psnr, 0, 'f', 2)
                                 .arg(q.ssim, 0, 'f', 4));
  } catch (const std::exception& e) {
    showError(tr("Cannot compare with the reference"), QString::fromStdString(e.what()));
    return false;
  }
  return true;
}

void MainWindow::openReferenceDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Reference (Ground Truth)"),
                                                    lastFolder(), tr(kReferenceFilter));
  if (!path.isEmpty()) setReference(path);
}

bool MainWindow::loadMaskFile(const QString& path) {
  QImage image(path);
  if (image.isNull()) {
    showError(tr("Cannot load mask"), tr("'%1' is not a readable image.").arg(path));
    return false;
  }
  if (!mask_->replace(image.convertToFormat(QImage::Format_Grayscale8), tr("Load mask"))) {
    showError(tr("Cannot load mask"), tr("The mask is %1×%2 but the image is %3×%4.")
                                          .arg(image.width())
                                          .arg(image.height())
                                          .arg(inputImage_.width())
                                          .arg(inputImage_.height()));
    return false;
  }
  maskPath_ = QFileInfo(path).absoluteFilePath();
  maskDirty_ = false;
  return true;
}

void MainWindow::loadMaskDialog() {
  if (inputPath_.isEmpty()) return;
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Load Mask"), lastFolder(), tr("PNG masks (*.png)"));
  if (!path.isEmpty()) loadMaskFile(path);
}

void MainWindow::saveMaskDialog() {
  if (mask_->isEmpty()) return;
  QString path =
      QFileDialog::getSaveFileName(this, tr("Save Mask"), lastFolder(), tr("PNG masks (*.png)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(".png", Qt::CaseInsensitive)) path += ".png";
  if (samePath(path, inputPath_)) {
    showError(tr("Cannot save mask"), tr("That is the input image."));
    return;
  }
  QSaveFile file(path);  // atomic: written to a temporary file, then renamed
  if (!file.open(QIODevice::WriteOnly) || !mask_->mask().save(&file, "PNG") || !file.commit()) {
    showError(tr("Cannot save mask"), file.errorString());
    return;
  }
  maskPath_ = QFileInfo(path).absoluteFilePath();
  maskDirty_ = false;
  statusBar()->showMessage(tr("Saved mask %1").arg(path), 5000);
}

bool MainWindow::saveResult(const QString& path, bool allowOverwriteInput) {
  if (!outcome_) {
    showError(tr("Nothing to save"), tr("Run a restoration first."));
    return false;
  }
  QStringList inputs{referencePath_, maskPath_, kspaceMaskPath_, outcome_->request.referencePath,
                     outcome_->request.kspaceMaskPath};
  for (const QString& input : inputFilesOf(inputPath_) + inputFilesOf(outcome_->request.inputPath))
    if (!allowOverwriteInput || !samePath(input, inputPath_)) inputs << input;
  const QString ext = QFileInfo(path).suffix().toLower();
  const bool sixteenBitFormat = ext == "png" || ext == "tif" || ext == "tiff";
  const int depth = sixteenBitFormat ? outcome_->result.bitDepth() : 8;
  try {
    if (!isSupportedResultFile(path))
      throw std::runtime_error(
          tr("unsupported format '%1' (use .png, .tif, .tiff or .dcm)").arg(ext).toStdString());
    saveResultFile(*outcome_, path, depth, inputs);
  } catch (const std::exception& e) {
    showError(tr("Cannot save the result"), QString::fromStdString(e.what()));
    return false;
  }
  if (ext == "dcm")
    statusBar()->showMessage(tr("Saved %1 (DICOM, derived series)").arg(path), 6000);
  else
    statusBar()->showMessage(tr("Saved %1 (%2-bit)").arg(path).arg(depth), 6000);
  return true;
}

void MainWindow::saveResultDialog() {
  if (!outcome_) return;
  const QString png = tr("PNG (*.png)"), tiff = tr("TIFF (*.tif *.tiff)"),
                dicom = tr("DICOM (*.dcm)");
  QString selected = opened_.isDicom ? dicom : png;
  QString path = QFileDialog::getSaveFileName(this, tr("Save Result"), lastFolder(),
                                              QStringList{png, tiff, dicom}.join(";;"), &selected);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty())
    path += selected == tiff ? ".tif" : selected == dicom ? ".dcm" : ".png";
  bool allowInput = false;
  if (samePath(path, inputPath_)) {
    const auto answer = QMessageBox::warning(
        this, tr("Overwrite the input?"),
        tr("'%1' is the image you opened. Replace it with the result?").arg(path),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes) return;
    allowInput = true;
  }
  rememberFolder(path);
  saveResult(path, allowInput);
}

QString MainWindow::restoreCommand(const QString& outputPath) const {
  const RunSettings s = panel_->settings();
  const QString outDir = QFileInfo(outputPath).absolutePath() + "/measurement";
  const bool mri = s.task == Task::Mri;
  const QString mask = mri                   ? kspaceMaskPath_
                       : maskPath_.isEmpty() ? QStringLiteral("MASK.png")
                                             : maskPath_;
  int channels = 1;
  for (const ModelEntry& m : panel_->models())
    if (m.name == s.model) channels = m.channels;
  // MRI reads k-space files and mask files directly; only a designed mask on an image is
  // simulated first.
  const bool direct = mri && (opened_.isKspace || !kspaceMaskPath_.isEmpty());
  // With several frames or slices, always name the one shown (the GUI's pixels).
  const int slice = opened_.frames > 1 ? opened_.frame : -1;
  const QStringList simulate =
      direct ? QStringList() : simulateArguments(s, inputPath_, outDir, channels, slice);
  QStringList restore;
  if (simulate.isEmpty()) {
    const bool designed = mri && kspaceMaskPath_.isEmpty() && opened_.fullySampled;
    restore = restoreArguments(s, inputPath_, mask, outputPath, designed, slice);
  } else {
    restore = restoreArguments(s, simulatedInputPath(s, outDir), simulatedMaskPath(s, outDir),
                               outputPath);
  }
  QString reference = referencePath_;
  if (reference.isEmpty() && s.simulateFromImage) reference = inputPath_;
  if (!reference.isEmpty()) restore << "--reference" << reference;
  QString command = shellCommand("ccdf", restore);
  if (!simulate.isEmpty()) command = shellCommand("ccdf", simulate) + " &&\n" + command;
  // The restore step of a simulated run reads a one-slice measurement, so it takes no --slice;
  // a multi-frame reference is then read at its middle slice.
  if (!simulate.isEmpty() && slice >= 0 && slice != opened_.frames / 2 && !reference.isEmpty())
    command =
        QStringLiteral("# note: --reference is read at its middle slice (%1), the GUI used %2\n")
            .arg(opened_.frames / 2)
            .arg(slice) +
        command;
  return command;
}

bool MainWindow::exportSettings(const QString& path) {
  if (samePath(path, inputPath_)) {
    showError(tr("Cannot export"), tr("That is the input image."));
    return false;
  }
  QJsonObject root;
  root["settings"] = panel_->settings().toJson();
  root["input"] = inputPath_;
  root["mask"] = kspaceMaskPath_.isEmpty() ? maskPath_ : kspaceMaskPath_;
  root["reference"] = referencePath_;
  root["command"] = restoreCommand(QFileInfo(path).absolutePath() + "/restored.png");
  root["application"] = QStringLiteral("CCDF Studio %1").arg(QApplication::applicationVersion());
  if (outcome_) {
    QJsonObject result;
    result["nfe"] = outcome_->nfe;
    result["seconds"] = outcome_->seconds;
    if (outcome_->quality.valid()) {
      result["psnr"] = outcome_->quality.psnr;
      result["ssim"] = outcome_->quality.ssim;
    }
    root["last_result"] = result;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
    showError(tr("Cannot export"), file.errorString());
    return false;
  }
  statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
  return true;
}

void MainWindow::exportSettingsDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("Export Run Settings"), lastFolder(),
                                              tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(".json", Qt::CaseInsensitive)) path += ".json";
  exportSettings(path);
}

void MainWindow::exportCommandDialog() {
  const RunSettings s = panel_->settings();
  if (s.task == Task::Inpainting && (maskPath_.isEmpty() || maskDirty_)) {
    QMessageBox::information(this, tr("Save the mask first"),
                             tr("The command line reads the mask from a file. Save it now."));
    saveMaskDialog();
  }
  const QString output = QFileInfo(inputPath_).absolutePath() + "/" +
                         QFileInfo(inputPath_).completeBaseName() + "_restored.png";
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Equivalent command line"));
  auto* layout = new QVBoxLayout(&dialog);
  auto* text = new QPlainTextEdit(restoreCommand(output), &dialog);
  text->setReadOnly(true);
  text->setMinimumSize(640, 160);
  layout->addWidget(text);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
  QPushButton* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
  connect(copy, &QPushButton::clicked, &dialog,
          [text] { QApplication::clipboard()->setText(text->toPlainText()); });
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  layout->addWidget(buttons);
  dialog.exec();
}

}  // namespace ccdf::gui
