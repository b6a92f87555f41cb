// `ccdf info`: models, device, threads, libtorch.
#include <cstdio>

#include "cli_common.h"
#include "io/initialisers.h"
#include "model/model_store.h"
#include "util/device.h"

namespace ccdf::cli {

int runInfo(int argc, char** argv) {
  static const char* kHelp =
      "usage: ccdf info [--models-dir DIR]\n"
      "\n"
      "Lists the models found (name, kind, channels, schedule, description), the compute device,\n"
      "the thread count and the libtorch version.\n"
      "\n"
      "  --models-dir DIR   also search DIR for <model>/manifest.json\n"
      "Models are searched in $CCDF_MODELS_DIR, <exe>/../share/ccdf-studio/models and the\n"
      "source tree's models/ folder.\n";
  if (helpRequested(argc, argv, 2)) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  Args args("info", {{"models-dir", true, true}}, argc, argv, 2);
  configureThreads();
  std::printf("ccdf %s\n", CCDF_VERSION);
  std::printf("runtime: %s\n", describeRuntime().c_str());
  const auto dirs = defaultModelDirectories(args.list("models-dir"));
  std::printf("model folders:\n");
  for (const auto& d : dirs) std::printf("  %s\n", d.c_str());
  const auto models = listModels(dirs);
  std::printf("models (%zu):\n", models.size());
  for (const auto& m : models) {
    std::printf("  %s\n", m.name.c_str());
    std::printf("    kind: %s, channels: %lld, value range: [%g, %g]\n", m.kind.c_str(),
                static_cast<long long>(m.channels), m.valueMin, m.valueMax);
    std::printf("    schedule: %s\n", m.schedule.c_str());
    if (!m.description.empty()) std::printf("    %s\n", m.description.c_str());
    std::printf("    folder: %s\n", m.directory.c_str());
  }
  std::printf("initialisers (--init):\n");
  for (const auto& i : availableInitialisers())
    std::printf("  %-14s [%s] %s\n", i.name.c_str(), i.tasks.c_str(), i.description.c_str());
  return 0;
}

}  // namespace ccdf::cli
