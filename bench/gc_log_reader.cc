#include "bench/gc_log_reader.h"

#include <fstream>
#include <optional>
#include <stdexcept>

namespace beagle::bench {
namespace {

// The text after `"name":` in a record. The records this reader uses (the
// header's first fields, `phase`, `end`) are flat, and a `"` inside a string
// value is escaped, so the first match is the field.
std::optional<std::string_view> raw_field(std::string_view line, const std::string& name) {
  std::string key = "\"" + name + "\":";
  size_t at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  return line.substr(at + key.size());
}

bool has_string(std::string_view line, const std::string& name, const std::string& value) {
  std::optional<std::string_view> raw = raw_field(line, name);
  return raw && raw->substr(0, value.size() + 2) == "\"" + value + "\"";
}

std::optional<uint64_t> number(std::string_view line, const std::string& name) {
  std::optional<std::string_view> raw = raw_field(line, name);
  if (!raw || raw->empty() || (*raw)[0] < '0' || (*raw)[0] > '9') return std::nullopt;
  uint64_t value = 0;
  for (char c : *raw) {
    if (c < '0' || c > '9') break;
    value = value * 10 + uint64_t(c - '0');
  }
  return value;
}

}  // namespace

GcLogRun read_gc_log(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the GC log '" + path + "'");
  auto fail = [&](const std::string& why) { return std::runtime_error("GC log '" + path + "': " + why); };
  std::string line;
  if (!std::getline(in, line) || !has_string(line, "record", "header") ||
      !has_string(line, "schema", "beagle-gc-log")) {
    throw fail("no header (not a GC log)");
  }
  if (number(line, "version") != uint64_t(gc::kGcLogVersion)) {
    throw fail("schema version is not " + std::to_string(gc::kGcLogVersion));
  }
  GcLogRun run;
  bool ended = false;
  while (std::getline(in, line)) {
    if (has_string(line, "record", "phase")) {
      if (!has_string(line, "phase", "resumed")) continue;
      std::optional<uint64_t> pause = number(line, "pause_ns");
      if (!pause) throw fail("a resumed record without pause_ns: " + line);
      run.pauses_ns.push_back(*pause);
    } else if (has_string(line, "record", "end")) {
      gc::GcLogTotals& t = run.totals;
      std::pair<const char*, uint64_t*> fields[] = {
          {"collections", &t.collections}, {"minor", &t.minor}, {"start", &t.start}, {"major", &t.major},
          {"full", &t.full},
          {"pause_total_ns", &t.pause_total_ns}, {"pause_max_ns", &t.pause_max_ns},
          {"collector_cpu_ns", &t.collector_cpu_ns}, {"concurrent_cpu_ns", &t.concurrent_cpu_ns},
          {"promoted_bytes", &t.promoted_bytes}, {"pretenured_bytes", &t.pretenured_bytes},
          {"freed_bytes", &t.freed_bytes}, {"peak_heap_bytes", &t.peak_heap_bytes},
          {"slow_path_allocations", &t.slow_path_allocations}, {"wall_ns", &t.wall_ns},
          {"mutator_ns", &t.mutator_ns}};
      for (auto [name, slot] : fields) {
        std::optional<uint64_t> value = number(line, name);
        if (!value) throw fail(std::string("the end record has no ") + name);
        *slot = *value;
      }
      ended = true;
    }
  }
  if (!ended) throw fail("no end record (the run did not end normally)");
  uint64_t total = 0;
  for (uint64_t pause : run.pauses_ns) total += pause;
  if (run.pauses_ns.size() != run.totals.collections || total != run.totals.pause_total_ns) {
    throw fail(std::to_string(run.pauses_ns.size()) + " pauses of " + std::to_string(total) +
               " ns in all, but the end record counts " + std::to_string(run.totals.collections) + " of " +
               std::to_string(run.totals.pause_total_ns) + " ns");
  }
  return run;
}

}  // namespace beagle::bench
