// ccdf-train: trains the project's diffusion priors. See docs/MODELS.md and each MODEL_CARD.md.
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/idx_reader.h"
#include "io/image_folder.h"
#include "train/phantom.h"
#include "train/trainer.h"
#include "util/device.h"

namespace {

const char* kUsage = R"(usage: ccdf-train --data SOURCE --out DIR --name NAME [options]

data sources:
  fashion-mnist[:FOLDER]     Fashion-MNIST train split (default folder /usr/share/datasets/fashion-mnist),
                             28x28 padded to 32x32
  phantoms[:COUNT]           procedural MR-like phantoms (default 4000) at --resolution
  images:FOLDER              the photographs in FOLDER (random crops and flips); --channels 1|3 [3],
                             --max-short-side S [512] downscales larger photos first
objectives:
  --objective diffusion|mri-restoration [diffusion]   mri-restoration: a UNet from zero-filled
                             to clean images (NN initialiser), random 1D Gaussian masks of
                             --acceleration R [4] with --acs-lines L [8]; writes initialiser.json
options (defaults in brackets):
  --resolution R [32]        training crop size
  --schedule vp-linear|vp-cosine|ve [vp-linear]   (--sigma-min 0.01 --sigma-max 80 --N 1000)
  --loss eps|hybrid|dsm [eps; hybrid needs --learned-variance; dsm for ve]
  --learned-variance         2C outputs (IDDPM learned range)
  --base-channels C [64]  --mults 1,2,2  --res-blocks 2  --attention 2  (downsampling factors, 'none')
  --dropout 0.1  --head-channels 32  --middle-attention 1|0
  --batch 32  --steps 10000  --lr 2e-4  --ema 0.9995  --clip 1.0  --seed 0
  --checkpoint-every 250  --time-limit-minutes 0  --fp16   --threads N
Resumes automatically from DIR/checkpoints. Every checkpoint also exports the EMA weights as a
ready-to-use model folder (manifest.json + weights.safetensors).
)";

// The argument as a POSIX shell word, so that the command recorded in the model card runs as is.
std::string shellQuoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_.,:/=+@%") == std::string::npos)
    return arg;
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::vector<int64_t> parseList(const std::string& s) {
  std::vector<int64_t> out;
  if (s == "none") return out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoll(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  std::string command = "ccdf-train";
  for (int k = 1; k < argc; ++k) command += " " + shellQuoted(argv[k]);
  const std::vector<std::string> flags{"--learned-variance", "--fp16", "--help"};
  for (int k = 1; k < argc; ++k) {
    std::string key = argv[k];
    if (key.rfind("--", 0) != 0) {
      std::cerr << "ccdf-train: error: unexpected argument '" << key << "'\n";
      return 2;
    }
    if (std::find(flags.begin(), flags.end(), key) != flags.end()) {
      args[key] = "1";
    } else if (k + 1 < argc) {
      args[key] = argv[++k];
    } else {
      std::cerr << "ccdf-train: error: option " << key << " needs a value\n";
      return 2;
    }
  }
  if (args.count("--help") || !args.count("--data") || !args.count("--out") ||
      !args.count("--name")) {
    std::cout << kUsage;
    return args.count("--help") ? 0 : 2;
  }
  const std::vector<std::string> known{"--data",
                                       "--out",
                                       "--name",
                                       "--resolution",
                                       "--schedule",
                                       "--sigma-min",
                                       "--sigma-max",
                                       "--N",
                                       "--loss",
                                       "--learned-variance",
                                       "--base-channels",
                                       "--mults",
                                       "--res-blocks",
                                       "--attention",
                                       "--dropout",
                                       "--head-channels",
                                       "--middle-attention",
                                       "--batch",
                                       "--steps",
                                       "--lr",
                                       "--ema",
                                       "--clip",
                                       "--seed",
                                       "--checkpoint-every",
                                       "--time-limit-minutes",
                                       "--fp16",
                                       "--threads",
                                       "--licence",
                                       "--channels",
                                       "--max-short-side",
                                       "--data-description",
                                       "--objective",
                                       "--acceleration",
                                       "--acs-lines"};
  for (const auto& [k, v] : args)
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      std::cerr << "ccdf-train: error: unknown option " << k << "\n";
      return 2;
    }
  auto get = [&](const std::string& k, const std::string& def) {
    return args.count(k) ? args[k] : def;
  };
  try {
    if (args.count("--threads")) setenv("CCDF_THREADS", args["--threads"].c_str(), 1);
    ccdf::configureThreads();
    ccdf::TrainerOptions o;
    o.outputDirectory = args["--out"];
    o.modelName = args["--name"];
    o.commandLine = command;
    o.licence = get("--licence", "MIT");
    o.resolution = std::stoll(get("--resolution", "32"));
    o.batchSize = std::stoll(get("--batch", "32"));
    o.steps = std::stoll(get("--steps", "10000"));
    o.learningRate = std::stod(get("--lr", "2e-4"));
    o.emaDecay = std::stod(get("--ema", "0.9995"));
    o.gradClip = std::stod(get("--clip", "1.0"));
    o.seed = std::stoull(get("--seed", "0"));
    o.checkpointEvery = std::stoll(get("--checkpoint-every", "250"));
    o.timeLimitMinutes = std::stod(get("--time-limit-minutes", "0"));
    o.fp16Weights = args.count("--fp16") > 0;
    o.loss = ccdf::lossKindFromString(get("--loss", "eps"));
    const std::string objective = get("--objective", "diffusion");
    if (objective == "mri-restoration") {
      o.objective = ccdf::TrainingObjective::MriRestoration;
      o.restoration.acceleration = std::stod(get("--acceleration", "4"));
      o.restoration.acsLines = std::stoll(get("--acs-lines", "8"));
    } else if (objective != "diffusion") {
      throw std::invalid_argument("unknown objective '" + objective + "'");
    }

    const std::string scheduleName = get("--schedule", "vp-linear");
    const int64_t N = std::stoll(get("--N", "1000"));
    const ccdf::NoiseSchedule schedule =
        scheduleName == "vp-linear"   ? ccdf::NoiseSchedule::vpLinear(N)
        : scheduleName == "vp-cosine" ? ccdf::NoiseSchedule::vpCosine(N)
        : scheduleName == "ve"
            ? ccdf::NoiseSchedule::veGeometric(std::stod(get("--sigma-min", "0.01")),
                                               std::stod(get("--sigma-max", "80")), N)
            : throw std::invalid_argument("unknown schedule '" + scheduleName + "'");

    const std::string source = args["--data"];
    std::unique_ptr<ccdf::TrainingData> data;
    if (source.rfind("fashion-mnist", 0) == 0) {
      const auto colon = source.find(':');
      const std::string folder = colon == std::string::npos ? "/usr/share/datasets/fashion-mnist"
                                                            : source.substr(colon + 1);
      data = std::make_unique<ccdf::TensorImageData>(ccdf::loadFashionMnistImages(folder, "train"),
                                                     "Fashion-MNIST train split", true);
      o.dataSource =
          "Fashion-MNIST train split (60k, 28x28 padded to 32x32; Debian package "
          "dataset-fashion-mnist; Zalando Research, MIT licence)";
    } else if (source.rfind("phantoms", 0) == 0) {
      const auto colon = source.find(':');
      const int64_t count =
          colon == std::string::npos ? 4000 : std::stoll(source.substr(colon + 1));
      spdlog::info("generating {} phantoms at {}x{}", count, o.resolution, o.resolution);
      // Training seeds are 1..; held-out evaluation phantoms use seed 0 (see MODEL_CARD.md).
      auto images = ccdf::makePhantoms(count, o.resolution, 1) * 2.0 - 1.0;
      data = std::make_unique<ccdf::TensorImageData>(images, "procedural phantoms", true);
      o.dataSource = "procedural MR-like phantoms generated by ccdf_core (makePhantoms, seed 1, " +
                     std::to_string(count) + " images; project-generated, MIT)";
    } else if (source.rfind("images:", 0) == 0) {
      const std::string folder = source.substr(7);
      auto photos = ccdf::loadImageFolder(folder, std::stoll(get("--channels", "3")),
                                          std::stoll(get("--max-short-side", "512")));
      spdlog::info("loaded {} photographs from {}", photos.images.size(), folder);
      std::string names;
      for (const auto& name : photos.names) names += (names.empty() ? "" : ", ") + name;
      data = std::make_unique<ccdf::TensorImageData>(std::move(photos.images),
                                                     "photographs in " + folder, true);
      o.dataSource = get("--data-description", "photographs from " + folder) + " (" + names + ")";
    } else {
      throw std::invalid_argument("unknown data source '" + source + "'");
    }

    ccdf::UNetConfig arch;
    arch.imageChannels = data->channels();
    arch.baseChannels = std::stoll(get("--base-channels", "64"));
    arch.channelMultipliers = parseList(get("--mults", "1,2,2"));
    arch.resBlocksPerLevel = std::stoll(get("--res-blocks", "2"));
    arch.attentionDownsampling = parseList(get("--attention", "2"));
    arch.dropout = std::stod(get("--dropout", "0.1"));
    arch.headChannels = std::stoll(get("--head-channels", "32"));
    arch.middleAttention = get("--middle-attention", "1") != "0";
    arch.learnedVariance = args.count("--learned-variance") > 0;
    if ((o.loss == ccdf::LossKind::Hybrid) != arch.learnedVariance)
      throw std::invalid_argument("--loss hybrid and --learned-variance go together");

    spdlog::info("training '{}' on {} ({} threads)", o.modelName, data->description(),
                 torch::get_num_threads());
    const auto report = ccdf::trainDiffusionModel(
        arch, schedule, *data, o, [](const std::string& line) { std::cout << line << std::endl; });
    std::cout << "done: " << report.stepsDone << " steps, " << report.totalSeconds
              << " s in total; model in " << o.outputDirectory << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::string what = e.what();
    std::cerr << "ccdf-train: error: " << what.substr(0, what.find('\n')) << "\n";
    return 1;
  }
}
