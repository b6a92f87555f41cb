#pragma once
// The central image view: zoom (wheel, fit, 1:1), pan, pixel read-out, window/level for grey
// images (right-drag), the translucent inpainting-mask overlay with its painting tools, and a
// before/after split view.
#include <QGraphicsView>
#include <QImage>
#include <QPointer>

#include "mask_layer.h"

class QGraphicsPixmapItem;
class QGraphicsRectItem;
class QGraphicsEllipseItem;

namespace ccdf::gui {

class ImageCanvas : public QGraphicsView {
  Q_OBJECT

 public:
  explicit ImageCanvas(QWidget* parent = nullptr);

  void setImage(const QImage& image, bool fit);
  const QImage& image() const { return source_; }
  void setMaskLayer(MaskLayer* layer);
  void setMaskEditing(bool enabled);  // tools paint only while editing is on (inpainting)
  bool maskEditing() const { return maskEditing_; }
  void setTool(MaskTool tool);
  MaskTool tool() const { return tool_; }
  void setOverlayVisible(bool visible);

  // Before/after: `before` is drawn over the left `split` fraction of the image (scaled to it).
  void setCompareImage(const QImage& before);
  void setSplit(double fraction);
  double zoom() const;

  // Window/level (grey images): width <= 0 shows the full range.
  void setWindowLevel(double center, double width);
  void resetWindowLevel() { setWindowLevel(127.5, 0.0); }

 public Q_SLOTS:
  void zoomIn();
  void zoomOut();
  void fitToWindow();
  void actualSize();

 Q_SIGNALS:
  void pixelHovered(const QString& readout);  // empty when outside the image
  void zoomChanged(double zoom);
  void fileDropped(const QString& path);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragMoveEvent(QDragMoveEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void scaleBy(double factor);
  void refreshOverlay();
  void refreshDisplay();
  void updateBrushCursor(const QPointF& scenePos);
  void updateReadout(const QPointF& scenePos);
  bool paintsMask() const { return maskEditing_ && layer_ && tool_ != MaskTool::Pan; }

  QImage source_;
  QImage compare_;
  QGraphicsPixmapItem* imageItem_;
  QGraphicsRectItem* compareClip_;
  QGraphicsPixmapItem* compareItem_;
  QGraphicsPixmapItem* overlayItem_;
  QGraphicsRectItem* rubberBand_;
  QGraphicsEllipseItem* brushCursor_;
  QPointer<MaskLayer> layer_;
  MaskTool tool_ = MaskTool::Pan;
  bool maskEditing_ = false;
  bool fitMode_ = true;
  double split_ = 0.5;
  double windowCenter_ = 127.5, windowWidth_ = 0.0;
  // Interaction state.
  bool panning_ = false, levelling_ = false, rectangling_ = false;
  QPoint lastMouse_;
  QPointF rectStart_;
};

}  // namespace ccdf::gui
