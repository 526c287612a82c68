// `beagle gcs`: the collectors this build knows, for --gc=NAME.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "collectors/api/registry.h"
#include "harness/cli/commands.h"
#include "harness/run/collectors.h"

namespace beagle::cli {

namespace {

const char* kGcsUsage =
    "Usage: beagle gcs [NAME]\n"
    "\n"
    "Without NAME, lists the collectors that --gc=NAME accepts, one per line:\n"
    "name and summary. With NAME, describes that collector: its attributes (what\n"
    "compiled code may inline, whether it moves objects, whether it frees\n"
    "unreachable objects, whether it has generations), one 'key: value' line\n"
    "each, and the options that `beagle run --gc-option OPTION=VALUE` accepts\n"
    "for it.\n";

int describe(const gc::CollectorInfo& info) {
  std::printf("%s: %s\n", info.name, info.summary);
  for (const auto& [key, value] : run::collector_attributes(info)) std::printf("%s: %s\n", key.c_str(), value.c_str());
  if (info.options.empty()) {
    std::puts("options: none");
    return 0;
  }
  std::puts("options (--gc-option NAME=VALUE):");
  int width = 0;  // the longest name, so that the help texts line up
  for (const gc::CollectorOption& option : info.options) width = std::max(width, int(std::strlen(option.name)));
  for (const gc::CollectorOption& option : info.options) {
    std::printf("  %-*s  %s (default %s)\n", width, option.name, option.help, option.default_value);
  }
  return 0;
}

}  // namespace

int gcs_command(const Args& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kGcsUsage, stdout);
    return 0;
  }
  if (args.size() > 1) {
    std::fprintf(stderr, "beagle gcs: takes at most one collector name\n\n%s", kGcsUsage);
    return 2;
  }
  if (args.size() == 1) {
    const gc::CollectorInfo* info = gc::find_collector(args[0]);
    if (info == nullptr) {
      std::fprintf(stderr, "beagle gcs: unknown collector '%s' (collectors: %s)\n", args[0].c_str(),
                   run::collector_names().c_str());
      return 2;
    }
    return describe(*info);
  }
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    std::printf("%-12s %s\n", info.name, info.summary);
  }
  return 0;
}

}  // namespace beagle::cli
