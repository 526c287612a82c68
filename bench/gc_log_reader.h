// Reads what the workload benchmarks need from a run's GC event log
// (`beagle run --gc-log=FILE`, docs/GC-LOG.md, version 1): every pause, from
// the `resumed` records, and the totals of the `end` record.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "collectors/heap/event_log.h"

namespace beagle::bench {

struct GcLogRun {
  std::vector<uint64_t> pauses_ns;  // `pause_ns` of every collection, in order
  gc::GcLogTotals totals;           // the `end` record
};

// Throws std::runtime_error, naming the file, for a file that cannot be read,
// is not a version 1 GC log, has no `end` record (the run died), or whose
// pauses do not add up to its totals.
GcLogRun read_gc_log(const std::string& path);

}  // namespace beagle::bench
