// The collectors of this build as `beagle gcs` and the Python module's
// beagle.collectors() describe them, from the registry
// (collectors/api/registry.h): a collector added later appears in both.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "collectors/api/registry.h"

namespace beagle::run {

// Its attributes, in order, as "key: value" lines of `beagle gcs NAME`:
// ("fast path", "bump"), ("barrier", "none"), ("moving", "yes"), ...
std::vector<std::pair<std::string, std::string>> collector_attributes(const gc::CollectorInfo& info);

// "compacting, generational, ..." for error messages.
std::string collector_names();

}  // namespace beagle::run
