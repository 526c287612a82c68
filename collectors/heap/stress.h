// Stress schedules: when the Heap forces a collection that no allocation
// needs (GcReason::Stress), to shake out missing roots, stale references and
// missing barriers. One schedule per run, chosen on the command line
// (`beagle run --gc-always`, `--gc-every=N`, `--gc-every-bytes=SIZE`,
// `--gc-at-safepoints`, `--gc-random=SEED[:P]`, `--gc-replay=FILE`).
//
// A schedule counts *points*, 1, 2, 3, ...: either the allocations that reach
// the Heap (under any schedule that is every allocation: the inline fast
// paths are disarmed), or the safepoints (every call from compiled code into
// the runtime, jit/runtime_calls.h). At each point it says whether to collect
// there, and reports the index of every point at which it does (for
// `--gc-record`). The same options give the same points and the same
// collections, run after run: the random schedule draws from its own seeded
// generator.
//
// The record file (`--gc-record=FILE`, `--gc-replay=FILE`, `beagle shrink`)
// is described in docs/STRESS.md; ScheduleFile reads and writes it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace beagle::gc {

// What a schedule counts.
enum class StressPoints {
  Allocations,  // every allocation that reaches Heap::allocate
  Safepoints,   // every call from compiled code into the runtime (Heap::safepoint)
};

const char* stress_points_name(StressPoints points);

struct StressOptions {
  enum class Kind {
    None,          // no forced collections
    Always,        // at every allocation
    Every,         // at every `every`-th allocation
    EveryBytes,    // at the first allocation after `every` bytes since the last one
    AtSafepoints,  // at every safepoint
    Random,        // at each allocation with `probability`, drawn from `seed`
    Replay,        // at exactly the points `replay` lists
  };
  Kind kind = Kind::None;
  bool whole_heap = false;  // every forced collection collects the whole heap (--gc-always=major)
  uint64_t every = 0;       // Every: allocations; EveryBytes: bytes
  uint64_t seed = 0;        // Random
  double probability = 0;   // Random, in [0, 1]
  StressPoints replay_points = StressPoints::Allocations;  // Replay: what `replay` counts
  std::vector<uint64_t> replay;                             // Replay: ascending indices, from 1
  // Called with the index of each point at which the schedule collects,
  // before the collection starts (so a collection that crashes is recorded).
  std::function<void(uint64_t)> on_collect;

  bool active() const { return kind != Kind::None; }
  StressPoints points() const;

  static StressOptions always(bool whole_heap = false);
};

class StressSchedule {
 public:
  explicit StressSchedule(StressOptions options);

  // Any schedule disarms the inline fast paths and turns verification on.
  bool active() const { return options_.active(); }
  bool counts_safepoints() const { return options_.active() && options_.points() == StressPoints::Safepoints; }
  bool whole_heap() const { return options_.whole_heap; }

  // Before an allocation of `bytes` reaches the collector: true to collect first.
  bool at_allocation(size_t bytes);
  // At a safepoint: true to collect there.
  bool at_safepoint();

  // The points counted so far (the index of the last one).
  uint64_t points() const { return points_; }
  // Replay: the collections of the schedule not reached yet, and the first
  // of them (0 if none).
  size_t unreached() const;
  uint64_t next_unreached() const;

 private:
  StressOptions options_;
  uint64_t points_ = 0;
  uint64_t bytes_since_collection_ = 0;
  std::mt19937_64 random_;
  size_t next_replay_ = 0;

  bool at_point(size_t bytes);
  bool decide(size_t bytes);
};

// A malformed or mismatched schedule file; the message names the file and
// the line.
class ScheduleFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The record file of docs/STRESS.md: a header naming the program, the
// collector and what the indices count, then one line per forced collection.
struct ScheduleFile {
  std::string program;       // the path as given to `beagle run`
  uint64_t program_hash = 0; // FNV-1a (64 bits) of the program file's bytes
  std::string collector;
  StressPoints points = StressPoints::Allocations;
  bool whole_heap = false;
  std::string recorded_by;              // the schedule that made it (informational)
  std::vector<uint64_t> collections;    // ascending point indices
  uint64_t end = 0;                     // points the recording run reached (0: unknown)

  // Throws ScheduleFileError.
  static ScheduleFile read(const std::string& path);
  // The whole file, with `collections` and `end`.
  std::string text() const;
  std::string header() const;
};

// FNV-1a, 64 bits: the program hash of a schedule file, and how the file
// writes it (16 hex digits).
uint64_t fnv1a64(const std::string& bytes);
std::string hex64(uint64_t n);

// Writes a schedule file as the run goes: the header at once, each
// collection when it is decided (flushed, so that the file survives a crash),
// the `end` line when the run finishes.
class ScheduleRecorder {
 public:
  // Throws ScheduleFileError if the file cannot be written.
  ScheduleRecorder(const std::string& path, const ScheduleFile& header);
  ~ScheduleRecorder();
  ScheduleRecorder(const ScheduleRecorder&) = delete;
  ScheduleRecorder& operator=(const ScheduleRecorder&) = delete;

  void collected(uint64_t index);
  void finish(uint64_t points);

 private:
  std::FILE* file_;
};

}  // namespace beagle::gc
