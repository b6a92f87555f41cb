#pragma once
// Importer for TensorFlow.js *layers* models (model.json + binary weight shards, as written by
// tensorflowjs_converter from a Keras functional model), run as an NCHW libtorch module.
//
// What is read
//   model.json: `format` must be "layers-model" (when present); `modelTopology.model_config`
//   (or `modelTopology` itself) is a Keras Functional model config: `config.layers[]` with
//   `class_name`, `name`, `config`, `inbound_nodes` (Keras 2 list form), and one entry in each of
//   `config.input_layers` / `config.output_layers`. `weightsManifest[]` groups: each group's
//   `paths` (relative to model.json's folder) are concatenated in order and hold the group's
//   `weights[]` back to back (row-major, little-endian). dtype float32, optionally tfjs-quantized
//   (`quantization` {dtype uint8|uint16, scale, min} → q·scale + min, or {dtype float16}).
//
// Layers (NHWC semantics reproduced on NCHW tensors)
//   InputLayer (4-D batch_input_shape / batch_shape); Conv2D (channels_last, HWIO kernel → OIHW,
//   strides, dilation_rate, padding "same" with TensorFlow's asymmetric split or "valid",
//   use_bias, activation, groups 1); Activation; Concatenate (Keras axis -1/3 → dim 1, 1 → 2,
//   2 → 3); Add (any number of inputs); UpSampling2D (integer size, interpolation "nearest");
//   and the @upscalerjs ESRGAN custom layers:
//     MultiplyBeta   x · 0.2 (the package's JS hard-codes beta = 0.2 and ignores the config;
//                    a config beta other than 0.2 is refused because Keras and TF.js would differ)
//     PixelShuffle<S>x  tf.depthToSpace(x, S, 'NHWC'): out[h·S+i, w·S+j, c] = in[h, w, (i·S+j)·C+c]
//                    with C = Cin/S². This is NOT torch::pixel_shuffle's channel order
//                    (c·S² + i·S + j); the block size is the S in the class name (the package's JS
//                    takes it from there, not from config.scale, which must agree when present).
//   Activations: linear, relu, relu6, sigmoid, tanh, elu, selu, softplus, softsign, swish,
//   hard_sigmoid (0.2x + 0.5 clipped, as TF.js and Keras 2), exponential, softmax (over channels).
//   Anything else (an unknown layer class or activation, channels_first, Keras 3 node format,
//   several inputs/outputs, a graph cycle, a missing shard or weight, a shape mismatch, a
//   byte count that does not match the manifest) throws std::runtime_error with one line that
//   starts with the model.json path and names the problem.
//
// Value conventions of the MIT-licensed @upscalerjs ESRGAN packages (v1.0.0, read from their JS
// model definitions, packages/shared/src/esrgan/esrgan.js):
//   esrgan-slim   (RDN C1 D2 G4 G0=64 T10)   x2 x3 x4 x8: inputRange = outputRange = [0, 255]
//   esrgan-medium (RDN C1 D10 G64 G0=64 T10) x2 x3 x4 x8: inputRange = outputRange = [0, 255]
//   esrgan-thick  (RRDN C4 D3 G32 G0=64 T10) x2 x3 x4 x8: inputRange = outputRange = [0, 1]
//   All take NHWC 3-channel images of any size and return S·H × S·W × 3. Channel order: the
//   packages do not state it; RGB is assumed (UpscalerJS feeds tf.browser.fromPixels-style RGB
//   tensors, and the DIV2K training data are RGB). The RDN models upsample with UpSampling2D
//   (nearest) + convs, the RRDN ones with PixelShuffle<S>x. No preprocess / postprocess /
//   divisibilityFactor is declared, and the output is NOT clipped to outputRange (measured on
//   the test image: slim x4 gave [-5.0, 268.3], thick x4 [-0.085, 1.077]): clip before
//   converting to 8-bit. Every conv pads with zeros ("same"), so the borders see zero padding;
//   any tiling (patch size / overlap padding) is up to the caller — nothing in these packages
//   does it (meta.patchSize, 128 or 129 for x3, is the DIV2K training patch size).
#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>

namespace ccdf {

struct TfjsLayersModelInfo {
  std::string modelJsonPath;
  std::string generatedBy;  // e.g. "keras v2.10.0"
  std::string convertedBy;  // e.g. "TensorFlow.js Converter v1.2.6"
  std::string inputLayer;
  std::string outputLayer;
  int64_t inputChannels = -1;              // from the InputLayer's shape; -1 when not fixed
  int64_t outputChannels = -1;             // inferred through the graph; -1 when unknown
  int64_t parameterCount = 0;              // scalars in all weights
  int64_t weightBytes = 0;                 // bytes in all shard files
  std::map<std::string, int> layerCounts;  // class_name → number of layers
};

class TfjsLayersModelImpl;  // the parsed graph (internal)

class TfjsLayersModel : public torch::nn::Module {
 public:
  TfjsLayersModel(std::shared_ptr<TfjsLayersModelImpl> graph, TfjsLayersModelInfo info);

  // nchw: [N, C, H, W] (converted to float32); returns the model output in NCHW.
  // Throws std::runtime_error for a wrong rank or channel count.
  torch::Tensor forward(const torch::Tensor& nchw);

  const TfjsLayersModelInfo& info() const { return info_; }

 private:
  std::shared_ptr<TfjsLayersModelImpl> graph_;
  TfjsLayersModelInfo info_;
};

// Reads model.json and its shards; throws std::runtime_error (one line, naming the file and the
// problem) for anything unsupported or inconsistent. Weights are float32 parameters on the CPU
// (requires_grad false); move the module with ->to(device).
std::shared_ptr<TfjsLayersModel> loadTfjsLayersModel(const std::string& modelJsonPath);

}  // namespace ccdf
