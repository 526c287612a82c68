// _beagle: the C++ half of the Python package `beagle` (python/beagle/).
// It turns Python arguments into a run::RunRequest, runs the program with
// the GIL released (harness/run/run.h: on a thread of its own, so runs
// from several Python threads go on side by side), and hands back plain
// Python values and NumPy arrays; the package makes them into its result
// and exception classes.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "harness/run/collectors.h"
#include "harness/run/run.h"
#include "lang/runtime/output.h"

namespace py = pybind11;

namespace beagle::python {

namespace {

// One column of events as a NumPy array.
template <typename T, typename Field>
py::array_t<T> column(const std::vector<gc::GcEvent>& events, Field field) {
  py::array_t<T> array(py::ssize_t(events.size()));
  auto out = array.template mutable_unchecked<1>();
  for (size_t i = 0; i < events.size(); i++) out(py::ssize_t(i)) = T(field(events[i]));
  return array;
}

template <typename Name>
py::list names(const std::vector<gc::GcEvent>& events, Name name) {
  py::list list(events.size());
  for (size_t i = 0; i < events.size(); i++) list[i] = py::str(name(events[i]));
  return list;
}

// The events, one entry per field of docs/GC-LOG.md's phase records, under
// the same names. phase, kind and reason are lists of names (the package
// makes them string arrays); the others are NumPy arrays.
py::dict event_columns(const std::vector<gc::GcEvent>& events) {
  using E = const gc::GcEvent&;
  py::dict d;
  d["collection"] = column<uint64_t>(events, [](E e) { return e.collection; });
  d["phase"] = names(events, [](E e) { return gc::gc_phase_name(e.phase); });
  d["t_ns"] = column<uint64_t>(events, [](E e) { return e.time_ns; });
  d["kind"] = names(events, [](E e) { return gc::collection_kind_name(e.kind); });
  d["reason"] = names(events, [](E e) { return gc::gc_reason_name(e.reason); });
  d["concurrent"] = column<bool>(events, [](E e) { return e.concurrent; });
  d["whole_heap"] = column<bool>(events, [](E e) { return e.whole_heap; });
  d["heap_used_bytes"] = column<uint64_t>(events, [](E e) { return e.heap_used_bytes; });
  d["heap_committed_bytes"] = column<uint64_t>(events, [](E e) { return e.heap_committed_bytes; });
  d["threads"] = column<uint64_t>(events, [](E e) { return e.threads; });
  d["remembered_entries"] = column<uint64_t>(events, [](E e) { return e.remembered_entries; });
  d["copied_bytes"] = column<uint64_t>(events, [](E e) { return e.copied_bytes; });
  d["marked_bytes"] = column<uint64_t>(events, [](E e) { return e.marked_bytes; });
  d["finished"] = column<bool>(events, [](E e) { return e.finished; });
  d["lazy"] = column<bool>(events, [](E e) { return e.lazy; });
  d["promoted_bytes"] = column<uint64_t>(events, [](E e) { return e.promoted_bytes; });
  d["freed_bytes"] = column<uint64_t>(events, [](E e) { return e.freed_bytes; });
  d["pause_ns"] = column<uint64_t>(events, [](E e) { return e.pause_ns; });
  return d;
}

// What `beagle run --stats` prints, under the names of docs/GC-LOG.md's
// `end` record where it has them (`major` counts start and full collections
// too, as --stats does).
py::dict statistics(const gc::GcStats& s, uint64_t wall_ns) {
  py::dict d;
  d["collections"] = s.collections;
  d["minor"] = s.minor.count;
  d["major"] = s.major.count;
  d["pause_total_ns"] = s.total_pause_ns;
  d["pause_max_ns"] = s.max_pause_ns;
  d["stall_max_ns"] = s.max_stall_ns;
  d["collector_cpu_ns"] = s.total_pause_cpu_ns;
  d["concurrent_cpu_ns"] = s.concurrent_cpu_ns;
  d["promoted_bytes"] = s.promoted_bytes;
  d["remembered_entries"] = s.remembered_objects;
  d["peak_heap_bytes"] = uint64_t(s.peak_used_bytes);
  d["slow_path_allocations"] = s.allocations;
  d["wall_ns"] = wall_ns;
  d["mutator_ns"] = wall_ns - std::min(wall_ns, s.total_pause_ns);
  py::array_t<uint64_t> pauses(py::ssize_t(s.pauses_ns.size()));
  for (size_t i = 0; i < s.pauses_ns.size(); i++) pauses.mutable_at(py::ssize_t(i)) = s.pauses_ns[i];
  d["pauses_ns"] = pauses;
  return d;
}

py::dict run(const std::string& path, std::optional<std::string> text, std::optional<std::string> gc,
             const std::vector<std::pair<std::string, std::string>>& gc_options, std::optional<std::string> heap,
             const std::vector<std::string>& args, const std::vector<std::string>& stress, bool verify,
             bool no_std, bool events, bool perf_map, bool jitdump) {
  run::RunRequest request;
  request.path = path;
  request.text = std::move(text);
  if (gc) request.options.heap.collector = *gc;
  request.options.heap.config.options = gc_options;
  if (heap && !gc::parse_size(*heap, request.options.heap.config.max_heap_bytes)) {
    throw py::value_error("bad heap size '" + *heap + "' (use e.g. 512K, 64M, 1G, or a number of bytes)");
  }
  request.options.program_args = args;
  request.options.heap.verify = verify;
  request.options.no_std = no_std;
  request.options.heap.event_log.enabled = events;  // no path: kept in memory only
  request.options.perf_map = perf_map;
  request.options.jitdump = jitdump;
  for (const std::string& schedule : stress) {
    std::string flag = "--gc-" + schedule;  // the command line's flags, by the command line's parser
    try {
      if (!request.stress.parse(flag)) throw py::value_error("unknown stress schedule '" + schedule + "'");
    } catch (const cli::StressUsageError& e) {
      throw py::value_error(e.what());
    }
  }
  rt::CapturedOutput output;
  request.options.output = &output;
  run::RunResult result;
  {
    py::gil_scoped_release release;
    result = run::run_program(std::move(request));
  }
  py::dict d;
  d["ending"] = run::ending_name(result.ending);
  d["exit_status"] = result.exit_status;
  d["message"] = result.message;
  d["error_file"] = result.error_file;
  d["error_line"] = result.error_pos.line;
  d["error_column"] = result.error_pos.column;
  d["schedule_error"] = result.schedule_error;
  d["collector"] = result.collector;
  d["stdout"] = py::bytes(output.out_text);
  d["stderr"] = py::bytes(output.err_text);
  d["stats"] = result.stats ? py::object(statistics(*result.stats, result.wall_ns)) : py::none();
  d["events"] = event_columns(result.events);
  return d;
}

py::list collectors() {
  py::list list;
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    py::dict d;
    d["name"] = info.name;
    d["summary"] = info.summary;
    py::dict attributes;
    for (const auto& [key, value] : run::collector_attributes(info)) attributes[py::str(key)] = value;
    d["attributes"] = attributes;
    py::list options;
    for (const gc::CollectorOption& option : info.options) {
      options.append(py::make_tuple(option.name, option.default_value, option.help));
    }
    d["options"] = options;
    list.append(d);
  }
  return list;
}

}  // namespace

}  // namespace beagle::python

PYBIND11_MODULE(_beagle, m) {
  m.doc() = "The C++ half of the beagle package: use beagle.run and beagle.collectors.";
  m.def("run", &beagle::python::run, py::arg("path"), py::arg("text"), py::arg("gc"), py::arg("gc_options"),
        py::arg("heap"), py::arg("args"), py::arg("stress"), py::arg("verify"), py::arg("no_std"),
        py::arg("events"), py::arg("perf_map"), py::arg("jitdump"),
        "Runs one program (the GIL released); returns a dict of its ending, output, statistics and events.");
  m.def("collectors", &beagle::python::collectors, "The registered collectors, each as a dict.");
  m.attr("DEFAULT_COLLECTOR") = beagle::gc::HeapOptions{}.collector;
}
