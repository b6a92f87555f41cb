#include "cli_common.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace ccdf::cli {

Args::Args(std::string command, const std::vector<OptionSpec>& specs, int argc, char** argv,
           int first)
    : command_(std::move(command)) {
  const auto find = [&](const std::string& name) -> const OptionSpec* {
    for (const auto& s : specs)
      if (s.name == name) return &s;
    return nullptr;
  };
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || a.size() == 2)
      throw UsageError("unexpected argument '" + a + "' for 'ccdf " + command_ + "' (see ccdf " +
                       command_ + " --help)");
    std::string name = a.substr(2), inlineValue;
    bool hasInline = false;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
      hasInline = true;
    }
    const OptionSpec* spec = find(name);
    if (!spec)
      throw UsageError("unknown option '--" + name + "' for 'ccdf " + command_ + "' (see ccdf " +
                       command_ + " --help)");
    if (values_.count(name) && !spec->multi)
      throw UsageError("option '--" + name + "' given more than once");
    auto& slot = values_[name];
    if (!spec->takesValue) {
      if (hasInline) throw UsageError("option '--" + name + "' takes no value");
      continue;
    }
    if (hasInline) {
      slot.push_back(inlineValue);
    } else if (spec->multi) {
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0)
        slot.push_back(argv[++i]);
    } else if (i + 1 < argc) {
      slot.push_back(argv[++i]);
    }
    if (slot.empty() || slot.back().empty())
      throw UsageError("option '--" + name + "' needs a value");
  }
}

std::string Args::str(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

std::string Args::required(const std::string& name) const {
  if (!has(name))
    throw UsageError("missing required option '--" + name + "' (see ccdf " + command_ + " --help)");
  return str(name);
}

std::vector<std::string> Args::list(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

double Args::number(const std::string& name, double fallback) const {
  if (!has(name)) return fallback;
  const std::string v = str(name);
  size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !std::isfinite(d))
    throw UsageError("option '--" + name + "' expects a number, got '" + v + "'");
  return d;
}

int64_t Args::integer(const std::string& name, int64_t fallback) const {
  if (!has(name)) return fallback;
  const std::string v = str(name);
  size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size())
    throw UsageError("option '--" + name + "' expects an integer, got '" + v + "'");
  return n;
}

std::string Args::choice(const std::string& name, const std::string& fallback,
                         const std::vector<std::string>& choices) const {
  const std::string v = str(name, fallback);
  for (const auto& c : choices)
    if (c == v) return v;
  std::string all;
  for (const auto& c : choices) all += (all.empty() ? "" : ", ") + c;
  throw UsageError("option '--" + name + "' must be one of " + all + " (got '" + v + "')");
}

bool helpRequested(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

std::string firstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line.empty() ? std::string("unknown error") : line;
}

std::string fmt(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string shapeText(const torch::Tensor& image) {
  const int64_t c = image.size(-3);
  return std::to_string(image.size(-1)) + "x" + std::to_string(image.size(-2)) + ", " +
         std::to_string(c) + (c == 1 ? " channel" : " channels");
}

}  // namespace ccdf::cli
