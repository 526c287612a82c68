// Calling C++ runtime code from JIT code. JIT code calls runtime functions
// with the SysV convention (thread in rdi, values in the next registers);
// each is wrapped in a shim that turns a C++ BeagleThrow into a jump to the
// innermost Beagle `try` handler, after every C++ frame has unwound normally
// (and any other C++ exception into an abort of the program, below).
#pragma once

#include <type_traits>

#include "collectors/heap/heap.h"
#include "jit/stubs.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"

namespace beagle::jit {

const Stubs& active_stubs();
void set_active_stubs(const Stubs* stubs);

// --gc-at-safepoints (collectors/heap/stress.h): every call from compiled
// code into the runtime is a safepoint, and the stress schedule may collect
// there, on entry, before the runtime function runs. The frames are
// described by the stack map of the call's return address; the arguments
// in registers are held in handles meanwhile (and reread), as the function
// itself would hold them across an allocation.
template <typename T>
gc::Value* hold_argument(gc::HandleArea& handles, T& arg) {
  if constexpr (std::is_same_v<T, rt::Value>) return handles.push(arg);
  return nullptr;  // a pointer into a frame, or a count: nothing to hold
}

template <typename T>
void reread_argument(const gc::Value* slot, T& arg) {
  if constexpr (std::is_same_v<T, rt::Value>) arg = *slot;
}

template <typename... A>
[[gnu::noinline, gnu::cold]] void stress_safepoint(rt::Thread& thread, A&... args) {
  gc::HandleScope scope(*thread.handles);
  [[maybe_unused]] gc::Value* slots[] = {nullptr, hold_argument(*thread.handles, args)...};
  thread.runtime->heap().safepoint(thread.mutator);
  [[maybe_unused]] size_t i = 1;
  (reread_argument(slots[i++], args), ...);
}

// Arguments of a runtime function that are raw words rather than values:
// rt_allocate's is an object header, which must not be shown to a collector
// as a root. It takes no value, so the safepoint holds nothing for it.
template <auto F>
inline constexpr bool kTakesRawWords = false;
template <>
inline constexpr bool kTakesRawWords<rt::rt_allocate> = true;

// Any other C++ exception ends the program (rt::ProgramAbort: a fatal
// error, the heap exhausted, a failed verification). It cannot cross JIT
// frames, so the shim keeps it in the runtime, outside the catch (whose
// exception object must be destroyed normally), and leave_runtime_call
// jumps to the innermost entry frame, past every `try`; Stubs::call, the
// C++ code that entered the JIT frames, throws it again from there.
[[gnu::cold]] inline void keep_abort(rt::Thread& thread) {
  thread.runtime->pending_abort = rt::current_exception_as_abort();
}

// The end of a shim that did not return: to the innermost `try` with the
// thrown value, or out of the JIT frames with an abort.
[[noreturn]] inline void leave_runtime_call(rt::Thread& thread, const rt::BeagleThrow& thrown) {
  if (__builtin_expect(thread.runtime->pending_abort.has_value(), false)) active_stubs().abandon(thread);
  active_stubs().unwind(thread, thrown);
}

template <auto F>
struct Shim;

template <typename... A, rt::Value (*F)(rt::Thread&, A...)>
struct Shim<F> {
  static rt::Value call(rt::Thread* thread, A... args) {
    rt::BeagleThrow thrown;
    try {
      if (__builtin_expect(thread->mutator.stress_safepoints, false)) {
        if constexpr (kTakesRawWords<F>) {
          thread->runtime->heap().safepoint(thread->mutator);
        } else {
          stress_safepoint(*thread, args...);
        }
      }
      return F(*thread, args...);
    } catch (const rt::BeagleThrow& e) {
      thrown = e;
    } catch (...) {
      keep_abort(*thread);
    }
    leave_runtime_call(*thread, thrown);
  }
};

// The address JIT code calls for runtime function F.
template <auto F>
inline constexpr auto runtime_call = &Shim<F>::call;

template <auto F>
uintptr_t runtime_call_address() {
  return reinterpret_cast<uintptr_t>(runtime_call<F>);
}

}  // namespace beagle::jit

namespace beagle::jit {

// The file named by the stack map of a call of a builtin (in errors' locations).
inline constexpr const char* kBuiltinFile = "<builtin>";

// The shim of every builtin: its arguments are the words at `args`.
inline rt::Value call_builtin(rt::Thread* thread, const rt::Value* args, uint64_t argc, rt::BuiltinFn fn) {
  rt::BeagleThrow thrown;
  try {
    // A safepoint (see stress_safepoint): the arguments are in the caller's
    // frame, which the stack map lists.
    if (__builtin_expect(thread->mutator.stress_safepoints, false)) thread->runtime->heap().safepoint(thread->mutator);
    return fn(*thread, args, argc);
  } catch (const rt::BeagleThrow& e) {
    thrown = e;
  } catch (...) {
    keep_abort(*thread);
  }
  leave_runtime_call(*thread, thrown);
}

}  // namespace beagle::jit
