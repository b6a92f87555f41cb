#include "autosave.h"

#include <spdlog/spdlog.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLockFile>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtEndian>
#include <cstring>

#include "tensor_image.h"

namespace ccdf::gui {

namespace {

const QString kManifest = QStringLiteral("autosave.json");
const QString kMarker = QStringLiteral("session.marker");
const QString kLock = QStringLiteral("session.lock");
const QString kFormat = QStringLiteral("ccdf-studio-autosave");
constexpr int kVersion = 1;
// An image payload: magic, channels, height, width, bit depth (uint32 LE), then float32 LE
// pixels in [1, C, H, W] order.
constexpr char kImageMagic[8] = {'C', 'C', 'D', 'F', 'I', 'M', 'G', '1'};
constexpr int kImageHeader = 8 + 4 * 4;

const QRegularExpression& payloadPattern() {
  static const QRegularExpression re(
      QStringLiteral("^(mask-[0-9a-f]{64}\\.png|image-[0-9a-f]{64}\\.f32)$"));
  return re;
}

QString sha256(const QByteArray& data) {
  return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

bool writeAtomically(const QString& path, const QByteArray& data, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

std::optional<QByteArray> readFile(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error =
        QStringLiteral("cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    return std::nullopt;
  }
  return file.readAll();
}

// The mask's pixels row by row without padding: what its file name hashes.
QByteArray maskPixels(const QImage& mask) {
  QByteArray bytes;
  bytes.reserve(qsizetype(mask.width()) * mask.height());
  for (int y = 0; y < mask.height(); ++y)
    bytes.append(reinterpret_cast<const char*>(mask.constScanLine(y)), mask.width());
  return bytes;
}

QByteArray encodeImage(const ImageData& image) {
  const torch::Tensor t = tensorOf(image).contiguous();
  const auto c = quint32(t.size(1)), h = quint32(t.size(2)), w = quint32(t.size(3));
  const qsizetype count = qsizetype(c) * h * w;
  QByteArray bytes(kImageHeader + count * 4, Qt::Uninitialized);
  char* out = bytes.data();
  std::memcpy(out, kImageMagic, 8);
  qToLittleEndian<quint32>(c, out + 8);
  qToLittleEndian<quint32>(h, out + 12);
  qToLittleEndian<quint32>(w, out + 16);
  qToLittleEndian<quint32>(quint32(image.bitDepth()), out + 20);
  const float* pixels = t.data_ptr<float>();
  for (qsizetype i = 0; i < count; ++i) {
    quint32 bits;
    std::memcpy(&bits, pixels + i, 4);
    qToLittleEndian<quint32>(bits, out + kImageHeader + 4 * i);
  }
  return bytes;
}

ImageData decodeImage(const QByteArray& bytes, QString* error) {
  if (bytes.size() < kImageHeader || std::memcmp(bytes.constData(), kImageMagic, 8) != 0) {
    *error = QStringLiteral("not an image payload");
    return {};
  }
  const char* in = bytes.constData();
  const quint32 c = qFromLittleEndian<quint32>(in + 8), h = qFromLittleEndian<quint32>(in + 12),
                w = qFromLittleEndian<quint32>(in + 16),
                depth = qFromLittleEndian<quint32>(in + 20);
  if ((c != 1 && c != 3) || h < 1 || w < 1 || h > 65536 || w > 65536 ||
      (depth != 8 && depth != 16) || bytes.size() != kImageHeader + qint64(c) * h * w * 4) {
    *error = QStringLiteral("malformed image payload (%1x%2x%3, %4 bytes)")
                 .arg(c)
                 .arg(h)
                 .arg(w)
                 .arg(bytes.size());
    return {};
  }
  torch::Tensor t = torch::empty({1, int64_t(c), int64_t(h), int64_t(w)}, torch::kFloat32);
  float* pixels = t.data_ptr<float>();
  for (qint64 i = 0; i < t.numel(); ++i) {
    const quint32 bits = qFromLittleEndian<quint32>(in + kImageHeader + 4 * i);
    std::memcpy(pixels + i, &bits, 4);
  }
  if (!torch::isfinite(t).all().item<bool>()) {
    *error = QStringLiteral("image payload with non-finite pixels");
    return {};
  }
  return imageFromTensor(t, int(depth));
}

qint64 imageBytes(const ImageData& image) {
  return image.isNull() ? 0 : qint64(image.channels()) * image.width() * image.height() * 4;
}

QJsonObject qualityToJson(const Quality& q) {
  QJsonObject o;
  if (q.psnr == q.psnr) o["psnr"] = q.psnr;
  if (q.ssim == q.ssim) o["ssim"] = q.ssim;
  return o;
}

Quality qualityFromJson(const QJsonValue& v) {
  Quality q;
  const QJsonObject o = v.toObject();
  if (o.value("psnr").isDouble()) q.psnr = o.value("psnr").toDouble();
  if (o.value("ssim").isDouble()) q.ssim = o.value("ssim").toDouble();
  return q;
}

}  // namespace

Autosave::Autosave(const QString& directory, QObject* parent)
    : QObject(parent), directory_(QDir::cleanPath(directory)) {
  timer_.setSingleShot(true);
  timer_.setInterval(1000);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (!active_ || !collect_) return;
    if (!save(collect_())) spdlog::warn("autosave: {}", error_.toStdString());
  });
}

Autosave::~Autosave() = default;

QString Autosave::defaultDirectory() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave";
}

QString Autosave::path(const QString& name) const { return directory_ + '/' + name; }

Autosave::Start Autosave::begin() {
  if (active_) return Start::Fresh;
  if (!QDir().mkpath(directory_)) {
    error_ = QStringLiteral("cannot create %1").arg(directory_);
    return Start::Unavailable;
  }
  lock_ = std::make_unique<QLockFile>(path(kLock));
  // A live holder keeps its lock (Unix: flock); a dead one's lock is stale and taken over.
  if (!lock_->tryLock(0)) {
    qint64 pid = 0;
    QString host, app;
    if (lock_->error() == QLockFile::LockFailedError && lock_->getLockInfo(&pid, &host, &app))
      error_ = QStringLiteral("another %1 (process %2) autosaves in %3")
                   .arg(app.isEmpty() ? QStringLiteral("instance") : app)
                   .arg(pid)
                   .arg(directory_);
    else
      error_ = QStringLiteral("cannot lock %1").arg(path(kLock));
    lock_.reset();
    return Start::Unavailable;
  }
  const bool crashed = QFileInfo::exists(path(kMarker));
  QJsonObject marker;
  marker["pid"] = QCoreApplication::applicationPid();
  marker["started"] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  if (!writeAtomically(path(kMarker), QJsonDocument(marker).toJson(QJsonDocument::Compact),
                       &error_)) {
    lock_.reset();
    return Start::Unavailable;
  }
  active_ = true;
  return crashed ? Start::PreviousSessionCrashed : Start::Fresh;
}

bool Autosave::hasSavedState() const { return QFileInfo::exists(path(kManifest)); }

void Autosave::schedule() {
  if (active_ && !timer_.isActive()) timer_.start();
}

void Autosave::flush() {
  if (!timer_.isActive()) return;
  timer_.stop();
  if (active_ && collect_ && !save(collect_())) spdlog::warn("autosave: {}", error_.toStdString());
}

QString Autosave::storeMask(const QImage& mask) {
  const QImage grey = mask.convertToFormat(QImage::Format_Grayscale8);
  const QString name = "mask-" + sha256(maskPixels(grey)) + ".png";
  if (QFileInfo::exists(path(name))) return name;
  QSaveFile file(path(name));
  if (!file.open(QIODevice::WriteOnly) || !grey.save(&file, "PNG") || !file.commit()) {
    error_ = QStringLiteral("cannot write %1: %2").arg(path(name), file.errorString());
    return {};
  }
  return name;
}

QString Autosave::storeImage(const ImageData& image) {
  const auto it = stored_.constFind(image.storage());
  if (it != stored_.constEnd() && QFileInfo::exists(path(it->name))) return it->name;
  const QByteArray bytes = encodeImage(image);
  const QString name = "image-" + sha256(bytes) + ".f32";
  if (!QFileInfo::exists(path(name)) && !writeAtomically(path(name), bytes, &error_)) return {};
  stored_.insert(image.storage(), StoredImage{image, name});
  return name;
}

void Autosave::removePayloadExcept(const QStringList& keep) {
  QDir dir(directory_);
  for (const QString& name : dir.entryList(QDir::Files))
    if (payloadPattern().match(name).hasMatch() && !keep.contains(name)) dir.remove(name);
  for (auto it = stored_.begin(); it != stored_.end();)
    it = keep.contains(it->name) ? std::next(it) : stored_.erase(it);
}

bool Autosave::save(const AutosaveState& state) {
  if (!active_) {
    error_ = QStringLiteral("autosave not started");
    return false;
  }
  if (state.isEmpty()) {  // nothing worth offering
    discard();
    Q_EMIT saved();
    return true;
  }
  QStringList keep;
  QJsonObject root;
  root["format"] = kFormat;
  root["version"] = kVersion;
  root["saved_at"] = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
  root["input"] = state.inputPath;
  root["frame"] = state.frame;
  root["settings"] = state.settings.toJson();
  root["mask_path"] = state.maskPath;
  root["mask_dirty"] = state.maskDirty;
  root["mri_mask"] = state.mriMaskPath;
  root["reference"] = state.referencePath;
  if (!state.mask.isNull()) {
    const QString name = storeMask(state.mask);
    if (name.isEmpty()) return false;
    root["mask"] = name;
    keep << name;
  }
  QJsonArray history;
  qint64 budget = kImageBudgetBytes;
  int left = 0;
  for (const RunOutcome& o : state.history) {
    if (o.result.isNull()) continue;
    const qint64 bytes = imageBytes(o.result) + imageBytes(o.initial);
    if (bytes > budget) {
      ++left;
      continue;
    }
    budget -= bytes;
    QJsonObject request;
    const RunRequest& r = o.request;
    request["settings"] = r.settings.toJson();
    request["input"] = r.inputPath;
    request["frame"] = r.frame;
    request["kspace_input"] = r.kspaceInput;
    request["kspace_fully_sampled"] = r.kspaceFullySampled;
    request["kspace_mask"] = r.kspaceMaskPath;
    request["reference"] = r.referencePath;
    request["model_directories"] = QJsonArray::fromStringList(r.modelDirectories);
    if (!r.mask.isNull()) {
      const QString name = storeMask(r.mask);
      if (name.isEmpty()) return false;
      request["mask"] = name;
      keep << name;
    }
    QJsonObject entry;
    entry["run"] = QString::number(o.runId);
    entry["request"] = request;
    entry["nfe"] = double(o.nfe);
    entry["steps_done"] = o.stepsDone;
    entry["t0"] = o.t0;
    entry["seconds"] = o.seconds;
    entry["quality"] = qualityToJson(o.quality);
    entry["initial_quality"] = qualityToJson(o.initialQuality);
    entry["reference"] = o.referencePath;
    entry["reference_source"] = o.referenceSource;
    const QString result = storeImage(o.result);
    if (result.isEmpty()) return false;
    entry["result"] = result;
    keep << result;
    if (!o.initial.isNull()) {
      const QString initial = storeImage(o.initial);
      if (initial.isEmpty()) return false;
      entry["initial"] = initial;
      keep << initial;
    }
    history.append(entry);
  }
  root["history"] = history;
  if (left > 0 && left != leftOut_)
    spdlog::info("autosave: {} older run(s) left out (their images exceed {} MiB)", left,
                 kImageBudgetBytes >> 20);
  leftOut_ = left;
  if (!writeAtomically(path(kManifest), QJsonDocument(root).toJson(QJsonDocument::Indented),
                       &error_))
    return false;
  removePayloadExcept(keep);
  Q_EMIT saved();
  return true;
}

std::optional<AutosaveState> Autosave::load() {
  const auto fail = [this](const QString& why) -> std::optional<AutosaveState> {
    error_ = why;
    return std::nullopt;
  };
  const std::optional<QByteArray> bytes = readFile(path(kManifest), &error_);
  if (!bytes) return std::nullopt;
  QJsonParseError parse;
  const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &parse);
  if (parse.error != QJsonParseError::NoError)
    return fail(QStringLiteral("%1 is not valid JSON (%2 at byte %3): truncated or corrupt")
                    .arg(kManifest, parse.errorString())
                    .arg(parse.offset));
  const QJsonObject root = doc.object();
  if (root.value("format").toString() != kFormat || root.value("version").toInt() != kVersion)
    return fail(QStringLiteral("%1 is not a version %2 autosave").arg(kManifest).arg(kVersion));
  if (!root.value("history").isArray() || !root.value("settings").isObject())
    return fail(QStringLiteral("%1 lacks the history or the settings").arg(kManifest));

  // A payload named in the manifest: present, well named, and matching its hash.
  const auto payload = [this](const QJsonValue& value, QString* why) -> std::optional<QByteArray> {
    const QString name = value.toString();
    if (!payloadPattern().match(name).hasMatch()) {
      *why = QStringLiteral("bad payload name '%1'").arg(name.left(80));
      return std::nullopt;
    }
    return readFile(path(name), why);
  };
  const auto loadMask = [&](const QJsonValue& value, QString* why) -> std::optional<QImage> {
    const std::optional<QByteArray> data = payload(value, why);
    if (!data) return std::nullopt;
    const QImage image = QImage::fromData(*data, "PNG").convertToFormat(QImage::Format_Grayscale8);
    const QString name = value.toString();
    if (image.isNull() || "mask-" + sha256(maskPixels(image)) + ".png" != name) {
      *why = QStringLiteral("%1 is truncated or corrupt").arg(name);
      return std::nullopt;
    }
    return image;
  };
  const auto loadImage = [&](const QJsonValue& value, QString* why) -> std::optional<ImageData> {
    const std::optional<QByteArray> data = payload(value, why);
    if (!data) return std::nullopt;
    const QString name = value.toString();
    if ("image-" + sha256(*data) + ".f32" != name) {
      *why = QStringLiteral("%1 is truncated or corrupt").arg(name);
      return std::nullopt;
    }
    QString decodeError;
    const ImageData image = decodeImage(*data, &decodeError);
    if (image.isNull()) {
      *why = name + ": " + decodeError;
      return std::nullopt;
    }
    return image;
  };

  AutosaveState state;
  state.savedAt = QDateTime::fromString(root.value("saved_at").toString(), Qt::ISODateWithMs);
  state.inputPath = root.value("input").toString();
  state.frame = root.value("frame").toInt(-1);
  state.settings = RunSettings::fromJson(root.value("settings").toObject());
  state.maskPath = root.value("mask_path").toString();
  state.maskDirty = root.value("mask_dirty").toBool();
  state.mriMaskPath = root.value("mri_mask").toString();
  state.referencePath = root.value("reference").toString();
  QString why;
  if (root.contains("mask")) {
    const std::optional<QImage> mask = loadMask(root.value("mask"), &why);
    if (!mask) return fail(why);
    state.mask = *mask;
  }
  for (const QJsonValue& value : root.value("history").toArray()) {
    const QJsonObject entry = value.toObject();
    const QJsonObject request = entry.value("request").toObject();
    bool idOk = false;
    RunOutcome o;
    o.runId = entry.value("run").toString().toULongLong(&idOk);
    if (!value.isObject() || !idOk || o.runId == 0 || !request.value("settings").isObject())
      return fail(QStringLiteral("%1 has a malformed run entry").arg(kManifest));
    o.status = RunStatus::Finished;
    o.request.settings = RunSettings::fromJson(request.value("settings").toObject());
    o.request.inputPath = request.value("input").toString();
    o.request.frame = request.value("frame").toInt(-1);
    o.request.kspaceInput = request.value("kspace_input").toBool();
    o.request.kspaceFullySampled = request.value("kspace_fully_sampled").toBool();
    o.request.kspaceMaskPath = request.value("kspace_mask").toString();
    o.request.referencePath = request.value("reference").toString();
    for (const QJsonValue& d : request.value("model_directories").toArray())
      o.request.modelDirectories << d.toString();
    if (request.contains("mask")) {
      const std::optional<QImage> mask = loadMask(request.value("mask"), &why);
      if (!mask) return fail(why);
      o.request.mask = *mask;
    }
    o.nfe = qint64(entry.value("nfe").toDouble());
    o.stepsDone = entry.value("steps_done").toInt();
    o.t0 = entry.value("t0").toDouble();
    o.seconds = entry.value("seconds").toDouble();
    o.quality = qualityFromJson(entry.value("quality"));
    o.initialQuality = qualityFromJson(entry.value("initial_quality"));
    o.referencePath = entry.value("reference").toString();
    o.referenceSource = entry.value("reference_source").toString();
    const std::optional<ImageData> result = loadImage(entry.value("result"), &why);
    if (!result) return fail(why);
    o.result = *result;
    if (entry.contains("initial")) {
      const std::optional<ImageData> initial = loadImage(entry.value("initial"), &why);
      if (!initial) return fail(why);
      o.initial = *initial;
    }
    state.history.append(o);
  }
  error_.clear();
  return state;
}

void Autosave::discard() {
  timer_.stop();
  QFile::remove(path(kManifest));  // first: what is left without it is never offered
  removePayloadExcept({});
}

void Autosave::finish() {
  if (!active_) return;
  discard();
  QFile::remove(path(kMarker));
  active_ = false;
  lock_.reset();  // unlocks
}

QString Autosave::summary(const AutosaveState& state) {
  QStringList lines;
  if (state.savedAt.isValid())
    lines << tr("Saved: %1")
                 .arg(QLocale().toString(state.savedAt.toLocalTime(), QLocale::ShortFormat));
  lines << tr("Input: %1")
               .arg(state.inputPath.isEmpty() ? tr("none")
                                              : QDir::toNativeSeparators(state.inputPath));
  int holes = 0;
  for (int y = 0; y < state.mask.height(); ++y) {
    const uchar* row = state.mask.constScanLine(y);
    for (int x = 0; x < state.mask.width(); ++x) holes += row[x] < 128;
  }
  if (holes > 0) lines << tr("Painted mask: %1 pixels to fill").arg(holes);
  lines << tr("Runs in the history: %1").arg(state.history.size());
  return lines.join('\n');
}

bool Autosave::askToRestore(QWidget* parent, const AutosaveState& state) {
  QMessageBox box(QMessageBox::Question, tr("Restore the previous session?"),
                  tr("CCDF Studio did not close normally last time. Its autosave can be "
                     "restored."),
                  QMessageBox::NoButton, parent);
  box.setObjectName("autosaveQuestion");
  box.setInformativeText(summary(state));
  QPushButton* restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
  box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
  box.setDefaultButton(restore);
  box.exec();
  return box.clickedButton() == restore;
}

}  // namespace ccdf::gui
