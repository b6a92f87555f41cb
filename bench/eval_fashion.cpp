// Evaluates the fashion-32 prior (issue 3): trains (or loads) the project's Fashion-MNIST
// classifier, reports its test accuracy, and the Fréchet distance on its penultimate features
// between model samples and the test split, beside two references: train vs test, blurred test vs
// test. Writes a sample sheet PNG.
//
// usage: eval_fashion [--model models/fashion-32] [--samples 1000] [--steps 100]
//                     [--classifier models/classifiers/fashion-mnist.safetensors] [--sheet PATH]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "ccdf/run.h"
#include "fashion_classifier.h"
#include "io/idx_reader.h"
#include "io/image_io.h"
#include "metrics/frechet.h"
#include "model/model_store.h"
#include "model/safetensors.h"
#include "sampling/sampler.h"
#include "util/device.h"

namespace {
using Classifier = ccdf::bench::FashionClassifier;

double accuracy(Classifier& net, const torch::Tensor& x, const torch::Tensor& labels) {
  torch::NoGradGuard g;
  int64_t correct = 0;
  for (int64_t s = 0; s < x.size(0); s += 500) {
    const int64_t n = std::min<int64_t>(500, x.size(0) - s);
    correct +=
        net->forward(x.narrow(0, s, n)).argmax(1).eq(labels.narrow(0, s, n)).sum().item<int64_t>();
  }
  return double(correct) / double(x.size(0));
}

torch::Tensor features(Classifier& net, const torch::Tensor& x) {
  return ccdf::bench::classifierFeatures(net, x);
}

torch::Tensor gaussianBlur(const torch::Tensor& x, double sigma) {
  auto r = torch::arange(-3, 4, torch::kFloat);
  auto k = torch::exp(-r * r / (2 * sigma * sigma));
  k = k / k.sum();
  auto k2 = (k.unsqueeze(1) * k.unsqueeze(0)).view({1, 1, 7, 7});
  auto padded = torch::replication_pad2d(x, {3, 3, 3, 3});
  return torch::conv2d(padded, k2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string modelDir = std::string(CCDF_SOURCE_DIR) + "/models/fashion-32";
  std::string classifierPath =
      std::string(CCDF_SOURCE_DIR) + "/models/classifiers/fashion-mnist.safetensors";
  std::string sheet = std::string(CCDF_SOURCE_DIR) + "/models/fashion-32/samples.png";
  int64_t samples = 1000, steps = 100;
  std::string samplerName = "ddpm", variance;  // variance empty: learned if the model has it
  double eta = 0.0;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (!std::strcmp(argv[k], "--model")) modelDir = argv[k + 1];
    if (!std::strcmp(argv[k], "--classifier")) classifierPath = argv[k + 1];
    if (!std::strcmp(argv[k], "--samples")) samples = std::stoll(argv[k + 1]);
    if (!std::strcmp(argv[k], "--steps")) steps = std::stoll(argv[k + 1]);
    if (!std::strcmp(argv[k], "--sheet")) sheet = argv[k + 1];
    if (!std::strcmp(argv[k], "--sampler")) samplerName = argv[k + 1];
    if (!std::strcmp(argv[k], "--variance")) variance = argv[k + 1];
    if (!std::strcmp(argv[k], "--eta")) eta = std::stod(argv[k + 1]);
  }
  ccdf::configureThreads();
  const std::string data = "/usr/share/datasets/fashion-mnist";
  const auto trainX = ccdf::loadFashionMnistImages(data, "train");
  const auto trainY = ccdf::loadFashionMnistLabels(data, "train").to(torch::kLong);
  const auto testX = ccdf::loadFashionMnistImages(data, "t10k");
  const auto testY = ccdf::loadFashionMnistLabels(data, "t10k").to(torch::kLong);

  Classifier net;
  if (std::filesystem::exists(classifierPath)) {
    ccdf::loadIntoModule(*net, ccdf::readSafetensors(classifierPath), classifierPath);
    std::printf("classifier: loaded %s\n", classifierPath.c_str());
  } else {
    // 3 epochs of Adam on the train split only; the test split is used for evaluation alone.
    torch::manual_seed(0);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
    torch::Generator gen = at::detail::createCPUGenerator(0);
    for (int epoch = 0; epoch < 3; ++epoch) {
      auto order = torch::randperm(trainX.size(0), gen, torch::kLong);
      for (int64_t s = 0; s + 128 <= trainX.size(0); s += 128) {
        auto idx = order.narrow(0, s, 128);
        auto x = trainX.index_select(0, idx);
        x = torch::where(torch::rand({128, 1, 1, 1}, gen) < 0.5, x, x.flip({3}));
        auto loss = torch::cross_entropy_loss(net->forward(x), trainY.index_select(0, idx));
        opt.zero_grad();
        loss.backward();
        opt.step();
      }
      std::printf("classifier epoch %d: test accuracy %.4f\n", epoch + 1,
                  accuracy(net, testX, testY));
    }
    std::filesystem::create_directories(std::filesystem::path(classifierPath).parent_path());
    ccdf::writeSafetensors(classifierPath, ccdf::moduleTensors(*net));
  }
  net->eval();
  std::printf("classifier test accuracy: %.4f\n", accuracy(net, testX, testY));

  const auto testF = features(net, testX);
  const auto trainF = features(net, trainX.narrow(0, 0, 10000));
  std::printf("FD train(10k) vs test(10k):        %.3f\n", ccdf::frechetDistance(trainF, testF));
  std::printf("FD blurred test (sigma 1) vs test: %.3f\n",
              ccdf::frechetDistance(features(net, gaussianBlur(testX, 1.0)), testF));

  if (samples <= 0) return 0;  // classifier and reference distances only
  auto model = ccdf::loadModel(modelDir, {}, torch::kCPU);
  ccdf::SamplerSettings settings;
  settings.name = samplerName;
  settings.eta = eta;
  settings.variance = !variance.empty() ? ccdf::ddpmVarianceFromString(variance)
                      : model.denoiser->hasLearnedVariance() ? ccdf::DdpmVariance::Learned
                                                             : ccdf::DdpmVariance::FixedSmall;
  auto sampler = ccdf::makeSampler(settings);
  std::vector<torch::Tensor> drawn;
  const auto started = std::chrono::steady_clock::now();
  for (int64_t s = 0; s < samples; s += 100) {
    ccdf::Problem p;
    p.x0Init = torch::zeros({std::min<int64_t>(100, samples - s), 1, 32, 32});
    ccdf::RunOptions o;
    o.t0 = 1.0;
    o.steps = steps;
    o.seed = uint64_t(s);
    o.pureNoiseStart = true;
    drawn.push_back(ccdf::runCcdf(p, *model.denoiser, *sampler, o).x.clamp(-1, 1));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto all = torch::cat(drawn);
  std::printf("FD %lld samples (%s, %lld steps) vs test: %.3f   [%.1f s]\n", (long long)samples,
              sampler->name().c_str(), (long long)steps,
              ccdf::frechetDistance(features(net, all), testF), seconds);
  std::printf("classifier's label histogram of the samples:");
  auto hist = torch::bincount(net->forward(all).argmax(1), {}, 10);
  for (int64_t c = 0; c < 10; ++c) std::printf(" %lld", (long long)hist[c].item<int64_t>());
  std::printf("\n");
  // 10 x 10 sheet of the first 100 samples.
  auto grid = all.narrow(0, 0, std::min<int64_t>(100, all.size(0)));
  const int64_t n = grid.size(0), cols = 10, rows = (n + cols - 1) / cols;
  auto sheetImage = torch::ones({1, 1, rows * 34, cols * 34});
  for (int64_t k = 0; k < n; ++k)
    sheetImage.narrow(2, (k / cols) * 34 + 1, 32)
        .narrow(3, (k % cols) * 34 + 1, 32)
        .copy_((grid[k] + 1) / 2);
  ccdf::saveImage(sheet, sheetImage);
  std::printf("sample sheet: %s\n", sheet.c_str());
  return 0;
}
