// The stress flags of `beagle run` (collectors/heap/stress.h, docs/STRESS.md):
// parsing them, and the checks that tie a record or replay file to the
// program being run.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "collectors/heap/stress.h"

namespace beagle::cli {

// A bad stress flag or file: the message is printed after "beagle run: "
// and the run stops with status 2.
class StressUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StressFlags {
  gc::StressOptions options;
  std::string schedule_flag;  // the flag that chose the schedule, as given
  std::string record_path;    // --gc-record=FILE
  std::string replay_path;    // --gc-replay=FILE

  // Takes `arg` if it is a stress flag (true), else returns false. Throws
  // StressUsageError for a malformed value or a second schedule.
  bool parse(const std::string& arg);

  // After the flags: `// gc-always` in the program's text, or
  // BEAGLE_GC_ALWAYS=1, asks for gc-always when no flag chose a schedule.
  void default_to_gc_always(const std::string& why);

  // Reads the replay file and opens the record file, for `program` (the
  // path as given, and its text) under `collector`. Throws StressUsageError.
  void prepare(const std::string& program, const std::string& text, const std::string& collector);

  // After the run: writes the record's `end` line and checks that a replay
  // reached every collection of its schedule. Returns an error message, or
  // "" if all is well.
  std::string finish(const gc::StressSchedule& schedule);

 private:
  std::shared_ptr<gc::ScheduleRecorder> recorder_;
  void choose(gc::StressOptions::Kind kind, const std::string& arg);
};

// "--gc-always, --gc-always=major, --gc-every=N, ...": the schedules, for errors.
extern const char* const kStressSchedules;

}  // namespace beagle::cli
