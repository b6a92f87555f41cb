// ThreadSanitizer canary (built only with CCDF_SANITIZE=thread): proves that a TSan run can see
// Qt's cross-thread hand-over, and that it still catches a real race.
//
//   tsan_canary queued   a worker thread writes a plain int and then emits a queued signal; the
//                        main thread reads the int in the slot. Correct code: no report when the
//                        QtCore in use is instrumented (scripts/sanitizers/build-qtcore-tsan.sh),
//                        a false "data race" with Debian's, whose futex QMutex TSan cannot see.
//   tsan_canary racy     the same write, read by the main thread after a sleep with no
//                        synchronisation at all: TSan must report a data race.
#include <QCoreApplication>
#include <QThread>
#include <QTimer>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace {

int* payload = nullptr;  // deliberately a plain int: only synchronisation makes reading it safe

class Producer : public QObject {
  Q_OBJECT
 public:
  void produce() {
    *payload = 42;
    Q_EMIT produced();
  }
 Q_SIGNALS:
  void produced();
};

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const bool racy = argc > 1 && std::strcmp(argv[1], "racy") == 0;
  payload = new int(0);
  int seen = -1;
  if (racy) {
    std::thread writer([] { *payload = 42; });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    seen = *payload;  // the race TSan must report
    writer.join();
  } else {
    QThread thread;
    Producer producer;
    producer.moveToThread(&thread);
    QObject::connect(
        &producer, &Producer::produced, &app,
        [&] {
          seen = *payload;
          app.quit();
        },
        Qt::QueuedConnection);
    thread.start();
    QTimer::singleShot(0, &producer, &Producer::produce);  // runs on the worker thread
    app.exec();
    thread.quit();
    thread.wait();
  }
  std::printf("read %d\n", seen);
  delete payload;
  return seen == 42 ? 0 : 1;
}

#include "tsan_canary.moc"
