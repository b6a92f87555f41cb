// Streaming without unbounded memory: the frame mailbox keeps only the newest frame, and the
// trajectory strip keeps at most its capacity of thumbnails (first and last always kept).
#include <QTest>

#include "frame_mailbox.h"
#include "run_history.h"
#include "trajectory_strip.h"

using namespace ccdf::gui;

namespace {

StreamFrame frameAt(int step, int total) {
  StreamFrame f;
  f.runId = 1;
  f.step = step;
  f.totalSteps = total;
  f.elapsedSeconds = step * 0.5;
  f.estimate = QImage(8, 8, QImage::Format_Grayscale8);
  f.estimate.fill(step % 256);
  f.state = f.estimate;
  return f;
}

}  // namespace

class TestStreaming : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void mailboxKeepsOnlyTheNewestFrame() {
    FrameMailbox box;
    QVERIFY(box.put(frameAt(1, 10)));   // was empty: notify the reader
    QVERIFY(!box.put(frameAt(2, 10)));  // pending: no second notification
    QVERIFY(!box.put(frameAt(3, 10)));
    const auto taken = box.take();
    QVERIFY(taken.has_value());
    QCOMPARE(taken->step, 3);
    QCOMPARE(box.droppedFrames(), qint64(2));
    QVERIFY(!box.take().has_value());
    QVERIFY(box.put(frameAt(4, 10)));
    box.clear();
    QVERIFY(!box.take().has_value());
  }

  void etaFollowsThePaceSoFar() {
    const StreamFrame f = frameAt(4, 10);  // 2 s for 4 steps
    QCOMPARE(f.etaSeconds(), 3.0);
  }

  void stripMemoryIsBounded() {
    TrajectoryStrip strip(nullptr, 16);
    for (int k = 1; k <= 1000; ++k) strip.addFrame(frameAt(k, 1000).estimate, k, 1000);
    QVERIFY(strip.count() <= 16);
    QVERIFY(strip.count() >= 8);
    QCOMPARE(strip.item(0)->text(), QString("1/1000"));
    QCOMPARE(strip.item(strip.count() - 1)->text(), QString("1000/1000"));
    // Thumbnails stay in step order.
    int last = 0;
    for (int i = 0; i < strip.count(); ++i) {
      const int step = strip.item(i)->text().section('/', 0, 0).toInt();
      QVERIFY(step > last);
      last = step;
    }
  }

  void historyIsBoundedAndNewestFirst() {
    RunHistory history(nullptr, 5);
    for (int i = 1; i <= 12; ++i) {
      RunOutcome o;
      o.runId = quint64(i);
      o.status = RunStatus::Finished;
      o.request.settings.model = "m";
      o.nfe = 10;
      history.addOutcome(o);
    }
    QCOMPARE(history.entries(), 5);
    QCOMPARE(history.count(), 5);
    QVERIFY(history.item(0)->text().startsWith("#12 "));
    QVERIFY(history.outcome(8) != nullptr);
    QVERIFY(history.outcome(7) == nullptr);
  }
};

QTEST_MAIN(TestStreaming)
#include "tst_gui_stream.moc"
