#include "jit/stubs.h"

#include <algorithm>

#include <asmjit/x86.h>
#include <sanitizer/asan_interface.h>

#include "collectors/api/barrier.h"
#include "collectors/roots/frame_walker.h"
#include "jit/runtime_calls.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using rt::Thread;

namespace {

Mem thread_field(size_t offset) { return qword_ptr(r15, int32_t(offset)); }
Mem last_sp() { return thread_field(rt::kThreadMutatorOffset + gc::kLastSpOffset); }
Mem last_fp() { return thread_field(rt::kThreadMutatorOffset + gc::kLastFpOffset); }
Mem handlers() { return thread_field(rt::kThreadHandlersOffset); }

// Entry frame (word offsets from rbp): the saved last_sp/last_fp where the
// frame walker expects them, the callee-saved registers, the `threw`
// pointer, and a handler record.
constexpr int kSavedRegs = -3;         // rbx r12 r13 r14 r15 at -3 ... -7
constexpr int kThrewSlot = -8;
constexpr int kHandlerSlot = -12;      // 4 words: -12 ... -9
constexpr int kEntryFrameBytes = 96;   // 12 words

Mem slot(int index) { return qword_ptr(rbp, index * 8); }

void emit_enter(Assembler& a, Label& catch_label, Label& after_call, Label& call_value) {
  a.push(rbp);
  a.mov(rbp, rsp);
  a.sub(rsp, kEntryFrameBytes);
  const Gp saved[] = {rbx, r12, r13, r14, r15};
  for (int i = 0; i < 5; i++) a.mov(slot(kSavedRegs - i), saved[i]);
  a.mov(r15, rdi);
  a.mov(slot(kThrewSlot), r8);
  a.mov(rax, last_sp());
  a.mov(slot(gc::kEntrySavedSpSlot), rax);
  a.mov(rax, last_fp());
  a.mov(slot(gc::kEntrySavedFpSlot), rax);
  // The handler: a throw that escapes the callee lands at catch_label.
  a.mov(rax, handlers());
  a.mov(slot(kHandlerSlot), rax);
  a.mov(slot(kHandlerSlot + 1), rsp);
  a.mov(slot(kHandlerSlot + 2), rbp);
  a.lea(rax, ptr(catch_label));
  a.mov(slot(kHandlerSlot + 3), rax);
  a.lea(rax, slot(kHandlerSlot));
  a.mov(handlers(), rax);
  // Copy the arguments to the outgoing area, keeping rsp 16-byte aligned.
  a.mov(r12, rsi);
  a.mov(r13, rdx);
  a.mov(rax, rdx);
  a.shl(rax, 3);
  a.add(rax, 15);
  a.and_(rax, -16);
  a.sub(rsp, rax);
  Label copy = a.newLabel(), copied = a.newLabel();
  a.xor_(eax, eax);
  a.bind(copy);
  a.cmp(rax, rdx);
  a.jae(copied);
  a.mov(r9, ptr(rcx, rax, 3));
  a.mov(ptr(rsp, rax, 3), r9);
  a.inc(rax);
  a.jmp(copy);
  a.bind(copied);
  a.mov(rdi, r12);
  a.mov(rsi, r13);
  a.call(call_value);
  a.bind(after_call);
  // Normal return: pop the handler, report no throw.
  a.lea(rsp, slot(kHandlerSlot));
  a.mov(rcx, slot(kHandlerSlot));
  a.mov(handlers(), rcx);
  a.mov(rcx, slot(kThrewSlot));
  a.mov(qword_ptr(rcx), 0);
  Label restore = a.newLabel();
  a.jmp(restore);
  // A throw: the unwinder popped the handler and restored rsp and rbp.
  a.bind(catch_label);
  a.mov(rcx, slot(kThrewSlot));
  a.mov(qword_ptr(rcx), 1);
  a.bind(restore);
  a.mov(rcx, slot(gc::kEntrySavedSpSlot));
  a.mov(last_sp(), rcx);
  a.mov(rcx, slot(gc::kEntrySavedFpSlot));
  a.mov(last_fp(), rcx);
  for (int i = 4; i >= 0; i--) a.mov(saved[i], slot(kSavedRegs - i));
  a.leave();
  a.ret();
}

// rdi = the handler record, rsi = the thrown value, rdx = the thread. The
// C++ code that jumps here may have used r15 for its own values (it is
// callee-saved, and the frames that would restore it are abandoned), so the
// thread register is set again before the handler runs.
void emit_unwind(Assembler& a) {
  a.mov(r15, rdx);
  a.mov(rsp, qword_ptr(rdi, rt::kHandlerSpOffset));
  a.mov(rbp, qword_ptr(rdi, rt::kHandlerFpOffset));
  a.mov(rax, rsi);
  a.jmp(qword_ptr(rdi, rt::kHandlerCatchOffset));
}

// rdi = callee, rsi = argument count, arguments at [rsp + 8]...
void emit_call_value(Assembler& a) {
  Label bad = a.newLabel(), not_function = a.newLabel();
  a.mov(eax, edi);
  a.and_(eax, 7);
  a.cmp(eax, 1);
  a.jne(bad);
  a.mov(rax, qword_ptr(rdi, -1));
  a.shr(eax, 1);
  a.and_(eax, 0x7f);
  a.cmp(eax, uint32_t(rt::Type::Function));
  a.jne(not_function);
  a.jmp(qword_ptr(rdi, 7));
  a.bind(not_function);
  a.cmp(eax, uint32_t(rt::Type::Closure));
  a.jne(bad);
  a.mov(rax, qword_ptr(rdi, 7));
  a.jmp(qword_ptr(rax, 7));
  // Not callable: record the caller's frame for the walker, then throw.
  a.bind(bad);
  a.lea(rax, qword_ptr(rsp, 8));
  a.mov(last_sp(), rax);
  a.mov(last_fp(), rbp);
  a.sub(rsp, 8);
  a.mov(rsi, rdi);
  a.mov(rdi, r15);
  a.mov(rax, imm(runtime_call_address<rt::rt_not_callable>()));
  a.call(rax);
  a.int3();
}

// A barrier's slow path: calls the C++ function `fn` with rdi = the
// thread's Mutator and what `load_args` puts in rsi and rdx, saving the
// caller-saved registers (compiled code keeps no value in xmm registers) and
// keeping rsp 16-byte aligned for the call: 9 pushes after the return
// address.
template <typename LoadArgs>
void emit_barrier_stub(Assembler& a, uintptr_t fn, LoadArgs load_args) {
  const Gp saved[] = {rax, rcx, rdx, rsi, rdi, r8, r9, r10, r11};
  for (const Gp& r : saved) a.push(r);
  a.lea(rdi, thread_field(rt::kThreadMutatorOffset));
  load_args();
  a.mov(rax, imm(fn));
  a.call(rax);
  for (int i = 8; i >= 0; i--) a.pop(saved[i]);
  a.ret();
}

// r11 = the stored-into object (tagged), r10 = the slot stored into.
void emit_remember(Assembler& a) {
  emit_barrier_stub(a, reinterpret_cast<uintptr_t>(&gc::remember), [&] {
    a.lea(rsi, qword_ptr(r11, -1));
    a.mov(rdx, r10);
  });
}

// r10 = the value a compiled store is about to overwrite.
void emit_log_overwritten(Assembler& a) {
  emit_barrier_stub(a, reinterpret_cast<uintptr_t>(&gc::log_overwritten), [&] { a.mov(rsi, r10); });
}

}  // namespace

Stubs::Stubs(CodeMemory& memory, gc::StackMapTable& maps) {
  CodeHolder code;
  code.init(Environment::host());
  Assembler a(&code);
  Label call_value = a.newLabel(), unwind = a.newLabel(), enter = a.newLabel(), remember = a.newLabel();
  Label log_overwritten = a.newLabel();
  Label catch_label = a.newLabel(), after_call = a.newLabel();
  CodeNames names(a);
  names.begin("stub:call_value");
  a.bind(call_value);
  emit_call_value(a);
  a.align(AlignMode::kCode, 16);
  names.begin("stub:unwind");
  a.bind(unwind);
  emit_unwind(a);
  a.align(AlignMode::kCode, 16);
  names.begin("stub:entry");
  a.bind(enter);
  emit_enter(a, catch_label, after_call, call_value);
  a.align(AlignMode::kCode, 16);
  names.begin("stub:remember");
  a.bind(remember);
  emit_remember(a);
  a.align(AlignMode::kCode, 16);
  names.begin("stub:log_overwritten");
  a.bind(log_overwritten);
  emit_log_overwritten(a);
  uint8_t* base = memory.install(code, names);
  auto address = [&](const Label& label) { return uintptr_t(base + code.labelOffsetFromBase(label)); };
  call_value_ = address(call_value);
  unwind_ = reinterpret_cast<UnwindFn>(address(unwind));
  enter_ = reinterpret_cast<EnterFn>(address(enter));
  remember_ = address(remember);
  log_overwritten_ = address(log_overwritten);
  entry_catch_ = address(catch_label);
  gc::StackMap entry_map;
  entry_map.kind = gc::FrameKind::Entry;
  entry_map.function = "<entry>";
  maps.add(address(after_call), entry_map);
}

uintptr_t Stubs::barrier_address(gc::BarrierKind kind) const {
  switch (kind) {
    case gc::BarrierKind::None: return 0;
    case gc::BarrierKind::RememberObject: return remember_;
    case gc::BarrierKind::SnapshotAtBeginning: return log_overwritten_;
  }
  return 0;
}

CallResult Stubs::call(rt::Thread& thread, rt::Value callee, const rt::Value* argv, uint64_t argc) const {
  uint64_t threw = 0;
  uint64_t result = enter_(&thread, callee.bits(), argc, argv, &threw);
  std::optional<rt::ProgramAbort>& abort = thread.runtime->pending_abort;
  if (threw != 0 && abort.has_value()) {
    rt::ProgramAbort again = std::move(*abort);
    abort.reset();
    throw again;
  }
  return {rt::Value::from_bits(result), threw != 0};
}

namespace {

// Every C++ frame between the throw and the handler is left behind: those
// the C++ exception unwound (from the throw to the shim that caught it),
// and those the jump abandons (the shim, Stubs::unwind) without running
// their epilogues. Under AddressSanitizer an epilogue unpoisons its frame's
// redzones; left poisoned, they would make whatever runs later at those
// stack addresses look like an overflow. ASan clears the whole stack at a
// C++ throw or a longjmp, but not at all when it is deeper than 64 MiB (a
// Beagle stack is 256 MiB); this clears exactly [the throw's sp, the
// handler's sp), so the frames that stay live, above the handler, keep
// their redzones. A no-op without ASan.
void forget_abandoned_frames(const rt::BeagleThrow& thrown, const rt::HandlerRecord& handler) {
  char* low = static_cast<char*>(std::min(thrown.thrown_at, rt::stack_pointer()));
  ASAN_UNPOISON_MEMORY_REGION(low, reinterpret_cast<char*>(handler.sp) - low);
}

}  // namespace

void Stubs::abandon(rt::Thread& thread) const {
  rt::HandlerRecord* handler = thread.handlers;
  while (reinterpret_cast<uintptr_t>(handler->catch_address) != entry_catch_) handler = handler->previous;
  thread.handlers = handler;
  unwind(thread, rt::BeagleThrow{rt::Value::null()});
}

void Stubs::unwind(rt::Thread& thread, const rt::BeagleThrow& thrown) const {
  rt::HandlerRecord* handler = thread.handlers;
  thread.handlers = handler->previous;
  forget_abandoned_frames(thrown, *handler);
  unwind_(handler, thrown.value.bits(), &thread);
  __builtin_unreachable();
}

}  // namespace beagle::jit
