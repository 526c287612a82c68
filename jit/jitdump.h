// `beagle run --jitdump`: a jitdump file, /tmp/jit-PID.dump, in the format
// that `perf inject --jit` reads (the Linux perf tools'
// Documentation/jitdump-specification.txt): a header, then one JIT_CODE_LOAD
// record per named range of installed code, with its name and its bytes, so
// that perf can annotate the code too. Timestamps are CLOCK_MONOTONIC: record
// with `perf record -k mono`. docs/PROFILING.md has the commands.
#pragma once

#include "jit/code_names.h"

namespace beagle::jit {

// The process's dump file, made with its header when first asked for and
// mapped executable once (the mapping is how perf finds it); every Program
// that wants it appends to it. Throws std::runtime_error when the file
// cannot be made or mapped.
CodeListener& jitdump();

}  // namespace beagle::jit
