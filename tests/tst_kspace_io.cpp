// Raw k-space readers: fastMRI / ISMRMRD fixtures written here with libhdf5 / libismrmrd, BART
// fixtures made by `bart` itself (required: the test fails without it), .npy in both orders,
// the centring conversion, and one clear error per kind of corrupt input.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/image_io.h"
#include "io/kspace_io.h"
#include "support/fixtures/hdf5_fixtures.h"
#include "support/test_paths.h"
#include "util/isolated_call.h"

namespace fs = std::filesystem;
using namespace ccdf;
// fastMRI files as h5py writes them and ISMRMRD files, written with libhdf5 / libismrmrd.
using test::h5ComplexType;
using test::H5Writer;
using test::ismrmrdHeader;
using test::ismrmrdReadout;

namespace {

const std::vector<int64_t> kLastTwo{-2, -1};

torch::Tensor randomComplex(std::vector<int64_t> shape, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn(shape, torch::kComplexFloat);
}

torch::Tensor ifft2c(const torch::Tensor& k) {
  return torch::fft::fftshift(
      torch::fft::ifft2(torch::fft::ifftshift(k, kLastTwo), c10::nullopt, kLastTwo, "ortho"),
      kLastTwo);
}

torch::Tensor ifft2(const torch::Tensor& k) {
  return torch::fft::ifft2(k, c10::nullopt, kLastTwo, "ortho");
}

double relativeError(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).abs().max() / b.abs().max()).item<double>();
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// ---- .npy written by hand ----

void writeNpy(const std::string& path, const std::string& descr, bool fortran,
              const std::string& shape, const void* data, size_t bytes) {
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string file = "\x93NUMPY";
  file += '\x01';
  file += '\x00';
  file += char(header.size() & 0xFF);
  file += char(header.size() >> 8);
  file += header;
  file.append(static_cast<const char*>(data), bytes);
  writeText(path, file);
}

// ---- bart ----

bool haveBart() { return std::system("command -v bart > /dev/null 2>&1") == 0; }

void runBart(const std::string& args) {
  const std::string cmd = "bart " + args + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

#define REQUIRE_BART()                                               \
  if (!haveBart())                                                   \
  GTEST_FAIL() << "`bart` is not on PATH: install BART 0.8 (Debian " \
                  "package `bart`); CI does, and these tests need it"

class KspaceIo : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::makeTempDirectory("tst_kspace_io"); }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name) const { return dir_ + "/" + name; }

  // A clear error: one line that names the file and contains `reason`.
  void expectError(const std::function<void()>& f, const std::string& path,
                   const std::string& reason) {
    const std::string m = test::thrownMessage(f);
    EXPECT_NE(m.find(path), std::string::npos) << "message does not name " << path << ": " << m;
    EXPECT_NE(m.find(reason), std::string::npos) << "expected '" << reason << "' in: " << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }

  std::string dir_;
};

// ---- the centring conversion ----

TEST_F(KspaceIo, CentringConversionInvertsAndGivesTheCentredImage) {
  for (const auto& [h, w] :
       std::vector<std::pair<int64_t, int64_t>>{{8, 6}, {7, 5}, {6, 9}, {1, 4}, {3, 1}}) {
    SCOPED_TRACE(std::to_string(h) + "x" + std::to_string(w));
    const torch::Tensor kc = randomComplex({2, h, w}, 7).to(torch::kComplexDouble);
    const torch::Tensor k = kspaceFromCentred(kc);
    EXPECT_LT(relativeError(kspaceToCentred(k), kc), 1e-14);
    // The image of our k-space is the centred image of the file's (fastMRI / BART ifft2c).
    EXPECT_LT(relativeError(ifft2(k), ifft2c(kc)), 1e-12);
    EXPECT_EQ(k.scalar_type(), torch::kComplexDouble);
  }
  // Even sizes: a plain ifftshift with a (-1)^(ky + kx) checkerboard, bit-exact both ways.
  const torch::Tensor kc = randomComplex({3, 8, 6}, 8);
  const torch::Tensor checker =
      1 - 2 * ((torch::arange(8).unsqueeze(1) + torch::arange(6).unsqueeze(0)) % 2);
  const torch::Tensor k = kspaceFromCentred(kc);
  EXPECT_TRUE(torch::equal(k, torch::fft::ifftshift(kc, kLastTwo) * checker));
  EXPECT_TRUE(torch::equal(kspaceToCentred(k), kc));
  EXPECT_THROW(kspaceFromCentred(torch::zeros({4, 4})), std::invalid_argument);
  EXPECT_THROW(kspaceToCentred(torch::zeros({4}, torch::kComplexFloat)), std::invalid_argument);
}

// ---- fastMRI ----

TEST_F(KspaceIo, FastMriSingleCoilRoundTrip) {
  const std::string path = file("single.h5");
  const torch::Tensor kc = randomComplex({3, 8, 6}, 1);
  const torch::Tensor esc = torch::rand({3, 4, 5});
  const std::vector<uint8_t> columns{1, 0, 1, 1, 0, 1};
  {
    H5Writer h5(path);
    h5.writeComplex("kspace", kc);
    h5.write("mask", H5T_NATIVE_UINT8, {6}, columns.data());
    h5.writeFloat("reconstruction_esc", esc);
  }
  const KspaceData d = loadKspace(path, {2});
  EXPECT_EQ(d.format, "fastmri");
  EXPECT_EQ(d.path, path);
  EXPECT_EQ(d.slices, 3);
  EXPECT_EQ(d.slice, 2);
  ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{1, 8, 6}));
  EXPECT_EQ(d.kspace.scalar_type(), torch::kComplexFloat);
  EXPECT_TRUE(torch::equal(kspaceToCentred(d.kspace), kc.slice(0, 2, 3)));
  const torch::Tensor centredMask =
      torch::tensor({1.f, 0.f, 1.f, 1.f, 0.f, 1.f}).unsqueeze(0).expand({8, 6});
  EXPECT_TRUE(torch::equal(d.mask, torch::fft::ifftshift(centredMask, kLastTwo)));
  EXPECT_EQ(d.referenceName, "reconstruction_esc");
  EXPECT_TRUE(torch::equal(d.reference, esc[2]));
  EXPECT_EQ(loadKspace(path).slice, 1);  // the middle slice by default
}

TEST_F(KspaceIo, FastMriMultiCoilOddHeight) {
  const std::string path = file("multi.hdf5");
  const torch::Tensor kc = randomComplex({2, 3, 7, 10}, 2);
  const torch::Tensor rss = torch::rand({2, 6, 6});
  const torch::Tensor mask2d = (torch::rand({7, 10}) > 0.5).to(torch::kFloat);
  {
    H5Writer h5(path);
    h5.writeComplex("kspace", kc);
    h5.writeFloat("mask", mask2d);
    h5.writeFloat("reconstruction_rss", rss);
    h5.writeFloat("reconstruction_esc", rss * 2);  // rss wins
  }
  const KspaceData d = loadKspace(path, {0});
  ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{3, 7, 10}));
  EXPECT_LT(relativeError(kspaceToCentred(d.kspace), kc[0]), 1e-6);
  EXPECT_LT(relativeError(ifft2(d.kspace), ifft2c(kc[0])), 1e-5);
  EXPECT_TRUE(torch::equal(d.mask, torch::fft::ifftshift(mask2d, kLastTwo)));
  EXPECT_EQ(d.referenceName, "reconstruction_rss");
  EXPECT_TRUE(torch::equal(d.reference, rss[0]));
}

TEST_F(KspaceIo, FastMriBoolMaskAsH5pyWritesIt) {
  const std::string path = file("boolmask.h5");
  const hid_t boolType = H5Tenum_create(H5T_NATIVE_INT8);
  int8_t no = 0, yes = 1;
  H5Tenum_insert(boolType, "FALSE", &no);
  H5Tenum_insert(boolType, "TRUE", &yes);
  const std::vector<int8_t> columns{0, 1, 1, 0};
  {
    H5Writer h5(path);
    h5.writeComplex("kspace", randomComplex({1, 2, 4}, 3));
    h5.write("mask", boolType, {4}, columns.data());
  }
  H5Tclose(boolType);
  const KspaceData d = loadKspace(path);
  EXPECT_TRUE(torch::equal(d.mask[0], torch::tensor({1.f, 0.f, 0.f, 1.f})));  // ifftshifted
  EXPECT_FALSE(d.reference.defined());
}

// ---- ISMRMRD ----

TEST_F(KspaceIo, IsmrmrdEveryOtherLine) {
  const std::string path = file("raw.h5");
  const int coils = 2, samples = 16, lines = 12, slices = 2;
  const torch::Tensor full = randomComplex({slices, coils, samples, lines}, 4);
  {
    ISMRMRD::Dataset ds(path.c_str(), "dataset", true);
    ds.writeHeader(ismrmrdHeader(samples, lines, lines / 2, slices));
    ISMRMRD::Acquisition noise = ismrmrdReadout(randomComplex({coils, samples}, 5) * 100, 0, 1, 8);
    noise.setFlag(ISMRMRD::ISMRMRD_ACQ_IS_NOISE_MEASUREMENT);
    ds.appendAcquisition(noise);
    for (int s = 0; s < slices; ++s)
      for (int ky = 0; ky < lines; ky += 2)
        ds.appendAcquisition(ismrmrdReadout(full[s].select(2, ky), s, ky, samples / 2));
    ISMRMRD::Acquisition again = ismrmrdReadout(full[1].select(2, 4), 1, 4, samples / 2);
    again.idx().average = 1;  // a second average of the same line: averaged, not summed
    ds.appendAcquisition(again);
    ISMRMRD::Acquisition otherRepetition =
        ismrmrdReadout(full[1].select(2, 1) * 9, 1, 1, samples / 2);
    otherRepetition.idx().repetition = 1;
    ds.appendAcquisition(otherRepetition);
  }
  const torch::Tensor columnMask = (torch::arange(lines) % 2 == 0).to(torch::kFloat);
  const std::string bytes = readText(path);
  const KspaceData d = loadKspace(path, {1});
  // libismrmrd opens files read-write when it may; reading must still leave them unchanged.
  EXPECT_EQ(readText(path), bytes);
  EXPECT_EQ(d.format, "ismrmrd");
  EXPECT_EQ(d.slices, 2);
  EXPECT_EQ(d.slice, 1);
  ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{coils, samples, lines}));
  EXPECT_TRUE(torch::equal(kspaceToCentred(d.kspace), full[1] * columnMask));
  const torch::Tensor centredMask = columnMask.unsqueeze(0).expand({samples, lines});
  EXPECT_TRUE(torch::equal(d.mask, torch::fft::ifftshift(centredMask, kLastTwo)));
  EXPECT_TRUE(torch::equal(kspaceToCentred(loadKspace(path, {0}).kspace), full[0] * columnMask));
}

TEST_F(KspaceIo, IsmrmrdPartialEchoIsZeroPadded) {
  const std::string path = file("echo.h5");
  const torch::Tensor lines = randomComplex({1, 12, 4}, 6);  // 12 samples, centre sample 4
  {
    ISMRMRD::Dataset ds(path.c_str(), "dataset", true);
    ds.writeHeader(ismrmrdHeader(16, 4, 2, 1));
    for (int ky = 0; ky < 4; ++ky)
      ds.appendAcquisition(ismrmrdReadout(lines.select(2, ky), 0, ky, 4));
  }
  const KspaceData d = loadKspace(path);
  ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{1, 16, 4}));  // 2 * max(4, 12 - 4)
  const torch::Tensor centred = kspaceToCentred(d.kspace);
  using torch::indexing::Slice;
  EXPECT_TRUE(torch::equal(centred.index({Slice(), Slice(4, 16)}), lines));
  EXPECT_EQ(centred.index({Slice(), Slice(0, 4)}).abs().max().item<float>(), 0.f);
  const torch::Tensor centredMask = torch::fft::fftshift(d.mask, kLastTwo);
  EXPECT_TRUE(torch::equal(centredMask.index({Slice(4, 16)}), torch::ones({12, 4})));
  EXPECT_TRUE(torch::equal(centredMask.index({Slice(0, 4)}), torch::zeros({4, 4})));
}

// ---- BART ----

TEST_F(KspaceIo, CflFromBartMatchesBartsImage) {
  REQUIRE_BART();
  for (const int n : {32, 33}) {
    SCOPED_TRACE(n);
    const std::string k = file("k" + std::to_string(n)), img = file("img" + std::to_string(n));
    runBart("phantom -k -x " + std::to_string(n) + " " + k);
    runBart("fft -i -u 3 " + k + " " + img);
    const KspaceData d = loadKspace(k + ".cfl");
    EXPECT_EQ(d.format, "cfl");
    ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{1, n, n}));
    EXPECT_FALSE(d.mask.defined());
    // readCfl gives [d1, d0]; our planes are [H, W] = [d0, d1].
    const torch::Tensor bartImage = readCfl(img);
    ASSERT_EQ(bartImage.sizes(), (std::vector<int64_t>{n, n}));
    EXPECT_LT(relativeError(ifft2(d.kspace[0]), bartImage.t()), 1e-5);
    // Bit-exact for even sizes; odd ones multiply by complex phases (rounding only).
    const torch::Tensor back = kspaceToCentred(d.kspace)[0], file = readCfl(k).t();
    if (n % 2 == 0) EXPECT_TRUE(torch::equal(back, file));
    EXPECT_LT(relativeError(back, file), 1e-6);
    // The header, the data file and the base name all name the same pair.
    EXPECT_TRUE(torch::equal(loadKspace(k + ".hdr").kspace, d.kspace));
    EXPECT_TRUE(torch::equal(loadKspace(k).kspace, d.kspace));
  }
}

TEST_F(KspaceIo, CflMultiCoilFromBart) {
  REQUIRE_BART();
  const std::string k = file("kc"), img = file("imgc");
  runBart("phantom -k -s 4 -x 32 " + k);
  runBart("fft -i -u 3 " + k + " " + img);
  const KspaceData d = loadKspace(k + ".cfl");
  ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{4, 32, 32}));
  const torch::Tensor bartImage = readCfl(img);
  ASSERT_EQ(bartImage.sizes(), (std::vector<int64_t>{4, 1, 32, 32}));
  EXPECT_LT(relativeError(ifft2(d.kspace), bartImage.squeeze(1).transpose(1, 2)), 1e-5);
}

TEST_F(KspaceIo, CflWriterIsColumnMajorAndBartReadsIt) {
  // t[a][b][c] = 100 a + 10 b + c - i (100 a + 10 b + c): non-square, non-symmetric.
  const torch::Tensor re =
      (torch::arange(2).view({2, 1, 1}) * 100 + torch::arange(3).view({1, 3, 1}) * 10 +
       torch::arange(5).view({1, 1, 5}))
          .to(torch::kFloat);
  const torch::Tensor t = torch::complex(re, -re);
  const std::string base = file("ours");
  writeCfl(base + ".cfl", t);
  EXPECT_EQ(readText(base + ".hdr"), "# Dimensions\n5 3 2 1 1 1 1 1 1 1 1 1 1 1 1 1 \n");
  const std::string raw = readText(base + ".cfl");
  ASSERT_EQ(raw.size(), 30u * 8);
  std::vector<float> values(60);
  std::memcpy(values.data(), raw.data(), raw.size());
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 5; ++c) {
        const size_t at = size_t(c + 5 * (b + 3 * a));  // dim 0 (c) fastest
        EXPECT_EQ(values[2 * at], float(100 * a + 10 * b + c));
        EXPECT_EQ(values[2 * at + 1], -float(100 * a + 10 * b + c));
      }
  EXPECT_TRUE(torch::equal(readCfl(base), t));
  // Trailing singleton BART dims are dropped, interior ones kept.
  writeCfl(file("col"), torch::ones({5, 1, 1}, torch::kComplexFloat));
  EXPECT_EQ(readCfl(file("col")).sizes(), (std::vector<int64_t>{5, 1, 1}));
  writeCfl(file("row"), torch::ones({1, 1, 5}));
  EXPECT_EQ(readCfl(file("row")).sizes(), (std::vector<int64_t>{5}));

  REQUIRE_BART();
  runBart("transpose 0 1 " + base + " " + file("theirs"));
  EXPECT_TRUE(torch::equal(readCfl(file("theirs")), t.transpose(1, 2)));
}

TEST_F(KspaceIo, CflWriterRefusesToOverwriteItsInput) {
  const std::string base = file("in");
  writeCfl(base, torch::ones({2, 3}, torch::kComplexFloat));
  const std::string before = readText(base + ".cfl");
  for (const std::string& input : {base, base + ".cfl", base + ".hdr"}) {
    EXPECT_THROW(writeCfl(base, torch::zeros({2, 3}), {input}), IoError) << input;
    EXPECT_THROW(writeCfl(base + ".hdr", torch::zeros({2, 3}), {input}), IoError) << input;
  }
  EXPECT_EQ(readText(base + ".cfl"), before);
  EXPECT_THROW(writeCfl(file("empty"), torch::zeros({0, 3})), IoError);
}

TEST_F(KspaceIo, CflKspaceSlicesAndRoundTrip) {
  // BART dims x = 4 (H), y = 6 (W), z = 3 (slices), coils = 2: tensor [2, 3, 6, 4].
  const torch::Tensor bart = randomComplex({2, 3, 6, 4}, 9);
  writeCfl(file("slices"), bart);
  const KspaceData d = loadKspace(file("slices.cfl"), {2});
  EXPECT_EQ(d.slices, 3);
  ASSERT_EQ(d.kspace.sizes(), (std::vector<int64_t>{2, 4, 6}));
  EXPECT_TRUE(torch::equal(kspaceToCentred(d.kspace), bart.select(1, 2).transpose(1, 2)));
}

// ---- .npy ----

TEST_F(KspaceIo, NpyFortranOrderGivesTheSameTensor) {
  // a[i][j][k] = 100 i + 10 j + k for shape (2, 3, 4).
  std::vector<double> c, f;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) c.push_back(100 * i + 10 * j + k);
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 2; ++i) f.push_back(100 * i + 10 * j + k);
  const torch::Tensor expected = torch::tensor(c, torch::kDouble).view({2, 3, 4});
  struct Case {
    std::string descr;
    torch::ScalarType fileType;
    torch::ScalarType loaded;
  };
  for (const Case& tc :
       {Case{"<f4", torch::kFloat, torch::kFloat}, Case{"<f8", torch::kDouble, torch::kFloat},
        Case{"<c8", torch::kComplexFloat, torch::kComplexFloat},
        Case{"<c16", torch::kComplexDouble, torch::kComplexFloat}}) {
    SCOPED_TRACE(tc.descr);
    for (const bool fortran : {false, true}) {
      const torch::Tensor data =
          torch::tensor(fortran ? f : c, torch::kDouble).to(tc.fileType).contiguous();
      const std::string path = file(tc.descr.substr(1) + (fortran ? "_f.npy" : "_c.npy"));
      writeNpy(path, tc.descr, fortran, "(2, 3, 4)", data.data_ptr(),
               size_t(data.numel() * data.element_size()));
      const torch::Tensor t = loadNpy(path);
      EXPECT_EQ(t.scalar_type(), tc.loaded);
      EXPECT_TRUE(torch::equal(t, expected.to(tc.loaded))) << (fortran ? "Fortran" : "C");
    }
  }
  // A Fortran-ordered 1D array is the same bytes as a C-ordered one.
  const std::vector<float> v{1, 2, 3};
  writeNpy(file("v.npy"), "<f4", true, "(3,)", v.data(), 12);
  EXPECT_TRUE(torch::equal(loadNpy(file("v.npy")), torch::tensor({1.f, 2.f, 3.f})));
}

TEST_F(KspaceIo, NpyKspaceShapesAndLayouts) {
  const torch::Tensor k = randomComplex({1, 2, 8, 6}, 10);  // what `ccdf simulate` writes
  saveNpy(file("sim.npy"), k);
  const KspaceData d = loadKspace(file("sim.npy"));
  EXPECT_EQ(d.format, "npy");
  EXPECT_TRUE(torch::equal(d.kspace, k[0]));
  EXPECT_FALSE(d.mask.defined());
  KspaceLoadOptions centred;
  centred.npyLayout = KspaceLayout::Centred;
  EXPECT_TRUE(torch::equal(loadKspace(file("sim.npy"), centred).kspace, kspaceFromCentred(k[0])));

  saveNpy(file("plane.npy"), k[0][1]);
  EXPECT_TRUE(torch::equal(loadKspace(file("plane.npy")).kspace, k[0][1].unsqueeze(0)));
  const torch::Tensor stack = randomComplex({3, 2, 4, 4}, 11);
  saveNpy(file("stack.npy"), stack);
  const KspaceData s = loadKspace(file("stack.npy"), {2});
  EXPECT_EQ(s.slices, 3);
  EXPECT_TRUE(torch::equal(s.kspace, stack[2]));
  // Fortran order through loadKspace: the C-order bytes of the transposed [H, W] plane.
  const torch::Tensor plane = randomComplex({3, 5}, 12);
  const torch::Tensor bytes = plane.t().contiguous();
  writeNpy(file("fortran.npy"), "<c8", true, "(3, 5)", bytes.data_ptr(), 15 * 8);
  EXPECT_TRUE(torch::equal(loadKspace(file("fortran.npy")).kspace[0], plane));
}

TEST_F(KspaceIo, IsKspaceFileByExtension) {
  for (const char* p : {"a.h5", "b.HDF5", "c.cfl", "d.hdr", "e.npy"}) EXPECT_TRUE(isKspaceFile(p));
  for (const char* p : {"a.png", "b", "c.h5.txt", "d.dcm"}) EXPECT_FALSE(isKspaceFile(p));
}

// ---- corrupt inputs: one clear line each, nothing printed by libhdf5 ----

TEST_F(KspaceIo, CorruptHdf5InputsGiveClearErrors) {
  const auto fastMri = [&](const std::string& name, auto&& fill) {
    const std::string path = file(name);
    H5Writer h5(path);
    fill(h5);
    return path;
  };
  const std::string good = fastMri("good.h5", [](H5Writer& h5) {
    h5.writeComplex("kspace", randomComplex({3, 8, 8}, 1));
  });
  const std::string oneD =
      fastMri("1d.h5", [](H5Writer& h5) { h5.writeComplex("kspace", randomComplex({16}, 1)); });
  const std::string real = fastMri("real.h5", [](H5Writer& h5) {
    h5.writeFloat("kspace", torch::rand({2, 4, 4}));
  });
  const std::vector<int16_t> ints(32, 7);
  const std::string int16 = fastMri("int16.h5", [&](H5Writer& h5) {
    h5.write("kspace", H5T_NATIVE_INT16, {2, 4, 4}, ints.data());
  });
  const std::string missing = fastMri("missing.h5", [](H5Writer& h5) {
    h5.writeFloat("image", torch::rand({4, 4}));
  });
  const std::string empty = fastMri("empty.h5", [](H5Writer& h5) {
    const hid_t t = h5ComplexType();
    h5.write("kspace", t, {0, 4, 4}, nullptr);
    H5Tclose(t);
  });
  const std::string badMask = fastMri("badmask.h5", [](H5Writer& h5) {
    h5.writeComplex("kspace", randomComplex({1, 4, 6}, 1));
    h5.writeFloat("mask", torch::ones({5}));
  });
  const std::string badRss = fastMri("badrss.h5", [](H5Writer& h5) {
    h5.writeComplex("kspace", randomComplex({3, 4, 6}, 1));
    h5.writeFloat("reconstruction_rss", torch::ones({2, 4, 4}));
  });
  const std::string truncated = file("truncated.h5");
  fs::copy_file(good, truncated);
  fs::resize_file(truncated, fs::file_size(good) / 2);
  const std::string text = file("text.h5");
  writeText(text, "not an HDF5 file at all\n");

  testing::internal::CaptureStderr();
  expectError([&] { loadKspace(file("nothere.h5")); }, file("nothere.h5"), "no such file");
  expectError([&] { loadKspace(text); }, text, "not an HDF5 file");
  expectError([&] { loadKspace(truncated); }, truncated, "truncated");
  expectError([&] { loadKspace(oneD); }, oneD, "expected [slices, H, W]");
  expectError([&] { loadKspace(real); }, real, "32-bit real floats, expected complex");
  expectError([&] { loadKspace(int16); }, int16, "16-bit integers, expected complex");
  expectError([&] { loadKspace(missing); }, missing, "neither a 'kspace' dataset");
  expectError([&] { loadKspace(empty); }, empty, "zero-size dimension");
  expectError([&] { loadKspace(good, {3}); }, good, "slice 3 is out of range (the file has 3");
  expectError([&] { loadKspace(good, {-2}); }, good, "out of range");
  expectError([&] { loadKspace(badMask); }, badMask, "'mask' has shape [5]");
  expectError([&] { loadKspace(badRss); }, badRss, "'reconstruction_rss' has shape [2, 4, 4]");
  expectError([&] { loadKspace(dir_ + "/"); }, dir_, "directory");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(loadKspace(good).kspace.size(1), 8);  // still fine after all those failures
}

// libhdf5 1.10.8 dereferences a null pointer looking up this damaged root group (found by
// fuzz_fastmri). The reader runs libhdf5 in a child process first, so the crash becomes an error.
TEST_F(KspaceIo, AFileThatCrashesLibhdf5IsRefusedNotFatal) {
  const std::string path = file("crasher.h5");
  fs::copy_file(
      std::string(CCDF_SOURCE_DIR) + "/tests/data/fuzz/fastmri/libhdf5-group-lookup-segv.reject",
      path);
  expectError([&] { loadKspace(path); }, path, "damaged HDF5 file: libhdf5 crashed");
  expectError([&] { loadKspace(path); }, path, "nothing was loaded");

  // A valid file reads the same with and without the child process.
  const std::string good = file("good.h5");
  {
    H5Writer h5(good);
    h5.writeComplex("kspace", randomComplex({3, 8, 8}, 4));
  }
  const KspaceData isolated = loadKspace(good);
  ccdf::setProcessIsolationEnabled(false);
  const KspaceData inProcess = loadKspace(good);
  ccdf::setProcessIsolationEnabled(true);
  EXPECT_TRUE(torch::equal(isolated.kspace, inProcess.kspace));
}

TEST_F(KspaceIo, CorruptIsmrmrdInputsGiveClearErrors) {
  const std::string noiseOnly = file("noise.h5"), outside = file("outside.h5");
  {
    ISMRMRD::Dataset ds(noiseOnly.c_str(), "dataset", true);
    ds.writeHeader(ismrmrdHeader(8, 4, 2, 1));
    ISMRMRD::Acquisition noise = ismrmrdReadout(randomComplex({1, 8}, 1), 0, 0, 4);
    noise.setFlag(ISMRMRD::ISMRMRD_ACQ_IS_NOISE_MEASUREMENT);
    ds.appendAcquisition(noise);
  }
  {
    ISMRMRD::Dataset ds(outside.c_str(), "dataset", true);
    ds.writeHeader(ismrmrdHeader(8, 4, 2, 1));
    ds.appendAcquisition(ismrmrdReadout(randomComplex({1, 8}, 1), 0, 7, 4));
  }
  const std::string headerOnly = file("header.h5");
  {
    ISMRMRD::Dataset ds(headerOnly.c_str(), "dataset", true);
    ds.writeHeader(ismrmrdHeader(8, 4, 2, 1));
    ds.appendAcquisition(ismrmrdReadout(randomComplex({1, 8}, 1), 0, 2, 4));
  }
  const std::string bare = file("bare.h5");
  {
    const hid_t f = H5Fcreate(bare.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Gclose(H5Gcreate2(f, "dataset", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    H5Fclose(f);
  }
  const std::string badXml = file("badxml.h5");
  {
    ISMRMRD::Dataset ds(badXml.c_str(), "dataset", true);
    ds.writeHeader("<ismrmrdHeader><encoding>");
  }
  const std::string truncated = file("truncated.h5");
  fs::copy_file(noiseOnly, truncated);
  fs::resize_file(truncated, fs::file_size(noiseOnly) / 2);
  testing::internal::CaptureStderr();
  expectError([&] { loadKspace(bare); }, bare, "ISMRMRD XML header: No XML Header found");
  expectError([&] { loadKspace(badXml); }, badXml, "cannot read the ISMRMRD XML header");
  expectError([&] { loadKspace(truncated); }, truncated, "truncated");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  expectError([&] { loadKspace(noiseOnly); }, noiseOnly, "no imaging acquisitions");
  expectError([&] { loadKspace(outside); }, outside, "ky index 7 is outside the encoded matrix");
  expectError([&] { loadKspace(headerOnly, {1}); }, headerOnly, "slice 1 is out of range");
}

TEST_F(KspaceIo, CorruptCflAndNpyInputsGiveClearErrors) {
  const std::string base = file("k");
  writeCfl(base, randomComplex({2, 4, 6}, 1));  // BART dims x 6, y 4, z 2
  expectError([&] { loadKspace(base, {2}); }, base, "slice 2 is out of range");
  expectError([&] { loadKspace(file("none.cfl")); }, file("none.hdr"), "no such file");
  expectError([&] { loadKspace(file("none")); }, file("none"), "no such file");

  fs::resize_file(base + ".cfl", 100);
  expectError([&] { loadKspace(base); }, base + ".cfl", "size 100 bytes does not match");
  expectError([&] { readCfl(base); }, base + ".cfl", "does not match the .hdr dimensions");
  fs::remove(base + ".cfl");
  expectError([&] { readCfl(base); }, base + ".cfl", "no such file");

  const auto withHeader = [&](const std::string& name, const std::string& text) {
    writeText(file(name + ".hdr"), text);
    writeText(file(name + ".cfl"), std::string(64, '\0'));
    return file(name + ".hdr");
  };
  const std::string words = withHeader("words", "# Dimensions\n4 abc 1\n");
  expectError([&] { loadKspace(words); }, words, "bad '# Dimensions' line");
  const std::string noDims = withHeader("nodims", "# Command\nphantom\n");
  expectError([&] { readCfl(noDims); }, noDims, "no '# Dimensions' line");
  const std::string zero = withHeader("zero", "# Dimensions\n4 0 1\n");
  expectError([&] { loadKspace(zero); }, zero, "zero size");
  const std::string tooMany =
      withHeader("many", "# Dimensions\n1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n");
  expectError([&] { readCfl(tooMany); }, tooMany, "bad '# Dimensions' line");
  const std::string huge = withHeader("huge", "# Dimensions\n65536 65536 1\n");
  expectError([&] { loadKspace(huge); }, huge, "too large");
  expectError([&] { readCfl(huge); }, huge, "too large");
  const std::string maps = withHeader("maps", "# Dimensions\n2 2 1 1 2\n");
  expectError([&] { loadKspace(maps); }, maps, "BART dimension 4 has size 2");

  saveNpy(file("real.npy"), torch::rand({4, 4}));
  expectError([&] { loadKspace(file("real.npy")); }, file("real.npy"), "real");
  saveNpy(file("1d.npy"), randomComplex({8}, 1));
  expectError([&] { loadKspace(file("1d.npy")); }, file("1d.npy"), "has shape [8]");
  saveNpy(file("zero.npy"), torch::zeros({0, 4}, torch::kComplexFloat));
  expectError([&] { loadKspace(file("zero.npy")); }, file("zero.npy"), "zero-size");
  saveNpy(file("cut.npy"), randomComplex({8, 8}, 1));
  fs::resize_file(file("cut.npy"), fs::file_size(file("cut.npy")) - 8);
  expectError([&] { loadKspace(file("cut.npy")); }, file("cut.npy"), "truncated");
  expectError([&] { loadKspace(file("cut.npy"), {1}); }, file("cut.npy"), "truncated");
  const std::vector<int16_t> shorts(4, 1);
  writeNpy(file("i2.npy"), "<i2", false, "(2, 2)", shorts.data(), 8);
  expectError([&] { loadKspace(file("i2.npy")); }, file("i2.npy"), "unsupported .npy dtype");

  writeText(file("mystery"), "hello");
  expectError([&] { loadKspace(file("mystery")); }, file("mystery"), "unknown k-space format");
}

}  // namespace
