#include "log_dock.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <QPlainTextEdit>
#include <QPointer>
#include <mutex>

namespace ccdf::gui {

namespace {

class DockSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit DockSink(LogDock* dock) : dock_(dock) {}
  void detach() {
    std::lock_guard<std::mutex> lock(this->mutex_);
    dock_ = nullptr;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (!dock_) return;
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    const QString line = QString::fromUtf8(formatted.data(), int(formatted.size())).trimmed();
    QPointer<LogDock> dock = dock_;
    QMetaObject::invokeMethod(
        dock_,
        [dock, line] {
          if (dock) dock->appendLine(line);
        },
        Qt::QueuedConnection);
  }
  void flush_() override {}

 private:
  LogDock* dock_;
};

}  // namespace

struct LogDock::SinkHandle {
  std::shared_ptr<DockSink> sink;
};

LogDock::LogDock(QWidget* parent) : QDockWidget(tr("Log"), parent) {
  setObjectName("logDock");
  text_ = new QPlainTextEdit(this);
  text_->setReadOnly(true);
  text_->setMaximumBlockCount(2000);
  text_->setFont(QFont("monospace"));
  setWidget(text_);
}

LogDock::~LogDock() {
  if (sink_) {
    sink_->sink->detach();
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_->sink), sinks.end());
    delete sink_;
  }
}

void LogDock::attachToSpdlog() {
  if (sink_) return;
  sink_ = new SinkHandle{std::make_shared<DockSink>(this)};
  sink_->sink->set_pattern("%H:%M:%S %^%l%$ %v");
  spdlog::default_logger()->sinks().push_back(sink_->sink);
}

void LogDock::appendLine(const QString& line) { text_->appendPlainText(line); }

}  // namespace ccdf::gui
