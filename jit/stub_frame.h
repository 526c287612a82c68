// The small frames of generated stubs (builtin adapters, protocol dispatch,
// the arity error paths of functions and of the multi-arity dispatcher). Such a frame keeps the callee object at
// [rbp-8] and the argument count at [rbp-16]; its stack maps list the callee
// and, through the count, every argument above the return address.
#pragma once

#include <asmjit/x86.h>

#include "jit/function_compiler.h"

namespace beagle::jit {

// push rbp; mov rbp, rsp; keep rdi (callee) and rsi (argument count).
void emit_stub_frame(asmjit::x86::Assembler& a);

// Records rsp/rbp for the frame walker, calls `target` with the thread in
// rdi (the other argument registers as the caller set them), and returns the
// safepoint of that call, named for error locations.
Safepoint emit_stub_call(asmjit::x86::Assembler& a, uintptr_t target, const char* function, const char* file,
                         uint32_t line);

}  // namespace beagle::jit
