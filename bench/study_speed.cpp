// Reproduction study "speed" (issue 7): what a restoration costs on this CPU, per default model.
//
// usage: study_speed [speed] [--out docs/results] [--quick]
//
// For each default model and size (mri-phantom 128 and 256, photo-patch 64 and 256, fashion-32
// 32; --quick skips the 256 sizes and uses fewer repeats), in one child process per model and
// size (so that its peak RSS is its own):
//   - ms per NFE: one denoiser call at batch 1 (median over rounds of the mean of 20 calls);
//   - engine overhead: a 20-step CCDF run (SR x4, t0 0.2) divided by NFE x (ms per NFE), the runs
//     and the forwards interleaved round by round in the same process (bench_engine's method);
//   - time to the first streamed StepEvent (runCcdf with an onStep callback, then cancelled);
//   - peak RSS (getrusage) after the runs, and after the batched sweep;
//   - batched t0 sweep (0.2, 0.4, 0.6, 0.8 on the 20-step grid) against the four runs one by one.
// Then, per model, the forward time over sizes in one child per BLAS variant, started with
// LD_LIBRARY_PATH set to the reference BLAS or to OpenBLAS (openmp); each child reports which
// library its sgemm_ resolves to and the BLAS/LAPACK files in its /proc/self/maps.
//
// Writes DIR/speed.md (tables, the command, machine state, wall time) and DIR/speed.csv
// (model,size,sampler,blas,metric,value,unit,note).
//
// Internal: study_speed --child measure --model M --size S --repeats R --sweep-repeats R
//           study_speed --child forward --model M --sizes 32,64 --repeats R
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_common.h"
#include "ccdf/run.h"
#include "ccdf/sweep.h"
#include "model/model_store.h"
#include "ops/operator.h"
#include "sampling/sampler.h"
#include "util/device.h"

namespace {

using namespace ccdf;
using namespace ccdf::bench;
namespace fs = std::filesystem;

const std::vector<double> kSweepT0s{0.2, 0.4, 0.6, 0.8};
constexpr int64_t kSteps = 20;
constexpr double kT0 = 0.2;
constexpr int64_t kForwardLevel =
    100;  // the run's levels are <= 200; the cost does not depend on it

struct BlasVariant {
  std::string name, label, directory;
};
const std::vector<BlasVariant> kBlasVariants{
    {"reference", "reference BLAS", "/usr/lib/x86_64-linux-gnu/blas"},
    {"openblas-openmp", "OpenBLAS (openmp)", "/usr/lib/x86_64-linux-gnu/openblas-openmp"},
};

// ---- child side ------------------------------------------------------------------------------

// The file the global symbol sgemm_ resolves to (what torch's BLAS calls reach).
std::string sgemmProvider() {
  void* f = dlsym(RTLD_DEFAULT, "sgemm_");
  Dl_info info{};
  if (!f || !dladdr(f, &info) || !info.dli_fname) return "none";
  char resolved[PATH_MAX];
  return realpath(info.dli_fname, resolved) ? resolved : info.dli_fname;
}

// BLAS and LAPACK files mapped into this process.
std::string mappedBlasFiles() {
  std::ifstream maps("/proc/self/maps");
  std::set<std::string> files;
  for (std::string line; std::getline(maps, line);) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    const std::string base = fs::path(path).filename().string();
    if (base.find("blas") != std::string::npos || base.find("lapack") != std::string::npos)
      files.insert(path);
  }
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : " ") + f;
  return out.empty() ? "none" : out;
}

void emit(const std::string& key, const std::string& value) {
  std::printf("@ %s %s\n", key.c_str(), value.c_str());
  std::fflush(stdout);
}
void emit(const std::string& key, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  emit(key, std::string(buf));
}

void emitRuntime() {
  emit("runtime", describeRuntime());
  emit("sgemm", sgemmProvider());
  emit("maps", mappedBlasFiles());
}

LoadedModel load(const std::string& name) {
  return loadModel(name, defaultModelDirectories(), torch::kCPU);
}

std::unique_ptr<Sampler> naturalSampler(const Denoiser& d) {
  SamplerSettings settings;  // DDPM for VP models, VE predictor-corrector (1 corrector) for VE
  settings.name = d.schedule().isVariancePreserving() ? "ddpm" : "vepc";
  return makeSampler(settings);
}

int childMeasure(const std::string& model, int64_t size, int repeats, int sweepRepeats) {
  torch::manual_seed(0);
  auto loaded = load(model);
  Denoiser& d = *loaded.denoiser;
  auto sampler = naturalSampler(d);
  emitRuntime();
  emit("sampler", sampler->name());
  const std::vector<int64_t> shape{1, loaded.info.channels, size, size};
  auto op = std::make_shared<SuperResolution>(shape, 4);
  const auto x = torch::rand(shape) * 2 - 1;
  const Problem problem{op, op->A(x), op->AH(op->A(x))};
  RunOptions o;
  o.t0 = kT0;
  o.steps = kSteps;
  const auto xin = torch::randn(shape);

  const OverheadResult oh = measureEngineOverhead(
      repeats, 20, [&] { d(xin, kForwardLevel); },
      [&] { return runCcdf(problem, d, *sampler, o).nfe; });
  emit("ms_per_nfe", oh.forwardSeconds * 1e3);
  emit("run_ms", oh.runSeconds * 1e3);
  emit("nfe", double(oh.nfe));
  emit("overhead_ratio", oh.ratio());

  std::vector<double> firsts;
  int64_t firstNfe = 0;
  for (int r = 0; r < repeats; ++r) {
    CancelToken cancel;
    double first = -1;
    const auto a = Clock::now();
    runCcdf(
        problem, d, *sampler, o,
        [&](const StepEvent& e) {
          if (first < 0) first = seconds(a, Clock::now()), firstNfe = e.nfe;
          cancel.cancel();
        },
        &cancel);
    firsts.push_back(first);
  }
  emit("first_event_ms", median(firsts) * 1e3);
  emit("first_event_nfe", double(firstNfe));
  emit("peak_rss_run_mib", peakRssMiB());

  const SweepComparison sw =
      compareSweepWithSequential(problem, d, *sampler, kSweepT0s, o, sweepRepeats);
  emit("sweep_s", sw.sweepSeconds);
  emit("sequential_s", sw.sequentialSeconds);
  emit("sweep_calls", double(sw.sweepCalls));
  emit("sequential_calls", double(sw.sequentialCalls));
  emit("sweep_ratio", sw.ratio());
  emit("peak_rss_mib", peakRssMiB());
  return 0;
}

// Median forward time at each size; each sample is the mean of enough calls to last ~0.2 s.
int childForward(const std::string& model, const std::vector<int64_t>& sizes, int repeats) {
  torch::manual_seed(0);
  auto loaded = load(model);
  Denoiser& d = *loaded.denoiser;
  emitRuntime();
  for (int64_t size : sizes) {
    const auto x = torch::randn({1, loaded.info.channels, size, size});
    d(x, kForwardLevel);  // warm-up
    auto a = Clock::now();
    d(x, kForwardLevel);
    const double once = seconds(a, Clock::now());
    const int inner = int(std::clamp(std::ceil(0.2 / std::max(once, 1e-6)), 1.0, 50.0));
    std::vector<double> t;
    for (int r = 0; r < repeats; ++r) {
      a = Clock::now();
      for (int k = 0; k < inner; ++k) d(x, kForwardLevel);
      t.push_back(seconds(a, Clock::now()) / inner);
    }
    emit("forward_ms:" + std::to_string(size), median(t) * 1e3);
  }
  return 0;
}

// ---- parent side -----------------------------------------------------------------------------

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string selfExe() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw std::runtime_error("cannot read /proc/self/exe");
  buf[n] = 0;
  return buf;
}

struct ChildResult {
  std::map<std::string, std::string> values;
  int status = 0;
  bool ok() const { return status == 0; }
  double number(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? NAN : std::atof(it->second.c_str());
  }
  std::string text(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? "" : it->second;
  }
};

// Runs this executable as a child with `args` (and LD_LIBRARY_PATH prepended when given);
// its "@ key value" lines are the results, its other output passes through to stderr.
ChildResult runChild(const std::vector<std::string>& args, const std::string& libraryPath = "") {
  std::string command;
  if (!libraryPath.empty()) {
    std::string value = libraryPath;
    if (const char* old = std::getenv("LD_LIBRARY_PATH"); old && *old)
      value += ":" + std::string(old);
    command = "LD_LIBRARY_PATH=" + shellQuote(value) + " ";
  }
  command += shellQuote(selfExe());
  for (const auto& a : args) command += " " + shellQuote(a);
  std::fprintf(stderr, "speed: %s\n", command.c_str());
  ChildResult r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) throw std::runtime_error("cannot start: " + command);
  char line[8192];
  while (std::fgets(line, sizeof line, p)) {
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    if (s.rfind("@ ", 0) == 0) {
      const auto sp = s.find(' ', 2);
      r.values[s.substr(2, sp - 2)] = sp == std::string::npos ? "" : s.substr(sp + 1);
    } else {
      std::fprintf(stderr, "%s\n", s.c_str());
    }
  }
  const int status = pclose(p);
  r.status =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return r;
}

std::string fmt(const char* f, double v) {
  if (!std::isfinite(v)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// CPU time (s) all processes have used so far: busy time of the first line of /proc/stat.
double machineBusySeconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return (user + nice + system + irq + softirq + steal) / double(sysconf(_SC_CLK_TCK));
}

// CPU time (s) of this process and of the children it has waited for.
double ownCpuSeconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage u{};
    getrusage(who, &u);
    total += u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + u.ru_stime.tv_sec +
             u.ru_stime.tv_usec * 1e-6;
  }
  return total;
}

// "1.02 1.50 1.61" from /proc/loadavg (1, 5 and 15 minutes).
std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      const auto c = line.find(':');
      return c == std::string::npos ? line : line.substr(c + 2);
    }
  return "unknown CPU";
}

// Which variant a loaded sgemm_ provider belongs to, from its directory.
std::string blasName(const std::string& provider) {
  for (const auto& v : kBlasVariants)
    if (provider.rfind(v.directory + "/", 0) == 0) return v.name;
  return provider.empty() ? "unknown" : fs::path(provider).filename().string();
}

void writeAtomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, path);
}

struct Config {
  std::string model;
  int64_t size;
};

int study(int argc, char** argv, const fs::path& outDir, bool quick) {
  const auto started = Clock::now();
  const std::string loadStart = loadAverage();
  const double busyStart = machineBusySeconds(), ownStart = ownCpuSeconds();
  std::string command = "build/bench/study_speed";
  for (int k = 1; k < argc; ++k) command += " " + std::string(argv[k]);

  std::vector<Config> configs{{"mri-phantom", 128},
                              {"mri-phantom", 256},
                              {"photo-patch", 64},
                              {"photo-patch", 256},
                              {"fashion-32", 32}};
  if (quick) {
    std::vector<Config> kept;
    for (const auto& c : configs)
      if (c.size < 256) kept.push_back(c);
    configs = kept;
  }
  const int repeats = quick ? 5 : 7, sweepRepeats = quick ? 3 : 5, forwardRepeats = quick ? 7 : 9;
  // Forward-time sizes per model for the BLAS comparison (fashion-32 runs only at 32).
  const std::vector<int64_t> scaling =
      quick ? std::vector<int64_t>{32, 64, 128} : std::vector<int64_t>{32, 64, 128, 256};
  const std::vector<std::string> models{"mri-phantom", "photo-patch", "fashion-32"};

  bool failed = false;
  std::vector<ChildResult> measured;
  for (const auto& c : configs) {
    measured.push_back(runChild({"--child", "measure", "--model", c.model, "--size",
                                 std::to_string(c.size), "--repeats", std::to_string(repeats),
                                 "--sweep-repeats", std::to_string(sweepRepeats)}));
    if (!measured.back().ok()) {
      std::fprintf(stderr, "speed: measuring %s at %lld failed (exit %d)\n", c.model.c_str(),
                   (long long)c.size, measured.back().status);
      failed = true;
    }
  }

  struct VariantRun {
    bool present = false;
    std::string why;  // when absent or failed
    ChildResult result;
  };
  std::map<std::string, std::map<std::string, VariantRun>> blas;  // model -> variant -> run
  for (const auto& m : models) {
    std::vector<int64_t> sizes = m == "fashion-32" ? std::vector<int64_t>{32} : scaling;
    std::string sizeList;
    for (auto s : sizes) sizeList += (sizeList.empty() ? "" : ",") + std::to_string(s);
    for (const auto& v : kBlasVariants) {
      VariantRun& run = blas[m][v.name];
      if (!fs::exists(fs::path(v.directory) / "libblas.so.3")) {
        run.why = "missing: no " + v.directory + "/libblas.so.3 on this machine";
        continue;
      }
      run.result = runChild({"--child", "forward", "--model", m, "--sizes", sizeList, "--repeats",
                             std::to_string(forwardRepeats)},
                            v.directory);
      run.present = run.result.ok();
      if (!run.present) {
        run.why = "child failed (exit " + std::to_string(run.result.status) + ")";
        failed = true;
      } else if (blasName(run.result.text("sgemm")) != v.name) {
        run.why = "requested " + v.name + " but sgemm_ resolved to " + run.result.text("sgemm");
      }
    }
  }

  const double wall = seconds(started, Clock::now());
  const std::string loadEnd = loadAverage();
  const double own = ownCpuSeconds() - ownStart;
  const double others = std::max(0.0, machineBusySeconds() - busyStart - own);
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  const ChildResult* first = measured.empty() ? nullptr : &measured.front();
  const char* threadsEnv = std::getenv("CCDF_THREADS");
  const char* ompWait = std::getenv("OMP_WAIT_POLICY");

  // ---- CSV ----
  std::ostringstream csv;
  csv << "model,size,sampler,blas,metric,value,unit,note\n";
  auto row = [&](const std::string& model, int64_t size, const std::string& sampler,
                 const std::string& blasCol, const std::string& metric, double value,
                 const std::string& unit, const std::string& note = "") {
    csv << csvField(model) << ',' << size << ',' << csvField(sampler) << ',' << csvField(blasCol)
        << ',' << metric << ',' << (std::isfinite(value) ? fmt("%.6g", value) : "") << ',' << unit
        << ',' << csvField(note) << '\n';
  };
  const std::vector<std::pair<std::string, std::string>> metrics{
      {"ms_per_nfe", "ms"},        {"run_ms", "ms"},         {"nfe", "count"},
      {"overhead_ratio", "ratio"}, {"first_event_ms", "ms"}, {"first_event_nfe", "count"},
      {"peak_rss_run_mib", "MiB"}, {"peak_rss_mib", "MiB"},  {"sweep_s", "s"},
      {"sequential_s", "s"},       {"sweep_calls", "count"}, {"sequential_calls", "count"},
      {"sweep_ratio", "ratio"}};
  for (size_t i = 0; i < configs.size(); ++i) {
    const ChildResult& r = measured[i];
    for (const auto& [metric, unit] : metrics)
      row(configs[i].model, configs[i].size, r.text("sampler"), "default", metric, r.number(metric),
          unit, r.ok() ? "" : "failed");
  }
  row("all", 0, "", "", "wall_s", wall, "s", "whole study");
  row("all", 0, "", "", "other_cpu_s", others, "s", "CPU time of other processes meanwhile");
  for (const auto& m : models)
    for (const auto& v : kBlasVariants) {
      const VariantRun& run = blas[m][v.name];
      std::vector<int64_t> sizes = m == "fashion-32" ? std::vector<int64_t>{32} : scaling;
      for (auto s : sizes)
        row(m, s, "", v.name, "forward_ms",
            run.present ? run.result.number("forward_ms:" + std::to_string(s)) : NAN, "ms",
            run.why.empty() ? "sgemm_ from " + run.result.text("sgemm") : run.why);
    }

  // ---- Markdown ----
  std::ostringstream md;
  md << "# Speed on this CPU (study `speed`)\n\n";
  md << "Command: `" << command << "` (run by `bench/studies.sh speed" << (quick ? " --quick" : "")
     << "`). Wall time of the study: " << fmt("%.0f", wall) << " s.\n\n";
  md << "Machine: " << cpuModel() << ", " << cpus << " CPUs online; "
     << (first ? first->text("runtime") : "?") << " (CCDF_THREADS "
     << (threadsEnv ? threadsEnv : "unset") << ", OMP_WAIT_POLICY " << (ompWait ? ompWait : "unset")
     << "); default BLAS: sgemm_ from `" << (first ? first->text("sgemm") : "?")
     << "`. Load average (1, 5, 15 min) at the start: " << loadStart << "; at the end: " << loadEnd
     << " (the end figure includes this study's own load). CPU time used by other processes "
        "during the study: "
     << fmt("%.1f s", others) << " of " << fmt("%.0f", cpus * wall) << " CPU-seconds ("
     << fmt("%.1f %%", 100.0 * others / (cpus * wall)) << "; this study used " << fmt("%.0f s", own)
     << ").";
  md << (quick ? " Quick size: 256×256 skipped, " : " Full size: ") << repeats
     << " overhead rounds, " << sweepRepeats << " sweep rounds, " << forwardRepeats
     << " forward samples per BLAS variant and size, each after a warm-up.\n\n";

  md << "## Per model (batch 1)\n\n";
  md << "| model | size | sampler | ms per NFE | 20-step run | NFE | overhead ratio | first "
        "StepEvent | peak RSS: runs / + sweep |\n";
  md << "|---|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < configs.size(); ++i) {
    const ChildResult& r = measured[i];
    md << "| " << configs[i].model << " | " << configs[i].size << "×" << configs[i].size << " | ";
    if (!r.ok()) {
      md << "failed (exit " << r.status << ") | | | | | | |\n";
      continue;
    }
    md << r.text("sampler") << " | " << fmt("%.1f ms", r.number("ms_per_nfe")) << " | "
       << fmt("%.0f ms", r.number("run_ms")) << " | " << fmt("%.0f", r.number("nfe")) << " | **"
       << fmt("%.3f", r.number("overhead_ratio")) << "** | "
       << fmt("%.1f ms", r.number("first_event_ms")) << " ("
       << fmt("%.0f", r.number("first_event_nfe")) << " NFE) | "
       << fmt("%.0f", r.number("peak_rss_run_mib")) << " / "
       << fmt("%.0f MiB", r.number("peak_rss_mib")) << " |\n";
  }
  md << "\nOne child process per row. Problem: SR ×4 of a random image, t0 = " << kT0 << ", "
     << kSteps
     << " steps (vepc makes 2 network calls per step). ms per NFE: one denoiser call, median over "
        "rounds of the mean of 20 calls; overhead ratio = run ÷ (NFE × ms per NFE), the run and "
        "the 20 calls interleaved round by round in the same process (bench_engine's method; "
        "median of "
     << repeats
     << " rounds after a warm-up round). First StepEvent: from calling runCcdf to its first "
        "onStep callback (forward jump, one step, its data consistency), median of "
     << repeats
     << ". Peak RSS: getrusage of that child after the runs, then after the batched "
        "sweep.\n\n";

  md << "## Batched t0 sweep against sequential runs\n\n";
  md << "| model | size | sampler | batched sweep | sequential | network calls | ratio |\n";
  md << "|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < configs.size(); ++i) {
    const ChildResult& r = measured[i];
    if (!r.ok()) continue;
    md << "| " << configs[i].model << " | " << configs[i].size << "×" << configs[i].size << " | "
       << r.text("sampler") << " | " << fmt("%.2f s", r.number("sweep_s")) << " | "
       << fmt("%.2f s", r.number("sequential_s")) << " | " << fmt("%.0f", r.number("sweep_calls"))
       << " vs " << fmt("%.0f", r.number("sequential_calls")) << " | **"
       << fmt("%.2f", r.number("sweep_ratio")) << "** |\n";
  }
  md << "\nt0 = 0.2, 0.4, 0.6, 0.8 on the common grid of " << kSteps
     << " steps for t0 = 1 (4, 8, 12, 16 steps), once as one batched `runCcdfSweep` and once as "
        "four `runCcdf` calls, interleaved round by round (bench_sweep's method); median of "
     << sweepRepeats << " rounds after a warm-up round.\n\n";

  md << "## Reference BLAS against OpenBLAS (forward time, batch 1)\n\n";
  md << "| model | size |";
  for (const auto& v : kBlasVariants) md << ' ' << v.label << " |";
  md << " reference ÷ OpenBLAS | reference − OpenBLAS |\n|---|---|";
  for (size_t k = 0; k < kBlasVariants.size(); ++k) md << "---|";
  md << "---|---|\n";
  for (const auto& m : models) {
    std::vector<int64_t> sizes = m == "fashion-32" ? std::vector<int64_t>{32} : scaling;
    for (auto s : sizes) {
      md << "| " << m << " | " << s << "×" << s << " |";
      std::vector<double> values;
      for (const auto& v : kBlasVariants) {
        const VariantRun& run = blas[m][v.name];
        const double t = run.present ? run.result.number("forward_ms:" + std::to_string(s)) : NAN;
        values.push_back(t);
        md << ' ' << (run.present ? fmt("%.1f ms", t) : run.why) << " |";
      }
      md << ' ' << fmt("%.2f", values[0] / values[1]) << " | "
         << fmt("%+.1f ms", values[0] - values[1]) << " |\n";
    }
  }
  md << "\nOne child process per model and variant, started with `LD_LIBRARY_PATH` set to the "
        "variant's directory (torch links `libblas.so.3`, which Debian's alternatives point at "
        "OpenBLAS by default). Each sample is the mean of enough calls to last about 0.2 s; "
        "median of "
     << forwardRepeats << ". What each child loaded (checked inside it):\n\n";
  for (const auto& v : kBlasVariants) {
    const VariantRun& run = blas[models.front()][v.name];
    md << "- " << v.label << " (`LD_LIBRARY_PATH=" << v.directory << "`): ";
    if (!run.present) {
      md << run.why << "\n";
      continue;
    }
    md << "`sgemm_` resolves to `" << run.result.text("sgemm") << "`; BLAS/LAPACK files mapped: `"
       << run.result.text("maps") << "`" << (run.why.empty() ? "" : " — **" + run.why + "**")
       << "\n";
  }
  md << "\nThe same check in the per-model children (no `LD_LIBRARY_PATH` change): `sgemm_` "
        "from `"
     << (first ? first->text("sgemm") : "?") << "`, mapped: `"
     << (first ? first->text("maps") : "?")
     << "`. The last column tells whether the extra cost of the reference BLAS grows with the "
        "image (as convolution work does) or stays the same per call.\n";
  if (failed) md << "\n**Some measurements failed; see the rows marked failed.**\n";

  fs::create_directories(outDir);
  writeAtomically(outDir / "speed.csv", csv.str());
  writeAtomically(outDir / "speed.md", md.str());
  std::printf("speed: wrote %s and %s in %.0f s\n", (outDir / "speed.md").c_str(),
              (outDir / "speed.csv").c_str(), wall);
  return failed ? 1 : 0;
}

std::vector<int64_t> parseSizes(const std::string& text) {
  std::vector<int64_t> sizes;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoll(item));
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string child, model, sizes, out = "docs/results";
    int64_t size = 0;
    int repeats = 3, sweepRepeats = 1;
    bool quick = false;
    for (int k = 1; k < argc; ++k) {
      const std::string a = argv[k];
      auto value = [&]() -> std::string {
        if (k + 1 >= argc) throw std::invalid_argument(a + " needs a value");
        return argv[++k];
      };
      if (a == "--quick")
        quick = true;
      else if (a == "--out")
        out = value();
      else if (a == "--child")
        child = value();
      else if (a == "--model")
        model = value();
      else if (a == "--size")
        size = std::stoll(value());
      else if (a == "--sizes")
        sizes = value();
      else if (a == "--repeats")
        repeats = std::stoi(value());
      else if (a == "--sweep-repeats")
        sweepRepeats = std::stoi(value());
      else if (a == "speed" && k == 1)
        continue;  // the study name, as bench/studies.sh may pass it
      else
        throw std::invalid_argument("unknown argument '" + a + "'");
    }
    if (child.empty()) return study(argc, argv, out, quick);
    configureThreads();
    torch::NoGradGuard noGrad;
    if (child == "measure") return childMeasure(model, size, repeats, sweepRepeats);
    if (child == "forward") return childForward(model, parseSizes(sizes), repeats);
    throw std::invalid_argument("unknown child mode '" + child + "'");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "study_speed: error: %s\n", e.what());
    return 1;
  }
}
