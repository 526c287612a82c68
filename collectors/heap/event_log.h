// The GC event log (`beagle run --gc-log=FILE`): the EventListener
// (api/events.h) that keeps every phase of every collection in memory, as
// plain structs, and writes them as JSON Lines. docs/GC-LOG.md is the
// schema; kGcLogVersion is its version.
//
// The file gets the header when the log is made, each collection's phase
// records when it has resumed (so a run that dies keeps what came before),
// and the totals at finish(). Writing happens outside the pauses that the
// statistics count.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "collectors/api/events.h"

namespace beagle::gc {

struct GcStats;

inline constexpr int kGcLogVersion = 1;

// The first record: what ran.
struct GcLogHeader {
  int version = kGcLogVersion;
  std::string collector;
  // Every option the collector declares, with the value given or its default.
  std::vector<std::pair<std::string, std::string>> options;
  uint64_t heap_limit_bytes = 0;  // 0: no limit
  bool gc_always = false;
  bool gc_always_major = false;
  bool verify = false;
  std::vector<std::string> program;  // the program's file and its arguments
  uint64_t start_unix_ns = 0;        // wall clock when the heap was made
  uint64_t start_ns = 0;             // steady clock then: every event's time counts from it
};

// The last record: the run's totals.
struct GcLogTotals {
  uint64_t collections = 0;
  uint64_t minor = 0;
  uint64_t start = 0;
  uint64_t major = 0;
  uint64_t full = 0;
  uint64_t pause_total_ns = 0;
  uint64_t pause_max_ns = 0;
  uint64_t collector_cpu_ns = 0;
  uint64_t concurrent_cpu_ns = 0;  // the collector's CPU time outside the pauses
  uint64_t promoted_bytes = 0;
  uint64_t pretenured_bytes = 0;  // allocated straight into an old space (generational's pretenuring)
  uint64_t freed_bytes = 0;
  uint64_t peak_heap_bytes = 0;
  uint64_t slow_path_allocations = 0;
  uint64_t wall_ns = 0;     // from the heap's making to finish()
  uint64_t mutator_ns = 0;  // wall_ns less the pauses
};

// The log's file cannot be written.
class GcLogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class EventLog final : public EventListener {
 public:
  // Opens `path` for writing (truncating it) with a large buffer; throws
  // GcLogError, naming the path and the system's reason, if it cannot.
  static std::FILE* open(const std::string& path);

  // Writes to `path` unless it is empty (then the events are kept in
  // memory only). Throws GcLogError.
  EventLog(GcLogHeader header, const std::string& path);
  ~EventLog() override;

  const GcLogHeader& header() const { return header_; }
  // Every event so far, in order, with `time_ns` counted from
  // header().start_ns and the collection's number, reason and kind filled
  // in (the kind once the collection has resumed).
  const std::vector<GcEvent>& events() const { return events_; }
  // After finish().
  const std::optional<GcLogTotals>& totals() const { return totals_; }

  // Ends the log with the heap's totals, and closes the file.
  void finish(const GcStats& stats);

 protected:
  void on_event(const GcEvent& event) override;

 private:
  // A concurrent collector reports its concurrent phases from its own
  // thread, while a mutator may be in a pause.
  std::mutex lock_;
  GcLogHeader header_;
  std::FILE* file_ = nullptr;
  std::vector<GcEvent> events_;
  size_t first_unwritten_ = 0;  // events_ from here on are not in the file yet
  bool in_collection_ = false;  // between Requested and Resumed
  uint64_t kind_counts_[4] = {0, 0, 0, 0};  // by CollectionKind
  uint64_t freed_bytes_ = 0;
  std::optional<GcLogTotals> totals_;
  std::string text_;

  void write_pending();
  void write_text();
};

}  // namespace beagle::gc
