// Fuzz target: the compiler (jit/) after the parser: parse and compile to
// machine code, never run. Any input must compile or give a compile error
// (a diagnostic, status 1); a crash, a hang or a sanitizer report is a bug.
// Each input compiles in a child of a process whose Program has the prelude
// loaded (fuzz_program.h, forked.h).
#include <cstdint>

#include "fuzz/forked.h"
#include "fuzz/fuzz_program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace beagle::fuzz;
  beagle::jit::Program& program = warm_program();
  std::string path = write_input(data, size);
  run_forked([&] { return on_program_stack(program, [&] { return program.compile_file(path) ? 0 : 1; }); });
  return 0;
}
