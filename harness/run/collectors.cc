#include "harness/run/collectors.h"

#include "collectors/heap/heap.h"

namespace beagle::run {

namespace {

const char* fast_path_name(gc::AllocationFastPath path) {
  switch (path) {
    case gc::AllocationFastPath::None: return "none";
    case gc::AllocationFastPath::Bump: return "bump";
    case gc::AllocationFastPath::FreeList: return "free-list";
  }
  return "?";
}

const char* barrier_name(gc::BarrierKind barrier) {
  switch (barrier) {
    case gc::BarrierKind::None: return "none";
    case gc::BarrierKind::RememberObject: return "remember-object";
    case gc::BarrierKind::SnapshotAtBeginning: return "snapshot-at-beginning";
  }
  return "?";
}

const char* yes_no(bool value) { return value ? "yes" : "no"; }

}  // namespace

std::vector<std::pair<std::string, std::string>> collector_attributes(const gc::CollectorInfo& info) {
  gc::HeapOptions options;
  options.collector = info.name;
  gc::Heap heap(options);  // maps nothing until it allocates
  const gc::CollectorAttributes& attributes = heap.collector().attributes();
  return {
      {"fast path", fast_path_name(attributes.fast_path)},
      {"barrier", barrier_name(attributes.barrier)},
      {"moving", yes_no(attributes.moving)},
      {"reclaims", yes_no(attributes.reclaims)},
      {"generations", yes_no(heap.collector().generations() != nullptr)},
  };
}

std::string collector_names() {
  std::string names;
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    names += std::string(names.empty() ? "" : ", ") + info.name;
  }
  return names;
}

}  // namespace beagle::run
