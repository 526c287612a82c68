// Calling C++ runtime code from JIT code. JIT code calls runtime functions
// with the SysV convention (thread in rdi, values in the next registers);
// each is wrapped in a shim that turns a C++ BeagleThrow into a jump to the
// innermost Beagle `try` handler, after every C++ frame has unwound normally.
#pragma once

#include <cstdio>

#include "collectors/heap/heap.h"
#include "jit/stubs.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/protocols.h"

namespace beagle::jit {

const Stubs& active_stubs();
void set_active_stubs(const Stubs* stubs);

template <auto F>
struct Shim;

template <typename... A, rt::Value (*F)(rt::Thread&, A...)>
struct Shim<F> {
  static rt::Value call(rt::Thread* thread, A... args) {
    rt::Value thrown;
    try {
      return F(*thread, args...);
    } catch (const rt::BeagleThrow& e) {
      thrown = e.value;
    } catch (const gc::HeapExhausted& e) {
      rt::out_of_memory(e.what());
    } catch (const std::exception& e) {
      // A failed heap verification, an unknown frame: C++ exceptions cannot
      // cross JIT frames, so report and stop here.
      rt::fatal(e.what());
    }
    active_stubs().unwind(*thread, thrown);
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

// The shim of every builtin: its arguments are the words at `args`.
inline rt::Value call_builtin(rt::Thread* thread, const rt::Value* args, uint64_t argc, rt::BuiltinFn fn) {
  rt::Value thrown;
  try {
    return fn(*thread, args, argc);
  } catch (const rt::BeagleThrow& e) {
    thrown = e.value;
  } catch (const gc::HeapExhausted& e) {
    rt::out_of_memory(e.what());
  } catch (const std::exception& e) {
    rt::fatal(e.what());
  }
  active_stubs().unwind(*thread, thrown);
}

}  // namespace beagle::jit
