// Measurement operators, k-space masks, measurement simulation and the network-free
// initialisers, tested against their defining properties (adjointness, projections, exact
// sample counts) and against OpenCV where an independent implementation exists.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <complex>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccdf/initialiser.h"
#include "ccdf/simulate.h"
#include "ops/masks.h"
#include "ops/operator.h"

namespace ccdf {
namespace {

torch::Generator makeGenerator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

torch::Tensor randomReal(std::vector<int64_t> shape, torch::Generator& gen,
                         torch::Dtype dtype = torch::kDouble) {
  return torch::randn(shape, gen, torch::TensorOptions().dtype(dtype));
}

torch::Tensor randomComplex(std::vector<int64_t> shape, torch::Generator& gen,
                            torch::Dtype dtype = torch::kDouble) {
  return torch::complex(randomReal(shape, gen, dtype), randomReal(shape, gen, dtype));
}

// <a, b> = sum a * conj(b), in complex double whatever the inputs are.
std::complex<double> innerProduct(const torch::Tensor& a, const torch::Tensor& b) {
  auto ca = a.to(torch::kComplexDouble), cb = b.to(torch::kComplexDouble);
  const auto value = (ca * cb.conj()).sum().item<c10::complex<double>>();
  return {value.real(), value.imag()};
}

double l2Norm(const torch::Tensor& t) {
  return t.to(torch::kComplexDouble).abs().norm().item<double>();
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kComplexDouble) - b.to(torch::kComplexDouble)).abs().max().item<double>();
}

// k -> -k (mod n) on both axes of a non-centred [H, W] grid.
torch::Tensor negateFrequencies(const torch::Tensor& kspaceGrid) {
  return torch::roll(torch::flip(kspaceGrid, {-2, -1}), {1, 1}, {-2, -1});
}

torch::Tensor conjugateSymmetricMask(int64_t height, int64_t width, uint64_t seed) {
  KspaceMaskSpec spec;
  spec.pattern = MaskPattern::PoissonDisc2D;
  spec.acceleration = 6;
  spec.seed = seed;
  auto mask = makeKspaceMask(height, width, spec);
  return torch::maximum(mask, negateFrequencies(mask));
}

torch::Tensor randomBinaryMask(std::vector<int64_t> shape, double keep, torch::Generator& gen) {
  return (torch::rand(shape, gen) < keep).to(torch::kFloat);
}

// One of each operator, on small images so that the 100-pair property tests stay fast.
struct NamedOperator {
  std::string label;
  std::shared_ptr<Operator> op;
  bool complexImage;  // the operator's image domain is complex
};

std::vector<NamedOperator> operatorZoo(int64_t height = 32, int64_t width = 32) {
  auto gen = makeGenerator(11);
  const std::vector<int64_t> shape{2, 3, height, width};
  KspaceMaskSpec spec;
  spec.acceleration = 4;
  spec.seed = 5;
  const auto kmask = makeKspaceMask(height, width, spec);
  return {
      {"sr_x2", std::make_shared<SuperResolution>(shape, 2), false},
      {"sr_x4", std::make_shared<SuperResolution>(shape, 4), false},
      {"sr_x8", std::make_shared<SuperResolution>(shape, 8), false},
      {"inpainting",
       std::make_shared<Inpainting>(shape, randomBinaryMask({1, 1, height, width}, 0.6, gen)),
       false},
      {"inpainting_per_channel",
       std::make_shared<Inpainting>(shape, randomBinaryMask({2, 3, height, width}, 0.3, gen)),
       false},
      {"mri_real", std::make_shared<MriSampling>(shape, kmask, true), false},
      {"mri_real_symmetric",
       std::make_shared<MriSampling>(shape, conjugateSymmetricMask(height, width, 5), true), false},
      {"mri_complex", std::make_shared<MriSampling>(shape, kmask, false), true},
  };
}

torch::Tensor randomImage(const NamedOperator& named, torch::Generator& gen, double scale = 1.0,
                          torch::Dtype dtype = torch::kFloat) {
  const auto shape = named.op->imageShape();
  return scale *
         (named.complexImage ? randomComplex(shape, gen, dtype) : randomReal(shape, gen, dtype));
}

// A measurement that is consistent with some image, plus a little noise on the measured entries.
torch::Tensor randomMeasurement(const NamedOperator& named, torch::Generator& gen,
                                torch::Dtype dtype = torch::kFloat) {
  auto truth = randomImage(named, gen, 1.0, dtype);
  auto y = named.op->A(truth);
  auto noise = y.is_complex() ? randomComplex(y.sizes().vec(), gen, dtype)
                              : randomReal(y.sizes().vec(), gen, dtype);
  return y + 0.1 * named.op->A(named.op->AH(noise));
}

// ------------------------------------------------------------------------------------------
// Adjointness: <A x, y> = <x, A^H y>.

TEST(OpsAdjoint, SuperResolutionAllFactors) {
  auto gen = makeGenerator(1);
  for (int64_t factor : {2, 4, 8, 16}) {
    SuperResolution op({2, 3, 64, 48}, factor);
    auto x = randomReal({2, 3, 64, 48}, gen);
    auto y = randomReal({2, 3, 64 / factor, 48 / factor}, gen);
    const double lhs = innerProduct(op.A(x), y).real(), rhs = innerProduct(x, op.AH(y)).real();
    EXPECT_NEAR(lhs, rhs, 1e-10 * l2Norm(op.A(x)) * l2Norm(y)) << "factor " << factor;
    EXPECT_EQ(op.A(x).sizes(), y.sizes());
    EXPECT_EQ(op.AH(y).sizes(), x.sizes());
  }
}

TEST(OpsAdjoint, Inpainting) {
  auto gen = makeGenerator(2);
  for (auto maskShape :
       std::vector<std::vector<int64_t>>{{1, 1, 20, 24}, {2, 1, 20, 24}, {20, 24}}) {
    Inpainting op({2, 3, 20, 24}, randomBinaryMask(maskShape, 0.5, gen));
    auto x = randomReal({2, 3, 20, 24}, gen), y = randomReal({2, 3, 20, 24}, gen);
    EXPECT_NEAR(innerProduct(op.A(x), y).real(), innerProduct(x, op.AH(y)).real(),
                1e-10 * l2Norm(x) * l2Norm(y));
  }
}

TEST(OpsAdjoint, MriComplexAndRealImages) {
  auto gen = makeGenerator(3);
  for (auto pattern : {MaskPattern::Gaussian1D, MaskPattern::PoissonDisc2D}) {
    KspaceMaskSpec spec;
    spec.pattern = pattern;
    spec.acsLines = 4;  // R = 4 on 24 columns allows 6 lines
    MriSampling op({2, 1, 32, 24}, makeKspaceMask(32, 24, spec), false);
    auto y = randomComplex({2, 1, 32, 24}, gen);
    // Complex image domain: the full complex inner product.
    auto xc = randomComplex({2, 1, 32, 24}, gen);
    const auto lhs = innerProduct(op.A(xc), y), rhs = innerProduct(xc, op.AH(y));
    EXPECT_NEAR(lhs.real(), rhs.real(), 1e-10 * l2Norm(xc) * l2Norm(y));
    EXPECT_NEAR(lhs.imag(), rhs.imag(), 1e-10 * l2Norm(xc) * l2Norm(y));
    // Real image domain: the adjoint of A restricted to real x is Re(A^H y).
    auto xr = randomReal({2, 1, 32, 24}, gen);
    EXPECT_NEAR(innerProduct(op.A(xr), y).real(), innerProduct(xr, torch::real(op.AH(y))).real(),
                1e-10 * l2Norm(xr) * l2Norm(y));
  }
}

// ------------------------------------------------------------------------------------------
// A A^H on the range.

TEST(OpsRange, SuperResolutionAAHIsIdentityAndAdjointReplicates) {
  auto gen = makeGenerator(4);
  for (int64_t factor : {2, 4, 8, 16}) {
    SuperResolution op({1, 2, 32, 64}, factor);
    auto y = randomReal({1, 2, 32 / factor, 64 / factor}, gen);
    EXPECT_LT(maxAbsDiff(op.A(op.AH(y)), y), 1e-12) << "factor " << factor;
    // A^H y repeats y / s over each s x s block.
    auto up = op.AH(y);
    EXPECT_DOUBLE_EQ(up[0][1][factor - 1][factor - 1].item<double>(),
                     y[0][1][0][0].item<double>() / factor);
    EXPECT_DOUBLE_EQ(up[0][0][factor][0].item<double>(), y[0][0][1][0].item<double>() / factor);
    // lowRes <-> measurement: the block mean of x is A x / s.
    auto x = randomReal({1, 2, 32, 64}, gen);
    auto blockMean = torch::avg_pool2d(x, factor);
    EXPECT_LT(maxAbsDiff(op.lowResFromMeasurement(op.A(x)), blockMean), 1e-12);
    EXPECT_LT(maxAbsDiff(op.measurementFromLowRes(blockMean), op.A(x)), 1e-12);
  }
}

TEST(OpsRange, InpaintingAndMriAAHIsTheMask) {
  auto gen = makeGenerator(5);
  auto pixelMask = randomBinaryMask({1, 1, 16, 16}, 0.5, gen);
  Inpainting inpaint({1, 2, 16, 16}, pixelMask);
  auto y = randomReal({1, 2, 16, 16}, gen);
  EXPECT_LT(maxAbsDiff(inpaint.A(inpaint.AH(y)), pixelMask.to(torch::kDouble) * y), 1e-15);

  KspaceMaskSpec spec;
  spec.acsLines = 2;  // R = 4 on 16 columns allows 4 lines
  auto kmask = makeKspaceMask(16, 16, spec);
  MriSampling mri({1, 2, 16, 16}, kmask);
  auto k = randomComplex({1, 2, 16, 16}, gen);
  EXPECT_LT(maxAbsDiff(mri.A(mri.AH(k)), kmask.to(torch::kDouble) * k), 1e-12);
}

// ------------------------------------------------------------------------------------------
// Projections.

TEST(OpsProject, IdempotentForEveryOperator) {
  auto gen = makeGenerator(6);
  for (const auto& named : operatorZoo()) {
    // Re(.) after the k-space projection is only itself a projection when the merged k-space
    // is conjugate symmetric (symmetric mask); otherwise it is merely non-expansive (below).
    if (named.label == "mri_real") continue;
    auto y = named.op->A(randomImage(named, gen, 1.0, torch::kDouble));
    auto x = randomImage(named, gen, 3.0, torch::kDouble);
    auto once = named.op->project(x, y);
    EXPECT_LT(maxAbsDiff(named.op->project(once, y), once), 1e-12) << named.label;
  }
}

TEST(OpsProject, InpaintingKeepsMeasuredPixelsExactly) {
  auto gen = makeGenerator(7);
  auto mask = randomBinaryMask({1, 1, 24, 24}, 0.4, gen);
  Inpainting op({2, 3, 24, 24}, mask);
  auto y = op.A(randomReal({2, 3, 24, 24}, gen, torch::kFloat));
  auto x = randomReal({2, 3, 24, 24}, gen, torch::kFloat);
  auto projected = op.project(x, y);
  auto known = mask.expand_as(x) > 0.5;
  // Bit-exact: measured pixels are y, unknown pixels are x.
  EXPECT_TRUE(torch::equal(projected.masked_select(known), y.masked_select(known)));
  EXPECT_TRUE(torch::equal(projected.masked_select(~known), x.masked_select(~known)));
}

TEST(OpsProject, SuperResolutionMatchesMeasurementAndKeepsDetail) {
  auto gen = makeGenerator(8);
  for (int64_t factor : {2, 4, 8, 16}) {
    SuperResolution op({1, 3, 32, 48}, factor);
    auto y = randomReal({1, 3, 32 / factor, 48 / factor}, gen);
    auto x = randomReal({1, 3, 32, 48}, gen);
    auto projected = op.project(x, y);
    EXPECT_LT(maxAbsDiff(op.A(projected), y), 1e-12);
    // The part of x that A cannot see, (I - A^H A) x, is untouched.
    auto detail = [&](const torch::Tensor& t) { return t - op.AH(op.A(t)); };
    EXPECT_LT(maxAbsDiff(detail(projected), detail(x)), 1e-12);
  }
}

TEST(OpsProject, MriComplexImageKeepsSamples) {
  auto gen = makeGenerator(9);
  auto mask = makeKspaceMask(32, 32, KspaceMaskSpec{});
  MriSampling op({1, 2, 32, 32}, mask, false);
  auto y = op.A(randomComplex({1, 2, 32, 32}, gen, torch::kFloat));
  auto x = randomComplex({1, 2, 32, 32}, gen, torch::kFloat);
  auto projected = op.project(x, y);
  ASSERT_TRUE(projected.is_complex());
  auto kProjected = torch::fft::fft2(projected, c10::nullopt, {-2, -1}, "ortho");
  auto kx = torch::fft::fft2(x, c10::nullopt, {-2, -1}, "ortho");
  // Float FFT round trip: 1e-5 on values of order 1.
  EXPECT_LT(maxAbsDiff(mask * kProjected, y), 1e-5);
  EXPECT_LT(maxAbsDiff((1 - mask) * kProjected, (1 - mask) * kx), 1e-5);
}

TEST(OpsProject, MriRealImageWithSymmetricMaskKeepsSamples) {
  auto gen = makeGenerator(10);
  auto mask = conjugateSymmetricMask(32, 24, 3);
  ASSERT_TRUE(torch::equal(mask, negateFrequencies(mask)));
  MriSampling op({2, 1, 32, 24}, mask, true);
  auto truth = randomReal({2, 1, 32, 24}, gen, torch::kFloat);
  auto y = op.A(truth);
  auto x = randomReal({2, 1, 32, 24}, gen, torch::kFloat);
  auto projected = op.project(x, y);
  ASSERT_FALSE(projected.is_complex());
  // Merged k-space is conjugate symmetric, so taking the real part loses nothing.
  EXPECT_LT(maxAbsDiff(op.A(projected), y), 1e-5);
  auto kx = torch::fft::fft2(x, c10::nullopt, {-2, -1}, "ortho");
  auto kProjected = torch::fft::fft2(projected, c10::nullopt, {-2, -1}, "ortho");
  EXPECT_LT(maxAbsDiff((1 - mask) * kProjected, (1 - mask) * kx), 1e-5);
}

TEST(OpsProject, NonExpansiveOnRandomPairs) {
  auto gen = makeGenerator(12);
  for (const auto& named : operatorZoo()) {
    auto y = randomMeasurement(named, gen);
    struct Map {
      std::string label;
      std::function<torch::Tensor(const torch::Tensor&)> apply;
    };
    const std::vector<Map> maps{
        {"project", [&](const torch::Tensor& x) { return named.op->project(x, y); }},
        {"soft 0.3", [&](const torch::Tensor& x) { return named.op->softProject(x, y, 0.3); }},
        {"soft 1", [&](const torch::Tensor& x) { return named.op->softProject(x, y, 1.0); }},
    };
    for (const auto& map : maps) {
      for (int pair = 0; pair < 100; ++pair) {
        // Pairs at different scales and distances, some of them close together.
        const double scale = std::pow(10.0, pair % 5 - 2);
        auto u = randomImage(named, gen, scale);
        auto v =
            (pair % 2) ? randomImage(named, gen, scale) : u + 1e-2 * randomImage(named, gen, scale);
        const double before = l2Norm(u - v), after = l2Norm(map.apply(u) - map.apply(v));
        ASSERT_LE(after, before * (1 + 1e-5))
            << named.label << " " << map.label << " pair " << pair;
      }
    }
  }
}

TEST(OpsProject, SoftProjectIsTheDocumentedGradientStep) {
  auto gen = makeGenerator(13);
  for (const auto& named : operatorZoo()) {
    auto y = randomMeasurement(named, gen, torch::kDouble);
    auto x = randomImage(named, gen, 1.0, torch::kDouble);
    EXPECT_LT(maxAbsDiff(named.op->softProject(x, y, 1.0), named.op->project(x, y)), 1e-12)
        << named.label;
    auto step = named.op->AH(named.op->A(x) - y);
    if (!named.complexImage) step = torch::real(step);
    EXPECT_LT(maxAbsDiff(named.op->softProject(x, y, 0.3), x - 0.3 * step), 1e-12) << named.label;
  }
}

TEST(OpsProject, SoftProjectRejectsLambdaOutsideUnitInterval) {
  SuperResolution op({1, 1, 8, 8}, 2);
  auto x = torch::zeros({1, 1, 8, 8}), y = torch::zeros({1, 1, 4, 4});
  EXPECT_THROW(op.softProject(x, y, 0.0), std::invalid_argument);
  EXPECT_THROW(op.softProject(x, y, 1.5), std::invalid_argument);
  EXPECT_THROW(op.softProject(x, y, std::nan("")), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// Measurement noise and simulation.

TEST(OpsNoise, MeasurementNoiseHasTheCovarianceOfAz) {
  auto gen = makeGenerator(14);
  // SR: A A^H = I, so standard normal in the measurement's shape.
  SuperResolution sr({4, 3, 64, 64}, 4);
  auto ySr = torch::zeros({4, 3, 16, 16});
  auto nSr = sr.measurementNoise(ySr, gen);
  EXPECT_EQ(nSr.sizes(), ySr.sizes());
  EXPECT_NEAR(nSr.mean().item<double>(), 0.0, 0.05);
  EXPECT_NEAR(nSr.var().item<double>(), 1.0, 0.05);

  // Inpainting: zero where unknown, unit variance where known.
  auto mask = randomBinaryMask({1, 1, 64, 64}, 0.5, gen);
  Inpainting inpaint({4, 3, 64, 64}, mask);
  auto nIn = inpaint.measurementNoise(torch::zeros({4, 3, 64, 64}), gen);
  auto known = mask.expand_as(nIn) > 0.5;
  EXPECT_EQ(nIn.masked_select(~known).abs().max().item<double>(), 0.0);
  EXPECT_NEAR(nIn.masked_select(known).var().item<double>(), 1.0, 0.05);

  // MRI, real images: M F z with real z, so E|n|^2 = 1 on the mask and n(-k) = conj n(k).
  auto kmask = conjugateSymmetricMask(64, 64, 1);
  MriSampling mri({4, 3, 64, 64}, kmask, true);
  auto yMri = torch::zeros({4, 3, 64, 64}, torch::kComplexFloat);
  auto nMri = mri.measurementNoise(yMri, gen);
  ASSERT_TRUE(nMri.is_complex());
  auto sampled = kmask.expand({4, 3, 64, 64}) > 0.5;
  EXPECT_EQ(nMri.abs().masked_select(~sampled).max().item<double>(), 0.0);
  EXPECT_NEAR(nMri.abs().pow(2).masked_select(sampled).mean().item<double>(), 1.0, 0.05);
  EXPECT_LT(maxAbsDiff(negateFrequencies(nMri).conj(), nMri), 1e-5);

  // Deterministic per generator seed.
  auto a = makeGenerator(99), b = makeGenerator(99);
  EXPECT_TRUE(torch::equal(mri.measurementNoise(yMri, a), mri.measurementNoise(yMri, b)));
}

TEST(OpsSimulate, NoiseFreeAndNoisyMeasurements) {
  auto gen = makeGenerator(15);
  auto truth = torch::rand({2, 3, 64, 64}, gen);
  SuperResolution sr({2, 3, 64, 64}, 2);
  EXPECT_TRUE(torch::equal(simulateMeasurement(sr, truth, 0.0, gen), sr.A(truth)));
  auto noisy = simulateMeasurement(sr, truth, 0.1, gen);
  EXPECT_NEAR((noisy - sr.A(truth)).std().item<double>(), 0.1, 0.005);

  auto mask = randomBinaryMask({1, 1, 64, 64}, 0.5, gen);
  Inpainting inpaint({2, 3, 64, 64}, mask);
  auto residual = simulateMeasurement(inpaint, truth, 0.2, gen) - inpaint.A(truth);
  auto known = mask.expand_as(residual) > 0.5;
  EXPECT_EQ(residual.masked_select(~known).abs().max().item<double>(), 0.0);
  EXPECT_NEAR(residual.masked_select(known).std().item<double>(), 0.2, 0.01);

  // Complex measurements: noiseStd / sqrt(2) per real component, only on sampled k-space.
  auto kmask = makeKspaceMask(64, 64, KspaceMaskSpec{});
  MriSampling mri({2, 3, 64, 64}, kmask);
  auto kResidual = simulateMeasurement(mri, truth, 0.2, gen) - mri.A(truth);
  auto sampled = kmask.expand({2, 3, 64, 64}) > 0.5;
  EXPECT_EQ(kResidual.abs().masked_select(~sampled).max().item<double>(), 0.0);
  EXPECT_NEAR(torch::real(kResidual).masked_select(sampled).std().item<double>(),
              0.2 / std::sqrt(2.0), 0.01);
  EXPECT_NEAR(torch::imag(kResidual).masked_select(sampled).std().item<double>(),
              0.2 / std::sqrt(2.0), 0.01);

  EXPECT_THROW(simulateMeasurement(sr, truth, -1.0, gen), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// Validation.

template <typename F>
std::string thrownMessage(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

TEST(OpsValidation, ConstructorsAndCallsRejectBadShapesClearly) {
  EXPECT_NE(thrownMessage([] {
              SuperResolution({1, 3, 32, 30}, 3);
            }).find("scale 3 does not divide the image size 32x30"),
            std::string::npos);
  EXPECT_THROW(SuperResolution({1, 3, 32, 32}, 0), std::invalid_argument);
  EXPECT_THROW(SuperResolution({3, 32, 32}, 2), std::invalid_argument);

  const std::string inpaintMessage = thrownMessage([] {
    Inpainting({1, 3, 32, 32}, torch::ones({1, 1, 32, 30}));
  });
  EXPECT_NE(inpaintMessage.find("mask shape [1, 1, 32, 30] does not match image [1, 3, 32, 32]"),
            std::string::npos)
      << inpaintMessage;
  EXPECT_THROW(Inpainting({1, 3, 32, 32}, torch::ones({1, 2, 32, 32})), std::invalid_argument);
  EXPECT_THROW(Inpainting({1, 3, 32, 32}, torch::full({32, 32}, 0.5)), std::invalid_argument);

  EXPECT_NE(thrownMessage([] {
              MriSampling({1, 1, 32, 32}, torch::ones({32, 16}));
            }).find("does not match image"),
            std::string::npos);
  EXPECT_THROW(MriSampling({1, 1, 32, 32}, 2 * torch::ones({32, 32})), std::invalid_argument);

  SuperResolution sr({1, 1, 32, 32}, 4);
  EXPECT_THROW(sr.A(torch::zeros({1, 1, 32, 16})), std::invalid_argument);
  EXPECT_THROW(sr.AH(torch::zeros({1, 1, 16, 16})), std::invalid_argument);
  MriSampling mri({1, 1, 32, 32}, torch::ones({32, 32}));
  EXPECT_THROW(mri.project(torch::zeros({1, 1, 32, 32}), torch::zeros({1, 1, 16, 32})),
               std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// Masks.

const std::vector<MaskPattern> kAllPatterns{MaskPattern::Uniform1D, MaskPattern::Gaussian1D,
                                            MaskPattern::Equispaced1D, MaskPattern::PoissonDisc2D,
                                            MaskPattern::VariableDensity2D};

bool isLinePattern(MaskPattern p) { return !isTwoDimensional(p); }

TEST(Masks, HitRequestedAccelerationWithinGridGranularity) {
  // Sampling units: W lines for 1D masks, H*W points for 2D. The count is round(units / R), so
  // the sampled fraction is within half a unit of 1/R: |1/R_real - 1/R| <= 0.5 / units. That
  // is the grid granularity (e.g. 64 columns at R = 6 cannot give 10.67 lines; 11 is nearest).
  for (auto size : std::vector<std::pair<int64_t, int64_t>>{{128, 128}, {96, 64}}) {
    for (auto pattern : kAllPatterns) {
      for (double acceleration : {2.0, 4.0, 6.0, 8.0}) {
        KspaceMaskSpec spec;
        spec.pattern = pattern;
        spec.acceleration = acceleration;
        spec.acsLines = 8;
        spec.seed = 42;
        const auto [height, width] = size;
        auto mask = makeKspaceMask(height, width, spec);
        const std::string where = toString(pattern) + " R=" + std::to_string(acceleration) + " " +
                                  std::to_string(height) + "x" + std::to_string(width);
        ASSERT_EQ(mask.sizes(), torch::IntArrayRef({height, width})) << where;
        ASSERT_EQ(mask.scalar_type(), torch::kFloat) << where;
        ASSERT_TRUE(((mask == 0) | (mask == 1)).all().item<bool>()) << where;
        const int64_t units = isLinePattern(pattern) ? width : height * width;
        const double sampledUnits =
            isLinePattern(pattern) ? mask[0].sum().item<double>() : mask.sum().item<double>();
        EXPECT_EQ(static_cast<int64_t>(sampledUnits),
                  std::llround(static_cast<double>(units) / acceleration))
            << where;
        const double realAcceleration = maskAcceleration(mask);
        EXPECT_LE(std::abs(1.0 / realAcceleration - 1.0 / acceleration), 0.5 / units + 1e-12)
            << where << " real R " << realAcceleration;
      }
    }
  }
}

TEST(Masks, IncludeTheAcsBlockAndOneDimensionalMasksTakeWholeColumns) {
  for (auto pattern : kAllPatterns) {
    for (int64_t acs : {0, 7, 8, 12}) {
      KspaceMaskSpec spec;
      spec.pattern = pattern;
      spec.acceleration = 4;
      spec.acsLines = acs;
      auto mask = makeKspaceMask(96, 64, spec);
      auto centred = fftshift2d(mask);
      const int64_t rowStart = 96 / 2 - acs / 2, colStart = 64 / 2 - acs / 2;
      if (isLinePattern(pattern)) {
        EXPECT_TRUE(torch::equal(mask, mask[0].expand({96, 64}))) << toString(pattern);
        EXPECT_TRUE(centred.slice(1, colStart, colStart + acs).eq(1).all().item<bool>())
            << toString(pattern) << " acs " << acs;
      } else {
        EXPECT_TRUE(centred.slice(0, rowStart, rowStart + acs)
                        .slice(1, colStart, colStart + acs)
                        .eq(1)
                        .all()
                        .item<bool>())
            << "acs " << acs;
        EXPECT_FALSE(torch::equal(mask, mask[0].expand({96, 64})));  // genuinely 2D
      }
      // Non-centred layout: DC sits at [0, 0].
      if (acs > 0) EXPECT_EQ(mask[0][0].item<float>(), 1.0f) << toString(pattern);
    }
  }
}

TEST(Masks, DeterministicPerSeed) {
  for (auto pattern : kAllPatterns) {
    KspaceMaskSpec spec;
    spec.pattern = pattern;
    spec.acceleration = 6;
    spec.seed = 7;
    auto first = makeKspaceMask(128, 128, spec), again = makeKspaceMask(128, 128, spec);
    EXPECT_TRUE(torch::equal(first, again)) << toString(pattern);
    if (pattern == MaskPattern::Equispaced1D) continue;  // the seed only shifts the comb
    bool anyDifferent = false;
    for (uint64_t seed : {8, 9, 10}) {
      spec.seed = seed;
      anyDifferent = anyDifferent || !torch::equal(first, makeKspaceMask(128, 128, spec));
    }
    EXPECT_TRUE(anyDifferent) << toString(pattern);
  }
}

// Fraction of sampled entries with |centred offset| < quarter of the axis versus beyond it,
// ACS excluded (for lines: columns; for 2D: the radial offset on the normalised grid).
std::pair<double, double> innerOuterDensity(const torch::Tensor& mask, int64_t acs, bool lines) {
  auto centred = fftshift2d(mask);
  const int64_t height = mask.size(0), width = mask.size(1);
  double innerHits = 0, innerCount = 0, outerHits = 0, outerCount = 0;
  auto access = centred.accessor<float, 2>();
  for (int64_t r = 0; r < height; ++r) {
    for (int64_t c = 0; c < width; ++c) {
      const double dx = std::abs(c - width / 2) / (width / 2.0);
      const double dy = std::abs(r - height / 2) / (height / 2.0);
      const bool inAcs =
          std::abs(c - width / 2) <= acs / 2 && (lines || std::abs(r - height / 2) <= acs / 2);
      if (inAcs) continue;
      const double d = lines ? dx : std::sqrt(dx * dx + dy * dy);
      (d < 0.5 ? innerHits : outerHits) += access[r][c];
      (d < 0.5 ? innerCount : outerCount) += 1;
    }
  }
  return {innerHits / innerCount, outerHits / outerCount};
}

TEST(Masks, VariableDensityPatternsFavourLowFrequencies) {
  for (auto pattern : {MaskPattern::Gaussian1D, MaskPattern::PoissonDisc2D,
                       MaskPattern::VariableDensity2D}) {
    KspaceMaskSpec spec;
    spec.pattern = pattern;
    spec.acceleration = 6;
    auto mask = makeKspaceMask(128, 128, spec);
    const auto [innerDensity, outerDensity] =
        innerOuterDensity(mask, spec.acsLines, isLinePattern(pattern));
    EXPECT_GT(innerDensity, 1.5 * outerDensity) << toString(pattern);
  }
}

TEST(Masks, PoissonDiscAvoidsClusters) {
  // An i.i.d. mask with sampling probability p has about 2 H W p^2 horizontally or vertically
  // adjacent sampled pairs; a Poisson-disc mask with minimum distance > 1 has (almost) none.
  KspaceMaskSpec spec;
  spec.pattern = MaskPattern::PoissonDisc2D;
  spec.acceleration = 8;
  spec.acsLines = 0;
  auto mask = makeKspaceMask(128, 128, spec);
  auto centred = fftshift2d(mask);
  const double adjacent = (centred.slice(0, 1) * centred.slice(0, 0, -1)).sum().item<double>() +
                          (centred.slice(1, 1) * centred.slice(1, 0, -1)).sum().item<double>();
  const double p = 1.0 / 8.0, iidExpected = 2 * 128 * 128 * p * p;
  EXPECT_LT(adjacent, 0.25 * iidExpected);
}

TEST(Masks, BadArgumentsThrow) {
  KspaceMaskSpec spec;
  spec.acceleration = 0.5;
  EXPECT_THROW(makeKspaceMask(64, 64, spec), std::invalid_argument);
  spec.acceleration = std::nan("");
  EXPECT_THROW(makeKspaceMask(64, 64, spec), std::invalid_argument);
  spec.acceleration = 4;
  spec.acsLines = -1;
  EXPECT_THROW(makeKspaceMask(64, 64, spec), std::invalid_argument);
  spec.acsLines = 65;
  EXPECT_THROW(makeKspaceMask(64, 64, spec), std::invalid_argument);
  spec.acsLines = 20;  // 20 ACS lines but R = 4 on 64 columns allows only 16
  EXPECT_THROW(makeKspaceMask(64, 64, spec), std::invalid_argument);
  spec.pattern = MaskPattern::PoissonDisc2D;  // 400 ACS points, but R = 4 allows 1024: fine
  EXPECT_NO_THROW(makeKspaceMask(64, 64, spec));
  spec.acsLines = 40;  // 1600 > 1024
  EXPECT_THROW(makeKspaceMask(64, 64, spec), std::invalid_argument);
  spec.acsLines = 8;
  EXPECT_THROW(makeKspaceMask(0, 64, spec), std::invalid_argument);

  EXPECT_THROW(maskPatternFromString("radial"), std::invalid_argument);
  for (auto pattern : kAllPatterns) EXPECT_EQ(maskPatternFromString(toString(pattern)), pattern);
}

TEST(Masks, BoxMaskHasACentredHole) {
  auto mask = makeBoxMask(64, 48, 0.5);
  ASSERT_EQ(mask.sizes(), torch::IntArrayRef({64, 48}));
  EXPECT_EQ(mask.sum().item<double>(), 64 * 48 - 32 * 24);
  EXPECT_TRUE(mask.slice(0, 16, 48).slice(1, 12, 36).eq(0).all().item<bool>());
  EXPECT_EQ(mask[15][12].item<float>(), 1.0f);
  EXPECT_EQ(mask[16][11].item<float>(), 1.0f);
  EXPECT_TRUE(makeBoxMask(8, 8, 0.0).eq(1).all().item<bool>());
  EXPECT_THROW(makeBoxMask(8, 8, 1.5), std::invalid_argument);
  EXPECT_THROW(makeBoxMask(8, 8, -0.1), std::invalid_argument);
  // Works directly as an inpainting mask.
  EXPECT_NO_THROW(Inpainting({2, 3, 64, 48}, mask));
}

TEST(Masks, FftshiftMovesDcToTheCentreAndInverts) {
  for (auto size : std::vector<std::pair<int64_t, int64_t>>{{8, 8}, {7, 9}, {6, 5}}) {
    const auto [height, width] = size;
    auto x = torch::arange(height * width).reshape({1, height, width});
    auto shifted = fftshift2d(x);
    EXPECT_EQ(shifted[0][height / 2][width / 2].item<int64_t>(), 0);
    EXPECT_TRUE(torch::equal(ifftshift2d(shifted), x));
    EXPECT_TRUE(torch::equal(fftshift2d(ifftshift2d(x)), x));
  }
}

// ------------------------------------------------------------------------------------------
// Initialisers.

TEST(Initialisers, AdjointIsAHyWithRealPartForMri) {
  auto gen = makeGenerator(16);
  auto truth = torch::rand({1, 2, 32, 32}, gen);
  SuperResolution sr({1, 2, 32, 32}, 4);
  AdjointInitialiser adjoint;
  auto ySr = sr.A(truth);
  EXPECT_TRUE(torch::equal(adjoint.initialise(sr, ySr, gen), sr.AH(ySr)));

  auto kmask = makeKspaceMask(32, 32, KspaceMaskSpec{});
  MriSampling mri({1, 2, 32, 32}, kmask, true);
  auto yMri = mri.A(truth);
  auto zeroFilled = adjoint.initialise(mri, yMri, gen);
  ASSERT_FALSE(zeroFilled.is_complex());
  EXPECT_TRUE(torch::equal(zeroFilled, torch::real(mri.AH(yMri))));
  MriSampling mriComplex({1, 2, 32, 32}, kmask, false);
  EXPECT_TRUE(adjoint.initialise(mriComplex, yMri, gen).is_complex());
}

TEST(Initialisers, BicubicMatchesOpenCvInterCubicInTheInterior) {
  // Both use Keys' cubic with a = -0.75 and half-pixel centres (align_corners = false). Border
  // handling may differ, so the first and last 2 s pixels are excluded. Tolerance 1e-6 on
  // values in [0, 1]: both compute in single precision (observed differences ~1.2e-7, a few
  // float ulps, with libtorch 1.13 and OpenCV 4.6).
  auto gen = makeGenerator(17);
  for (int64_t factor : {2, 4}) {
    const int64_t h = 12, w = 10;
    auto lowRes = torch::rand({1, 3, h, w}, gen);
    SuperResolution sr({1, 3, h * factor, w * factor}, factor);
    auto up = BicubicInitialiser().initialise(sr, sr.measurementFromLowRes(lowRes), gen);
    ASSERT_EQ(up.sizes(), torch::IntArrayRef({1, 3, h * factor, w * factor}));
    for (int64_t channel = 0; channel < 3; ++channel) {
      auto plane = lowRes[0][channel].contiguous();
      cv::Mat source(static_cast<int>(h), static_cast<int>(w), CV_32F, plane.data_ptr<float>());
      cv::Mat reference;
      cv::resize(source, reference,
                 cv::Size(static_cast<int>(w * factor), static_cast<int>(h * factor)), 0, 0,
                 cv::INTER_CUBIC);
      auto ours = up[0][channel].contiguous();
      auto ourAccess = ours.accessor<float, 2>();
      const int64_t margin = 2 * factor;
      double worst = 0;
      for (int64_t r = margin; r < h * factor - margin; ++r)
        for (int64_t c = margin; c < w * factor - margin; ++c)
          worst = std::max(worst,
                           std::abs(static_cast<double>(ourAccess[r][c]) -
                                    reference.at<float>(static_cast<int>(r), static_cast<int>(c))));
      EXPECT_LT(worst, 1e-6) << "factor " << factor << " channel " << channel;
    }
  }
}

TEST(Initialisers, BicubicNeedsSuperResolution) {
  auto gen = makeGenerator(18);
  Inpainting inpaint({1, 1, 16, 16}, torch::ones({16, 16}));
  const std::string message = thrownMessage([&] {
    BicubicInitialiser().initialise(inpaint, torch::zeros({1, 1, 16, 16}), gen);
  });
  EXPECT_NE(message.find("super-resolution"), std::string::npos) << message;
}

TEST(Initialisers, NoiseIsSeededStandardNormalOfImageShape) {
  SuperResolution sr({2, 3, 64, 64}, 4);
  auto y = torch::zeros({2, 3, 16, 16});
  auto a = makeGenerator(3), b = makeGenerator(3);
  NoiseInitialiser noise;
  auto first = noise.initialise(sr, y, a);
  EXPECT_TRUE(torch::equal(first, noise.initialise(sr, y, b)));
  // The same draw as torch::randn from a generator of the same seed (gaussianLike convention).
  auto c = makeGenerator(3);
  EXPECT_TRUE(torch::equal(first, torch::randn({2, 3, 64, 64}, c)));
  ASSERT_EQ(first.sizes(), torch::IntArrayRef({2, 3, 64, 64}));
  EXPECT_NEAR(first.mean().item<double>(), 0.0, 0.05);
  EXPECT_NEAR(first.std().item<double>(), 1.0, 0.05);
}

TEST(Initialisers, MadeByNameWithHelpfulErrors) {
  for (const auto& name : initialiserNames()) EXPECT_EQ(makeInitialiser(name)->name(), name);
  const std::string message = thrownMessage([] { makeInitialiser("sinc"); });
  EXPECT_NE(message.find("adjoint, zero-filled, bicubic, noise"), std::string::npos) << message;
}

}  // namespace
}  // namespace ccdf
