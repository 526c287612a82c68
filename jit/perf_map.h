// `beagle run --perf-map`: the map file in which perf looks up code that no
// ELF file describes, /tmp/perf-PID.map (the Linux perf tools'
// Documentation/jit-interface.txt). One line per named range of installed
// code, "START SIZE NAME" with START and SIZE in hex; docs/PROFILING.md has
// the names and the perf commands.
#pragma once

#include "jit/code_names.h"

namespace beagle::jit {

// The process's map, emptied when it is first asked for; every Program that
// wants it appends to it (programs may run side by side). Throws
// std::runtime_error when the file cannot be written.
CodeListener& perf_map();

}  // namespace beagle::jit
