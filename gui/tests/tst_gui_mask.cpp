// Mask painting: simulated mouse strokes on the canvas produce the expected mask, and undo /
// redo restore it exactly.
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "image_canvas.h"
#include "mask_layer.h"

using ccdf::gui::ImageCanvas;
using ccdf::gui::MaskLayer;
using ccdf::gui::MaskTool;

namespace {

int holes(const QImage& mask) {
  int n = 0;
  for (int y = 0; y < mask.height(); ++y)
    for (int x = 0; x < mask.width(); ++x) n += mask.pixelColor(x, y).red() < 128;
  return n;
}

bool isHole(const QImage& mask, int x, int y) { return mask.pixelColor(x, y).red() < 128; }

}  // namespace

class TestMaskPainting : public QObject {
  Q_OBJECT

 private:
  ImageCanvas* canvas_ = nullptr;
  MaskLayer* layer_ = nullptr;

  QPoint viewPoint(double x, double y) { return canvas_->mapFromScene(QPointF(x, y)); }
  QPointF sceneOf(const QPoint& p) { return canvas_->mapToScene(p); }

  void drag(const QList<QPoint>& points, Qt::KeyboardModifiers modifiers = {}) {
    QWidget* vp = canvas_->viewport();
    QTest::mousePress(vp, Qt::LeftButton, modifiers, points.first());
    for (int i = 1; i < points.size(); ++i) QTest::mouseMove(vp, points[i]);
    QTest::mouseRelease(vp, Qt::LeftButton, modifiers, points.last());
  }

 private Q_SLOTS:
  void init() {
    canvas_ = new ImageCanvas;
    layer_ = new MaskLayer(canvas_);
    QImage image(64, 64, QImage::Format_Grayscale8);
    image.fill(128);
    canvas_->resize(200, 200);
    canvas_->show();
    QVERIFY(QTest::qWaitForWindowExposed(canvas_));
    canvas_->setImage(image, false);
    canvas_->actualSize();
    layer_->reset(image.size());
    canvas_->setMaskLayer(layer_);
    canvas_->setMaskEditing(true);
    canvas_->setTool(MaskTool::Brush);
    layer_->setBrushRadius(4);
    layer_->setBrushHardness(1.0);
  }
  void cleanup() {
    delete canvas_;
    canvas_ = nullptr;
  }

  void brushStrokePaintsTheExpectedCapsule() {
    const QList<QPoint> path{viewPoint(10, 32), viewPoint(30, 32), viewPoint(50, 32)};
    drag(path);
    const QImage painted = layer_->mask();
    QCOMPARE(layer_->undoStack()->count(), 1);
    // Along the line: holes; four pixels or more away from it: known.
    for (int x = 12; x <= 48; ++x) QVERIFY2(isHole(painted, x, 32), qPrintable(QString::number(x)));
    for (int x = 0; x < 64; ++x) {
      QVERIFY(!isHole(painted, x, 26));
      QVERIFY(!isHole(painted, x, 38));
    }
    QVERIFY(!isHole(painted, 3, 32));
    QVERIFY(!isHole(painted, 57, 32));
    // Same stroke through the MaskLayer API at the same scene points gives identical pixels.
    MaskLayer direct;
    direct.reset(QSize(64, 64));
    direct.setBrushRadius(4);
    direct.setBrushHardness(1.0);
    direct.beginStroke(sceneOf(path[0]), false);
    direct.extendStroke(sceneOf(path[1]));
    direct.extendStroke(sceneOf(path[2]));
    direct.extendStroke(sceneOf(path[2]));
    direct.endStroke();
    QCOMPARE(direct.mask(), painted);
    // About the area of a 40 x 8 capsule.
    const int n = holes(painted);
    QVERIFY2(n > 40 * 7 && n < 40 * 8 + 64, qPrintable(QString::number(n)));
  }

  void rectangleToolFillsExactPixels() {
    canvas_->setTool(MaskTool::Rectangle);
    drag({viewPoint(8, 8), viewPoint(16, 14), viewPoint(24, 20)});
    const QImage m = layer_->mask();
    QCOMPARE(holes(m), 16 * 12);
    QVERIFY(isHole(m, 8, 8));
    QVERIFY(isHole(m, 23, 19));
    QVERIFY(!isHole(m, 24, 19));
    QVERIFY(!isHole(m, 23, 20));
    QVERIFY(!isHole(m, 7, 8));
    // Shift + drag erases part of it.
    drag({viewPoint(8, 8), viewPoint(12, 20)}, Qt::ShiftModifier);
    QCOMPARE(holes(layer_->mask()), 12 * 12);
  }

  void eraserRestoresKnownPixels() {
    drag({viewPoint(20, 20), viewPoint(40, 40)});
    QVERIFY(holes(layer_->mask()) > 0);
    canvas_->setTool(MaskTool::Eraser);
    layer_->setBrushRadius(8);
    drag({viewPoint(20, 20), viewPoint(40, 40)});
    QCOMPARE(holes(layer_->mask()), 0);
  }

  void softBrushFallsOff() {
    layer_->setBrushRadius(10);
    layer_->setBrushHardness(0.0);
    drag({viewPoint(32, 32), viewPoint(32, 32)});
    const QImage m = layer_->mask();
    QVERIFY(m.pixelColor(32, 32).red() < 128);  // painted
    QVERIFY(m.pixelColor(32, 32).red() < m.pixelColor(38, 32).red());
    QVERIFY(m.pixelColor(38, 32).red() < 255);
    QCOMPARE(m.pixelColor(43, 32).red(), 255);
  }

  void panToolDoesNotPaint() {
    canvas_->setTool(MaskTool::Pan);
    drag({viewPoint(10, 10), viewPoint(50, 50)});
    QCOMPARE(holes(layer_->mask()), 0);
    QCOMPARE(layer_->undoStack()->count(), 0);
  }

  void undoRedoRestoreExactly() {
    QList<QImage> states{layer_->mask()};
    drag({viewPoint(10, 10), viewPoint(30, 50)});
    states << layer_->mask();
    canvas_->setTool(MaskTool::Rectangle);
    drag({viewPoint(40, 5), viewPoint(60, 25)});
    states << layer_->mask();
    layer_->invert();
    states << layer_->mask();
    canvas_->setTool(MaskTool::Eraser);
    drag({viewPoint(0, 32), viewPoint(63, 32)});
    states << layer_->mask();
    layer_->clear();
    states << layer_->mask();
    QUndoStack* undo = layer_->undoStack();
    QCOMPARE(undo->count(), states.size() - 1);
    for (int i = states.size() - 2; i >= 0; --i) {
      undo->undo();
      QCOMPARE(layer_->mask(), states[i]);
    }
    for (int i = 1; i < states.size(); ++i) {
      undo->redo();
      QCOMPARE(layer_->mask(), states[i]);
    }
  }

  void overlayIsTranslucentOverHolesOnly() {
    layer_->fillRectangle(QRect(0, 0, 8, 8), false);
    const QImage overlay = layer_->overlay();
    QVERIFY(qAlpha(overlay.pixel(2, 2)) > 0);
    QVERIFY(qAlpha(overlay.pixel(2, 2)) < 255);
    QCOMPARE(qAlpha(overlay.pixel(20, 20)), 0);
  }

  void replaceChecksSizeAndIsUndoable() {
    QImage other(64, 64, QImage::Format_Grayscale8);
    other.fill(0);
    QVERIFY(!layer_->replace(QImage(10, 10, QImage::Format_Grayscale8), "x"));
    QVERIFY(layer_->replace(other, "load"));
    QCOMPARE(holes(layer_->mask()), 64 * 64);
    layer_->undoStack()->undo();
    QCOMPARE(holes(layer_->mask()), 0);
  }

  void zoomKeepsPaintingInImageCoordinates() {
    canvas_->actualSize();
    canvas_->zoomIn();
    canvas_->zoomIn();
    QVERIFY(canvas_->zoom() > 1.5);
    canvas_->setTool(MaskTool::Rectangle);
    drag({viewPoint(10, 10), viewPoint(20, 20)});
    const int n = holes(layer_->mask());  // 10 x 10 image pixels, give or take the rounding
    QVERIFY2(n >= 81 && n <= 144, qPrintable(QString::number(n)));
  }
};

QTEST_MAIN(TestMaskPainting)
#include "tst_gui_mask.moc"
