#pragma once
// A one-slot, thread-safe mailbox for streamed frames: the worker overwrites the pending frame,
// the GUI takes the newest one. Stale frames are dropped when the GUI falls behind, so memory
// does not grow with the number of steps.
#include <QMutex>
#include <optional>

#include "run_types.h"

namespace ccdf::gui {

class FrameMailbox {
 public:
  // Stores `frame`, replacing any pending one; true when the box was empty (notify the reader).
  bool put(StreamFrame frame);
  std::optional<StreamFrame> take();
  void clear();
  qint64 droppedFrames() const;

 private:
  mutable QMutex mutex_;
  std::optional<StreamFrame> pending_;
  qint64 dropped_ = 0;
};

}  // namespace ccdf::gui
