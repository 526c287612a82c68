// Fuzz target: a whole run (compile, then the top-level code and main) with
// a step budget and a heap budget, so that every program ends: normally,
// with a Beagle error, out of memory or out of steps (status 0 or 1). A
// crash, a hang, a failed heap verification or a sanitizer report is a bug.
// Each input runs in a child of a process whose Program has the prelude
// loaded (fuzz_program.h, forked.h); its output goes to /dev/null.
#include <cstdint>

#include "fuzz/forked.h"
#include "fuzz/fuzz_program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace beagle::fuzz;
  beagle::jit::Program& program = warm_program();
  std::string path = write_input(data, size);
  run_forked([&] {
    // The prelude has used some of the steps: the input gets them all.
    program.runtime().main_thread().steps_left = program.options().max_steps;
    return on_program_stack(program, [&] { return program.run_file(path); });
  });
  return 0;
}
