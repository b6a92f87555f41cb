#pragma once
// A strip of thumbnails recording the reverse-diffusion trajectory of the current run. Memory is
// bounded: past `capacity` frames every second thumbnail is dropped (first and last kept).
#include <QImage>
#include <QListWidget>

namespace ccdf::gui {

class TrajectoryStrip : public QListWidget {
  Q_OBJECT

 public:
  explicit TrajectoryStrip(QWidget* parent = nullptr, int capacity = 48);
  void addFrame(const QImage& image, int step, int totalSteps);
  void clearFrames() { clear(); }
  int capacity() const { return capacity_; }

 Q_SIGNALS:
  void frameChosen(const QImage& image, const QString& caption);

 private:
  void thin();
  int capacity_;
};

}  // namespace ccdf::gui
