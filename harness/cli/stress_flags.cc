#include "harness/cli/stress_flags.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "collectors/api/collector.h"

namespace beagle::cli {

const char* const kStressSchedules =
    "--gc-always, --gc-always=major, --gc-every=N, --gc-every-bytes=SIZE, --gc-at-safepoints, "
    "--gc-random=SEED[:P], --gc-replay=FILE";

namespace {

using Kind = gc::StressOptions::Kind;

constexpr double kDefaultProbability = 0.1;

// The value after `name=` in `arg`, or nullptr if `arg` is not `name=...`.
const char* value_of(const std::string& arg, const char* name) {
  size_t n = std::strlen(name);
  if (arg.compare(0, n, name) != 0 || arg.size() <= n || arg[n] != '=') return nullptr;
  return arg.c_str() + n + 1;
}

bool parse_count(const std::string& text, uint64_t& out) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  out = n;
  return true;
}

}  // namespace

void StressFlags::choose(Kind kind, const std::string& arg) {
  if (options.active()) {
    throw StressUsageError("one stress schedule at a time: " + schedule_flag + " and " + arg);
  }
  options.kind = kind;
  schedule_flag = arg;
}

bool StressFlags::parse(const std::string& arg) {
  if (arg == "--gc-always" || arg == "--gc-always=major") {
    choose(Kind::Always, arg);
    options.whole_heap = arg == "--gc-always=major";
  } else if (const char* value = value_of(arg, "--gc-always")) {
    throw StressUsageError("--gc-always takes no value, or =major (got '" + std::string(value) + "')");
  } else if (const char* value = value_of(arg, "--gc-every")) {
    if (!parse_count(value, options.every) || options.every == 0) {
      throw StressUsageError("--gc-every wants a positive number of allocations, got '" + std::string(value) + "'");
    }
    choose(Kind::Every, arg);
  } else if (const char* value = value_of(arg, "--gc-every-bytes")) {
    size_t bytes = 0;
    if (!gc::parse_size(value, bytes) || bytes == 0) {
      throw StressUsageError("--gc-every-bytes wants a positive size (e.g. 4096, 64K, 1M), got '" +
                             std::string(value) + "'");
    }
    options.every = bytes;
    choose(Kind::EveryBytes, arg);
  } else if (arg == "--gc-at-safepoints") {
    choose(Kind::AtSafepoints, arg);
  } else if (const char* value = value_of(arg, "--gc-random")) {
    std::string text = value;
    size_t colon = text.find(':');
    std::string seed = text.substr(0, colon);
    if (!parse_count(seed, options.seed)) {
      throw StressUsageError("--gc-random wants SEED[:P], a non-negative integer seed, got '" + seed + "'");
    }
    options.probability = kDefaultProbability;
    if (colon != std::string::npos) {
      std::string p = text.substr(colon + 1);
      char* end = nullptr;
      errno = 0;
      double probability = p.empty() ? NAN : std::strtod(p.c_str(), &end);
      if (p.empty() || errno != 0 || *end != '\0' || !(probability >= 0.0 && probability <= 1.0)) {
        throw StressUsageError("--gc-random: the probability must be a number within [0, 1], got '" + p + "'");
      }
      options.probability = probability;
    }
    choose(Kind::Random, arg);
  } else if (const char* value = value_of(arg, "--gc-replay")) {
    replay_path = value;
    choose(Kind::Replay, arg);
  } else if (const char* value = value_of(arg, "--gc-record")) {
    if (!record_path.empty()) throw StressUsageError("--gc-record given twice");
    record_path = value;
  } else if (arg.rfind("--gc-", 0) == 0 && arg.rfind("--gc-option", 0) != 0) {
    throw StressUsageError("unknown stress flag '" + arg + "' (the stress flags: " + kStressSchedules +
                            ", --gc-record=FILE)");
  } else {
    return false;
  }
  return true;
}

void StressFlags::default_to_gc_always(const std::string& why) {
  if (options.active()) return;
  options.kind = Kind::Always;
  schedule_flag = why;
}

void StressFlags::prepare(const std::string& program, const std::string& text, const std::string& collector) {
  gc::ScheduleFile header;
  header.program = program;
  header.program_hash = gc::fnv1a64(text);
  header.collector = collector;
  if (options.kind == Kind::Replay) {
    gc::ScheduleFile file;
    try {
      file = gc::ScheduleFile::read(replay_path);
    } catch (const gc::ScheduleFileError& e) {
      throw StressUsageError(std::string("--gc-replay: ") + e.what());
    }
    if (file.program_hash != header.program_hash) {
      throw StressUsageError("--gc-replay: " + replay_path + " was recorded for the program '" + file.program +
                             "' (fnv1a " + gc::hex64(file.program_hash) + "), not for '" + program + "' (fnv1a " +
                             gc::hex64(header.program_hash) + ")");
    }
    if (file.collector != collector) {
      throw StressUsageError("--gc-replay: " + replay_path + " was recorded with --gc=" + file.collector +
                             ", not --gc=" + collector);
    }
    options.replay_points = file.points;
    options.whole_heap = file.whole_heap;
    options.replay = file.collections;
  }
  if (record_path.empty()) return;
  if (!options.active()) {
    throw StressUsageError("--gc-record records the collections a stress schedule forces; give one (" +
                           std::string(kStressSchedules) + ")");
  }
  header.points = options.points();
  header.whole_heap = options.whole_heap;
  header.recorded_by = schedule_flag;
  try {
    recorder_ = std::make_shared<gc::ScheduleRecorder>(record_path, header);
  } catch (const gc::ScheduleFileError& e) {
    throw StressUsageError(std::string("--gc-record: ") + e.what());
  }
  options.on_collect = [recorder = recorder_](uint64_t index) { recorder->collected(index); };
}

std::string StressFlags::finish(const gc::StressSchedule& schedule) {
  if (recorder_) recorder_->finish(schedule.points());
  if (schedule.unreached() == 0) return "";
  const char* points = gc::stress_points_name(options.replay_points);
  return "--gc-replay: the program ended after " + std::to_string(schedule.points()) + " " + points +
         ", but " + replay_path + " has " + std::to_string(schedule.unreached()) + " more collection(s), from " +
         std::string(points, std::strlen(points) - 1) + " " + std::to_string(schedule.next_unreached()) +
         " on (recorded with other program arguments or options?)";
}

}  // namespace beagle::cli
