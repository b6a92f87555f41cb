#pragma once
// The project's Fashion-MNIST classifier (trained by eval_fashion, weights in
// models/classifiers/fashion-mnist.safetensors): its 128-d penultimate layer is the feature space
// of the Fréchet distances in the benchmarks.
#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace ccdf::bench {

struct FashionClassifierImpl : torch::nn::Module {
  torch::nn::Conv2d c1{nullptr}, c2{nullptr}, c3{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  FashionClassifierImpl() {
    namespace nn = torch::nn;
    c1 = register_module("c1", nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)));
    c2 = register_module("c2", nn::Conv2d(nn::Conv2dOptions(32, 64, 3).padding(1)));
    c3 = register_module("c3", nn::Conv2d(nn::Conv2dOptions(64, 128, 3).padding(1)));
    fc1 = register_module("fc1", nn::Linear(128 * 4 * 4, 128));
    fc2 = register_module("fc2", nn::Linear(128, 10));
  }
  torch::Tensor features(torch::Tensor x) {  // x: [B, 1, 32, 32] in [-1, 1]
    x = torch::max_pool2d(torch::relu(c1(x)), 2);
    x = torch::max_pool2d(torch::relu(c2(x)), 2);
    x = torch::max_pool2d(torch::relu(c3(x)), 2);
    return torch::relu(fc1(x.flatten(1)));
  }
  torch::Tensor forward(torch::Tensor x) { return fc2(features(x)); }
};
TORCH_MODULE(FashionClassifier);

// Features of x ([N, 1, 32, 32] in [-1, 1]) in chunks of 500.
inline torch::Tensor classifierFeatures(FashionClassifier& net, const torch::Tensor& x) {
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> out;
  for (int64_t s = 0; s < x.size(0); s += 500)
    out.push_back(net->features(x.narrow(0, s, std::min<int64_t>(500, x.size(0) - s))));
  return torch::cat(out);
}

}  // namespace ccdf::bench
