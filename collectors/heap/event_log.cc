#include "collectors/heap/event_log.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "collectors/heap/heap.h"

namespace beagle::gc {
namespace {

constexpr size_t kFileBufferBytes = size_t{1} << 16;

// JSON text, one record at a time: open() starts a record with its first
// field, each other field adds ",\"name\":value", close() ends the line.
class Json {
 public:
  explicit Json(std::string& out) : out_(out) {}
  Json& open(const char* record) {
    out_ += "{\"record\":";
    quoted(record);
    return *this;
  }
  Json& field(const char* name, uint64_t value) {
    key(name);
    out_ += std::to_string(value);
    return *this;
  }
  Json& field(const char* name, bool value) {
    key(name);
    out_ += value ? "true" : "false";
    return *this;
  }
  Json& field(const char* name, const char* value) {
    key(name);
    quoted(value);
    return *this;
  }
  Json& field(const char* name, const std::string& value) { return field(name, value.c_str()); }
  Json& field(const char* name, const std::vector<std::string>& values) {
    key(name);
    out_ += '[';
    for (size_t i = 0; i < values.size(); i++) {
      if (i > 0) out_ += ',';
      quoted(values[i].c_str());
    }
    out_ += ']';
    return *this;
  }
  Json& field(const char* name, const std::vector<std::pair<std::string, std::string>>& values) {
    key(name);
    out_ += '{';
    for (size_t i = 0; i < values.size(); i++) {
      if (i > 0) out_ += ',';
      quoted(values[i].first.c_str());
      out_ += ':';
      quoted(values[i].second.c_str());
    }
    out_ += '}';
    return *this;
  }
  void close() { out_ += "}\n"; }

 private:
  std::string& out_;

  void key(const char* name) {
    out_ += ",\"";
    out_ += name;
    out_ += "\":";
  }
  void quoted(const char* text) {
    out_ += '"';
    for (const char* p = text; *p != '\0'; p++) {
      unsigned char c = static_cast<unsigned char>(*p);
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += char(c);
      } else if (c < 0x20) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", c);
        out_ += escape;
      } else {
        out_ += char(c);
      }
    }
    out_ += '"';
  }
};

// "2025-01-31T12:34:56.789Z"
std::string iso_time(uint64_t unix_ns) {
  time_t seconds = time_t(unix_ns / 1000000000u);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03uZ", unsigned(unix_ns / 1000000u % 1000u));
  return text;
}

// The fields that belong to the event's phase (docs/GC-LOG.md).
void phase_fields(Json& json, const GcEvent& e) {
  switch (e.phase) {
    case GcPhase::Requested:
      json.field("whole_heap", e.whole_heap)
          .field("heap_used_bytes", e.heap_used_bytes)
          .field("heap_committed_bytes", e.heap_committed_bytes);
      break;
    case GcPhase::Stopped: json.field("threads", e.threads); break;
    case GcPhase::Roots: break;
    case GcPhase::Remembered: json.field("remembered_entries", e.remembered_entries); break;
    case GcPhase::Copied: json.field("copied_bytes", e.copied_bytes); break;
    case GcPhase::MarkSlice: json.field("marked_bytes", e.marked_bytes).field("finished", e.finished); break;
    case GcPhase::Marked: json.field("marked_bytes", e.marked_bytes); break;
    case GcPhase::Swept: json.field("lazy", e.lazy); break;
    case GcPhase::Resumed:
      json.field("heap_used_bytes", e.heap_used_bytes)
          .field("heap_committed_bytes", e.heap_committed_bytes)
          .field("promoted_bytes", e.promoted_bytes)
          .field("freed_bytes", e.freed_bytes)
          .field("pause_ns", e.pause_ns);
      break;
  }
}

}  // namespace

std::FILE* EventLog::open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) {
    throw GcLogError("cannot write the GC log '" + path + "': " + std::strerror(errno));
  }
  std::setvbuf(file, nullptr, _IOFBF, kFileBufferBytes);
  return file;
}

EventLog::EventLog(GcLogHeader header, const std::string& path)
    : EventListener(true), header_(std::move(header)) {
  if (path.empty()) return;
  file_ = open(path);
  Json(text_)
      .open("header")
      .field("schema", "beagle-gc-log")
      .field("version", uint64_t(header_.version))
      .field("collector", header_.collector)
      .field("options", header_.options)
      .field("heap_limit_bytes", header_.heap_limit_bytes)
      .field("gc_always", header_.gc_always)
      .field("gc_always_major", header_.gc_always_major)
      .field("verify", header_.verify)
      .field("program", header_.program)
      .field("start_time", iso_time(header_.start_unix_ns))
      .field("start_unix_ns", header_.start_unix_ns)
      .close();
  write_text();
}

EventLog::~EventLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void EventLog::on_event(const GcEvent& event) {
  std::lock_guard held(lock_);
  GcEvent e = event;
  e.time_ns = e.time_ns > header_.start_ns ? e.time_ns - header_.start_ns : 0;
  if (e.phase == GcPhase::Requested) {
    in_collection_ = true;
    e.collection = events_.empty() ? 1 : events_.back().collection + 1;
  } else if (!events_.empty()) {
    // A phase belongs to the collection under way or, between collections
    // (a concurrent phase), to the last one.
    const GcEvent& last = events_.back();
    e.collection = last.collection;
    e.reason = last.reason;
    if (e.phase != GcPhase::Resumed) e.kind = last.kind;  // a Resumed event brings the kind
  }
  events_.push_back(e);
  if (e.phase == GcPhase::Resumed) {
    in_collection_ = false;
    // The kind is known now: every phase of the collection gets it.
    for (size_t i = events_.size(); i-- > 0 && events_[i].collection == e.collection;) events_[i].kind = e.kind;
    kind_counts_[size_t(e.kind)]++;
    freed_bytes_ += e.freed_bytes;
  }
  if (!in_collection_) write_pending();
}

void EventLog::write_pending() {
  if (file_ == nullptr) {
    first_unwritten_ = events_.size();
    return;
  }
  for (; first_unwritten_ < events_.size(); first_unwritten_++) {
    const GcEvent& e = events_[first_unwritten_];
    Json json(text_);
    json.open("phase")
        .field("collection", e.collection)
        .field("phase", gc_phase_name(e.phase))
        .field("t_ns", e.time_ns)
        .field("kind", collection_kind_name(e.kind))
        .field("reason", gc_reason_name(e.reason))
        .field("concurrent", e.concurrent);
    phase_fields(json, e);
    json.close();
  }
  write_text();
}

void EventLog::write_text() {
  if (file_ != nullptr) std::fwrite(text_.data(), 1, text_.size(), file_);
  text_.clear();
}

void EventLog::finish(const GcStats& stats) {
  std::lock_guard held(lock_);
  if (totals_) return;
  write_pending();  // a collection that never resumed (the run died in it)
  GcLogTotals t;
  t.collections = stats.collections;
  t.minor = kind_counts_[size_t(CollectionKind::Minor)];
  t.start = kind_counts_[size_t(CollectionKind::Start)];
  t.major = kind_counts_[size_t(CollectionKind::Major)];
  t.full = kind_counts_[size_t(CollectionKind::Full)];
  t.pause_total_ns = stats.total_pause_ns;
  t.pause_max_ns = stats.max_pause_ns;
  t.collector_cpu_ns = stats.total_pause_cpu_ns;
  t.concurrent_cpu_ns = stats.concurrent_cpu_ns;
  t.promoted_bytes = stats.promoted_bytes;
  t.pretenured_bytes = stats.pretenured_bytes;
  t.freed_bytes = freed_bytes_;
  t.peak_heap_bytes = stats.peak_used_bytes;
  t.slow_path_allocations = stats.allocations;
  uint64_t now = now_ns();
  t.wall_ns = now > header_.start_ns ? now - header_.start_ns : 0;
  t.mutator_ns = t.wall_ns - std::min(t.wall_ns, t.pause_total_ns);
  totals_ = t;
  if (file_ == nullptr) return;
  Json(text_)
      .open("end")
      .field("t_ns", t.wall_ns)
      .field("collections", t.collections)
      .field("minor", t.minor)
      .field("start", t.start)
      .field("major", t.major)
      .field("full", t.full)
      .field("pause_total_ns", t.pause_total_ns)
      .field("pause_max_ns", t.pause_max_ns)
      .field("collector_cpu_ns", t.collector_cpu_ns)
      .field("concurrent_cpu_ns", t.concurrent_cpu_ns)
      .field("promoted_bytes", t.promoted_bytes)
      .field("pretenured_bytes", t.pretenured_bytes)
      .field("freed_bytes", t.freed_bytes)
      .field("peak_heap_bytes", t.peak_heap_bytes)
      .field("slow_path_allocations", t.slow_path_allocations)
      .field("wall_ns", t.wall_ns)
      .field("mutator_ns", t.mutator_ns)
      .close();
  write_text();
  bool failed = std::ferror(file_) != 0;
  failed = std::fclose(file_) != 0 || failed;
  file_ = nullptr;
  if (failed) std::fprintf(stderr, "beagle: the GC log could not be written in full\n");
}

}  // namespace beagle::gc
