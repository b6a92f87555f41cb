#pragma once
// The inpainting mask being edited: an 8-bit image the size of the input, 255 = known pixel,
// 0 = hole to fill (the core keeps pixels >= 128). Brush strokes paint holes, the eraser paints
// known pixels back; every edit is one QUndoStack command that restores the pixels exactly.
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QRect>
#include <QUndoStack>

namespace ccdf::gui {

enum class MaskTool { Pan, Brush, Eraser, Rectangle };

class MaskLayer : public QObject {
  Q_OBJECT

 public:
  explicit MaskLayer(QObject* parent = nullptr);

  const QImage& mask() const { return mask_; }
  // The translucent red overlay of the holes, for display.
  QImage overlay() const;
  QUndoStack* undoStack() { return &undo_; }
  bool isEmpty() const { return mask_.isNull(); }
  bool hasHoles() const;

  // Starts afresh (no undo history): an all-known mask of `size`.
  void reset(const QSize& size);
  // Replaces the mask (undoable); false when the size differs.
  bool replace(const QImage& mask, const QString& actionName);

  void setBrushRadius(double radius) { brushRadius_ = qMax(0.5, radius); }
  void setBrushHardness(double hardness) { brushHardness_ = qBound(0.0, hardness, 1.0); }
  double brushRadius() const { return brushRadius_; }
  double brushHardness() const { return brushHardness_; }

  // A stroke: begin, extend along points, end (one undo command). `erase` paints known pixels.
  void beginStroke(const QPointF& point, bool erase);
  void extendStroke(const QPointF& point);
  void endStroke();
  bool strokeActive() const { return strokeActive_; }

  void fillRectangle(const QRect& rect, bool erase);  // one undo command
  void invert();
  void clear();  // every pixel known

  // Writes pixels without recording (used by the undo commands).
  void restorePixels(const QPoint& topLeft, const QImage& pixels);

 Q_SIGNALS:
  void changed(const QRect& region);

 private:
  void stamp(const QPointF& center);
  void pushEdit(const QRect& region, const QImage& before, const QString& name);

  QImage mask_;
  QUndoStack undo_;
  double brushRadius_ = 12.0;
  double brushHardness_ = 0.8;
  bool strokeActive_ = false;
  bool strokeErases_ = false;
  QPointF lastPoint_;
  QRect strokeRegion_;
  QImage beforeStroke_;
};

}  // namespace ccdf::gui
