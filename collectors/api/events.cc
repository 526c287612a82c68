#include "collectors/api/events.h"

#include <chrono>
#include <ctime>

namespace beagle::gc {

uint64_t now_ns() {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count());
}

uint64_t thread_cpu_ns() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return uint64_t(t.tv_sec) * 1000000000u + uint64_t(t.tv_nsec);
}

const char* gc_phase_name(GcPhase phase) {
  switch (phase) {
    case GcPhase::Requested: return "requested";
    case GcPhase::Stopped: return "stopped";
    case GcPhase::Roots: return "roots";
    case GcPhase::Remembered: return "remembered";
    case GcPhase::Copied: return "copied";
    case GcPhase::MarkSlice: return "mark-slice";
    case GcPhase::Marked: return "marked";
    case GcPhase::Swept: return "swept";
    case GcPhase::Resumed: return "resumed";
  }
  return "?";
}

const char* collection_kind_name(CollectionKind kind) {
  switch (kind) {
    case CollectionKind::Minor: return "minor";
    case CollectionKind::Start: return "start";
    case CollectionKind::Major: return "major";
    case CollectionKind::Full: return "full";
  }
  return "?";
}

EventListener& EventListener::none() {
  static EventListener listener;
  return listener;
}

CollectorHost::CollectorHost() : events_(&EventListener::none()) {}

}  // namespace beagle::gc
