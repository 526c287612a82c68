#include "jit/function_compiler.h"

#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"
#include "lang/front/source.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using lang::Expr;
using lang::ExprKind;
using rt::Value;

namespace {

constexpr int kSelfSlot = 1;
constexpr int kArgCountSlot = 2;

Mem thread_field(size_t offset) { return qword_ptr(r15, int32_t(offset)); }

}  // namespace

FunctionCompiler::FunctionCompiler(ModuleCompiler& module, Assembler& a, FunctionSpec& spec)
    : module_(module), a_(a), spec_(spec) {}

void FunctionCompiler::error(const Expr& e, const std::string& message) const { throw lang::SyntaxError(e.pos, message); }

// ---------------------------------------------------------------- frame

Mem FunctionCompiler::slot(int index) const { return qword_ptr(rbp, -8 * index); }
Mem FunctionCompiler::param(int index) const { return qword_ptr(rbp, 16 + 8 * index); }

int FunctionCompiler::new_slot() {
  int s = next_slot_++;
  max_slot_ = std::max(max_slot_, next_slot_);
  return s;
}

// A temporary is listed in every stack map from now on, so it starts as null:
// a reused slot must never show the collector a stale pointer (FAILURE-MODES #9).
int FunctionCompiler::push_temp() {
  int s = new_slot();
  temps_in_use_.push_back(s);
  a_.mov(slot(s), imm(int32_t(Value::null().bits())));
  return s;
}

// `words` consecutive temporaries, the first at the lowest address.
std::vector<int> FunctionCompiler::push_temp_block(size_t words) {
  std::vector<int> slots(words);
  for (size_t i = words; i-- > 0;) slots[i] = push_temp();
  return slots;
}

// Temporaries are released in reverse order of allocation.
void FunctionCompiler::pop_temp(int s) {
  auto it = std::find(temps_in_use_.begin(), temps_in_use_.end(), s);
  if (it != temps_in_use_.end()) temps_in_use_.erase(it);
  if (s == next_slot_ - 1) {
    next_slot_--;
    while (next_slot_ > 3 && !raw_slots_.count(next_slot_ - 1) &&
           std::find(temps_in_use_.begin(), temps_in_use_.end(), next_slot_ - 1) == temps_in_use_.end() &&
           std::find(local_slots_.begin(), local_slots_.end(), next_slot_ - 1) == local_slots_.end()) {
      next_slot_--;
    }
  }
}

int FunctionCompiler::new_handler_record() {
  int first = next_slot_;
  for (size_t i = 0; i < rt::kHandlerWords; i++) raw_slots_.insert(new_slot());
  // The record's first word is at the lowest address: the highest slot.
  return first + int(rt::kHandlerWords) - 1;
}

// The map of the call just emitted: every slot that holds a value now.
void FunctionCompiler::record_safepoint() {
  Safepoint sp;
  sp.after_call = a_.newLabel();
  a_.bind(sp.after_call);
  sp.map.kind = gc::FrameKind::Jit;
  sp.map.live_slots.push_back(-kSelfSlot);
  for (int s : local_slots_) sp.map.live_slots.push_back(-s);
  for (int s : temps_in_use_) sp.map.live_slots.push_back(-s);
  if (variadic_) {
    sp.map.argument_count_slot = -kArgCountSlot;
  } else if (spec_.fn_case != nullptr) {
    for (size_t i = 0; i < spec_.fn_case->params.size(); i++) sp.map.live_slots.push_back(2 + int(i));
  }
  sp.map.function = spec_.qualified_name.c_str();
  sp.map.file = module_.file_path().c_str();
  sp.map.line = spec_.line;
  safepoints_.push_back(std::move(sp));
}

// ---------------------------------------------------------------- calls

// A call into C++: record rsp/rbp for the frame walker, call, record the map.
void FunctionCompiler::call_runtime(uintptr_t address) {
  a_.mov(thread_field(rt::kThreadMutatorOffset + gc::kLastSpOffset), rsp);
  a_.mov(thread_field(rt::kThreadMutatorOffset + gc::kLastFpOffset), rbp);
  a_.mov(rdi, r15);
  a_.mov(rax, imm(address));
  a_.call(rax);
  record_safepoint();
}

// rt(thread, [a_slot], rax)
void FunctionCompiler::runtime_2(uintptr_t address, int a_slot) {
  a_.mov(rdx, rax);
  a_.mov(rsi, slot(a_slot));
  call_runtime(address);
}

void FunctionCompiler::allocate_object(rt::Type type, size_t field_count, uint32_t type_data) {
  const gc::CollectorAttributes& attributes = module_.runtime().heap().collector().attributes();
  uint64_t header = gc::Header::make(uint32_t(type), field_count, type_data).bits();
  size_t total = field_count + 1;
  Label slow = a_.newLabel(), done = a_.newLabel();
  if (attributes.fast_path == gc::AllocationFastPath::Bump && total < attributes.large_object_words) {
    // Bump the thread's buffer; a stress mode leaves it empty, so this fails.
    Mem alloc_ptr = thread_field(rt::kThreadMutatorOffset + gc::kAllocPtrOffset);
    a_.mov(rax, alloc_ptr);
    a_.lea(rdx, qword_ptr(rax, int32_t(8 * total)));
    a_.cmp(rdx, thread_field(rt::kThreadMutatorOffset + gc::kAllocLimitOffset));
    a_.ja(slow);
    a_.mov(alloc_ptr, rdx);
    a_.mov(rcx, imm(header));
    a_.mov(qword_ptr(rax), rcx);
    a_.mov(ecx, uint32_t(kNull));
    for (size_t i = 0; i < field_count; i++) a_.mov(qword_ptr(rax, int32_t(8 + 8 * i)), rcx);
    a_.or_(rax, 1);
    a_.jmp(done);
  }
  a_.bind(slow);
  a_.mov(rsi, imm(header));
  call_runtime(runtime_call_address<rt::rt_allocate>());
  a_.or_(rax, 1);
  a_.bind(done);
}

void FunctionCompiler::store_field(const Gp& object, int index, const Gp& value, StoreKind kind) {
  store_at(object, qword_ptr(object, 8 + 8 * index - 1), value, kind);
}

void FunctionCompiler::store_at(const Gp& object, const Mem& field, const Gp& value, StoreKind kind) {
  a_.mov(field, value);
  if (!module_.store_takes_barrier(kind)) return;
  switch (module_.runtime().heap().collector().attributes().barrier) {
    case gc::BarrierKind::None: break;
    case gc::BarrierKind::RememberObject: {
      // The header's flag byte is at (object - 1) + 1: one test filters every
      // store but the first into an old object since the last collection
      // (and every store into a large object, which logs the slot).
      Label done = a_.newLabel();
      a_.test(byte_ptr(object), gc::kUnlogged);
      a_.jz(done);
      a_.mov(r11, object);
      a_.lea(r10, field);
      a_.call(thread_field(rt::kThreadRememberStubOffset));
      a_.bind(done);
      break;
    }
  }
}

void FunctionCompiler::init_field(const Gp& object, int index, const Gp& value) {
  a_.mov(qword_ptr(object, 8 + 8 * index - 1), value);
}

void FunctionCompiler::load_args_to_outgoing(const std::vector<int>& arg_slots) {
  max_outgoing_ = std::max(max_outgoing_, int(arg_slots.size()));
  for (size_t i = 0; i < arg_slots.size(); i++) {
    a_.mov(rax, slot(arg_slots[i]));
    a_.mov(qword_ptr(rsp, int32_t(8 * i)), rax);
  }
}

void FunctionCompiler::call_value(int callee_slot, const std::vector<int>& arg_slots) {
  load_args_to_outgoing(arg_slots);
  a_.mov(rdi, slot(callee_slot));
  a_.mov(esi, uint32_t(arg_slots.size()));
  a_.mov(rax, imm(module_.call_value_stub()));
  a_.call(rax);
  record_safepoint();
}

void FunctionCompiler::call_direct(Value function, const std::vector<int>& arg_slots) {
  a_.mov(rdi, imm(function.bits()));
  call_function_in_rdi(arg_slots);
}

void FunctionCompiler::call_function_in_rdi(const std::vector<int>& arg_slots) {
  load_args_to_outgoing(arg_slots);
  a_.mov(esi, uint32_t(arg_slots.size()));
  a_.call(qword_ptr(rdi, 7));
  record_safepoint();
}

std::vector<int> FunctionCompiler::evaluate_args(const lang::ExprList& args) {
  std::vector<int> slots;
  for (const lang::ExprPtr& arg : args) {
    expr(*arg);
    int s = push_temp();
    a_.mov(slot(s), rax);
    slots.push_back(s);
  }
  return slots;
}

void FunctionCompiler::release(const std::vector<int>& slots) {
  for (auto it = slots.rbegin(); it != slots.rend(); ++it) pop_temp(*it);
}

// ---------------------------------------------------------------- prologue

void FunctionCompiler::compile() {
  a_.bind(spec_.entry);
  init_label_ = a_.newLabel();
  body_label_ = a_.newLabel();
  epilogue_label_ = a_.newLabel();
  Label checks = a_.newLabel(), overflow = a_.newLabel(), arity_fail = a_.newLabel();

  const lang::FnCase* fn = spec_.fn_case;
  names_ = fn ? analyse_function(fn->params, fn->rest, fn->body, spec_.self_name) : analyse_top_level(spec_.top_level);
  variadic_ = fn && fn->rest.has_value();

  // Locals are function-scoped by name: one slot each, for the whole body.
  for (const std::string& local : names_.locals) {
    int s = new_slot();
    local_slots_.push_back(s);
    variables_[local] = {VarKind::Local, s, names_.boxed.count(local) > 0};
  }
  if (fn) {
    for (size_t i = 0; i < names_.params.size(); i++) {
      if (!names_.params[i].empty()) {
        bool boxed = names_.boxed.count(names_.params[i]) > 0;
        variables_[names_.params[i]] = {VarKind::Param, int(i), boxed};
        declared_.insert(names_.params[i]);
      }
    }
  }
  for (size_t i = 0; i < spec_.captures.size(); i++) {
    const std::string& name = spec_.captures[i];
    if (!variables_.count(name)) {
      variables_[name] = {VarKind::Capture, int(i), spec_.boxed_captures.count(name) > 0};
      declared_.insert(name);
    }
  }

  a_.push(rbp);
  a_.mov(rbp, rsp);
  a_.sub(rsp, 0x7fffffff);
  frame_size_patch_ = a_.offset() - 4;
  a_.mov(slot(kSelfSlot), rdi);
  a_.mov(slot(kArgCountSlot), rsi);
  a_.jmp(init_label_);
  a_.bind(checks);
  a_.cmp(rsp, thread_field(rt::kThreadStackLimitOffset));
  a_.jb(overflow);
  count_step();
  safepoint_poll(true);
  if (fn) {
    size_t fixed = fn->params.size();
    a_.cmp(qword_ptr(rbp, -8 * kArgCountSlot), uint32_t(fixed));
    if (variadic_) a_.jb(arity_fail);
    else a_.jne(arity_fail);
    if (variadic_) {
      // rest = an Array of the arguments after the fixed ones
      a_.lea(rsi, param(int(fixed)));
      a_.mov(rdx, qword_ptr(rbp, -8 * kArgCountSlot));
      a_.sub(rdx, uint32_t(fixed));
      a_.shl(rdx, 3);
      call_runtime(runtime_call_address<rt::rt_pack_rest>());
      a_.mov(slot(variables_.at(*fn->rest).index), rax);  // boxed below if it must be
      declared_.insert(*fn->rest);
    }
  }
  emit_boxes();
  if (fn) bind_parameter_patterns();
  a_.bind(body_label_);
  if (fn) {
    body(fn->body, true);
  } else {
    a_.mov(eax, uint32_t(kNull));
    for (const Expr* e : spec_.top_level) expr(*e);
  }
  a_.bind(epilogue_label_);
  a_.leave();
  a_.ret();

  a_.bind(overflow);
  call_runtime(runtime_call_address<rt::rt_stack_overflow>());
  a_.bind(arity_fail);
  {
    // The caller passed the wrong number: only the count is known to be valid.
    bool was_variadic = variadic_;
    variadic_ = true;
    a_.mov(rsi, slot(kSelfSlot));
    a_.mov(rdx, slot(kArgCountSlot));
    a_.shl(rdx, 3);
    call_runtime(runtime_call_address<rt::rt_arity_error>());
    variadic_ = was_variadic;
  }
  emit_slot_initialisation();
  a_.jmp(checks);
  patch_frame_size();
}

// A `let mut` variable that closures use is shared with them through a Box
// (LANGUAGE.md §4.4). All bindings of a name are one variable (§4.3), so the
// Box is made once per call, before the body, and every binding of the name
// (let, let mut, pattern, for, parameter) stores into it. It starts with the
// variable's value so far: its argument, the rest Array, or null.
void FunctionCompiler::emit_boxes() {
  for (const std::string& name : names_.boxed) {
    Variable& v = variables_.at(name);
    allocate_object(rt::Type::Box, 1);
    if (v.kind == VarKind::Param) {
      a_.mov(rcx, param(v.index));
      int s = new_slot();
      local_slots_.push_back(s);
      v = {VarKind::Local, s, true};
    } else {
      a_.mov(rcx, slot(v.index));
    }
    init_field(rax, 0, rcx);
    a_.mov(slot(v.index), rax);
  }
}

void FunctionCompiler::bind_parameter_patterns() {
  const std::vector<lang::PatternPtr>& params = spec_.fn_case->params;
  for (size_t i = 0; i < params.size(); i++) {
    if (params[i]->kind == lang::PatternKind::Bind) continue;
    int temp = push_temp();
    a_.mov(rax, param(int(i)));
    a_.mov(slot(temp), rax);
    bind_pattern(*params[i], temp);
    pop_temp(temp);
  }
}

// One step of the --max-steps limit, at every function entry (self tail
// calls included) and loop iteration: every program that runs for ever
// passes one of them for ever. No code at all without a limit.
void FunctionCompiler::count_step() {
  if (!module_.counts_steps()) return;
  Label more = a_.newLabel();
  a_.dec(thread_field(rt::kThreadStepsLeftOffset));
  a_.jns(more);
  call_runtime(runtime_call_address<rt::rt_step_limit>());
  a_.bind(more);
}

// A poll (docs/ARCHITECTURE.md, "Safepoints and threads"), where count_step
// is: at every function entry and loop head, so that no thread runs for
// ever without one. When another thread stops the world, this one parks in
// rt_safepoint_poll, its frames described by the call's stack map. At entry
// the arity is not checked yet: the map lists the arguments by their count.
void FunctionCompiler::safepoint_poll(bool at_entry) {
  Label go_on = a_.newLabel();
  a_.cmp(byte_ptr(r15, int32_t(rt::kThreadSafepointRequestedOffset)), 0);
  a_.je(go_on);
  bool was_variadic = variadic_;
  variadic_ = variadic_ || at_entry;
  call_runtime(runtime_call_address<rt::rt_safepoint_poll>());
  variadic_ = was_variadic;
  a_.bind(go_on);
}

// Every value slot starts as null, so a map never lists a garbage word.
void FunctionCompiler::emit_slot_initialisation() {
  a_.bind(init_label_);
  a_.mov(eax, uint32_t(kNull));
  for (int s = 3; s < max_slot_; s++) {
    if (!raw_slots_.count(s)) a_.mov(slot(s), rax);
  }
}

void FunctionCompiler::patch_frame_size() {
  int words = max_slot_ + max_outgoing_;
  uint32_t bytes = uint32_t((words * 8 + 15) & ~15);
  uint8_t* buffer = a_.code()->textSection()->buffer().data();
  std::memcpy(buffer + frame_size_patch_, &bytes, 4);
}

}  // namespace beagle::jit
