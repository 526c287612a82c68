#include "jit/function_compiler.h"

#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"
#include "jit/stub_frame.h"
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

// A temporary holding rax, written at once: it needs no null first.
int FunctionCompiler::push_temp_of_rax() {
  int s = new_slot();
  temps_in_use_.push_back(s);
  a_.mov(slot(s), rax);
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

// A builtin of fixed arity, with no adapter frame (its arity was checked
// at compile time): its arguments are consecutive temporaries, which the
// call's map lists while it runs (it rereads them after allocating). The map
// is named for the builtin, as its adapter's is, so that an error it raises
// has the same location either way.
void FunctionCompiler::call_builtin_directly(const rt::Builtin& builtin, const lang::ExprList& args) {
  std::vector<int> slots = evaluate_ascending(args);
  address_of_items(slots, rsi);
  a_.mov(edx, uint32_t(slots.size()));
  a_.mov(rcx, imm(reinterpret_cast<uintptr_t>(builtin.fn)));
  call_runtime(reinterpret_cast<uintptr_t>(&call_builtin));
  gc::StackMap& map = safepoints_.back().map;
  map.function = builtin.qualified_name.c_str();
  map.file = kBuiltinFile;
  map.line = 0;
  release(slots);
}

// rt(thread, [a_slot], rax)
void FunctionCompiler::runtime_2(uintptr_t address, int a_slot) {
  a_.mov(rdx, rax);
  a_.mov(rsi, slot(a_slot));
  call_runtime(address);
}

// The collector's inline fast path (api/allocation.h has the same in C++),
// else rt_allocate. The new object, tagged, is left in rax.
void FunctionCompiler::allocate_object(rt::Type type, size_t field_count, uint32_t type_data) {
  const gc::CollectorAttributes& attributes = module_.runtime().heap().attributes();
  uint64_t header = gc::Header::make(uint32_t(type), field_count, type_data).bits();
  size_t total = field_count + 1;
  Label slow = a_.newLabel(), done = a_.newLabel();
  if (total < attributes.large_object_words && attributes.fast_path != gc::AllocationFastPath::None) {
    bool free_list = attributes.fast_path == gc::AllocationFastPath::FreeList;
    if (free_list) {
      free_list_allocate(*attributes.size_classes, total, slow);
    } else {
      bump_allocate(total, slow);
    }
    a_.mov(rcx, imm(header));
    if (attributes.allocation_flags) {  // Mutator::allocation_flags, as Header::with_flags adds them
      a_.movzx(edx, byte_ptr(r15, int32_t(rt::kThreadMutatorOffset + gc::kAllocationFlagsOffset)));
      a_.shl(edx, 8);
      a_.or_(rcx, rdx);
    }
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

// rax = the thread's buffer pointer, bumped by `total` words; else to `slow`
// (a stress mode leaves the buffer empty). Prefetches ahead as
// api/allocation.h says.
void FunctionCompiler::bump_allocate(size_t total, const Label& slow) {
  Mem alloc_ptr = thread_field(rt::kThreadMutatorOffset + gc::kAllocPtrOffset);
  a_.mov(rax, alloc_ptr);
  a_.lea(rdx, qword_ptr(rax, int32_t(8 * total)));
  a_.cmp(rdx, thread_field(rt::kThreadMutatorOffset + gc::kAllocLimitOffset));
  a_.ja(slow);
  a_.mov(alloc_ptr, rdx);
  a_.prefetchw(qword_ptr(rdx, gc::kAllocationPrefetchBytes));
}

// rax = the first cell of the thread's free list for the size class, popped,
// with a filler after the object if the cell is bigger; else to `slow` (a
// stress mode leaves the lists empty). Prefetches the next cell.
void FunctionCompiler::free_list_allocate(const gc::SizeClasses& classes, size_t total, const Label& slow) {
  size_t size_class = classes.class_of(total);
  size_t cell_words = classes.cell_words(size_class);
  Mem head = thread_field(rt::kThreadMutatorOffset + gc::kFreeCellsOffset + sizeof(gc::Word*) * size_class);
  a_.mov(rax, head);
  a_.test(rax, rax);
  a_.jz(slow);
  a_.mov(rdx, qword_ptr(rax, 8));
  a_.mov(head, rdx);
  a_.prefetchw(qword_ptr(rdx));
  if (total < cell_words) {
    a_.mov(rcx, imm(gc::filler_header(cell_words - total).bits()));
    a_.mov(qword_ptr(rax, int32_t(8 * total)), rcx);
  }
}

void FunctionCompiler::store_field(const Gp& object, int index, const Gp& value, StoreKind kind) {
  store_at(object, qword_ptr(object, 8 + 8 * index - 1), value, kind);
}

void FunctionCompiler::store_at(const Gp& object, const Mem& field, const Gp& value, StoreKind kind) {
  gc::BarrierKind barrier = module_.store_takes_barrier(kind)
                                ? module_.runtime().heap().attributes().barrier
                                : gc::BarrierKind::None;
  if (barrier == gc::BarrierKind::SnapshotAtBeginning) {
    // While the collector marks, log the reference about to be overwritten
    // (the stub filters out what is not one).
    Label store = a_.newLabel();
    a_.cmp(byte_ptr(r15, int32_t(rt::kThreadMutatorOffset + gc::kMarkingOffset)), 0);
    a_.je(store);
    a_.mov(r10, field);
    a_.call(thread_field(rt::kThreadBarrierStubOffset));
    a_.bind(store);
  }
  a_.mov(field, value);
  switch (barrier) {
    case gc::BarrierKind::None: break;
    case gc::BarrierKind::SnapshotAtBeginning: break;  // before the store
    case gc::BarrierKind::RememberObject: {
      // The header's flag byte is at (object - 1) + 1: one test filters every
      // store but the first into an old object since the last collection
      // (and every store into a large object, which logs the slot).
      Label done = a_.newLabel();
      a_.test(byte_ptr(object), gc::kUnlogged);
      a_.jz(done);
      a_.mov(r11, object);
      a_.lea(r10, field);
      a_.call(thread_field(rt::kThreadBarrierStubOffset));
      a_.bind(done);
      break;
    }
  }
}

void FunctionCompiler::init_field(const Gp& object, int index, const Gp& value) {
  a_.mov(qword_ptr(object, 8 + 8 * index - 1), value);
}

Mem FunctionCompiler::outgoing(size_t index) {
  max_outgoing_ = std::max(max_outgoing_, int(index) + 1);
  return qword_ptr(rsp, int32_t(8 * index));
}

void FunctionCompiler::copy_to_outgoing(const std::vector<int>& arg_slots, size_t first_index) {
  for (size_t i = 0; i < arg_slots.size(); i++) {
    a_.mov(rax, slot(arg_slots[i]));
    a_.mov(outgoing(first_index + i), rax);
  }
}

void FunctionCompiler::call_with_args_in_place(const Operand& target, size_t argc) {
  a_.mov(esi, uint32_t(argc));
  a_.emit(Inst::kIdCall, target);
  record_safepoint();
}

bool FunctionCompiler::may_reach_safepoint(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Int: case ExprKind::Float: case ExprKind::String: case ExprKind::Keyword:
    case ExprKind::Bool: case ExprKind::Null:
      return false;  // constants made when the code is compiled
    case ExprKind::Name: {
      Variable v;
      if (find_variable(e.text, v) || (e.text == spec_.self_name && !spec_.self_name.empty())) return false;
      return module_.resolve_global(e.text) == nullptr;  // else `a/b` may be a division
    }
    default: return true;
  }
}

// The outgoing area is in no stack map, so an argument may be stored there
// only when nothing after it can reach a safepoint (or call, reusing the
// area): the arguments from the last one that can are evaluated straight
// into their outgoing slots, those before it into temporaries (in the
// maps), copied once the last of them is evaluated.
void FunctionCompiler::pass_args(const lang::ExprList& args) {
  size_t direct_from = 0;
  for (size_t i = args.size(); i-- > 0;) {
    if (may_reach_safepoint(*args[i])) {
      direct_from = i;
      break;
    }
  }
  std::vector<int> pending;
  for (size_t i = 0; i < args.size(); i++) {
    expr(*args[i]);
    if (i >= direct_from) {
      a_.mov(outgoing(i), rax);
    } else {
      pending.push_back(push_temp_of_rax());
    }
  }
  copy_to_outgoing(pending);
  release(pending);
}

std::vector<int> FunctionCompiler::evaluate_args(const lang::ExprList& args) {
  std::vector<int> slots;
  for (const lang::ExprPtr& arg : args) {
    expr(*arg);
    slots.push_back(push_temp_of_rax());
  }
  return slots;
}

void FunctionCompiler::release(const std::vector<int>& slots) {
  for (auto it = slots.rbegin(); it != slots.rend(); ++it) pop_temp(*it);
}

// ---------------------------------------------------------------- prologue

void FunctionCompiler::compile() {
  restart_label_ = a_.newLabel();
  epilogue_label_ = a_.newLabel();
  Label overflow = a_.newLabel(), arity_fail = a_.newLabel();

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

  emit_arity_check(arity_fail);
  emit_frame();
  a_.bind(restart_label_);
  null_locals();
  a_.cmp(rsp, thread_field(rt::kThreadStackLimitOffset));
  a_.jb(overflow);
  count_step();
  safepoint_poll();
  if (variadic_) {
    // rest = an Array of the arguments after the fixed ones
    size_t fixed = fn->params.size();
    a_.lea(rsi, param(int(fixed)));
    a_.mov(rdx, slot(kArgCountSlot));
    a_.sub(rdx, uint32_t(fixed));
    a_.shl(rdx, 3);
    call_runtime(runtime_call_address<rt::rt_pack_rest>());
    a_.mov(slot(variables_.at(*fn->rest).index), rax);  // boxed below if it must be
    declared_.insert(*fn->rest);
  }
  emit_boxes();
  if (fn) {
    bind_parameter_patterns();
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
  emit_arity_failure(arity_fail);
  for (const std::function<void()>& emit : cold_code_) emit();
  patch_frame_size();
}

// The Function's code slot enters here: the caller's count is checked
// against the parameters, before any frame is made. Callers that checked it
// at compile time (and the multi-arity dispatcher) enter at checked_entry.
void FunctionCompiler::emit_arity_check(Label fail) {
  a_.bind(spec_.entry);
  if (spec_.fn_case == nullptr) return;  // top-level code: called with none
  a_.cmp(rsi, uint32_t(spec_.fn_case->params.size()));
  if (variadic_) a_.jb(fail);
  else a_.jne(fail);
}

// The frame (its size patched in at the end). Only a variadic function
// keeps the argument count: its maps list the arguments through it.
void FunctionCompiler::emit_frame() {
  a_.bind(spec_.checked_entry);
  a_.push(rbp);
  a_.mov(rbp, rsp);
  a_.sub(rsp, 0x7fffffff);
  frame_size_patch_ = a_.offset() - 4;
  a_.mov(slot(kSelfSlot), rdi);
  if (variadic_) a_.mov(slot(kArgCountSlot), rsi);
}

// A wrong count: a stub frame (callee and count, so its map lists the
// arguments), then the ArityError, located in this function as before.
void FunctionCompiler::emit_arity_failure(Label fail) {
  a_.bind(fail);
  if (spec_.fn_case == nullptr) return;
  emit_stub_frame(a_);
  a_.mov(rdx, rsi);
  a_.shl(rdx, 3);
  a_.mov(rsi, rdi);
  safepoints_.push_back(emit_stub_call(a_, runtime_call_address<rt::rt_arity_error>(), spec_.qualified_name.c_str(),
                                       module_.file_path().c_str(), spec_.line));
  a_.int3();
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
    a_.mov(rax, param(int(i)));
    int temp = push_temp_of_rax();
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
// rt_safepoint_poll, its frames described by the call's stack map (at entry
// the arity has been checked already, so the map lists the parameters).
void FunctionCompiler::safepoint_poll() {
  Label go_on = a_.newLabel();
  a_.cmp(byte_ptr(r15, int32_t(rt::kThreadSafepointRequestedOffset)), 0);
  a_.je(go_on);
  call_runtime(runtime_call_address<rt::rt_safepoint_poll>());
  a_.bind(go_on);
}

// Every map lists every local, so each starts (and, at a self tail call,
// starts again) as null: a map never lists a garbage word (FAILURE-MODES
// #9). The other value slots are temporaries, listed only once written
// (push_temp), and the Boxes of parameters, written as they are made.
void FunctionCompiler::null_locals() {
  if (local_slots_.empty()) return;
  a_.mov(eax, uint32_t(kNull));
  for (int s : local_slots_) a_.mov(slot(s), rax);
}

void FunctionCompiler::patch_frame_size() {
  int words = max_slot_ + max_outgoing_;
  uint32_t bytes = uint32_t((words * 8 + 15) & ~15);
  uint8_t* buffer = a_.code()->textSection()->buffer().data();
  std::memcpy(buffer + frame_size_patch_, &bytes, 4);
}

}  // namespace beagle::jit
