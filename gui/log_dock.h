#pragma once
// A dock showing the application's log: an spdlog sink forwards every line to the GUI thread.
#include <QDockWidget>

class QPlainTextEdit;

namespace ccdf::gui {

class LogDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit LogDock(QWidget* parent = nullptr);
  ~LogDock() override;
  // Adds a sink to spdlog's default logger that appends to this dock (any thread).
  void attachToSpdlog();

 public Q_SLOTS:
  void appendLine(const QString& line);

 private:
  QPlainTextEdit* text_;
  struct SinkHandle;
  SinkHandle* sink_ = nullptr;
};

}  // namespace ccdf::gui
