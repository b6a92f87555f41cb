#include "restore_worker.h"

#include <ATen/CPUGeneratorImpl.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "ccdf/auto_t0.h"
#include "ccdf/restore_problem.h"
#include "ccdf/run.h"
#include "ccdf/simulate.h"
#include "core_mapping.h"
#include "input_source.h"
#include "io/image_io.h"
#include "io/initialisers.h"
#include "io/mri_input.h"
#include "metrics/metrics.h"
#include "model/model_store.h"
#include "ops/masks.h"
#include "ops/operator.h"
#include "tensor_image.h"
#include "util/device.h"

namespace ccdf::gui {

namespace {

std::string sizeText(int64_t w, int64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

QString firstLine(const std::string& text) {
  const QString all = QString::fromStdString(text).trimmed();
  return all.section('\n', 0, 0);
}

struct Measurement {
  std::shared_ptr<Operator> op;
  torch::Tensor unit;       // the measurement of the [0, 1] image
  int bitDepth = 8;         // of the input file
  QString referencePath;    // the ground truth when the measurement was simulated from it
  torch::Tensor reference;  // else one the data hold ([1, C, h, w], unit scale), or undefined
  QString referenceSource;
  std::shared_ptr<InputSource> source = std::make_shared<InputSource>();
};

void checkModelSize(const Operator& op, const ModelInfo& info);

// MRI from a k-space file, or from an image with a mask file: prepareMriInput with the options
// `ccdf restore --task mri` would use.
Measurement mriInput(const RunRequest& request, const ModelInfo& info, torch::Device device) {
  const MriInput mri = prepareMriInput(toMriInputOptions(request, info.channels));
  spdlog::info("mri input: {}", mri.summary);
  Measurement m;
  m.op = mri.problem.op;
  m.unit = mri.problem.measurement.to(device);
  m.bitDepth = 8;  // as `ccdf restore` writes MRI results
  if (mri.fromImage) {
    m.source->image = mri.image;
  } else {
    m.source->image.path = request.inputPath.toStdString();
    m.source->image.valueMax = mri.problem.scale;
  }
  m.reference = mri.reference;
  m.referenceSource = QString::fromStdString(mri.referenceSource);
  checkModelSize(*m.op, info);
  return m;
}

Measurement buildMeasurement(const RunRequest& request, const ModelInfo& info,
                             torch::Device device) {
  const RunSettings& s = request.settings;
  const int64_t C = info.channels;
  if (s.task == Task::Mri && (request.kspaceInput || !request.kspaceMaskPath.isEmpty()))
    return mriInput(request, info, device);
  Measurement m;
  ImageLoadOptions load;
  load.channels = C;
  m.source->image = loadInputImage(request.inputPath.toStdString(), request.frame, load);
  m.bitDepth = m.source->image.bitDepth;
  const torch::Tensor image = m.source->image.image.to(device);
  const int64_t h = image.size(2), w = image.size(3);
  switch (s.task) {
    case Task::SuperResolution: {
      if (s.scale < 1) throw std::invalid_argument("the scale must be a positive integer");
      if (s.simulateFromImage) {
        if (h % s.scale != 0 || w % s.scale != 0)
          throw std::invalid_argument("the image " + sizeText(w, h) + " is not divisible by " +
                                      std::to_string(s.scale));
        auto sr = std::make_shared<SuperResolution>(std::vector<int64_t>{1, C, h, w}, s.scale);
        m.unit = sr->A(image);
        m.op = sr;
        m.referencePath = request.inputPath;
      } else {
        auto sr = std::make_shared<SuperResolution>(
            std::vector<int64_t>{1, C, h * s.scale, w * s.scale}, s.scale);
        m.unit = sr->measurementFromLowRes(image);
        m.op = sr;
      }
      break;
    }
    case Task::Inpainting: {
      if (request.mask.isNull()) throw std::invalid_argument("inpainting needs a mask");
      if (request.mask.width() != w || request.mask.height() != h)
        throw std::invalid_argument("the mask is " +
                                    sizeText(request.mask.width(), request.mask.height()) +
                                    " but the image is " + sizeText(w, h));
      const torch::Tensor mask = maskTensorFromQImage(request.mask).to(device);
      auto inp = std::make_shared<Inpainting>(std::vector<int64_t>{1, C, h, w}, mask);
      m.unit = inp->A(image);
      m.op = inp;
      if (s.simulateFromImage) m.referencePath = request.inputPath;
      break;
    }
    case Task::Mri: {
      const torch::Tensor mask = makeKspaceMask(h, w, toMaskSpec(s)).to(device);
      auto mri = std::make_shared<MriSampling>(std::vector<int64_t>{1, C, h, w}, mask);
      // As `ccdf simulate --task mri --seed S` computes kspace.npy (noise-free).
      torch::Generator gen = at::detail::createCPUGenerator(s.seed);
      m.unit = simulateMeasurement(*mri, image, 0.0, gen);
      m.op = mri;
      m.bitDepth = 8;  // as `ccdf restore` writes MRI results
      m.referencePath = request.inputPath;
      break;
    }
  }
  checkModelSize(*m.op, info);
  return m;
}

void checkModelSize(const Operator& op, const ModelInfo& info) {
  const std::vector<int64_t> shape = op.imageShape();
  const int64_t H = shape[2], W = shape[3];
  if (info.resolution > 0 && !info.fullyConvolutional &&
      (H != info.resolution || W != info.resolution))
    throw std::invalid_argument("model '" + info.name + "' works on " +
                                sizeText(info.resolution, info.resolution) +
                                " images only; the image is " + sizeText(W, H));
  if (H % info.sizeMultiple != 0 || W % info.sizeMultiple != 0)
    throw std::invalid_argument(
        "model '" + info.name + "' needs image sizes that are multiples of " +
        std::to_string(info.sizeMultiple) + "; the image is " + sizeText(W, H));
}

void checkSampler(const Sampler& sampler, const SamplerSettings& ss, const LoadedModel& model) {
  if (!sampler.supports(model.denoiser->schedule()))
    throw std::invalid_argument("sampler '" + ss.name + "' does not support the " +
                                toString(model.denoiser->schedule().kind()) +
                                " schedule of model '" + model.info.name + "'" +
                                (ss.name == "vepc" ? " (use ddpm or ddim)" : " (use vepc)"));
  if (ss.name == "ddpm" && ss.variance == DdpmVariance::Learned &&
      !model.denoiser->hasLearnedVariance())
    throw std::invalid_argument("model '" + model.info.name +
                                "' has no learned variance (use the small variance)");
}

// Against the reference file, else the data's reference on its grid (a fastMRI reference is
// a centre crop of the image).
Quality qualityOf(const torch::Tensor& unit, const QString& referencePath, int frame,
                  const torch::Tensor& reference) {
  if (referencePath.isEmpty() && !reference.defined()) return {};
  try {
    if (!referencePath.isEmpty())
      return measureQuality(imageFromTensor(unit), referencePath, frame);
    const torch::Tensor cropped = centreCrop(unit, reference.size(-2), reference.size(-1));
    return {psnr(cropped, reference, 1.0), ssim(cropped, reference, 1.0)};
  } catch (const std::exception& e) {
    spdlog::warn("no PSNR / SSIM: {}", e.what());
    return {};
  }
}

}  // namespace

RestoreWorker::RestoreWorker(FrameMailbox* mailbox, QObject* parent)
    : QObject(parent), mailbox_(mailbox) {}

RestoreWorker::~RestoreWorker() = default;

void RestoreWorker::injectModel(std::shared_ptr<LoadedModel> model) {
  QMutexLocker lock(&injectedMutex_);
  injected_ = std::move(model);
}

std::shared_ptr<LoadedModel> RestoreWorker::modelFor(const RunRequest& request) {
  const std::string name = request.settings.model.toStdString();
  {
    QMutexLocker lock(&injectedMutex_);
    if (injected_ && injected_->info.name == name) return injected_;
  }
  if (cached_ && (cached_->info.name == name || cached_->info.directory == name)) return cached_;
  std::vector<std::string> dirs;
  for (const QString& d : request.modelDirectories) dirs.push_back(d.toStdString());
  cached_.reset();  // free the previous model before loading the next
  cached_ = std::make_shared<LoadedModel>(loadModel(name, dirs, preferredDevice()));
  return cached_;
}

void RestoreWorker::run(const RunRequest& request, quint64 runId,
                        const std::shared_ptr<CancelToken>& cancel) {
  RunOutcome outcome;
  try {
    outcome = execute(request, runId, *cancel);
  } catch (const c10::Error& e) {
    outcome.status = RunStatus::Failed;
    outcome.error = firstLine(e.what_without_backtrace());
  } catch (const std::exception& e) {
    outcome.status = RunStatus::Failed;
    outcome.error = firstLine(e.what());
  } catch (...) {
    outcome.status = RunStatus::Failed;
    outcome.error = tr("unexpected failure");
  }
  if (outcome.status == RunStatus::Failed)
    spdlog::error("run #{}: {}", runId, outcome.error.toStdString());
  outcome.runId = runId;
  outcome.request = request;
  Q_EMIT runFinished(outcome);
}

RunOutcome RestoreWorker::execute(const RunRequest& request, quint64 runId,
                                  const CancelToken& cancel) {
  static const int threads = configureThreads();
  (void)threads;
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const QString settingsProblem = request.settings.problem();
  if (!settingsProblem.isEmpty()) throw std::invalid_argument(settingsProblem.toStdString());

  std::shared_ptr<LoadedModel> model = modelFor(request);
  const ModelInfo& info = model->info;
  Denoiser& denoiser = *model->denoiser;
  const SamplerSettings samplerSettings = toSamplerSettings(request.settings);
  std::unique_ptr<Sampler> sampler = makeSampler(samplerSettings);
  checkSampler(*sampler, samplerSettings, *model);
  const torch::Device device = preferredDevice();

  const Measurement m = buildMeasurement(request, info, device);
  const auto initialiser =
      createInitialiser(request.settings.initialiser.toStdString(), {info.valueMin, info.valueMax});
  const Problem problem =
      makeRestoreProblem(m.op, info, m.unit, *initialiser, request.settings.seed);
  RunOptions options = toRunOptions(request.settings);
  if (request.settings.autoT0) {
    AutoT0Options autoOptions;
    autoOptions.initialiserQuality =
        initialiserQuality(request.settings.initialiser.toStdString(), *problem.op);
    const AutoT0Choice choice =
        chooseT0(*problem.op, problem.y, problem.x0Init, denoiser.schedule(), autoOptions);
    options.t0 = choice.t0;
    spdlog::info("run #{}: auto t0 {} ({})", runId, choice.t0, choice.reason);
  }
  spdlog::info("run #{}: {} with {} ({}), sampler {}, init {}, t0 {}, {} steps, seed {}", runId,
               taskKey(request.settings.task).toStdString(), info.name, info.kind, sampler->name(),
               request.settings.initialiser.toStdString(), options.t0, options.steps, options.seed);

  const StepCallback onStep = [&](const StepEvent& e) {
    if (cancel.cancelled()) return;
    StreamFrame frame;
    frame.runId = runId;
    frame.step = int(e.k);
    frame.totalSteps = int(e.K);
    frame.nfe = e.nfe;
    frame.noiseLevel = e.noiseLevel;
    frame.state = qimageFromTensor(fromModelRange(info, e.x));
    frame.estimate = qimageFromTensor(fromModelRange(info, e.x0));
    frame.elapsedSeconds = elapsed();
    if (mailbox_->put(std::move(frame))) Q_EMIT frameReady();
  };
  const RunResult result = runCcdf(problem, denoiser, *sampler, options, onStep, &cancel);

  RunOutcome outcome;
  outcome.status = result.cancelled ? RunStatus::Cancelled : RunStatus::Finished;
  outcome.t0 = options.t0;
  outcome.nfe = result.nfe;
  outcome.stepsDone = int(result.stepsDone);
  outcome.seconds = elapsed();
  if (result.cancelled) {
    spdlog::info("run #{}: cancelled after {} steps", runId, result.stepsDone);
    return outcome;
  }
  spdlog::info("run #{}: done, NFE {}, {:.2f} s", runId, result.nfe, outcome.seconds);
  const torch::Tensor restored = fromModelRange(info, result.x).clamp(0.0, 1.0).to(torch::kCPU);
  const torch::Tensor initial =
      fromModelRange(info, problem.x0Init).clamp(0.0, 1.0).to(torch::kCPU);
  outcome.result = imageFromTensor(restored, m.bitDepth);
  outcome.initial = imageFromTensor(initial, m.bitDepth);
  outcome.referencePath = request.referencePath.isEmpty() ? m.referencePath : request.referencePath;
  const torch::Tensor dataReference =
      outcome.referencePath.isEmpty() ? m.reference : torch::Tensor();
  if (dataReference.defined()) outcome.referenceSource = m.referenceSource;
  // A multi-frame reference at the input's slice, as `ccdf restore --slice` reads it.
  outcome.quality = qualityOf(restored, outcome.referencePath, request.frame, dataReference);
  outcome.initialQuality = qualityOf(initial, outcome.referencePath, request.frame, dataReference);
  outcome.source = m.source;
  return outcome;
}

}  // namespace ccdf::gui
