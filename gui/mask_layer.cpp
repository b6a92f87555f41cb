#include "mask_layer.h"

#include <QPainter>
#include <QRadialGradient>
#include <QUndoCommand>
#include <cmath>

namespace ccdf::gui {

namespace {

// Restores a rectangle of the mask to its pixels before or after an edit.
class MaskEditCommand : public QUndoCommand {
 public:
  MaskEditCommand(MaskLayer* layer, const QRect& region, QImage before, QImage after,
                  const QString& text)
      : QUndoCommand(text),
        layer_(layer),
        region_(region),
        before_(std::move(before)),
        after_(std::move(after)) {}
  void undo() override { layer_->restorePixels(region_.topLeft(), before_); }
  void redo() override {
    if (firstRedo_) {  // the edit is already on the mask
      firstRedo_ = false;
      return;
    }
    layer_->restorePixels(region_.topLeft(), after_);
  }

 private:
  MaskLayer* layer_;
  QRect region_;
  QImage before_, after_;
  bool firstRedo_ = true;
};

}  // namespace

MaskLayer::MaskLayer(QObject* parent) : QObject(parent) { undo_.setUndoLimit(100); }

void MaskLayer::reset(const QSize& size) {
  undo_.clear();
  mask_ = QImage(size, QImage::Format_Grayscale8);
  mask_.fill(255);
  Q_EMIT changed(mask_.rect());
}

bool MaskLayer::hasHoles() const {
  for (int y = 0; y < mask_.height(); ++y) {
    const uchar* row = mask_.constScanLine(y);
    for (int x = 0; x < mask_.width(); ++x)
      if (row[x] < 128) return true;
  }
  return false;
}

QImage MaskLayer::overlay() const {
  QImage out(mask_.size(), QImage::Format_ARGB32_Premultiplied);
  const int maxAlpha = 140;
  for (int y = 0; y < mask_.height(); ++y) {
    const uchar* src = mask_.constScanLine(y);
    auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < mask_.width(); ++x) {
      const int alpha = (255 - src[x]) * maxAlpha / 255;
      dst[x] = qRgba(alpha, alpha / 6, alpha / 6, alpha);  // premultiplied red
    }
  }
  return out;
}

bool MaskLayer::replace(const QImage& mask, const QString& actionName) {
  if (mask.size() != mask_.size()) return false;
  const QImage before = mask_;
  mask_ = mask.convertToFormat(QImage::Format_Grayscale8);
  pushEdit(mask_.rect(), before, actionName);
  Q_EMIT changed(mask_.rect());
  return true;
}

void MaskLayer::beginStroke(const QPointF& point, bool erase) {
  if (mask_.isNull()) return;
  strokeActive_ = true;
  strokeErases_ = erase;
  beforeStroke_ = mask_;
  strokeRegion_ = QRect();
  lastPoint_ = point;
  stamp(point);
}

void MaskLayer::extendStroke(const QPointF& point) {
  if (!strokeActive_) return;
  // Stamps spaced at a quarter of the radius give a continuous line.
  const QPointF delta = point - lastPoint_;
  const double length = std::hypot(delta.x(), delta.y());
  const double spacing = qMax(0.5, brushRadius_ / 4.0);
  const int count = int(length / spacing);
  for (int i = 1; i <= count; ++i) stamp(lastPoint_ + delta * (i * spacing / length));
  if (count > 0) lastPoint_ += delta * (count * spacing / length);
}

void MaskLayer::endStroke() {
  if (!strokeActive_) return;
  strokeActive_ = false;
  const QRect region = strokeRegion_.intersected(mask_.rect());
  if (!region.isEmpty())
    pushEdit(region, beforeStroke_.copy(region), strokeErases_ ? tr("Erase") : tr("Brush stroke"));
  beforeStroke_ = QImage();
}

void MaskLayer::stamp(const QPointF& center) {
  const double r = brushRadius_;
  const int value = strokeErases_ ? 255 : 0;
  const QRect box = QRectF(center.x() - r, center.y() - r, 2 * r, 2 * r)
                        .toAlignedRect()
                        .adjusted(-1, -1, 1, 1)
                        .intersected(mask_.rect());
  if (box.isEmpty()) return;
  const double hardRadius = r * brushHardness_;
  for (int y = box.top(); y <= box.bottom(); ++y) {
    uchar* row = mask_.scanLine(y);
    for (int x = box.left(); x <= box.right(); ++x) {
      const double d = std::hypot(x + 0.5 - center.x(), y + 0.5 - center.y());
      if (d >= r) continue;
      // Full strength inside the hard core, linear fall-off to the rim.
      const double a = d <= hardRadius ? 1.0 : (r - d) / qMax(1e-6, r - hardRadius);
      const double blended = row[x] + (value - row[x]) * a;
      row[x] = uchar(qBound(0, int(std::lround(blended)), 255));
    }
  }
  strokeRegion_ = strokeRegion_.united(box);
  Q_EMIT changed(box);
}

void MaskLayer::fillRectangle(const QRect& rect, bool erase) {
  const QRect region = rect.normalized().intersected(mask_.rect());
  if (region.isEmpty()) return;
  const QImage before = mask_.copy(region);
  for (int y = region.top(); y <= region.bottom(); ++y)
    memset(mask_.scanLine(y) + region.left(), erase ? 255 : 0, size_t(region.width()));
  pushEdit(region, before, tr("Rectangle"));
  Q_EMIT changed(region);
}

void MaskLayer::invert() {
  if (mask_.isNull()) return;
  const QImage before = mask_;
  mask_.invertPixels();
  pushEdit(mask_.rect(), before, tr("Invert mask"));
  Q_EMIT changed(mask_.rect());
}

void MaskLayer::clear() {
  if (mask_.isNull()) return;
  const QImage before = mask_;
  mask_.fill(255);
  pushEdit(mask_.rect(), before, tr("Clear mask"));
  Q_EMIT changed(mask_.rect());
}

void MaskLayer::restorePixels(const QPoint& topLeft, const QImage& pixels) {
  for (int y = 0; y < pixels.height(); ++y)
    memcpy(mask_.scanLine(topLeft.y() + y) + topLeft.x(), pixels.constScanLine(y),
           size_t(pixels.width()));
  const QRect region(topLeft, pixels.size());
  Q_EMIT changed(region);
}

void MaskLayer::pushEdit(const QRect& region, const QImage& before, const QString& name) {
  undo_.push(new MaskEditCommand(this, region, before, mask_.copy(region), name));
}

}  // namespace ccdf::gui
