#include "tensor_image.h"

#include <stdexcept>

#include "io/image_io.h"
#include "io/input_image.h"
#include "metrics/metrics.h"

namespace ccdf::gui {

ImageData::ImageData(std::shared_ptr<const Storage> storage) : storage_(std::move(storage)) {}

int ImageData::width() const { return storage_ ? int(storage_->unit.size(3)) : 0; }
int ImageData::height() const { return storage_ ? int(storage_->unit.size(2)) : 0; }
int ImageData::channels() const { return storage_ ? int(storage_->unit.size(1)) : 0; }
int ImageData::bitDepth() const { return storage_ ? storage_->bitDepth : 8; }
QImage ImageData::toQImage() const {
  return storage_ ? qimageFromTensor(storage_->unit) : QImage();
}

ImageData imageFromTensor(const torch::Tensor& unitImage, int bitDepth) {
  auto storage = std::make_shared<ImageData::Storage>();
  torch::Tensor t = unitImage.detach().to(torch::kCPU, torch::kFloat32);
  while (t.dim() < 4) t = t.unsqueeze(0);
  storage->unit = t.contiguous();
  storage->bitDepth = bitDepth;
  return ImageData(std::move(storage));
}

const torch::Tensor& tensorOf(const ImageData& image) {
  if (image.isNull()) throw std::runtime_error("no image");
  return image.storage()->unit;
}

QImage qimageFromTensor(const torch::Tensor& unitImage) {
  torch::Tensor t = unitImage.detach().to(torch::kCPU, torch::kFloat32);
  while (t.dim() > 3) t = t[0];
  if (t.dim() == 2) t = t.unsqueeze(0);
  const int64_t c = t.size(0), h = t.size(1), w = t.size(2);
  if (c != 1 && c != 3)
    throw std::runtime_error("cannot show an image with " + std::to_string(c) + " channels");
  const torch::Tensor bytes =
      t.clamp(0.0, 1.0).mul(255.0).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  const QImage view(bytes.data_ptr<uint8_t>(), int(w), int(h), int(w * c),
                    c == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
  return view.copy();
}

torch::Tensor maskTensorFromQImage(const QImage& mask) {
  const QImage grey = mask.convertToFormat(QImage::Format_Grayscale8);
  torch::Tensor out = torch::empty({1, 1, grey.height(), grey.width()}, torch::kFloat32);
  float* dst = out.data_ptr<float>();
  for (int y = 0; y < grey.height(); ++y) {
    const uchar* row = grey.constScanLine(y);
    for (int x = 0; x < grey.width(); ++x) *dst++ = row[x] >= 128 ? 1.0f : 0.0f;
  }
  return out;
}

QImage qimageFromMaskTensor(const torch::Tensor& mask) {
  torch::Tensor m = mask.detach().to(torch::kCPU, torch::kFloat32);
  while (m.dim() > 2) m = m[0];
  return qimageFromTensor(m.ge(0.5).to(torch::kFloat32));
}

ImageData loadImageFile(const QString& path, int channels) {
  ImageLoadOptions options;
  options.channels = channels;
  const InputImage loaded = loadInputImage(path.toStdString(), -1, options);
  return imageFromTensor(loaded.image, loaded.bitDepth);
}

void saveImageFile(const ImageData& image, const QString& path, int bitDepth,
                   const QStringList& inputPaths) {
  std::vector<std::string> inputs;
  for (const QString& p : inputPaths)
    if (!p.isEmpty()) inputs.push_back(p.toStdString());
  saveImage(path.toStdString(), tensorOf(image), bitDepth, inputs);
}

Quality measureQuality(const ImageData& estimate, const QString& referencePath, int frame) {
  const torch::Tensor& e = tensorOf(estimate);
  ImageLoadOptions options;
  options.channels = e.size(1);
  const torch::Tensor r = loadInputImage(referencePath.toStdString(), frame, options).image;
  if (r.sizes() != e.sizes())
    throw std::runtime_error("the reference is " + std::to_string(r.size(3)) + "x" +
                             std::to_string(r.size(2)) + " but the image is " +
                             std::to_string(e.size(3)) + "x" + std::to_string(e.size(2)));
  Quality q;
  q.psnr = psnr(e, r, 1.0);
  q.ssim = ssim(e, r, 1.0);
  return q;
}

}  // namespace ccdf::gui
