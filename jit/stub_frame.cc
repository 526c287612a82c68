#include "jit/stub_frame.h"

#include "lang/runtime/thread.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;

void emit_stub_frame(Assembler& a) {
  a.push(rbp);
  a.mov(rbp, rsp);
  a.sub(rsp, 16);
  a.mov(qword_ptr(rbp, -8), rdi);
  a.mov(qword_ptr(rbp, -16), rsi);
}

Safepoint emit_stub_call(Assembler& a, uintptr_t target, const char* function, const char* file, uint32_t line) {
  a.mov(qword_ptr(r15, int32_t(rt::kThreadMutatorOffset + gc::kLastSpOffset)), rsp);
  a.mov(qword_ptr(r15, int32_t(rt::kThreadMutatorOffset + gc::kLastFpOffset)), rbp);
  a.mov(rdi, r15);
  a.mov(rax, imm(target));
  a.call(rax);
  Safepoint sp;
  sp.after_call = a.newLabel();
  a.bind(sp.after_call);
  sp.map.live_slots = {-1};
  sp.map.argument_count_slot = -2;
  sp.map.function = function;
  sp.map.file = file;
  sp.map.line = line;
  return sp;
}

}  // namespace beagle::jit
