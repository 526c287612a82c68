// `for x in coll { body }` (LANGUAGE.md §4.5): the loop of
// lang/runtime/for_loop.h, walked inline. Over a Range it is a counted loop,
// over a vector an indexed loop over each leaf; the runtime is called only
// to start and at the end of each chunk (a vector leaf, a run of a range).
#include "jit/function_compiler.h"
#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"
#include "lang/runtime/for_loop.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using lang::Expr;

void FunctionCompiler::for_expr(const Expr& e) {
  int result = push_temp();
  expr(*e.left);
  std::vector<int> state = push_temp_block(rt::kForLoopWords);
  auto word = [&](size_t offset) { return qword_ptr(rbp, -8 * state.front() + int32_t(offset)); };
  a_.mov(rsi, rax);
  a_.lea(rdx, slot(state.front()));
  call_runtime(runtime_call_address<rt::rt_for_begin>());

  Loop loop = begin_loop(result);
  Label test = a_.newLabel(), fetch = a_.newLabel(), value = a_.newLabel();
  a_.mov(rax, word(rt::kForPosOffset));
  a_.jmp(test);
  a_.bind(loop.continue_label);
  count_step();
  safepoint_poll();
  a_.mov(rax, word(rt::kForPosOffset));
  a_.add(rax, word(rt::kForStepOffset));
  a_.mov(word(rt::kForPosOffset), rax);
  a_.bind(test);
  a_.cmp(rax, word(rt::kForEndOffset));
  a_.jne(fetch);
  a_.cmp(word(rt::kForSourceOffset), kNull);
  a_.je(loop.break_label);
  a_.lea(rsi, slot(state.front()));
  call_runtime(runtime_call_address<rt::rt_for_refill>());
  a_.mov(rax, word(rt::kForPosOffset));
  a_.jmp(test);

  // The value: the Int pos itself, or field pos of the chunk (pos is the
  // tagged index, 8 * i, so field i is at chunk + pos + 7).
  a_.bind(fetch);
  a_.mov(rcx, word(rt::kForChunkOffset));
  a_.cmp(rcx, kNull);
  a_.je(value);
  a_.mov(rax, qword_ptr(rcx, rax, 0, 8 - 1));
  a_.bind(value);
  store_variable(variables_.at(e.text));
  declare_local(e.text);
  body(e.body);
  a_.mov(slot(result), rax);
  a_.jmp(loop.continue_label);
  end_loop(loop);
  release(state);
  pop_temp(result);
}

}  // namespace beagle::jit
