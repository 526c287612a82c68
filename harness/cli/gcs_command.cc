// `beagle gcs`: the collectors this build knows, for --gc=NAME.
#include <cstdio>
#include <cstring>

#include "collectors/api/registry.h"
#include "harness/cli/commands.h"

namespace beagle::cli {

int gcs_command(const Args& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::puts("Usage: beagle gcs\n\nLists the collectors that --gc=NAME accepts, one per line: name and summary.");
    return 0;
  }
  if (!args.empty()) {
    std::fprintf(stderr, "beagle gcs: takes no arguments (got '%s')\n", args[0].c_str());
    return 2;
  }
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    std::printf("%-12s %s\n", info.name, info.summary);
  }
  return 0;
}

}  // namespace beagle::cli
