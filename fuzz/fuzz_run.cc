// Fuzz target: a whole run (compile, then the top-level code and main) with
// a step budget and a heap budget, so that every program ends: normally,
// with a Beagle error, out of memory or out of steps (status 0 or 1). A
// crash, a hang, a failed heap verification or a sanitizer report is a bug.
// Each input runs in a child of a process whose Program has the prelude
// loaded (fuzz_program.h, forked.h); its output goes to /dev/null.
#include <cstdint>
#include <string_view>

#include "fuzz/forked.h"
#include "fuzz/fuzz_program.h"

// The test-only builtins of beagle.__internal_test__ do what no program
// should: stack-probe(65) reads past its buffer on purpose, for ASan to
// report (lang/runtime/library/stack_probes.cc). Inputs that name that
// namespace are not run.
namespace {
bool uses_internal_test_builtins(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  return text.find("__internal_test__") != std::string_view::npos;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace beagle::fuzz;
  if (uses_internal_test_builtins(data, size)) return 0;
  beagle::jit::Program& program = warm_program();
  std::string path = write_input(data, size);
  run_forked([&] {
    // The prelude has used some of the steps: the input gets them all.
    program.runtime().main_thread().steps_left = program.options().max_steps;
    return on_program_stack(program, [&] { return program.run_file(path); });
  });
  return 0;
}
