// What the compile and run targets share: one Program with the prelude
// loaded, made before the first input and never run itself (each input is
// compiled or run in a child, forked.h), and the file each input is written
// to (the compiler reads programs from files, and resolves `use` next to
// them: nothing else is in the file's private directory).
//
// The Program's options, from the environment (scripts/fuzz.sh passes them):
//   BEAGLE_FUZZ_GC     the collector (default mark-sweep)
//   BEAGLE_FUZZ_HEAP   the heap budget, as --heap (default 32M)
//   BEAGLE_FUZZ_STEPS  the step budget, as --max-steps (default 30000)
// The heap is verified around every collection (--verify).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "jit/program.h"

namespace beagle::fuzz {

jit::Program& warm_program();

// Writes the input to the fuzz file; returns its path.
std::string write_input(const uint8_t* data, size_t size);

// Runs `work` on a thread with the program stack of `beagle run` (256 MiB,
// the Program's stack limit set for it); returns what `work` returned.
int on_program_stack(jit::Program& program, const std::function<int()>& work);

}  // namespace beagle::fuzz
