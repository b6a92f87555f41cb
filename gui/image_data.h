#pragma once
// An image held by the core as a float [1, C, H, W] tensor in [0, 1], opaque to widgets so that
// their headers stay free of <torch/torch.h>. Copies share the pixels (they are immutable).
#include <QImage>
#include <QString>
#include <QStringList>
#include <limits>
#include <memory>

namespace ccdf::gui {

class ImageData {
 public:
  struct Storage;  // defined in tensor_image.h
  ImageData() = default;
  explicit ImageData(std::shared_ptr<const Storage> storage);

  bool isNull() const { return !storage_; }
  int width() const;
  int height() const;
  int channels() const;
  int bitDepth() const;     // 8 or 16: the depth of the file it came from (8 for computed images)
  QImage toQImage() const;  // 8-bit Grayscale8 or RGB888 for display
  const Storage* storage() const { return storage_.get(); }

 private:
  std::shared_ptr<const Storage> storage_;
};

// Loads PNG / JPEG / TIFF / BMP or DICOM (the middle frame) through the IO layer; channels 0
// keeps the file's channels, 1 converts to grey, 3 to RGB. Throws std::runtime_error with one line.
ImageData loadImageFile(const QString& path, int channels = 0);
// Saves atomically; refuses to write over any of `inputPaths`. Throws std::runtime_error.
void saveImageFile(const ImageData& image, const QString& path, int bitDepth,
                   const QStringList& inputPaths = {});

struct Quality {
  double psnr = std::numeric_limits<double>::quiet_NaN();  // dB on the [0, 1] scale
  double ssim = std::numeric_limits<double>::quiet_NaN();
  bool valid() const { return psnr == psnr; }
};
// PSNR / SSIM of `estimate` against the reference file (loaded with the estimate's channels;
// a DICOM series or multi-frame file at `frame`, -1: the middle one, as `ccdf restore --slice`).
// Throws std::runtime_error when the sizes differ or the file cannot be read.
Quality measureQuality(const ImageData& estimate, const QString& referencePath, int frame = -1);

}  // namespace ccdf::gui
