// Image, mask and .npy files: OpenCV round trips, atomic writes that refuse to replace inputs,
// clear errors on damaged files.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>

#include "io/image_io.h"

namespace fs = std::filesystem;

namespace {

class ImageIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ccdf_tst_image_io_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // No temporary files may be left next to the outputs.
  void expectNoTempFiles() const {
    for (const auto& e : fs::directory_iterator(dir_))
      EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
  static void writeBytes(const std::string& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
  }
  static std::string readBytes(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  // An error message: must name the file and the reason.
  template <typename F>
  static std::string errorOf(F&& f) {
    try {
      f();
    } catch (const ccdf::IoError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no IoError thrown";
    return {};
  }

  fs::path dir_;
};

torch::Tensor ramp(int64_t c, int64_t h, int64_t w) {
  return torch::rand({1, c, h, w}, torch::Generator(at::detail::createCPUGenerator(7)));
}

TEST_F(ImageIoTest, OpenCvWrittenRgbIsReadAsRgb) {
  // A BGR image written by OpenCV: pure red must come back in channel 0.
  cv::Mat m(4, 5, CV_8UC3, cv::Scalar(0, 0, 255));  // B, G, R
  m.at<cv::Vec3b>(1, 2) = cv::Vec3b(255, 0, 0);     // one blue pixel
  ASSERT_TRUE(cv::imwrite(path("red.png"), m));
  const ccdf::LoadedImage img = ccdf::loadImage(path("red.png"));
  ASSERT_EQ(img.image.sizes(), (std::vector<int64_t>{1, 3, 4, 5}));
  EXPECT_EQ(img.bitDepth, 8);
  EXPECT_FLOAT_EQ(img.image[0][0][0][0].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(img.image[0][2][0][0].item<float>(), 0.0f);
  EXPECT_FLOAT_EQ(img.image[0][2][1][2].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(img.image[0][0][1][2].item<float>(), 0.0f);
}

TEST_F(ImageIoTest, RoundTrips8And16BitGreyAndRgb) {
  for (const int64_t c : {1, 3}) {
    for (const int depth : {8, 16}) {
      for (const std::string ext : {".png", ".tif"}) {
        const torch::Tensor x = ramp(c, 9, 13);
        const std::string p = path("img" + std::to_string(c) + "_" + std::to_string(depth) + ext);
        ccdf::saveImage(p, x, depth);
        const ccdf::LoadedImage back = ccdf::loadImage(p);
        ASSERT_EQ(back.image.sizes(), x.sizes()) << p;
        EXPECT_EQ(back.bitDepth, depth) << p;
        EXPECT_EQ(back.fileChannels, c) << p;
        const double maxErr = (back.image - x).abs().max().item<double>();
        const double q = depth == 8 ? 0.5 / 255 : 0.5 / 65535;
        EXPECT_LE(maxErr, q * 1.001) << p;
        // Independent check with OpenCV: the stored sample of pixel (0, 0), channel 0 (red).
        cv::Mat m = cv::imread(p, cv::IMREAD_UNCHANGED);
        ASSERT_FALSE(m.empty());
        EXPECT_EQ(m.depth(), depth == 8 ? CV_8U : CV_16U);
        const double maxV = depth == 8 ? 255.0 : 65535.0;
        const double stored =
            c == 1 ? (depth == 8 ? m.at<uint8_t>(0, 0) : m.at<uint16_t>(0, 0))
                   : (depth == 8 ? m.at<cv::Vec3b>(0, 0)[2] : m.at<cv::Vec3w>(0, 0)[2]);
        EXPECT_NEAR(stored, std::round(x[0][0][0][0].item<double>() * maxV), 0.5001) << p;
      }
    }
  }
  expectNoTempFiles();
}

TEST_F(ImageIoTest, ChannelConversionAndClamping) {
  ccdf::saveImage(path("rgb.png"), torch::full({1, 3, 4, 4}, 2.0));  // clamped to 1
  ccdf::ImageLoadOptions grey;
  grey.channels = 1;
  const torch::Tensor g = ccdf::loadImage(path("rgb.png"), grey).image;
  ASSERT_EQ(g.size(1), 1);
  EXPECT_NEAR(g.min().item<double>(), 1.0, 1e-6);
  ccdf::saveImage(path("grey.png"), torch::full({4, 4}, 0.5));
  ccdf::ImageLoadOptions rgb;
  rgb.channels = 3;
  const torch::Tensor c = ccdf::loadImage(path("grey.png"), rgb).image;
  ASSERT_EQ(c.size(1), 3);
  EXPECT_NEAR(c.max().item<double>(), 128.0 / 255.0, 1e-6);
}

TEST_F(ImageIoTest, RefusesToOverwriteAnInput) {
  ccdf::saveImage(path("in.png"), ramp(1, 8, 8));
  const std::string before = readBytes(path("in.png"));
  const std::vector<std::string> inputs = {path("in.png")};
  for (const std::string& target : {path("in.png"), (dir_ / "." / "in.png").string(),
                                    (dir_ / ".." / dir_.filename() / "in.png").string()}) {
    const std::string msg = errorOf([&] { ccdf::saveImage(target, ramp(1, 8, 8), 8, inputs); });
    EXPECT_NE(msg.find("refusing"), std::string::npos) << msg;
    EXPECT_NE(msg.find("in.png"), std::string::npos) << msg;
  }
  fs::create_symlink(path("in.png"), path("link.png"));
  EXPECT_THROW(ccdf::saveImage(path("link.png"), ramp(1, 8, 8), 8, inputs), ccdf::IoError);
  EXPECT_THROW(ccdf::saveNpy(path("in.png"), torch::zeros({2}), inputs), ccdf::IoError);
  EXPECT_THROW(ccdf::saveMask(path("in.png"), torch::ones({8, 8}), inputs), ccdf::IoError);
  EXPECT_EQ(readBytes(path("in.png")), before);
  // Another file in the same folder is fine and replaces an older output atomically.
  ccdf::saveImage(path("out.png"), torch::zeros({1, 1, 8, 8}), 8, inputs);
  ccdf::saveImage(path("out.png"), torch::ones({1, 1, 8, 8}), 8, inputs);
  EXPECT_NEAR(ccdf::loadImage(path("out.png")).image.min().item<double>(), 1.0, 1e-6);
  expectNoTempFiles();
  EXPECT_TRUE(ccdf::samePath(path("in.png"), (dir_ / "." / "in.png").string()));
  EXPECT_FALSE(ccdf::samePath(path("in.png"), path("out.png")));
}

TEST_F(ImageIoTest, WriteErrorsLeaveNothingBehind) {
  EXPECT_THROW(ccdf::saveImage(path("missing/out.png"), ramp(1, 4, 4)), ccdf::IoError);
  EXPECT_THROW(ccdf::saveImage(path("out.xyz"), ramp(1, 4, 4)), ccdf::IoError);
  EXPECT_THROW(ccdf::saveImage(path("out.jpg"), ramp(1, 4, 4), 16), ccdf::IoError);
  EXPECT_THROW(ccdf::saveImage(path("out.png"), ramp(1, 4, 4), 12), ccdf::IoError);
  EXPECT_THROW(ccdf::saveImage(path("out.png"), torch::zeros({1, 2, 4, 4})), ccdf::IoError);
  torch::Tensor nan = torch::zeros({1, 1, 4, 4});
  nan[0][0][1][1] = std::nanf("");
  EXPECT_THROW(ccdf::saveImage(path("out.png"), nan), ccdf::IoError);
  EXPECT_FALSE(fs::exists(path("out.png")));
  expectNoTempFiles();
}

TEST_F(ImageIoTest, ClearErrorsForMissingCorruptAndHugeFiles) {
  std::string msg = errorOf([&] { ccdf::loadImage(path("nope.png")); });
  EXPECT_NE(msg.find("nope.png"), std::string::npos);
  EXPECT_NE(msg.find("no such file"), std::string::npos);

  writeBytes(path("garbage.png"), "definitely not an image");
  msg = errorOf([&] { ccdf::loadImage(path("garbage.png")); });
  EXPECT_NE(msg.find("garbage.png"), std::string::npos);
  EXPECT_NE(msg.find("cannot decode"), std::string::npos) << msg;

  writeBytes(path("empty.png"), "");
  msg = errorOf([&] { ccdf::loadImage(path("empty.png")); });
  EXPECT_NE(msg.find("empty"), std::string::npos) << msg;

  ccdf::saveImage(path("good.png"), ramp(3, 32, 32));
  const std::string good = readBytes(path("good.png"));
  writeBytes(path("truncated.png"), good.substr(0, good.size() / 2));
  msg = errorOf([&] { ccdf::loadImage(path("truncated.png")); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  std::string flipped = good;
  flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 0x5A);
  writeBytes(path("flipped.png"), flipped);
  msg = errorOf([&] { ccdf::loadImage(path("flipped.png")); });
  EXPECT_NE(msg.find("corrupt"), std::string::npos) << msg;

  ccdf::saveImage(path("good.jpg"), ramp(3, 32, 32));
  const std::string jpg = readBytes(path("good.jpg"));
  writeBytes(path("truncated.jpg"), jpg.substr(0, jpg.size() - 40));
  msg = errorOf([&] { ccdf::loadImage(path("truncated.jpg")); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;

  ccdf::ImageLoadOptions small;
  small.maxPixels = 32 * 32 - 1;
  msg = errorOf([&] { ccdf::loadImage(path("good.png"), small); });
  EXPECT_NE(msg.find("too large"), std::string::npos) << msg;
  msg = errorOf([&] { ccdf::loadImage(path("good.jpg"), small); });
  EXPECT_NE(msg.find("too large"), std::string::npos) << msg;

  cv::Mat f(4, 4, CV_32FC1, cv::Scalar(0.5));
  ASSERT_TRUE(cv::imwrite(path("float.tif"), f));
  msg = errorOf([&] { ccdf::loadImage(path("float.tif")); });
  EXPECT_NE(msg.find("32-bit float"), std::string::npos) << msg;
}

TEST_F(ImageIoTest, MaskRoundTrip) {
  torch::Tensor mask = torch::ones({6, 7});
  mask.slice(0, 2, 4).slice(1, 1, 5).zero_();
  ccdf::saveMask(path("mask.png"), mask.view({1, 1, 6, 7}));
  cv::Mat m = cv::imread(path("mask.png"), cv::IMREAD_UNCHANGED);
  EXPECT_EQ(m.at<uint8_t>(0, 0), 255);  // white = known
  EXPECT_EQ(m.at<uint8_t>(2, 1), 0);
  const torch::Tensor back = ccdf::loadMask(path("mask.png"));
  ASSERT_EQ(back.sizes(), (std::vector<int64_t>{1, 1, 6, 7}));
  EXPECT_TRUE(torch::equal(back[0][0], mask));
  EXPECT_THROW(ccdf::saveMask(path("mask.tif"), mask), ccdf::IoError);
}

TEST_F(ImageIoTest, NpyRoundTripFloatAndComplex) {
  const torch::Tensor f = torch::randn({3, 4, 5});
  ccdf::saveNpy(path("f.npy"), f);
  const torch::Tensor fb = ccdf::loadNpy(path("f.npy"));
  EXPECT_EQ(fb.scalar_type(), torch::kFloat);
  EXPECT_TRUE(torch::equal(fb, f));

  const torch::Tensor z = torch::complex(torch::randn({1, 1, 6, 8}), torch::randn({1, 1, 6, 8}));
  ccdf::saveNpy(path("z.npy"), z);
  const torch::Tensor zb = ccdf::loadNpy(path("z.npy"));
  EXPECT_EQ(zb.scalar_type(), torch::kComplexFloat);
  EXPECT_TRUE(torch::equal(zb, z));

  const torch::Tensor v = torch::arange(5, torch::kFloat);
  ccdf::saveNpy(path("v.npy"), v);
  EXPECT_TRUE(torch::equal(ccdf::loadNpy(path("v.npy")), v));

  // The header follows NumPy's format 1.0 (data aligned to 64 bytes).
  const std::string bytes = readBytes(path("z.npy"));
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  const size_t headerLen = size_t(uint8_t(bytes[8])) | (size_t(uint8_t(bytes[9])) << 8);
  EXPECT_EQ((10 + headerLen) % 64, 0u);
  EXPECT_NE(bytes.find("'descr': '<c8', 'fortran_order': False, 'shape': (1, 1, 6, 8), }"),
            std::string::npos);
  EXPECT_EQ(bytes.size(), 10 + headerLen + 48 * 8);
}

TEST_F(ImageIoTest, NpyReadsFloat64AndRejectsBadFiles) {
  // A float64 [2] array written by hand in NumPy's format.
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += static_cast<char>(header.size() & 0xFF);
  file += static_cast<char>(header.size() >> 8);
  file += header;
  const double values[2] = {1.5, -2.25};
  file.append(reinterpret_cast<const char*>(values), sizeof values);
  writeBytes(path("d.npy"), file);
  const torch::Tensor d = ccdf::loadNpy(path("d.npy"));
  EXPECT_EQ(d.scalar_type(), torch::kFloat);
  EXPECT_FLOAT_EQ(d[1].item<float>(), -2.25f);

  writeBytes(path("short.npy"), file.substr(0, file.size() - 3));
  EXPECT_NE(errorOf([&] { ccdf::loadNpy(path("short.npy")); }).find("truncated"),
            std::string::npos);
  std::string fortran = file;
  fortran.replace(fortran.find("False"), 5, "True ");
  writeBytes(path("fortran.npy"), fortran);  // 1D: the same array in either order
  EXPECT_TRUE(torch::equal(ccdf::loadNpy(path("fortran.npy")), d));
  std::string ints = file;
  ints.replace(ints.find("<f8"), 3, "<i8");
  writeBytes(path("ints.npy"), ints);
  EXPECT_NE(errorOf([&] { ccdf::loadNpy(path("ints.npy")); }).find("unsupported .npy dtype"),
            std::string::npos);
  writeBytes(path("bad.npy"), "PK\x03\x04 not npy");
  EXPECT_NE(errorOf([&] { ccdf::loadNpy(path("bad.npy")); }).find("bad magic"), std::string::npos);
  EXPECT_NE(errorOf([&] { ccdf::loadNpy(path("none.npy")); }).find("no such file"),
            std::string::npos);
}

}  // namespace
