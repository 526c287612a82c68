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

// The end of a program that no `try` catches: a fatal error (a match with
// no arm, a failed heap verification, corrupted state) or a heap that cannot
// hold the program. It is a C++ exception, but not a std::exception, so that
// nothing on its way mistakes it for an ordinary error; it cannot cross JIT
// frames, so the runtime-call shims carry it across (jit/runtime_calls.h)
// to the code that started the run, which reports it (harness/run/run.h):
// `report()` on stderr, exit status 1.
struct ProgramAbort {
  enum class Kind {
    Fatal,        // the program's own fault: no match arm matched, the step limit
    OutOfMemory,  // the heap limit cannot hold the program
    Internal,     // a bug of the runtime or a collector: a failed verification, an unknown frame
  };
  Kind kind;
  std::string message;

  // The text for stderr: the message, after "Out of memory: " for OutOfMemory.
  std::string report() const;
};

// Throws ProgramAbort (Fatal). (Out-of-memory is gc::HeapExhausted, which
// current_exception_as_abort turns into one.)
[[noreturn]] void fatal(const std::string& message);

// Inside a `catch`: the exception being handled, as the abort it causes. A
// ProgramAbort as it is, gc::HeapExhausted as out-of-memory, any other
// exception (a failed verification, an unknown frame) as an internal error
// with its message.
ProgramAbort current_exception_as_abort();

}  // namespace beagle::rt
