#include "image_canvas.h"

#include <QGraphicsEllipseItem>
#include <QGraphicsPixmapItem>
#include <QGraphicsRectItem>
#include <QMimeData>
#include <QMouseEvent>
#include <QScrollBar>
#include <QUrl>
#include <QWheelEvent>
#include <cmath>

namespace ccdf::gui {

namespace {
constexpr double kMinZoom = 0.02, kMaxZoom = 64.0;
}

ImageCanvas::ImageCanvas(QWidget* parent) : QGraphicsView(parent) {
  setScene(new QGraphicsScene(this));
  setAcceptDrops(true);
  setMouseTracking(true);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  setBackgroundBrush(palette().color(QPalette::Window).darker(115));
  setFrameShape(QFrame::NoFrame);
  imageItem_ = scene()->addPixmap(QPixmap());
  imageItem_->setTransformationMode(Qt::FastTransformation);
  compareClip_ = scene()->addRect(QRectF(), Qt::NoPen, Qt::NoBrush);
  compareClip_->setFlag(QGraphicsItem::ItemClipsChildrenToShape);
  compareItem_ = new QGraphicsPixmapItem(compareClip_);
  compareClip_->setVisible(false);
  overlayItem_ = scene()->addPixmap(QPixmap());
  rubberBand_ =
      scene()->addRect(QRectF(), QPen(Qt::yellow, 0, Qt::DashLine), QColor(255, 40, 40, 70));
  rubberBand_->setVisible(false);
  brushCursor_ = scene()->addEllipse(QRectF(), QPen(Qt::white, 0), Qt::NoBrush);
  brushCursor_->setVisible(false);
}

void ImageCanvas::setImage(const QImage& image, bool fit) {
  const bool sizeChanged = image.size() != source_.size();
  source_ = image;
  refreshDisplay();
  scene()->setSceneRect(QRectF(QPointF(0, 0), QSizeF(image.size())));
  if (!compare_.isNull()) setCompareImage(compare_);
  if (fit || (sizeChanged && fitMode_)) fitToWindow();
}

void ImageCanvas::refreshDisplay() {
  QImage shown = source_;
  if (windowWidth_ > 0 && source_.format() == QImage::Format_Grayscale8) {
    uchar lut[256];
    const double low = windowCenter_ - windowWidth_ / 2;
    for (int v = 0; v < 256; ++v)
      lut[v] = uchar(qBound(0.0, (v - low) / windowWidth_ * 255.0, 255.0));
    shown = source_.copy();
    for (int y = 0; y < shown.height(); ++y) {
      uchar* row = shown.scanLine(y);
      for (int x = 0; x < shown.width(); ++x) row[x] = lut[row[x]];
    }
  }
  imageItem_->setPixmap(QPixmap::fromImage(shown));
}

void ImageCanvas::setWindowLevel(double center, double width) {
  windowCenter_ = center;
  windowWidth_ = width;
  refreshDisplay();
}

void ImageCanvas::setMaskLayer(MaskLayer* layer) {
  if (layer_) disconnect(layer_, nullptr, this, nullptr);
  layer_ = layer;
  if (layer_) connect(layer_, &MaskLayer::changed, this, [this] { refreshOverlay(); });
  refreshOverlay();
}

void ImageCanvas::setMaskEditing(bool enabled) {
  maskEditing_ = enabled;
  overlayItem_->setVisible(enabled);
  if (!enabled) brushCursor_->setVisible(false);
  refreshOverlay();
}

void ImageCanvas::setTool(MaskTool tool) {
  tool_ = tool;
  brushCursor_->setVisible(false);
  setCursor(tool == MaskTool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void ImageCanvas::setOverlayVisible(bool visible) { overlayItem_->setVisible(visible); }

void ImageCanvas::refreshOverlay() {
  if (!layer_ || layer_->isEmpty() || !maskEditing_) {
    overlayItem_->setPixmap(QPixmap());
    return;
  }
  overlayItem_->setPixmap(QPixmap::fromImage(layer_->overlay()));
  // The mask lives on the input grid; stretch it over the shown image if that differs.
  const QSizeF maskSize = layer_->mask().size();
  const QSizeF shown = source_.size();
  overlayItem_->setTransform(
      QTransform::fromScale(maskSize.width() > 0 ? shown.width() / maskSize.width() : 1.0,
                            maskSize.height() > 0 ? shown.height() / maskSize.height() : 1.0));
}

void ImageCanvas::setCompareImage(const QImage& before) {
  compare_ = before;
  if (before.isNull()) {
    compareClip_->setVisible(false);
    return;
  }
  compareItem_->setPixmap(QPixmap::fromImage(before));
  compareItem_->setTransformationMode(Qt::FastTransformation);
  compareItem_->setTransform(QTransform::fromScale(double(source_.width()) / before.width(),
                                                   double(source_.height()) / before.height()));
  compareClip_->setVisible(true);
  setSplit(split_);
}

void ImageCanvas::setSplit(double fraction) {
  split_ = qBound(0.0, fraction, 1.0);
  compareClip_->setRect(0, 0, source_.width() * split_, source_.height());
}

double ImageCanvas::zoom() const { return transform().m11(); }

void ImageCanvas::scaleBy(double factor) {
  const double target = qBound(kMinZoom, zoom() * factor, kMaxZoom);
  if (zoom() <= 0) return;
  fitMode_ = false;
  scale(target / zoom(), target / zoom());
  Q_EMIT zoomChanged(zoom());
}

void ImageCanvas::zoomIn() { scaleBy(1.25); }
void ImageCanvas::zoomOut() { scaleBy(0.8); }

void ImageCanvas::fitToWindow() {
  if (source_.isNull()) return;
  fitInView(imageItem_, Qt::KeepAspectRatio);
  fitMode_ = true;
  Q_EMIT zoomChanged(zoom());
}

void ImageCanvas::actualSize() {
  resetTransform();
  fitMode_ = false;
  Q_EMIT zoomChanged(1.0);
}

void ImageCanvas::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  if (fitMode_) fitToWindow();
}

void ImageCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) scaleBy(std::pow(1.25, steps));
  event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
  lastMouse_ = event->pos();
  const QPointF p = mapToScene(event->pos());
  if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && !paintsMask())) {
    panning_ = true;
    setCursor(Qt::ClosedHandCursor);
    event->accept();
    return;
  }
  if (event->button() == Qt::RightButton && source_.format() == QImage::Format_Grayscale8) {
    levelling_ = true;
    if (windowWidth_ <= 0) windowWidth_ = 255.0;
    event->accept();
    return;
  }
  if (event->button() == Qt::LeftButton && paintsMask()) {
    const bool erase = tool_ == MaskTool::Eraser || (event->modifiers() & Qt::ShiftModifier);
    if (tool_ == MaskTool::Rectangle) {
      rectangling_ = true;
      rectStart_ = p;
      rubberBand_->setRect(QRectF(p, p));
      rubberBand_->setVisible(true);
    } else {
      layer_->beginStroke(p, erase);
    }
    event->accept();
    return;
  }
  QGraphicsView::mousePressEvent(event);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPointF p = mapToScene(event->pos());
  const QPoint delta = event->pos() - lastMouse_;
  lastMouse_ = event->pos();
  if (panning_) {
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
  } else if (levelling_) {
    setWindowLevel(qBound(0.0, windowCenter_ - delta.y(), 255.0),
                   qBound(1.0, windowWidth_ + delta.x(), 512.0));
  } else if (rectangling_) {
    rubberBand_->setRect(QRectF(rectStart_, p).normalized());
  } else if (layer_ && layer_->strokeActive()) {
    layer_->extendStroke(p);
  }
  updateBrushCursor(p);
  updateReadout(p);
  QGraphicsView::mouseMoveEvent(event);
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
  const QPointF p = mapToScene(event->pos());
  if (panning_) {
    panning_ = false;
    setCursor(paintsMask() ? Qt::CrossCursor : Qt::OpenHandCursor);
  } else if (levelling_) {
    levelling_ = false;
  } else if (rectangling_) {
    rectangling_ = false;
    rubberBand_->setVisible(false);
    const bool erase = event->modifiers() & Qt::ShiftModifier;
    const QRectF r = QRectF(rectStart_, p).normalized();
    layer_->fillRectangle(
        QRect(QPoint(int(std::floor(r.left())), int(std::floor(r.top()))),
              QPoint(int(std::ceil(r.right())) - 1, int(std::ceil(r.bottom())) - 1)),
        erase);
  } else if (layer_ && layer_->strokeActive()) {
    layer_->extendStroke(p);
    layer_->endStroke();
  }
  QGraphicsView::mouseReleaseEvent(event);
}

void ImageCanvas::leaveEvent(QEvent* event) {
  brushCursor_->setVisible(false);
  Q_EMIT pixelHovered(QString());
  QGraphicsView::leaveEvent(event);
}

void ImageCanvas::updateBrushCursor(const QPointF& p) {
  const bool show = paintsMask() && tool_ != MaskTool::Rectangle;
  brushCursor_->setVisible(show);
  if (!show) return;
  const double r = layer_->brushRadius();
  brushCursor_->setRect(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r));
}

void ImageCanvas::updateReadout(const QPointF& p) {
  const QPoint pixel(int(std::floor(p.x())), int(std::floor(p.y())));
  if (source_.isNull() || !source_.rect().contains(pixel)) {
    Q_EMIT pixelHovered(QString());
    return;
  }
  const QColor c = source_.pixelColor(pixel);
  QString value = source_.isGrayscale()
                      ? QString::number(c.red())
                      : QStringLiteral("%1, %2, %3").arg(c.red()).arg(c.green()).arg(c.blue());
  QString text = tr("x %1  y %2  value %3").arg(pixel.x()).arg(pixel.y()).arg(value);
  if (layer_ && maskEditing_ && layer_->mask().rect().contains(pixel))
    text += layer_->mask().pixelColor(pixel).red() >= 128 ? tr("  (known)") : tr("  (to fill)");
  Q_EMIT pixelHovered(text);
}

void ImageCanvas::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void ImageCanvas::dragMoveEvent(QDragMoveEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void ImageCanvas::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile()) {
      Q_EMIT fileDropped(url.toLocalFile());
      event->acceptProposedAction();
      return;
    }
  }
}

}  // namespace ccdf::gui
