#pragma once
// Crash-safe autosave of a CCDF Studio session: the opened input, the painted inpainting mask,
// the task settings and the run history (settings, metrics, result and initial-estimate images),
// so that a restart after a crash can put them back. One folder holds it (by default
// AppDataLocation/autosave):
//
//   session.lock     QLockFile held while a window autosaves there (one instance per folder)
//   session.marker   written at the start, removed by the clean exit: found at a start, it says
//                    the previous session crashed or was killed
//   autosave.json    the manifest, naming the payload files below
//   mask-<sha256>.png, image-<sha256>.f32   payload, named by the SHA-256 of its pixels / bytes
//
// Every file is written through QSaveFile (temporary file, then rename). Payload files go first
// and the manifest last, and files the new manifest no longer names are deleted after it, so
// a crash at any moment leaves the previous or the new autosave whole. Loading checks every
// file against its hash and refuses the whole autosave when anything is missing or corrupt.
#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

#include "run_types.h"

class QLockFile;
class QWidget;

namespace ccdf::gui {

struct AutosaveState {
  QDateTime savedAt;     // set by Autosave::save
  QString inputPath;     // absolute; empty when nothing was open
  int frame = -1;        // the frame / slice shown; -1 for inputs with one
  RunSettings settings;  // the task panel
  QImage mask;           // the inpainting mask (Grayscale8, 255 = known); null when none
  QString maskPath;      // the file the mask was loaded from or saved to, if any
  bool maskDirty = false;
  QString mriMaskPath;  // the MRI sampling-mask file, if any
  QString referencePath;
  QList<RunOutcome> history;  // newest first; only finished runs (with a result image)
  bool isEmpty() const { return inputPath.isEmpty() && history.isEmpty(); }
};

class Autosave : public QObject {
  Q_OBJECT

 public:
  // Result images of the newest runs are kept up to this many bytes (float32 pixels); older
  // runs that do not fit are left out of the autosave.
  static constexpr qint64 kImageBudgetBytes = qint64(256) << 20;

  explicit Autosave(const QString& directory = defaultDirectory(), QObject* parent = nullptr);
  // Leaves the marker and the autosave: only finish() is a clean exit.
  ~Autosave() override;

  // QStandardPaths::AppDataLocation + "/autosave".
  static QString defaultDirectory();
  QString directory() const { return directory_; }

  enum class Start {
    Fresh,                   // no sign of an earlier session
    PreviousSessionCrashed,  // its marker was still there
    Unavailable              // another instance autosaves in the folder, or it is not writable
  };
  // Takes the folder's lock and writes this session's marker; nothing is saved before.
  Start begin();
  bool isActive() const { return active_; }
  bool hasSavedState() const;

  // Reads the manifest and every file it names; nullopt (see errorString()) when anything is
  // missing, truncated, malformed or does not match its hash.
  std::optional<AutosaveState> load();
  // Writes `state` now; false with errorString(). Emits saved().
  bool save(const AutosaveState& state);
  // Removes the manifest and its payload (the session and its marker go on).
  void discard();
  // The clean exit: removes the autosave and the marker and releases the folder.
  void finish();

  // Debounced saving: schedule() saves the state `collect` returns at most delay() ms later
  // (changes in between share one write).
  void setCollector(std::function<AutosaveState()> collect) { collect_ = std::move(collect); }
  void setDelay(int milliseconds) { timer_.setInterval(qMax(0, milliseconds)); }
  int delay() const { return timer_.interval(); }
  void schedule();
  bool isPending() const { return timer_.isActive(); }
  // Saves a scheduled state now (no-op when nothing is scheduled).
  void flush();

  QString errorString() const { return error_; }

  // What a restore brings back, several lines, for the question.
  static QString summary(const AutosaveState& state);
  // The default question: Restore (true) or Discard (false).
  static bool askToRestore(QWidget* parent, const AutosaveState& state);

 Q_SIGNALS:
  void saved();

 private:
  QString path(const QString& name) const;
  QString storeImage(const ImageData& image);  // payload name, empty on failure (error_)
  QString storeMask(const QImage& mask);       // payload name, empty on failure (error_)
  void removePayloadExcept(const QStringList& keep);

  QString directory_;
  std::unique_ptr<QLockFile> lock_;
  bool active_ = false;
  QString error_;
  QTimer timer_;
  std::function<AutosaveState()> collect_;
  // Images already on disk, keyed by their shared pixels (held, so a key is never reused).
  struct StoredImage {
    ImageData image;
    QString name;
  };
  QHash<const void*, StoredImage> stored_;
  int leftOut_ = 0;  // runs the budget left out at the last save
};

}  // namespace ccdf::gui
