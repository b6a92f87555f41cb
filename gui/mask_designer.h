#pragma once
// The k-space mask designer: a pattern (1D uniform / Gaussian / equispaced with an ACS band, 2D
// Poisson disc or variable density), its acceleration, ACS width and seed; shows the mask and
// its real acceleration, and the input's k-space (log-magnitude, centred) with the mask over it.
// Masks load and save as PNG (white = sampled, DC at [0, 0] as `ccdf simulate` writes them).
#include <QDialog>
#include <QImage>
#include <QStringList>

#include "run_settings.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace ccdf::gui {

// The five k-space mask patterns, keyed by their CLI names (`--pattern`).
void addMaskPatternItems(QComboBox* combo);

struct MaskDesignerInput {
  QSize size;              // k-space width x height
  QImage kspace;           // the input's k-space (kspaceLogMagnitude), or null
  RunSettings settings;    // the design to start from
  QString maskPath;        // the mask file in use, if any
  QImage fixedMask;        // the mask the data impose (prospective k-space), else null
  QStringList inputPaths;  // never saved over
};

class MaskDesigner : public QDialog {
  Q_OBJECT

 public:
  enum class Origin { Design, File, Data };

  explicit MaskDesigner(const MaskDesignerInput& input, QWidget* parent = nullptr);

  Origin origin() const { return origin_; }
  RunSettings settings() const;          // the starting settings with this design
  QString maskPath() const;              // the loaded file (Origin::File), else empty
  QImage mask() const { return mask_; }  // white = sampled, DC at [0, 0]
  double realAcceleration() const { return realAcceleration_; }
  QImage overlayImage() const;  // the k-space with the mask over it, at the k-space size

  bool loadMask(const QString& path);  // false, with the reason shown, on a bad file
  bool saveMask(const QString& path);  // atomic

 private:
  QWidget* buildControls();
  void design();
  void display(const QImage& mask, const QImage& centred, double acceleration,
               const QString& error);
  void loadDialog();
  void saveDialog();

  MaskDesignerInput input_;
  Origin origin_ = Origin::Design;
  QString maskPath_;
  QImage mask_, centred_;
  double realAcceleration_ = 0.0;

  QComboBox* pattern_ = nullptr;
  QDoubleSpinBox* acceleration_ = nullptr;
  QSpinBox* acs_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QLabel* real_ = nullptr;
  QLabel* message_ = nullptr;
  QLabel* maskView_ = nullptr;
  QLabel* kspaceView_ = nullptr;
  QPushButton* ok_ = nullptr;
};

}  // namespace ccdf::gui
