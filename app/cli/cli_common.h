#pragma once
// Shared pieces of the `ccdf` command line: argument parsing, errors, number formatting.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccdf::cli {

// A user error: printed as "ccdf: error: <message>", exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;  // without the leading dashes
  bool takesValue = true;
  bool multi = false;  // takes one or more values up to the next option
};

// "--name value", "--name=value", flags ("--name"), multi-value options ("--images a b c").
class Args {
 public:
  Args(std::string command, const std::vector<OptionSpec>& specs, int argc, char** argv, int first);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  bool flag(const std::string& name) const { return has(name); }
  std::string str(const std::string& name, const std::string& fallback = "") const;
  std::string required(const std::string& name) const;
  std::vector<std::string> list(const std::string& name) const;
  double number(const std::string& name, double fallback) const;
  int64_t integer(const std::string& name, int64_t fallback) const;
  // One of `choices`, else a UsageError naming them.
  std::string choice(const std::string& name, const std::string& fallback,
                     const std::vector<std::string>& choices) const;

 private:
  std::string command_;
  std::map<std::string, std::vector<std::string>> values_;
};

// True when --help or -h is among the arguments from `first` on.
bool helpRequested(int argc, char** argv, int first);

// Converts the first line of an exception's message into a one-line error text.
std::string firstLine(const std::string& text);
std::string fmt(double value, int decimals);
std::string shapeText(const torch::Tensor& image);  // "WxH, C channel(s)"

int runInfo(int argc, char** argv);
int runSimulate(int argc, char** argv);
int runRestore(int argc, char** argv);
int runFitPrior(int argc, char** argv);

}  // namespace ccdf::cli
