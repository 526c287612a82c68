// Throwing Beagle values from C++ runtime code. A runtime function throws a
// BeagleThrow (a C++ exception, so destructors and HandleScopes unwind
// normally); the JIT's runtime-call shim catches it at the boundary and
// transfers control to the innermost Beagle `try` (see jit/stubs.h).
#pragma once

#include <string>

#include "lang/runtime/thread.h"

namespace beagle::rt {

// The stack pointer where this is inlined.
[[gnu::always_inline]] inline void* stack_pointer() {
  void* sp;
  asm volatile("mov %%rsp, %0" : "=r"(sp));
  return sp;
}

struct BeagleThrow {
  Value value;
  // The stack pointer of the throw: every C++ frame from here up to the
  // Beagle `try` that catches it is left behind (jit/stubs.cc clears what
  // AddressSanitizer had poisoned in them).
  void* thrown_at = stack_pointer();
};

// Throws a SystemError variant (`kind` is "TypeError", "RuntimeError", ...)
// with `message` and the location of the innermost Beagle function.
[[noreturn]] void throw_error(Thread& thread, const char* kind, const std::string& message);

// The same, with the arithmetic location form "ns/f at file:line".
[[noreturn]] void throw_arithmetic_error(Thread& thread, const char* kind, const std::string& message);

// The location of the innermost Beagle frame: "ns/f (file:line)".
std::string current_location(Thread& thread, bool arithmetic_form = false);

// A fatal error that cannot be caught (a match with no arm, corrupted state):
// prints to stderr, flushes stdout and exits with status 1.
[[noreturn]] void fatal(const std::string& message);

// The heap cannot hold the program: says so on stderr and exits with status 1.
[[noreturn]] void out_of_memory(const std::string& message);

}  // namespace beagle::rt
