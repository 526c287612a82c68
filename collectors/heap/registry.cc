#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

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
    case GcReason::Cycle: return "cycle";
  }
  return "?";
}

const std::string* HeapConfig::option(const char* name) const {
  for (const auto& [key, value] : options) {
    if (key == name) return &value;
  }
  return nullptr;
}

double growth_option(const HeapConfig& config, const char* collector, const char* name, double default_value) {
  const std::string* text = config.option(name);
  if (text == nullptr) return default_value;
  char* end = nullptr;
  double growth = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !(growth > 0 && growth <= 100)) {
    throw std::invalid_argument(std::string(collector) + ": " + name + " must be a number above 0 and at most 100, not '" +
                                *text + "'");
  }
  return growth;
}

bool parse_size(const std::string& text, size_t& out) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return false;
  char* end = nullptr;
  unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str()) return false;
  std::string unit(end);
  size_t scale = unit.empty() || unit == "B" ? 1
                 : unit == "K" || unit == "k" ? 1024
                 : unit == "M" || unit == "m" ? 1024 * 1024
                 : unit == "G" || unit == "g" ? size_t{1} << 30
                                              : 0;
  if (scale == 0 || n > (~size_t{0}) / scale) return false;
  out = size_t(n) * scale;
  return true;
}

void retire_buffer(Mutator& mutator) {
  if (mutator.alloc_ptr != nullptr && mutator.alloc_ptr < mutator.alloc_limit) {
    *mutator.alloc_ptr = filler_header(size_t(mutator.alloc_limit - mutator.alloc_ptr)).bits();
  }
  mutator.alloc_ptr = nullptr;
  mutator.alloc_limit = nullptr;
}

}  // namespace beagle::gc
