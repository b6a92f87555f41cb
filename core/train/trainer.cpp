#include "train/trainer.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "model/network_models.h"
#include "model/safetensors.h"
#include "util/device.h"
#include "util/sha256.h"

namespace ccdf {
namespace fs = std::filesystem;

namespace {

void writeTextAtomically(const fs::path& path, const std::string& text) {
  const fs::path temp = path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  fs::rename(temp, path);
}

void updateEma(UNet& ema, UNet& model, double decay) {
  torch::NoGradGuard g;
  auto target = ema->parameters();
  auto source = model->parameters();
  for (size_t k = 0; k < target.size(); ++k) target[k].mul_(decay).add_(source[k], 1.0 - decay);
}

std::string formatDuration(double seconds) {
  const int64_t s = int64_t(seconds);
  std::ostringstream o;
  o << s / 3600 << "h" << (s / 60) % 60 << "m" << s % 60 << "s";
  return o.str();
}

// The card's training section is regenerated at every export; anything outside the markers
// (evaluation results written later) is kept.
void writeModelCard(const fs::path& dir, const TrainerOptions& o, const UNetConfig& cfg,
                    int64_t parameters, const NoiseSchedule& schedule,
                    const nlohmann::json& training) {
  const std::string begin = "<!-- training:begin -->", end = "<!-- training:end -->";
  std::ostringstream section;
  section << begin << "\n## Training (written by ccdf-train)\n\n"
          << "- Data: " << o.dataSource << "\n"
          << "- Licence of the weights: " << o.licence << "\n"
          << "- Architecture: UNet, base " << cfg.baseChannels << " channels, multipliers "
          << nlohmann::json(cfg.channelMultipliers).dump() << ", " << cfg.resBlocksPerLevel
          << " res blocks per level, attention at downsampling "
          << nlohmann::json(cfg.attentionDownsampling).dump()
          << (cfg.middleAttention ? " + bottleneck" : "")
          << ", learned variance: " << (cfg.learnedVariance ? "yes" : "no") << "; " << parameters
          << " parameters\n"
          << "- Schedule: " << scheduleToManifest(schedule).dump() << "\n"
          << "- Training resolution " << o.resolution << "x" << o.resolution << ", batch "
          << o.batchSize << ", AdamW lr " << o.learningRate << ", EMA " << o.emaDecay << "\n"
          << "- Steps done: " << training.value("steps", 0) << " of " << o.steps
          << " requested; wall time " << formatDuration(training.value("wall_seconds", 0.0))
          << " on " << training.value("device", std::string("cpu")) << " with "
          << torch::get_num_threads() << " CPU thread(s)\n"
          << "- Command: `" << o.commandLine << "`\n"
          << end << "\n";
  std::string card;
  if (std::ifstream in(dir / "MODEL_CARD.md"); in)
    card.assign(std::istreambuf_iterator<char>(in), {});
  const auto b = card.find(begin), e = card.find(end);
  if (b != std::string::npos && e != std::string::npos && e > b)
    card.replace(b, e + end.size() + 1 - b, section.str());
  else
    card = "# " + o.modelName + "\n\n" + section.str() + card;
  writeTextAtomically(dir / "MODEL_CARD.md", card);
}

}  // namespace

void exportUnetModel(UNet& net, const NoiseSchedule& schedule, const TrainerOptions& o,
                     const nlohmann::json& training) {
  const fs::path dir(o.outputDirectory);
  fs::create_directories(dir);
  const fs::path weights = dir / "weights.safetensors";
  writeSafetensors(weights.string(), moduleTensors(*net), {{"format", "ccdf-unet"}}, o.fp16Weights);
  const auto& cfg = net->config();
  nlohmann::json manifest{
      {"format", "ccdf-model/1"},
      {"name", o.modelName},
      {"version", "1.0"},
      {"kind", "unet"},
      {"description", "UNet diffusion prior trained by ccdf-train on " + o.dataSource},
      {"licence", o.licence},
      {"data_source", o.dataSource},
      {"channels", cfg.imageChannels},
      {"value_range", {-1.0, 1.0}},
      {"resolution", o.resolution},
      {"size_multiple", cfg.sizeMultiple()},
      // Attention makes the cost quadratic in the image area: such models are for their
      // training size only.
      {"fully_convolutional", cfg.attentionDownsampling.empty() && !cfg.middleAttention},
      {"schedule", scheduleToManifest(schedule)},
      {"prediction", "eps"},
      {"conditioning", "index1000"},
      {"learned_variance", cfg.learnedVariance},
      {"architecture", cfg.toJson()},
      {"parameters", net->parameterCount()},
      {"training", training},
      {"weights", {{"file", "weights.safetensors"}, {"sha256", sha256OfFile(weights.string())}}}};
  // VP models see data in [-1, 1]: clamping x0 there keeps few-step ancestral sampling from
  // drifting into saturated images (IDDPM's clip_denoised); measured on fashion-32 in its card.
  if (schedule.isVariancePreserving()) manifest["clip_x0"] = 1.0;
  writeTextAtomically(dir / "manifest.json", manifest.dump(2) + "\n");
  writeModelCard(dir, o, cfg, net->parameterCount(), schedule, training);
}

TrainerReport trainDiffusionModel(const UNetConfig& architecture, const NoiseSchedule& schedule,
                                  TrainingData& data, const TrainerOptions& o,
                                  const ProgressFn& progress) {
  if (data.channels() != architecture.imageChannels)
    throw std::invalid_argument("data has " + std::to_string(data.channels()) +
                                " channels, the architecture " +
                                std::to_string(architecture.imageChannels));
  if (o.resolution % architecture.sizeMultiple())
    throw std::invalid_argument("resolution must be a multiple of " +
                                std::to_string(architecture.sizeMultiple()));
  torch::manual_seed(o.seed);
  UNet model(architecture), ema(architecture);
  {
    torch::NoGradGuard g;
    auto src = model->parameters();
    auto dst = ema->parameters();
    for (size_t k = 0; k < src.size(); ++k) dst[k].copy_(src[k]);
  }
  // CUDA when available (core builds against any libtorch), else CPU.
  const torch::Device device = preferredDevice();
  model->to(device);
  ema->to(device);
  torch::optim::AdamW optimizer(
      model->parameters(), torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
  const fs::path ckptDir = fs::path(o.outputDirectory) / "checkpoints";
  fs::create_directories(ckptDir);
  int64_t step = 0;
  double previousSeconds = 0;
  if (fs::exists(ckptDir / "state.json")) {
    std::ifstream in(ckptDir / "state.json");
    const auto state = nlohmann::json::parse(in);
    if (state.at("architecture") != architecture.toJson())
      throw std::runtime_error("checkpoint in " + ckptDir.string() +
                               " was made with a different architecture");
    torch::load(model, (ckptDir / "model.pt").string(), device);
    torch::load(ema, (ckptDir / "ema.pt").string(), device);
    torch::load(optimizer, (ckptDir / "optimizer.pt").string());
    step = state.at("step").get<int64_t>();
    previousSeconds = state.at("seconds").get<double>();
    progress("resumed from step " + std::to_string(step));
  }
  // The data stream depends on (seed, step) only, so a resumed run continues deterministically.
  torch::Generator gen = at::detail::createCPUGenerator(o.seed * 7919 + uint64_t(step));
  model->train();
  const NetworkFn network = [&](const torch::Tensor& x, const torch::Tensor& c) {
    return model->forward(x, c);
  };

  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  TrainerReport report;
  double smoothedLoss = 0;
  int64_t stepsThisRun = 0;
  auto checkpoint = [&] {
    const double total = previousSeconds + elapsed();
    torch::save(model, (ckptDir / "model.pt.tmp").string());
    torch::save(ema, (ckptDir / "ema.pt.tmp").string());
    torch::save(optimizer, (ckptDir / "optimizer.pt.tmp").string());
    for (const char* f : {"model.pt", "ema.pt", "optimizer.pt"})
      fs::rename(ckptDir / (std::string(f) + ".tmp"), ckptDir / f);
    nlohmann::json state{
        {"step", step}, {"seconds", total}, {"architecture", architecture.toJson()}};
    writeTextAtomically(ckptDir / "state.json", state.dump(2));
    nlohmann::json training{{"steps", step},
                            {"batch_size", o.batchSize},
                            {"learning_rate", o.learningRate},
                            {"ema_decay", o.emaDecay},
                            {"loss", o.loss == LossKind::Hybrid ? "hybrid"
                                     : o.loss == LossKind::Dsm  ? "dsm"
                                                                : "eps"},
                            {"wall_seconds", total},
                            {"threads", torch::get_num_threads()},
                            {"device", device.str()},
                            {"seed", o.seed},
                            {"command", o.commandLine}};
    ema->eval();
    if (o.objective == TrainingObjective::MriRestoration) {
      training["loss"] = "mse (zero-filled -> clean)";
      exportMriUnet(ema, o.outputDirectory, o.modelName, o.restoration, o.dataSource, o.licence,
                    o.resolution, training);
    } else {
      exportUnetModel(ema, schedule, o, training);
    }
  };

  while (step < o.steps) {
    if (o.timeLimitMinutes > 0 && elapsed() > o.timeLimitMinutes * 60.0) {
      progress("time limit reached");
      break;
    }
    auto batch = data.batch(o.batchSize, o.resolution, gen).to(device);
    auto terms = o.objective == TrainingObjective::MriRestoration
                     ? mriRestorationLoss(model, batch, o.restoration, gen)
                     : diffusionLoss(o.loss, schedule, network, batch, gen);
    optimizer.zero_grad();
    terms.total.backward();
    if (o.gradClip > 0) torch::nn::utils::clip_grad_norm_(model->parameters(), o.gradClip);
    optimizer.step();
    ++step;
    ++stepsThisRun;
    // EMA warm-up so that early exports are not dominated by the random initialisation.
    updateEma(ema, model, std::min(o.emaDecay, (1.0 + step) / (10.0 + step)));
    const double loss = terms.total.item<double>();
    if (!std::isfinite(loss))
      throw std::runtime_error("loss became NaN/Inf at step " + std::to_string(step));
    smoothedLoss = stepsThisRun == 1 ? loss : 0.98 * smoothedLoss + 0.02 * loss;
    report.lastLoss = loss;
    if (step % 10 == 0 || step == o.steps) {
      const double rate = double(stepsThisRun) / elapsed();
      std::ostringstream line;
      line.precision(4);
      line << "step " << step << "/" << o.steps << "  loss " << smoothedLoss << "  mse "
           << terms.mse.item<double>();
      if (terms.vlb.defined()) line << "  vlb " << terms.vlb.item<double>();
      line << "  " << rate << " it/s  elapsed " << formatDuration(previousSeconds + elapsed())
           << "  eta " << formatDuration(double(o.steps - step) / std::max(rate, 1e-9));
      progress(line.str());
    }
    if (step % o.checkpointEvery == 0) checkpoint();
  }
  checkpoint();
  report.stepsDone = step;
  report.seconds = elapsed();
  report.totalSeconds = previousSeconds + report.seconds;
  return report;
}

}  // namespace ccdf
