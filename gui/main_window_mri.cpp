// MainWindow: the MRI sampling mask (a file, the design, or the data's own) and the designer.
#include <QFileInfo>
#include <QStatusBar>

#include "core_info.h"
#include "main_window.h"
#include "mask_designer.h"
#include "task_panel.h"

namespace ccdf::gui {

void MainWindow::showFixedMask() {
  if (!kspaceMaskPath_.isEmpty()) {
    const KspaceMaskPreview p =
        previewKspaceMaskFile(kspaceMaskPath_, inputImage_.width(), inputImage_.height());
    panel_->setFixedMask(p.centred, p.realAcceleration, tr("mask file"));
  } else if (opened_.isKspace && !opened_.fullySampled) {
    panel_->setFixedMask(opened_.maskCentred, opened_.realAcceleration, tr("the data's mask"));
  } else {
    panel_->setFixedMask(QImage());
  }
}

bool MainWindow::setMriMaskFile(const QString& path) {
  if (!path.isEmpty()) {
    const KspaceMaskPreview p =
        previewKspaceMaskFile(path, inputImage_.width(), inputImage_.height());
    if (!p.error.isEmpty()) {
      showError(tr("Cannot use the mask"), p.error);
      return false;
    }
  }
  kspaceMaskPath_ = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
  showFixedMask();
  return true;
}

MaskDesignerInput MainWindow::maskDesignerInput() const {
  MaskDesignerInput in;
  in.size = inputImage_.size();
  in.kspace = kspaceLogMagnitude(opened_);
  in.settings = panel_->settings();
  in.maskPath = kspaceMaskPath_;
  if (opened_.isKspace && !opened_.fullySampled) in.fixedMask = opened_.mask;
  in.inputPaths = inputFilesOf(inputPath_) << referencePath_;
  return in;
}

void MainWindow::openMaskDesigner() {
  if (inputPath_.isEmpty()) {
    showError(tr("Nothing to design for"), tr("Open an image or k-space first."));
    return;
  }
  MaskDesigner designer(maskDesignerInput(), this);
  if (designer.exec() == QDialog::Accepted) applyMaskDesign(designer);
}

void MainWindow::applyMaskDesign(const MaskDesigner& designer) {
  RunSettings s = panel_->settings();
  s.task = Task::Mri;
  switch (designer.origin()) {
    case MaskDesigner::Origin::File:
      setMriMaskFile(designer.maskPath());
      break;
    case MaskDesigner::Origin::Design: {
      const RunSettings d = designer.settings();
      s.maskPattern = d.maskPattern;
      s.acceleration = d.acceleration;
      s.acsLines = d.acsLines;
      s.maskSeed = d.maskSeed;
      setMriMaskFile(QString());
      break;
    }
    case MaskDesigner::Origin::Data:
      setMriMaskFile(QString());
      break;
  }
  panel_->setSettings(s);
  statusBar()->showMessage(
      tr("MRI mask: real acceleration %1×").arg(designer.realAcceleration(), 0, 'f', 2), 6000);
}

}  // namespace ccdf::gui
