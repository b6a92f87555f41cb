#pragma once
// Small helpers shared by the study executables (bench/study_*.cpp): elapsed time, mean and
// sample standard deviation, and "mean ± std" text.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace ccdf::bench {

inline double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / double(v.size());
}

inline double stdev(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size() - 1));
}

inline std::string format(const char* pattern, double a) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, a);
  return text;
}

inline std::string pm(const char* pattern, const std::vector<double>& v) {
  return format(pattern, mean(v)) + " ± " + format(pattern, stdev(v));
}

}  // namespace ccdf::bench
