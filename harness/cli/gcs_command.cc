// `beagle gcs`: the collectors this build knows, for --gc=NAME.
#include <cstdio>
#include <cstring>

#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"
#include "harness/cli/commands.h"

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

const char* fast_path_name(gc::AllocationFastPath path) {
  return path == gc::AllocationFastPath::Bump ? "bump" : "none";
}

const char* barrier_name(gc::BarrierKind barrier) {
  return barrier == gc::BarrierKind::RememberObject ? "remember-object" : "none";
}

int describe(const gc::CollectorInfo& info) {
  std::printf("%s: %s\n", info.name, info.summary);
  gc::HeapOptions options;
  options.collector = info.name;
  gc::Heap heap(options);  // maps nothing until it allocates
  const gc::CollectorAttributes& attributes = heap.collector().attributes();
  std::printf("fast path: %s\n", fast_path_name(attributes.fast_path));
  std::printf("barrier: %s\n", barrier_name(attributes.barrier));
  std::printf("moving: %s\n", attributes.moving ? "yes" : "no");
  std::printf("reclaims: %s\n", attributes.reclaims ? "yes" : "no");
  std::printf("generations: %s\n", heap.collector().generations() != nullptr ? "yes" : "no");
  if (info.options.empty()) {
    std::puts("options: none");
    return 0;
  }
  std::puts("options (--gc-option NAME=VALUE):");
  for (const gc::CollectorOption& option : info.options) {
    std::printf("  %-14s %s (default %s)\n", option.name, option.help, option.default_value);
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
                   collector_names().c_str());
      return 2;
    }
    return describe(*info);
  }
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    std::printf("%-12s %s\n", info.name, info.summary);
  }
  return 0;
}

std::string collector_names() {
  std::string names;
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    names += std::string(names.empty() ? "" : ", ") + info.name;
  }
  return names;
}

}  // namespace beagle::cli
