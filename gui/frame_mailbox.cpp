#include "frame_mailbox.h"

namespace ccdf::gui {

bool FrameMailbox::put(StreamFrame frame) {
  QMutexLocker lock(&mutex_);
  const bool wasEmpty = !pending_.has_value();
  if (!wasEmpty) ++dropped_;
  pending_ = std::move(frame);
  return wasEmpty;
}

std::optional<StreamFrame> FrameMailbox::take() {
  QMutexLocker lock(&mutex_);
  std::optional<StreamFrame> out = std::move(pending_);
  pending_.reset();
  return out;
}

void FrameMailbox::clear() {
  QMutexLocker lock(&mutex_);
  pending_.reset();
}

qint64 FrameMailbox::droppedFrames() const {
  QMutexLocker lock(&mutex_);
  return dropped_;
}

}  // namespace ccdf::gui
