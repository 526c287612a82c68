#include <algorithm>
#include <cstring>

#include "collectors/api/registry.h"

namespace beagle::gc {
namespace {

std::vector<CollectorInfo>& registry() {
  static std::vector<CollectorInfo> collectors;
  return collectors;
}

}  // namespace

CollectorRegistration::CollectorRegistration(CollectorInfo info) {
  auto& all = registry();
  all.push_back(info);
  std::sort(all.begin(), all.end(), [](const CollectorInfo& a, const CollectorInfo& b) { return std::strcmp(a.name, b.name) < 0; });
}

const std::vector<CollectorInfo>& registered_collectors() { return registry(); }

const CollectorInfo* find_collector(std::string_view name) {
  for (const CollectorInfo& info : registry()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

const char* gc_reason_name(GcReason reason) {
  switch (reason) {
    case GcReason::HeapFull: return "heap-full";
    case GcReason::Explicit: return "explicit";
    case GcReason::Stress: return "stress";
  }
  return "?";
}

void retire_buffer(Mutator& mutator) {
  if (mutator.alloc_ptr != nullptr && mutator.alloc_ptr < mutator.alloc_limit) {
    *mutator.alloc_ptr = filler_header(size_t(mutator.alloc_limit - mutator.alloc_ptr)).bits();
  }
  mutator.alloc_ptr = nullptr;
  mutator.alloc_limit = nullptr;
}

}  // namespace beagle::gc
