// Machine-code stubs shared by all compiled code, generated once per process:
//  - enter: C++ calls a Beagle function value through it (an entry frame,
//    see collectors/roots/frame_walker.h); it installs a handler so that an
//    exception escaping the call returns to C++ instead of unwinding further;
//  - call_value: JIT code calls any function value through it; it checks
//    that the value is callable and jumps to the code of the function or of
//    the closure's function;
//  - unwind: transfers control to a `try` handler (or to enter's handler;
//    an abort of the program goes straight to enter's);
//  - remember: the slow path of the RememberObject barrier
//    (collectors/api/barrier.h), called from a compiled store with the
//    stored-into object (tagged) in r11 and the slot in r10;
//  - log_overwritten: the slow path of the SnapshotAtBeginning barrier,
//    called before a compiled store with the value it overwrites in r10.
//  Both barrier stubs preserve every register.
#pragma once

#include <cstdint>

#include "collectors/roots/stack_map.h"
#include "jit/code_memory.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/thread.h"

namespace beagle::jit {

struct CallResult {
  rt::Value value;
  bool threw;
};

class Stubs {
 public:
  Stubs(CodeMemory& memory, gc::StackMapTable& maps);

  // Calls `callee` with `argc` arguments from `argv`. The callee's frames see
  // the arguments as their parameters; argv may be freed after the call.
  // Throws rt::ProgramAbort if the program was aborted meanwhile.
  CallResult call(rt::Thread& thread, rt::Value callee, const rt::Value* argv, uint64_t argc) const;

  uintptr_t call_value_address() const { return call_value_; }
  // The slow path of a barrier of this kind (0 for BarrierKind::None).
  uintptr_t barrier_address(gc::BarrierKind kind) const;
  // Jumps to the innermost handler of the thread with the thrown value:
  // never returns.
  [[noreturn]] void unwind(rt::Thread& thread, const rt::BeagleThrow& thrown) const;
  // Jumps to the innermost entry frame's handler, past every `try`: never
  // returns. Its call() then throws the runtime's pending abort.
  [[noreturn]] void abandon(rt::Thread& thread) const;

 private:
  using EnterFn = uint64_t (*)(rt::Thread*, uint64_t callee, uint64_t argc, const rt::Value* argv, uint64_t* threw);
  using UnwindFn = void (*)(rt::HandlerRecord*, uint64_t value, rt::Thread* thread);
  EnterFn enter_ = nullptr;
  UnwindFn unwind_ = nullptr;
  uintptr_t call_value_ = 0;
  uintptr_t remember_ = 0;
  uintptr_t log_overwritten_ = 0;
  uintptr_t entry_catch_ = 0;  // the catch address of enter's handlers
};

}  // namespace beagle::jit
