// Multi-coil SENSE operator and coil sensitivities: adjointness, non-expansiveness, the
// documented behaviour of A A^H, and sensitivities recovered from a synthetic object whose
// true coil profiles are known.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "ops/coil_sensitivities.h"
#include "ops/masks.h"
#include "ops/sense.h"

using namespace ccdf;

namespace {

constexpr int64_t kSize = 32;

torch::Tensor complexNormal(std::vector<int64_t> shape, torch::Generator& gen) {
  return torch::complex(torch::randn(shape, gen), torch::randn(shape, gen));
}

// Smooth coil profiles: Gaussian bumps centred around the image border with a linear phase,
// normalised so that sum |S|^2 = 1 everywhere.
torch::Tensor smoothCoilProfiles(int64_t coils, int64_t size) {
  const auto grid = torch::arange(size, torch::kFloat) / float(size) - 0.5f;
  const auto yy = grid.view({size, 1}).expand({size, size});
  const auto xx = grid.view({1, size}).expand({size, size});
  std::vector<torch::Tensor> maps;
  for (int64_t c = 0; c < coils; ++c) {
    const double angle = 2 * M_PI * c / coils;
    const auto cy = 0.6 * std::sin(angle), cx = 0.6 * std::cos(angle);
    const auto magnitude = torch::exp(-((yy - cy).square() + (xx - cx).square()) / 0.3);
    const auto phase = 2.0 * (xx * std::cos(angle) + yy * std::sin(angle)) + 0.3 * c;
    maps.push_back(torch::polar(magnitude, phase));
  }
  auto s = torch::stack(maps);
  return s / s.abs().square().sum(0, true).sqrt();
}

// A real, positive object: an ellipse with two inner discs (a phantom-like image).
torch::Tensor ellipsePhantom(int64_t size) {
  const auto grid = torch::arange(size, torch::kFloat) / float(size) - 0.5f;
  const auto yy = grid.view({size, 1}).expand({size, size});
  const auto xx = grid.view({1, size}).expand({size, size});
  auto image = ((xx / 0.4).square() + (yy / 0.45).square() < 1).to(torch::kFloat) * 0.6;
  image = image + ((xx - 0.1).square() + (yy + 0.1).square() < 0.01).to(torch::kFloat) * 0.4;
  image = image - ((xx + 0.15).square() + (yy - 0.1).square() < 0.005).to(torch::kFloat) * 0.3;
  return image.view({1, 1, size, size});
}

double innerProduct(const torch::Tensor& a, const torch::Tensor& b) {
  return torch::real((a.conj() * b).sum()).item<double>();
}

}  // namespace

TEST(Sense, AdjointMatchesForward) {
  torch::Generator gen = at::detail::createCPUGenerator(1);
  const auto maps = smoothCoilProfiles(4, kSize);
  KspaceMaskSpec spec;
  spec.acceleration = 3;
  const auto mask = makeKspaceMask(kSize, kSize, spec);
  SenseMri op({2, 1, kSize, kSize}, maps, mask, false);
  for (int trial = 0; trial < 5; ++trial) {
    const auto x = complexNormal({2, 1, kSize, kSize}, gen);
    const auto y = complexNormal({2, 5, kSize, kSize}, gen);  // 4 coils + background
    const double lhs = innerProduct(op.A(x), y), rhs = innerProduct(x, op.AH(y));
    EXPECT_NEAR(lhs, rhs, 1e-4 * std::abs(lhs) + 1e-4);
  }
}

TEST(Sense, NormAtMostOneAndIdentityWhenFullySampled) {
  torch::Generator gen = at::detail::createCPUGenerator(2);
  const auto maps = smoothCoilProfiles(6, kSize);
  KspaceMaskSpec spec;
  spec.acceleration = 4;
  SenseMri undersampled({1, 1, kSize, kSize}, maps, makeKspaceMask(kSize, kSize, spec), false);
  // Power iteration for the largest eigenvalue of A^H A: at most 1 (the DC step is then
  // non-expansive), and close to 1 because the ACS centre is fully sampled.
  auto v = complexNormal({1, 1, kSize, kSize}, gen);
  double eigen = 0;
  for (int i = 0; i < 60; ++i) {
    auto w = undersampled.AH(undersampled.A(v));
    eigen =
        torch::linalg_vector_norm(w).item<double>() / torch::linalg_vector_norm(v).item<double>();
    v = w / torch::linalg_vector_norm(w);
  }
  EXPECT_LE(eigen, 1.0 + 1e-5);
  EXPECT_GT(eigen, 0.9);
  // Fully sampled with sum |S|^2 = 1: A^H A = I, so one DC step is the exact projection.
  SenseMri full({1, 1, kSize, kSize}, maps, torch::ones({kSize, kSize}), false);
  const auto x = complexNormal({1, 1, kSize, kSize}, gen);
  EXPECT_LT((full.AH(full.A(x)) - x).abs().max().item<double>(), 1e-5);
  // A A^H is not the identity in general: it projects coil k-space onto what one image explains.
  const auto y = complexNormal({1, 7, kSize, kSize}, gen);
  EXPECT_GT(torch::linalg_vector_norm(full.A(full.AH(y)) - y).item<double>(),
            0.5 * torch::linalg_vector_norm(y).item<double>());
}

TEST(Sense, DataConsistencyIsNonExpansiveAndConverges) {
  torch::Generator gen = at::detail::createCPUGenerator(3);
  const auto maps = smoothCoilProfiles(4, kSize);
  KspaceMaskSpec spec;
  spec.acceleration = 4;
  const auto mask = makeKspaceMask(kSize, kSize, spec);
  const auto truth = ellipsePhantom(kSize);
  for (bool realImage : {true, false}) {
    for (int64_t iterations : {1, 5}) {
      SenseMri op({1, 1, kSize, kSize}, maps, mask, realImage, iterations);
      const auto y = op.A(truth);
      for (int trial = 0; trial < 5; ++trial) {
        torch::Tensor u = torch::randn({1, 1, kSize, kSize}, gen);
        torch::Tensor v = torch::randn({1, 1, kSize, kSize}, gen);
        if (!realImage) {
          u = torch::complex(u, torch::randn_like(u));
          v = torch::complex(v, torch::randn_like(v));
        }
        const double before = torch::linalg_vector_norm(u - v).item<double>();
        const double after =
            torch::linalg_vector_norm(op.project(u, y) - op.project(v, y)).item<double>();
        EXPECT_LE(after, before * (1 + 1e-5)) << "real " << realImage << " it " << iterations;
      }
    }
  }
  // Repeated steps drive the measurement residual of a consistent problem down monotonically.
  SenseMri op({1, 1, kSize, kSize}, maps, mask, true, 1);
  const auto y = op.A(truth);
  auto x = torch::zeros({1, 1, kSize, kSize});
  double previous = torch::linalg_vector_norm(y).item<double>();
  for (int i = 0; i < 30; ++i) {
    x = op.project(x, y);
    const double residual = torch::linalg_vector_norm(op.A(x) - y).item<double>();
    EXPECT_LE(residual, previous * (1 + 1e-6));
    previous = residual;
  }
  EXPECT_LT(previous, 0.1 * torch::linalg_vector_norm(y).item<double>());
}

TEST(Sense, PixelsNoCoilSeesAreMeasuredAsBackground) {
  torch::Generator gen = at::detail::createCPUGenerator(4);
  auto maps = smoothCoilProfiles(4, kSize);
  maps.slice(1, 0, 8).zero_();  // the top rows: no coil sensitivity, no signal
  KspaceMaskSpec spec;
  spec.acceleration = 4;
  SenseMri op({1, 1, kSize, kSize}, maps, makeKspaceMask(kSize, kSize, spec), false);
  EXPECT_EQ(op.support().sum().item<double>(), (kSize - 8) * kSize);
  // Adjointness holds with the background channel included.
  const auto x = complexNormal({1, 1, kSize, kSize}, gen);
  const auto y = complexNormal({1, 5, kSize, kSize}, gen);
  const double lhs = innerProduct(op.A(x), y), rhs = innerProduct(x, op.AH(y));
  EXPECT_NEAR(lhs, rhs, 1e-4 * std::abs(lhs) + 1e-4);
  // Data consistency sets those pixels to the measured background exactly.
  const auto measured = op.A(torch::full({1, 1, kSize, kSize}, 0.25));
  const auto projected = op.project(x, measured);
  EXPECT_LT((projected.slice(2, 0, 8) - 0.25).abs().max().item<double>(), 1e-6);
  // measurementFromKspace appends a zero background.
  const auto k = complexNormal({1, 4, kSize, kSize}, gen);
  const auto full = op.measurementFromKspace(k);
  EXPECT_EQ(full.size(1), 5);
  EXPECT_TRUE(torch::equal(op.coilKspace(full), k));
  EXPECT_EQ(full.narrow(1, 4, 1).abs().max().item<double>(), 0.0);
}

TEST(Sense, RejectsInconsistentArguments) {
  const auto maps = smoothCoilProfiles(4, kSize);
  const auto mask = torch::ones({kSize, kSize});
  EXPECT_THROW(SenseMri({1, 2, kSize, kSize}, maps, mask), std::invalid_argument);
  EXPECT_THROW(SenseMri({1, 1, kSize, 16}, maps, mask), std::invalid_argument);
  EXPECT_THROW(SenseMri({1, 1, kSize, kSize}, maps * 2, mask), std::invalid_argument);
  EXPECT_THROW(SenseMri({1, 1, kSize, kSize}, maps, mask * 0.5), std::invalid_argument);
  EXPECT_THROW(SenseMri({1, 1, kSize, kSize}, maps, mask, true, 0), std::invalid_argument);
  auto bad = maps.clone();
  bad[0][0][0] = c10::complex<float>(NAN, 0);
  EXPECT_THROW(SenseMri({1, 1, kSize, kSize}, bad, mask), std::invalid_argument);
  SenseMri op({1, 1, kSize, kSize}, maps, mask);
  EXPECT_THROW(op.AH(torch::zeros({1, 3, kSize, kSize}, torch::kComplexFloat)),
               std::invalid_argument);
}

TEST(CoilSensitivities, FullySampledCentreFindsTheAcsBlock) {
  for (int64_t acs : {8, 12}) {
    KspaceMaskSpec spec;
    spec.acceleration = 4;
    spec.acsLines = acs;
    spec.seed = 5;
    const auto mask = makeKspaceMask(64, 64, spec);
    // Random lines next to the block may widen it, never narrow it.
    EXPECT_GE(fullySampledCentre(mask), acs);
    EXPECT_LE(fullySampledCentre(mask), acs + 4);
  }
  EXPECT_EQ(fullySampledCentre(torch::ones({16, 24})), 16);
  EXPECT_EQ(fullySampledCentre(torch::zeros({16, 16})), 0);
}

TEST(CoilSensitivities, RecoverTrueProfilesAndCombineToRss) {
  const int64_t size = 64, coils = 8;
  const auto truthMaps = smoothCoilProfiles(coils, size);
  const auto object = ellipsePhantom(size)[0];  // [1, H, W]
  const auto coilImages = truthMaps * object;   // [coils, H, W]
  const auto kspace = torch::fft::fft2(coilImages, c10::nullopt, {-2, -1}, "ortho");
  KspaceMaskSpec spec;
  spec.acceleration = 4;
  spec.acsLines = 16;
  const auto mask = makeKspaceMask(size, size, spec);
  const auto maps = estimateCoilSensitivities(kspace * mask, mask);
  ASSERT_EQ(maps.sizes(), truthMaps.sizes());
  const auto inside = (object[0] > 0.2).to(torch::kFloat);
  const auto energy = maps.abs().square().sum(0);
  EXPECT_LT(((energy - 1).abs() * inside).max().item<double>(), 1e-4);
  // Away from edges (eroded support) the estimate matches the truth up to one global phase...
  // here the object is real and positive, so no phase is left at all.
  const auto eroded =
      (torch::max_pool2d(-(inside.view({1, 1, size, size})), 9, 1, 4) > -0.5).logical_not();
  const auto core = eroded.view({size, size}).to(torch::kFloat);
  ASSERT_GT(core.sum().item<double>(), 200);
  const double mapError =
      ((maps - truthMaps).abs() * core).sum().item<double>() / (core.sum().item<double>() * coils);
  EXPECT_LT(mapError, 0.05);
  // The coil-combined fully sampled image equals the root-sum-of-squares image on the object.
  const auto combined = (maps.conj() * coilImages).sum(0);
  const auto rss = rootSumOfSquares(coilImages, 0)[0];
  // (|sum conj(S) T| <= 1 by Cauchy-Schwarz, with equality when S = T.)
  EXPECT_LT(((combined.abs() - rss).abs() * inside).max().item<double>(), 0.01);
  // Nearly real: the object's own (zero) phase, up to low-resolution errors at edges.
  const auto imaginary = torch::imag(combined).abs() * core;
  EXPECT_LT(imaginary.sum().item<double>() / core.sum().item<double>(), 0.01);
  EXPECT_LT(imaginary.max().item<double>(), 0.08);
  // Too small a calibration region is refused with a message.
  EXPECT_THROW(estimateCoilSensitivities(kspace, torch::zeros({size, size})),
               std::invalid_argument);
}
