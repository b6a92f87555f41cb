#include "ops/masks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ccdf {

namespace {

// std::mt19937_64's sequence is fixed by the standard, unlike the std distributions, so masks
// are identical for a seed on every platform and library version.
class PortableRng {
 public:
  explicit PortableRng(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n) by rejection (no modulo bias).
  uint64_t below(uint64_t n) {
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
    uint64_t value;
    do {
      value = engine_();
    } while (value >= limit);
    return value % n;
  }
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

std::string gridString(int64_t height, int64_t width) {
  return std::to_string(height) + "x" + std::to_string(width);
}

// The requested number of samples, with the checks that make a request impossible.
int64_t targetSamples(int64_t total, int64_t acsSamples, const KspaceMaskSpec& spec, int64_t height,
                      int64_t width) {
  const int64_t target = std::llround(static_cast<double>(total) / spec.acceleration);
  if (target < 1)
    throw std::invalid_argument("acceleration " + std::to_string(spec.acceleration) +
                                " leaves no samples on a " + gridString(height, width) + " grid");
  if (acsSamples > target)
    throw std::invalid_argument("the ACS block of " + std::to_string(acsSamples) +
                                " samples already exceeds the " + std::to_string(target) +
                                " that acceleration " + std::to_string(spec.acceleration) +
                                " allows on a " + gridString(height, width) + " grid");
  return target;
}

// First index of a centred block of `size` entries in a centred axis of length n (DC at n/2).
int64_t centredBlockStart(int64_t n, int64_t size) { return n / 2 - size / 2; }

// Lines (centred layout) to add to the ACS block, drawn without replacement.
std::vector<int64_t> chooseLines(MaskPattern pattern, const std::vector<int64_t>& candidates,
                                 int64_t count, int64_t width, PortableRng& rng) {
  std::vector<int64_t> chosen;
  if (count <= 0) return chosen;
  const int64_t available = static_cast<int64_t>(candidates.size());
  switch (pattern) {
    case MaskPattern::Uniform1D: {
      std::vector<int64_t> order = candidates;
      rng.shuffle(order);
      chosen.assign(order.begin(), order.begin() + count);
      break;
    }
    case MaskPattern::Gaussian1D: {
      // Weighted sampling without replacement (Efraimidis-Spirakis): keep the `count` largest
      // keys log(u) / w. Density exp(-k^2 / 2 sigma^2) with sigma = W / 5 in line offsets k.
      const double sigma = static_cast<double>(width) / 5.0;
      std::vector<std::pair<double, int64_t>> keys;
      for (int64_t line : candidates) {
        const double offset = static_cast<double>(line - width / 2);
        const double weight = std::max(std::exp(-offset * offset / (2 * sigma * sigma)), 1e-6);
        const double u = std::max(rng.uniform(), std::numeric_limits<double>::min());
        keys.emplace_back(std::log(u) / weight, line);
      }
      std::partial_sort(keys.begin(), keys.begin() + count, keys.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      for (int64_t i = 0; i < count; ++i) chosen.push_back(keys[i].second);
      break;
    }
    case MaskPattern::Equispaced1D: {
      // Evenly spread over the non-ACS lines; the seed shifts the comb. The step
      // available / count >= 1 keeps the picks distinct.
      const double offset = rng.uniform();
      const double step = static_cast<double>(available) / static_cast<double>(count);
      for (int64_t j = 0; j < count; ++j)
        chosen.push_back(candidates[static_cast<size_t>(std::floor((j + offset) * step))]);
      break;
    }
    case MaskPattern::PoissonDisc2D:
    case MaskPattern::VariableDensity2D:
      break;
  }
  return chosen;
}

torch::Tensor makeLineMask(int64_t height, int64_t width, const KspaceMaskSpec& spec) {
  if (spec.acsLines > width)
    throw std::invalid_argument("the ACS block of " + std::to_string(spec.acsLines) +
                                " lines does not fit in " + std::to_string(width) + " columns");
  const int64_t target = targetSamples(width, spec.acsLines, spec, height, width);
  std::vector<char> sampled(static_cast<size_t>(width), 0);
  const int64_t acsStart = centredBlockStart(width, spec.acsLines);
  for (int64_t c = acsStart; c < acsStart + spec.acsLines; ++c) sampled[c] = 1;
  std::vector<int64_t> candidates;
  for (int64_t c = 0; c < width; ++c)
    if (!sampled[c]) candidates.push_back(c);

  PortableRng rng(spec.seed);
  for (int64_t c : chooseLines(spec.pattern, candidates, target - spec.acsLines, width, rng))
    sampled[c] = 1;

  auto columns = torch::zeros({width});
  auto access = columns.accessor<float, 1>();
  for (int64_t c = 0; c < width; ++c) access[c] = sampled[c];
  auto centred = columns.unsqueeze(0).expand({height, width}).contiguous();
  return ifftshift2d(centred);
}

// Variable-density Poisson disc by dart throwing over a seeded random order of the grid: a
// candidate is accepted when no accepted sample lies closer than its radius, which grows
// linearly from r0 at DC to 3 r0 in the corners (density falls up to about 9x). r0 is found by
// bisection so that at least the wanted number is accepted; the few extra are then removed at
// random, which gives the exact count.
class PoissonDiscSampler {
 public:
  PoissonDiscSampler(int64_t height, int64_t width, int64_t acsSide, PortableRng& rng)
      : height_(height), width_(width), acsOccupancy_(static_cast<size_t>(height * width), 0) {
    const int64_t rowStart = centredBlockStart(height, acsSide);
    const int64_t colStart = centredBlockStart(width, acsSide);
    for (int64_t r = rowStart; r < rowStart + acsSide; ++r)
      for (int64_t c = colStart; c < colStart + acsSide; ++c) acsOccupancy_[r * width + c] = 1;
    for (int64_t i = 0; i < height * width; ++i)
      if (!acsOccupancy_[i]) order_.push_back(i);
    rng.shuffle(order_);
  }

  int64_t candidateCount() const { return static_cast<int64_t>(order_.size()); }

  // Accepted grid indices for base radius r0, in acceptance order.
  std::vector<int64_t> throwDarts(double r0) const {
    std::vector<char> occupied = acsOccupancy_;
    std::vector<int64_t> accepted;
    const double halfH = std::max(height_ / 2.0, 1.0), halfW = std::max(width_ / 2.0, 1.0);
    for (int64_t index : order_) {
      const int64_t row = index / width_, col = index % width_;
      const double dy = (row - height_ / 2) / halfH, dx = (col - width_ / 2) / halfW;
      const double radius = r0 * (1.0 + 2.0 * std::sqrt((dy * dy + dx * dx) / 2.0));
      if (!hasNeighbourWithin(occupied, row, col, radius)) {
        occupied[index] = 1;
        accepted.push_back(index);
      }
    }
    return accepted;
  }

 private:
  bool hasNeighbourWithin(const std::vector<char>& occupied, int64_t row, int64_t col,
                          double radius) const {
    const int64_t reach = static_cast<int64_t>(std::floor(radius));
    const double radius2 = radius * radius;
    for (int64_t r = std::max<int64_t>(0, row - reach); r <= std::min(height_ - 1, row + reach);
         ++r) {
      for (int64_t c = std::max<int64_t>(0, col - reach); c <= std::min(width_ - 1, col + reach);
           ++c) {
        if (!occupied[r * width_ + c]) continue;
        const double d2 = static_cast<double>((r - row) * (r - row) + (c - col) * (c - col));
        if (d2 < radius2) return true;
      }
    }
    return false;
  }

  int64_t height_, width_;
  std::vector<char> acsOccupancy_;
  std::vector<int64_t> order_;
};

// 2D masks: checks that the ACS square fits and returns how many samples to add around it.
int64_t samplesBeyondAcsSquare(int64_t height, int64_t width, const KspaceMaskSpec& spec) {
  if (spec.acsLines > std::min(height, width))
    throw std::invalid_argument("the ACS square of side " + std::to_string(spec.acsLines) +
                                " does not fit in a " + gridString(height, width) + " grid");
  const int64_t acsSamples = spec.acsLines * spec.acsLines;
  return targetSamples(height * width, acsSamples, spec, height, width) - acsSamples;
}

torch::Tensor makePoissonMask(int64_t height, int64_t width, const KspaceMaskSpec& spec) {
  const int64_t wanted = samplesBeyondAcsSquare(height, width, spec);

  PortableRng rng(spec.seed);
  PoissonDiscSampler sampler(height, width, spec.acsLines, rng);
  std::vector<int64_t> accepted;
  if (wanted > 0) {
    // r0 <= 1 accepts every candidate; sqrt(area / wanted) + 1 is beyond the random close
    // packing radius (about sqrt(0.7 area / n)), so it accepts too few.
    double low = 0.0;
    double high = std::sqrt(static_cast<double>(height * width) / wanted) + 1.0;
    accepted = sampler.throwDarts(high);
    if (static_cast<int64_t>(accepted.size()) < wanted) {
      accepted = sampler.throwDarts(low);
      for (int iteration = 0; iteration < 30; ++iteration) {
        const double middle = 0.5 * (low + high);
        auto trial = sampler.throwDarts(middle);
        if (static_cast<int64_t>(trial.size()) >= wanted) {
          low = middle;
          accepted = std::move(trial);
        } else {
          high = middle;
        }
      }
    }
    rng.shuffle(accepted);
    accepted.resize(static_cast<size_t>(wanted));
  }

  auto centred = torch::zeros({height, width});
  auto access = centred.accessor<float, 2>();
  const int64_t rowStart = centredBlockStart(height, spec.acsLines);
  const int64_t colStart = centredBlockStart(width, spec.acsLines);
  for (int64_t r = rowStart; r < rowStart + spec.acsLines; ++r)
    for (int64_t c = colStart; c < colStart + spec.acsLines; ++c) access[r][c] = 1;
  for (int64_t index : accepted) access[index / width][index % width] = 1;
  return ifftshift2d(centred);
}

// Independent variable-density sampling of `wanted` grid points outside the ACS square, weighted
// (1 - r)^2 with r the distance from DC normalised to 1 at the corners (weighted sampling without
// replacement, Efraimidis-Spirakis, as for the Gaussian lines).
torch::Tensor makeVariableDensityMask(int64_t height, int64_t width, const KspaceMaskSpec& spec) {
  const int64_t wanted = samplesBeyondAcsSquare(height, width, spec);
  auto centred = torch::zeros({height, width});
  auto access = centred.accessor<float, 2>();
  const int64_t rowStart = centredBlockStart(height, spec.acsLines);
  const int64_t colStart = centredBlockStart(width, spec.acsLines);
  for (int64_t r = rowStart; r < rowStart + spec.acsLines; ++r)
    for (int64_t c = colStart; c < colStart + spec.acsLines; ++c) access[r][c] = 1;
  PortableRng rng(spec.seed);
  std::vector<std::pair<double, int64_t>> keys;
  const double halfH = std::max(height / 2.0, 1.0), halfW = std::max(width / 2.0, 1.0);
  for (int64_t r = 0; r < height; ++r) {
    for (int64_t c = 0; c < width; ++c) {
      if (access[r][c] > 0) continue;
      const double dy = (r - height / 2) / halfH, dx = (c - width / 2) / halfW;
      const double radius = std::min(std::sqrt((dy * dy + dx * dx) / 2.0), 1.0);
      const double weight = std::max((1.0 - radius) * (1.0 - radius), 1e-4);
      const double u = std::max(rng.uniform(), std::numeric_limits<double>::min());
      keys.emplace_back(std::log(u) / weight, r * width + c);
    }
  }
  std::partial_sort(keys.begin(), keys.begin() + wanted, keys.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int64_t i = 0; i < wanted; ++i) access[keys[i].second / width][keys[i].second % width] = 1;
  return ifftshift2d(centred);
}

}  // namespace

bool isTwoDimensional(MaskPattern p) {
  return p == MaskPattern::PoissonDisc2D || p == MaskPattern::VariableDensity2D;
}

std::string toString(MaskPattern p) {
  switch (p) {
    case MaskPattern::Uniform1D:
      return "uniform";
    case MaskPattern::Gaussian1D:
      return "gaussian";
    case MaskPattern::Equispaced1D:
      return "equispaced";
    case MaskPattern::PoissonDisc2D:
      return "poisson";
    case MaskPattern::VariableDensity2D:
      return "variable-density";
  }
  return "unknown";
}

MaskPattern maskPatternFromString(const std::string& name) {
  for (auto p : {MaskPattern::Uniform1D, MaskPattern::Gaussian1D, MaskPattern::Equispaced1D,
                 MaskPattern::PoissonDisc2D, MaskPattern::VariableDensity2D})
    if (toString(p) == name) return p;
  throw std::invalid_argument("unknown mask pattern '" + name +
                              "'; valid patterns: uniform, gaussian, equispaced, poisson, "
                              "variable-density");
}

torch::Tensor makeKspaceMask(int64_t height, int64_t width, const KspaceMaskSpec& spec) {
  if (height < 1 || width < 1)
    throw std::invalid_argument("k-space mask size must be positive, got " +
                                gridString(height, width));
  if (!std::isfinite(spec.acceleration) || spec.acceleration < 1.0)
    throw std::invalid_argument("acceleration must be a finite number >= 1, got " +
                                std::to_string(spec.acceleration));
  if (spec.acsLines < 0)
    throw std::invalid_argument("ACS size must not be negative, got " +
                                std::to_string(spec.acsLines));
  if (spec.pattern == MaskPattern::PoissonDisc2D) return makePoissonMask(height, width, spec);
  if (spec.pattern == MaskPattern::VariableDensity2D)
    return makeVariableDensityMask(height, width, spec);
  return makeLineMask(height, width, spec);
}

double maskAcceleration(const torch::Tensor& mask) {
  const double ones = mask.to(torch::kDouble).sum().item<double>();
  if (ones <= 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(mask.numel()) / ones;
}

torch::Tensor makeBoxMask(int64_t height, int64_t width, double fraction) {
  if (height < 1 || width < 1)
    throw std::invalid_argument("box mask size must be positive, got " + gridString(height, width));
  if (!(fraction >= 0.0 && fraction <= 1.0))
    throw std::invalid_argument("box hole fraction must lie in [0, 1], got " +
                                std::to_string(fraction));
  auto mask = torch::ones({height, width});
  const int64_t holeH = std::llround(fraction * height), holeW = std::llround(fraction * width);
  const int64_t top = (height - holeH) / 2, left = (width - holeW) / 2;
  mask.slice(0, top, top + holeH).slice(1, left, left + holeW).zero_();
  return mask;
}

torch::Tensor fftshift2d(const torch::Tensor& x) {
  if (x.dim() < 2) throw std::invalid_argument("fftshift2d needs at least two dimensions");
  return torch::roll(x, {x.size(-2) / 2, x.size(-1) / 2}, {-2, -1});
}

torch::Tensor ifftshift2d(const torch::Tensor& x) {
  if (x.dim() < 2) throw std::invalid_argument("ifftshift2d needs at least two dimensions");
  return torch::roll(x, {-(x.size(-2) / 2), -(x.size(-1) / 2)}, {-2, -1});
}

}  // namespace ccdf
