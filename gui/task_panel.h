#pragma once
// The right-hand panel: task and its parameters, mask tools, model, sampler, initialiser, t0,
// steps, seed, data consistency, and the NFE / time the run will cost. It only edits a
// RunSettings value; controls that do not apply are hidden or disabled with a reason.
#include <QImage>
#include <QList>
#include <QWidget>

#include "mask_layer.h"
#include "model_catalog.h"
#include "run_settings.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedWidget;

namespace ccdf::gui {

class TaskPanel : public QWidget {
  Q_OBJECT

 public:
  explicit TaskPanel(QWidget* parent = nullptr);

  RunSettings settings() const;
  void setSettings(const RunSettings& settings);
  void setModels(const QList<ModelEntry>& models, const QString& selected);
  const QList<ModelEntry>& models() const { return models_; }
  void setImageSize(const QSize& size);  // for the MRI mask preview
  // MRI from a measured k-space file: other tasks do not apply, nothing is simulated.
  void setKspaceFromFile(bool fromFile);
  bool kspaceFromFile() const { return kspaceFromFile_; }
  // The MRI mask is fixed (a mask file, or the one undersampled data impose): the pattern
  // controls are disabled and this mask (centred) is shown. A null image goes back to the design.
  void setFixedMask(const QImage& centredMask, double realAcceleration = 0.0,
                    const QString& origin = QString());
  bool maskFixed() const { return !fixedMask_.isNull(); }
  void setSecondsPerNfe(double seconds);  // measured cost, for the time estimate
  void setRunning(bool running);
  MaskTool maskTool() const;

 Q_SIGNALS:
  void settingsChanged();
  void runRequested();
  void maskToolChanged(ccdf::gui::MaskTool tool);
  void brushRadiusChanged(double radius);
  void brushHardnessChanged(double hardness);
  void invertMaskRequested();
  void clearMaskRequested();
  void loadMaskRequested();
  void saveMaskRequested();
  void openModelFolderRequested();
  void designMaskRequested();

 private:
  QWidget* buildTaskGroup();
  QWidget* buildModelGroup();
  QWidget* buildCcdfGroup();
  QWidget* buildMaskTools();
  QWidget* buildMriControls();
  void connectChanges();
  void onChanged();
  void updateVisibility();
  void updateCostAndProblems();
  void updateMriPreview();
  const ModelEntry* currentModel() const;

  QList<ModelEntry> models_;
  QSize imageSize_;
  double secondsPerNfe_ = 0.0;
  bool kspaceFromFile_ = false;
  QImage fixedMask_;
  double fixedAcceleration_ = 0.0;
  QString fixedOrigin_;
  bool updating_ = false;

  QComboBox* task_ = nullptr;
  QStackedWidget* taskPages_ = nullptr;
  QSpinBox* scale_ = nullptr;
  QCheckBox* simulate_ = nullptr;
  QButtonGroup* tools_ = nullptr;
  QSlider* brushSize_ = nullptr;
  QSlider* brushHardness_ = nullptr;
  QComboBox* pattern_ = nullptr;
  QDoubleSpinBox* acceleration_ = nullptr;
  QSpinBox* acs_ = nullptr;
  QSpinBox* maskSeed_ = nullptr;
  QLabel* realAcceleration_ = nullptr;
  QLabel* maskPreview_ = nullptr;
  QComboBox* model_ = nullptr;
  QLabel* modelDescription_ = nullptr;
  QComboBox* sampler_ = nullptr;
  QComboBox* variance_ = nullptr;
  QDoubleSpinBox* eta_ = nullptr;
  QSpinBox* correctors_ = nullptr;
  QDoubleSpinBox* snr_ = nullptr;
  QWidget* ddpmRow_ = nullptr;
  QWidget* ddimRow_ = nullptr;
  QWidget* vepcRow_ = nullptr;
  QComboBox* initialiser_ = nullptr;
  QSlider* t0Slider_ = nullptr;
  QDoubleSpinBox* t0Spin_ = nullptr;
  QCheckBox* autoT0_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QDoubleSpinBox* lambda_ = nullptr;
  QComboBox* dcNoise_ = nullptr;
  QLabel* cost_ = nullptr;
  QLabel* problem_ = nullptr;
  QPushButton* run_ = nullptr;
};

}  // namespace ccdf::gui
