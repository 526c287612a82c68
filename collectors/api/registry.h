// Collectors register themselves by name; `--gc=NAME` picks one at run time.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "collectors/api/collector.h"

namespace beagle::gc {

using CollectorFactory = std::unique_ptr<Collector> (*)(CollectorHost& host, const HeapConfig& config);

struct CollectorInfo {
  const char* name;
  const char* summary;  // one line, for `beagle gcs`
  CollectorFactory make;
  std::vector<CollectorOption> options = {};  // what --gc-option accepts
};

// Registered collectors, sorted by name.
const std::vector<CollectorInfo>& registered_collectors();
const CollectorInfo* find_collector(std::string_view name);

struct CollectorRegistration {
  explicit CollectorRegistration(CollectorInfo info);
};

}  // namespace beagle::gc

// In a collector's .cc file: BEAGLE_REGISTER_COLLECTOR(nogc, "nogc", "...", &make);
// and optionally a list of options: ..., &make, {{"nursery", "8M", "..."}});
#define BEAGLE_REGISTER_COLLECTOR(id, name, summary, factory, ...) \
  static ::beagle::gc::CollectorRegistration beagle_collector_##id({name, summary, factory, ##__VA_ARGS__})
