#include "collectors/heap/stress.h"

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace beagle::gc {

const char* stress_points_name(StressPoints points) {
  return points == StressPoints::Safepoints ? "safepoints" : "allocations";
}

StressPoints StressOptions::points() const {
  if (kind == Kind::AtSafepoints) return StressPoints::Safepoints;
  if (kind == Kind::Replay) return replay_points;
  return StressPoints::Allocations;
}

StressOptions StressOptions::always(bool whole_heap) {
  StressOptions options;
  options.kind = Kind::Always;
  options.whole_heap = whole_heap;
  return options;
}

StressSchedule::StressSchedule(StressOptions options) : options_(std::move(options)), random_(options_.seed) {}

bool StressSchedule::at_allocation(size_t bytes) {
  return active() && !counts_safepoints() && at_point(bytes);
}

bool StressSchedule::at_safepoint() { return counts_safepoints() && at_point(0); }

bool StressSchedule::at_point(size_t bytes) {
  points_++;
  bool collect = decide(bytes);
  if (collect && options_.on_collect) options_.on_collect(points_);
  return collect;
}

// Whether to collect at point `points_` (an allocation of `bytes`).
bool StressSchedule::decide(size_t bytes) {
  using Kind = StressOptions::Kind;
  switch (options_.kind) {
    case Kind::None: return false;
    case Kind::Always:
    case Kind::AtSafepoints: return true;
    case Kind::Every: return points_ % options_.every == 0;
    case Kind::EveryBytes: {
      bool collect = bytes_since_collection_ >= options_.every;
      if (collect) bytes_since_collection_ = 0;
      bytes_since_collection_ += bytes;
      return collect;
    }
    case Kind::Random: {
      // 53 random bits as a double in [0, 1): the same on every platform
      // (std::uniform_real_distribution is not specified bit for bit).
      double draw = double(random_() >> 11) * 0x1.0p-53;
      return draw < options_.probability;
    }
    case Kind::Replay: {
      const std::vector<uint64_t>& at = options_.replay;
      if (next_replay_ < at.size() && at[next_replay_] == points_) {
        next_replay_++;
        return true;
      }
      return false;
    }
  }
  return false;
}

size_t StressSchedule::unreached() const {
  return options_.kind == StressOptions::Kind::Replay ? options_.replay.size() - next_replay_ : 0;
}

uint64_t StressSchedule::next_unreached() const { return unreached() > 0 ? options_.replay[next_replay_] : 0; }

// ---------------------------------------------------------------- the file

namespace {

constexpr const char* kSignature = "beagle-gc-schedule 1";

bool parse_u64(const std::string& text, uint64_t& out, int base = 10) {
  if (text.empty() || text[0] == '-' || text[0] == '+' || std::isspace(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  errno = 0;
  char* end = nullptr;
  unsigned long long n = std::strtoull(text.c_str(), &end, base);
  if (errno != 0 || *end != '\0') return false;
  out = n;
  return true;
}

}  // namespace

uint64_t fnv1a64(const std::string& bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string hex64(uint64_t n) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, n);
  return buffer;
}

ScheduleFile ScheduleFile::read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ScheduleFileError("cannot open the schedule file '" + path + "'");
  ScheduleFile file;
  bool has_program = false, has_hash = false, has_collector = false, has_points = false;
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& what) {
    throw ScheduleFileError(path + ":" + std::to_string(number) + ": " + what);
  };
  while (std::getline(in, line)) {
    number++;
    if (number == 1) {
      if (line != kSignature) fail("not a schedule file (the first line must be '" + std::string(kSignature) + "')");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    std::string key = line.substr(0, space);
    std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    uint64_t n = 0;
    if (key == "program") {
      file.program = value;
      has_program = true;
    } else if (key == "program-fnv1a") {
      if (value.size() != 16 || !parse_u64(value, file.program_hash, 16)) fail("bad program-fnv1a '" + value + "'");
      has_hash = true;
    } else if (key == "collector") {
      file.collector = value;
      has_collector = !value.empty();
    } else if (key == "points") {
      if (value != "allocations" && value != "safepoints") {
        fail("points must be allocations or safepoints, not '" + value + "'");
      }
      file.points = value == "safepoints" ? StressPoints::Safepoints : StressPoints::Allocations;
      has_points = true;
    } else if (key == "whole-heap") {
      if (value != "yes" && value != "no") fail("whole-heap must be yes or no, not '" + value + "'");
      file.whole_heap = value == "yes";
    } else if (key == "recorded-by") {
      file.recorded_by = value;
    } else if (key == "collect") {
      if (!parse_u64(value, n) || n == 0) fail("bad index '" + value + "' (a positive integer)");
      if (!file.collections.empty() && n <= file.collections.back()) {
        fail("index " + value + " is not above the one before it (" + std::to_string(file.collections.back()) +
             ")");
      }
      file.collections.push_back(n);
    } else if (key == "end") {
      if (!parse_u64(value, file.end)) fail("bad end '" + value + "'");
    } else {
      fail("unknown line '" + line + "'");
    }
  }
  if (number == 0) throw ScheduleFileError(path + ": empty, not a schedule file");
  const char* missing = !has_program ? "program" : !has_hash ? "program-fnv1a" : !has_collector ? "collector"
                        : !has_points ? "points" : nullptr;
  if (missing != nullptr) throw ScheduleFileError(path + ": no '" + std::string(missing) + "' line");
  return file;
}

std::string ScheduleFile::header() const {
  std::ostringstream out;
  out << kSignature << "\n"
      << "program " << program << "\n"
      << "program-fnv1a " << hex64(program_hash) << "\n"
      << "collector " << collector << "\n"
      << "points " << stress_points_name(points) << "\n"
      << "whole-heap " << (whole_heap ? "yes" : "no") << "\n";
  if (!recorded_by.empty()) out << "recorded-by " << recorded_by << "\n";
  return out.str();
}

std::string ScheduleFile::text() const {
  std::string out = header();
  for (uint64_t index : collections) out += "collect " + std::to_string(index) + "\n";
  if (end != 0) out += "end " + std::to_string(end) + "\n";
  return out;
}

ScheduleRecorder::ScheduleRecorder(const std::string& path, const ScheduleFile& header)
    : file_(std::fopen(path.c_str(), "w")) {
  if (file_ == nullptr) {
    throw ScheduleFileError("cannot write the schedule file '" + path + "': " + std::strerror(errno));
  }
  std::fputs(header.header().c_str(), file_);
  std::fflush(file_);
}

ScheduleRecorder::~ScheduleRecorder() { std::fclose(file_); }

void ScheduleRecorder::collected(uint64_t index) {
  std::fprintf(file_, "collect %" PRIu64 "\n", index);
  std::fflush(file_);
}

void ScheduleRecorder::finish(uint64_t points) {
  std::fprintf(file_, "end %" PRIu64 "\n", points);
  std::fflush(file_);
}

}  // namespace beagle::gc
