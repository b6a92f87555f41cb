#pragma once
// The main window: wiring only. The canvas in the centre, the task panel on the right, the
// trajectory strip, run history and log as docks, progress in the status bar. The work happens
// in ImageCanvas, MaskLayer, TaskPanel, RunController and the core.
#include <QMainWindow>
#include <functional>
#include <optional>

#include "image_data.h"
#include "input_file.h"
#include "run_types.h"

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QSlider;
class QSpinBox;
class QToolButton;

namespace ccdf::gui {

class Autosave;
struct AutosaveState;
class ImageCanvas;
class LogDock;
class MaskDesigner;
struct MaskDesignerInput;
class MaskLayer;
class RunController;
class RunHistory;
class TaskPanel;
class TrajectoryStrip;

enum class ViewMode { Input, State, Estimate, Result };

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens an image (PNG / JPEG / TIFF / BMP), a DICOM file or folder of slices, or measured
  // k-space (fastMRI / ISMRMRD .h5, BART .cfl/.hdr, .npy); false with a message on failure.
  bool openImage(const QString& path);
  // Shows another frame or slice (0-based) of the opened multi-frame input, read in the
  // background; the mask and settings stay when the size is the same.
  void selectFrame(int frame);
  bool loadMaskFile(const QString& path);  // the inpainting mask
  // The MRI sampling mask from a file (PNG, white = sampled) instead of the design or the
  // data's own mask; an empty path goes back to those.
  bool setMriMaskFile(const QString& path);
  // The mask designer: a design goes into the task panel, a loaded file becomes the MRI mask.
  void openMaskDesigner();
  void applyMaskDesign(const MaskDesigner& designer);
  bool setReference(const QString& path);
  // Saves the shown result; refuses the input path unless `allowOverwriteInput`.
  bool saveResult(const QString& path, bool allowOverwriteInput = false);
  bool exportSettings(const QString& path);
  void selectModel(const QString& name);
  void startRun();  // asks to cancel a running job first
  void cancelRun();

  // Crash-safe autosave (gui/autosave.h) in `directory` (default: AppDataLocation/autosave):
  // marks this session as running, offers to restore what a session that did not exit cleanly
  // left there, then saves the input, mask, settings and run history at most a second after
  // each change. Closing the window is the clean exit that removes it. True when restored.
  bool startAutosave(const QString& directory = QString());
  // Answers the restore offer (true: restore); by default a Restore / Discard question.
  void setRestoreDecision(std::function<bool(const AutosaveState&)> decide);
  Autosave* autosave() const { return autosave_; }

  // For tests and the screenshot script.
  TaskPanel* taskPanel() const { return panel_; }
  ImageCanvas* canvas() const { return canvas_; }
  MaskLayer* maskLayer() const { return mask_; }
  RunController* controller() const { return controller_; }
  const std::optional<RunOutcome>& shownOutcome() const { return outcome_; }
  QString inputPath() const { return inputPath_; }
  const OpenedInput& openedInput() const { return opened_; }
  QString mriMaskPath() const { return kspaceMaskPath_; }
  MaskDesignerInput maskDesignerInput() const;
  RunRequest currentRequest() const;
  QString restoreCommand(const QString& outputPath) const;

 Q_SIGNALS:
  void runCompleted(const ccdf::gui::RunOutcome& outcome);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildActions();
  void buildMenus();
  void buildDocks();
  void buildStatusBar();
  void connectParts();
  void restoreSettings();
  void saveSettings() const;

  // Files.
  void openImageDialog();
  void openDicomFolderDialog();
  void openReferenceDialog();
  void saveResultDialog();
  void exportSettingsDialog();
  void exportCommandDialog();
  void loadMaskDialog();
  void saveMaskDialog();
  void addRecentFile(const QString& path);
  void rebuildRecentMenu();

  // Runs.
  void onRunStarted(quint64 runId);
  void onFrame(const StreamFrame& frame);
  void onRunFinished(const RunOutcome& outcome);
  void showOutcome(const RunOutcome& outcome);
  void setViewMode(ViewMode mode);
  void refreshCanvas(bool fit = false);
  void refreshCompare();
  void updateRunActions();
  void showError(const QString& title, const QString& message);
  void openSweep();
  void showAbout();
  void refreshModels();

  ImageCanvas* canvas_ = nullptr;
  MaskLayer* mask_ = nullptr;
  TaskPanel* panel_ = nullptr;
  RunController* controller_ = nullptr;
  TrajectoryStrip* strip_ = nullptr;
  RunHistory* history_ = nullptr;
  LogDock* log_ = nullptr;
  QWidget* compareBar_ = nullptr;
  QSlider* compareSlider_ = nullptr;
  QComboBox* compareSource_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* progressText_ = nullptr;
  QLabel* readout_ = nullptr;
  QLabel* zoomLabel_ = nullptr;
  QWidget* sliceBar_ = nullptr;  // "Slice: [n] of N", only for inputs with several
  QSpinBox* sliceSpin_ = nullptr;
  QLabel* sliceCount_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;

  QAction* openAction_ = nullptr;
  QAction* openDicomFolderAction_ = nullptr;
  QAction* openReferenceAction_ = nullptr;
  QAction* saveAction_ = nullptr;
  QAction* exportJsonAction_ = nullptr;
  QAction* exportCommandAction_ = nullptr;
  QAction* loadMaskAction_ = nullptr;
  QAction* saveMaskAction_ = nullptr;
  QAction* quitAction_ = nullptr;
  QAction* undoAction_ = nullptr;
  QAction* redoAction_ = nullptr;
  QAction* invertMaskAction_ = nullptr;
  QAction* clearMaskAction_ = nullptr;
  QAction* designMaskAction_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* cancelAction_ = nullptr;
  QAction* sweepAction_ = nullptr;
  QAction* zoomInAction_ = nullptr;
  QAction* zoomOutAction_ = nullptr;
  QAction* fitAction_ = nullptr;
  QAction* actualSizeAction_ = nullptr;
  QAction* compareAction_ = nullptr;
  QAction* toggleStreamAction_ = nullptr;
  QAction* resetLevelsAction_ = nullptr;
  QActionGroup* viewGroup_ = nullptr;
  QAction* viewActions_[4] = {};
  QActionGroup* toolGroup_ = nullptr;
  QAction* aboutAction_ = nullptr;

  // `otherFrame`: another frame of the same input, keeping the mask when the size is the same.
  void applyOpened(const OpenedInput& input, bool otherFrame = false);
  void openInBackground(const QString& path, int frame = -1, bool otherFrame = false);
  void showFixedMask();
  void updateSliceControl();
  AutosaveState autosaveState() const;
  void restoreAutosave(const AutosaveState& state);

  QString inputPath_;
  OpenedInput opened_;
  QString kspaceMaskPath_;  // MRI: a mask file (beside the k-space, or chosen in the designer)
  QImage inputImage_;
  QString referencePath_;
  QString maskPath_;
  bool maskDirty_ = false;
  QStringList recentFiles_;
  ViewMode viewMode_ = ViewMode::Input;
  std::optional<StreamFrame> lastFrame_;
  std::optional<RunOutcome> outcome_;
  std::optional<RunRequest> pendingRequest_;  // starts when the cancelled run has stopped
  double secondsPerNfe_ = 0.0;
  quint64 openGeneration_ = 0;  // only the newest background open is applied
  Autosave* autosave_ = nullptr;
  std::function<bool(const AutosaveState&)> restoreDecision_;
};

}  // namespace ccdf::gui
