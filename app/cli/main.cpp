// `ccdf`: command-line front end of CCDF Studio. Dispatches to one file per subcommand and turns
// every failure into one line on stderr.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include "cli_common.h"

#ifndef CCDF_VERSION
#define CCDF_VERSION "dev"
#endif

namespace {

const char* kUsage =
    "usage: ccdf <command> [options]\n"
    "\n"
    "Come-Closer-Diffuse-Faster diffusion image restoration.\n"
    "\n"
    "commands:\n"
    "  info        list models, device, threads and libtorch version\n"
    "  simulate    make a measurement (low-res image, masked image, k-space) from an image\n"
    "  restore     restore an image from a measurement with CCDF\n"
    "  fit-prior   fit an exact Gaussian power-law prior to images (a no-training model)\n"
    "\n"
    "Run 'ccdf <command> --help' for the options of a command.\n";

int fail(const std::string& message, int code) {
  std::fflush(stdout);
  std::fprintf(stderr, "ccdf: error: %s\n", ccdf::cli::firstLine(message).c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    // Log lines go to stderr so that stdout stays machine-readable; only warnings and errors.
    auto logger = spdlog::stderr_color_mt("ccdf");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::warn);
  } catch (const std::exception&) {
  }
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = argv[1];
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (command == "--version") {
      std::printf("ccdf %s\n", CCDF_VERSION);
      return 0;
    }
    if (command == "info") return ccdf::cli::runInfo(argc, argv);
    if (command == "simulate") return ccdf::cli::runSimulate(argc, argv);
    if (command == "restore") return ccdf::cli::runRestore(argc, argv);
    if (command == "fit-prior") return ccdf::cli::runFitPrior(argc, argv);
    return fail("unknown command '" + command + "' (expected info, simulate, restore or fit-prior)",
                2);
  } catch (const ccdf::cli::UsageError& e) {
    return fail(e.what(), 2);
  } catch (const c10::Error& e) {
    return fail(e.what_without_backtrace(), 1);
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  } catch (...) {
    return fail("unexpected failure", 1);
  }
}
