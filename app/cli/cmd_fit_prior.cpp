// `ccdf fit-prior`: an exact stationary Gaussian prior (power-law spectrum) fitted to images,
// written as a "gaussian-powerlaw" model folder (manifest.json + MODEL_CARD.md).
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.h"
#include "io/image_io.h"
#include "model/model_store.h"
#include "model/network_models.h"
#include "prior/gaussian_prior.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace ccdf::cli {

namespace {

const char* kHelp =
    "usage: ccdf fit-prior --images FILE... --channels 1|3 --out DIR [options]\n"
    "\n"
    "Fits a stationary Gaussian prior whose power spectrum is c / (f^2 + f0^2)^(alpha/2) per\n"
    "channel to the images (least squares on log periodograms) and writes the model folder DIR\n"
    "(manifest.json, kind gaussian-powerlaw, and MODEL_CARD.md). This is an exact Gaussian\n"
    "prior, not a trained network: it needs no weights and runs on any image size.\n"
    "Images of different sizes are centre-cropped to the smallest common size.\n"
    "\n"
    "options:\n"
    "  --images FILE...        images to fit (required)\n"
    "  --channels 1|3          grey or RGB model; images are converted (required)\n"
    "  --out DIR               model folder to write (created if missing) (required)\n"
    "  --name NAME             model name (default: the folder's name)\n"
    "  --version V             model version (default 1.0.0)\n"
    "  --licence TEXT          licence of the model (default: the licence note below)\n"
    "  --data-source TEXT...   where the images come from, one entry each (default: file names)\n"
    "  --schedule-steps N      vp-linear schedule length N (default 1000; beta 1e-4..0.02)\n";

json numbers(const std::vector<double>& v) {
  json j = json::array();
  for (double d : v) j.push_back(d);
  return j;
}

std::string joinNumbers(const std::vector<double>& v, int decimals) {
  std::string out;
  for (double d : v) out += (out.empty() ? "" : ", ") + fmt(d, decimals);
  return out;
}

}  // namespace

int runFitPrior(int argc, char** argv) {
  if (helpRequested(argc, argv, 2)) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  Args args("fit-prior",
            {{"images", true, true},
             {"channels"},
             {"out"},
             {"name"},
             {"version"},
             {"licence"},
             {"data-source", true, true},
             {"schedule-steps"}},
            argc, argv, 2);
  const std::vector<std::string> files = args.list("images");
  if (files.empty()) throw UsageError("missing required option '--images FILE...'");
  const int64_t channels = args.integer("channels", 0);
  if (!args.has("channels")) throw UsageError("missing required option '--channels 1|3'");
  if (channels != 1 && channels != 3) throw UsageError("option '--channels' must be 1 or 3");
  const std::string outDir = args.required("out");
  std::string name = args.str("name", fs::path(outDir).lexically_normal().filename().string());
  if (name.empty() || name == "." || name == "..")
    name = fs::absolute(outDir).lexically_normal().parent_path().filename().string();
  const int64_t N = args.integer("schedule-steps", 1000);
  if (N < 2) throw UsageError("option '--schedule-steps' must be >= 2");

  ImageLoadOptions load;
  load.channels = channels;
  std::vector<torch::Tensor> images;
  int64_t h = 0, w = 0;
  std::vector<std::string> names;
  for (const auto& f : files) {
    torch::Tensor t = loadImage(f, load).image;
    h = images.empty() ? t.size(2) : std::min(h, t.size(2));
    w = images.empty() ? t.size(3) : std::min(w, t.size(3));
    images.push_back(t);
    names.push_back(fs::path(f).filename().string());
  }
  if (h < 8 || w < 8) throw UsageError("images must be at least 8x8 pixels");
  for (auto& t : images) {
    const int64_t top = (t.size(2) - h) / 2, left = (t.size(3) - w) / 2;
    t = t.slice(2, top, top + h).slice(3, left, left + w);
  }
  ModelInfo range;  // default value range [-1, 1]
  const torch::Tensor batch = toModelRange(range, torch::cat(images, 0));
  const PowerLawSpectrum spec = fitPowerLawSpectrum(batch);

  json sources = json::array();
  for (const auto& n : args.has("data-source") ? args.list("data-source") : names)
    sources.push_back(n);
  const std::string licence =
      args.str("licence",
               "The manifest and card: same licence as CCDF Studio. The fitted numbers "
               "are statistics of the listed images.");
  const std::string description =
      "Exact Gaussian prior, not a trained network: stationary power-law spectrum fitted to " +
      std::to_string(images.size()) + (channels == 1 ? " grey" : " RGB") + " image(s)";
  const NoiseSchedule schedule = NoiseSchedule::vpLinear(N);

  json m;
  m["name"] = name;
  m["version"] = args.str("version", "1.0.0");
  m["kind"] = "gaussian-powerlaw";
  m["description"] = description;
  m["licence"] = licence;
  m["data_source"] = sources;
  m["channels"] = channels;
  m["value_range"] = json::array({range.valueMin, range.valueMax});
  m["resolution"] = 0;
  m["fully_convolutional"] = true;
  m["size_multiple"] = 1;
  m["schedule"] = scheduleToManifest(schedule);
  m["spectrum"] = {{"model",
                    "P(f) = scale / (f^2 + corner_frequency^2)^(exponent / 2), f in "
                    "cycles/pixel, per channel; orthonormal 2D FFT"},
                   {"channel_mean", numbers(spec.channelMean)},
                   {"scale", numbers(spec.scale)},
                   {"corner_frequency", numbers(spec.cornerFrequency)},
                   {"exponent", numbers(spec.exponent)}};
  m["fit"] = {{"images", images.size()}, {"crop", json::array({h, w})}};

  std::ostringstream card;
  card
      << "# " << name << "\n\n"
      << "**Exact Gaussian prior, not a trained network.** Kind `gaussian-powerlaw`: a stationary\n"
      << "Gaussian distribution whose power spectrum is a power law per channel,\n"
      << "`P(f) = scale / (f^2 + f0^2)^(alpha/2)` (f in cycles/pixel), with the per-channel mean.\n"
      << "Its denoiser `E[x0 | x_t]` is computed exactly in the Fourier domain, so it needs no\n"
      << "weights and works on any image size. It lets CCDF run (and be tested) before any "
         "network\n"
      << "is trained; a learned model restores natural-image detail far better.\n\n"
      << "- channels: " << channels << (channels == 1 ? " (grey)" : " (RGB)") << "\n"
      << "- value range: [-1, 1] (images in [0, 1] are mapped by 2x - 1)\n"
      << "- schedule: vp-linear, N = " << N << ", beta 1e-4 .. 0.02\n"
      << "- version: " << m["version"].get<std::string>() << "\n\n"
      << "## Fitted parameters\n\n"
      << "| channel | mean | scale | f0 | alpha |\n|---|---|---|---|---|\n";
  for (int64_t c = 0; c < spec.channels(); ++c)
    card << "| " << c << " | " << fmt(spec.channelMean[c], 4) << " | " << spec.scale[c] << " | "
         << fmt(spec.cornerFrequency[c], 5) << " | " << fmt(spec.exponent[c], 3) << " |\n";
  card << "\n## Data\n\nFitted with `ccdf fit-prior` on " << images.size() << " image(s), "
       << "centre-cropped to " << w << "x" << h << ":\n\n";
  for (const auto& s : sources) card << "- " << s.get<std::string>() << "\n";
  card
      << "\n## Licence\n\n"
      << licence << "\n\n"
      << "## Limitations\n\n"
      << "A Gaussian prior models only second-order statistics (the spectrum; colour channels are\n"
      << "independent). The stochastic samplers draw from the Gaussian posterior: the result has\n"
      << "plausible spectrum but no edges or object structure beyond what the measurement holds,\n"
      << "and a posterior sample's expected squared error is twice the posterior variance. Do not\n"
      << "use it to judge what a trained diffusion model would achieve.\n";

  std::error_code ec;
  if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
    throw UsageError("--out '" + outDir + "' exists and is not a folder");
  const std::string manifestPath = (fs::path(outDir) / "manifest.json").string();
  const std::string cardPath = (fs::path(outDir) / "MODEL_CARD.md").string();
  refuseOverwriteOfInputs(manifestPath, files);
  refuseOverwriteOfInputs(cardPath, files);
  fs::create_directories(outDir, ec);
  if (!fs::is_directory(outDir)) throw IoError("cannot create folder '" + outDir + "'");
  const std::string text = m.dump(2) + "\n";
  writeFileAtomically(manifestPath, std::vector<unsigned char>(text.begin(), text.end()), files);
  const std::string cardText = card.str();
  writeFileAtomically(cardPath, std::vector<unsigned char>(cardText.begin(), cardText.end()),
                      files);
  std::printf("fitted %zu image(s) (%lldx%lld, %lld channel(s))\n", images.size(),
              static_cast<long long>(w), static_cast<long long>(h),
              static_cast<long long>(channels));
  std::printf("mean: %s\nexponent: %s\ncorner frequency: %s\n",
              joinNumbers(spec.channelMean, 4).c_str(), joinNumbers(spec.exponent, 3).c_str(),
              joinNumbers(spec.cornerFrequency, 5).c_str());
  std::printf("wrote: %s\nwrote: %s\n", manifestPath.c_str(), cardPath.c_str());
  return 0;
}

}  // namespace ccdf::cli
