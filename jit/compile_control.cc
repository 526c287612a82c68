// Bindings, patterns, control flow, exceptions, structs and closures.
#include "jit/function_compiler.h"
#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"
#include "lang/front/source.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using lang::Expr;
using lang::ExprKind;
using lang::Pattern;
using lang::PatternKind;
using rt::Value;

namespace {
Mem thread_field(size_t offset) { return qword_ptr(r15, int32_t(offset)); }
Mem handlers() { return thread_field(rt::kThreadHandlersOffset); }
}  // namespace

// ---------------------------------------------------------------- let

void FunctionCompiler::declare_local(const std::string& name) { declared_.insert(name); }

void FunctionCompiler::let(const Expr& e) {
  expr(*e.left);
  const Pattern& p = *e.pattern;
  if (spec_.fn_case == nullptr && !variables_.count(p.name)) {
    // A top-level `let` binds a global of the namespace.
    if (p.kind != PatternKind::Bind) error(e, "Destructuring is not allowed in a top-level let");
    if (e.bool_value) error(e, "let mut is not allowed at top level");
    a_.mov(rcx, imm(reinterpret_cast<uintptr_t>(module_.define_global(p.name))));
    a_.mov(rcx, qword_ptr(rcx));  // the Binding
    store_field(rcx, 0, rax, StoreKind::Binding);
    return;
  }
  if (p.kind == PatternKind::Bind) {
    store_variable(variables_.at(p.name));
    declare_local(p.name);
    return;
  }
  int value = push_temp_of_rax();
  bind_pattern(p, value);
  a_.mov(rax, slot(value));
  pop_temp(value);
}

// Destructures the value in `value_slot` without testing it (let, params).
void FunctionCompiler::bind_pattern(const Pattern& p, int value_slot) {
  switch (p.kind) {
    case PatternKind::Wildcard: case PatternKind::Literal: return;
    case PatternKind::Bind: {
      a_.mov(rax, slot(value_slot));
      store_variable(variables_.at(p.name));
      declare_local(p.name);
      return;
    }
    case PatternKind::Vector: {
      for (size_t i = 0; i < p.elements.size(); i++) {
        a_.mov(rsi, slot(value_slot));
        a_.mov(edx, uint32_t(Value::from_int(int64_t(i)).bits()));
        call_runtime(runtime_call_address<rt::rt_index>());
        int element = push_temp_of_rax();
        bind_pattern(*p.elements[i], element);
        pop_temp(element);
      }
      if (p.rest) {
        a_.mov(rsi, slot(value_slot));
        a_.mov(edx, uint32_t(Value::from_int(int64_t(p.elements.size())).bits()));
        call_runtime(runtime_call_address<rt::rt_drop>());
        int rest = push_temp_of_rax();
        bind_pattern(*p.rest, rest);
        pop_temp(rest);
      }
      return;
    }
    case PatternKind::Struct:
      for (const lang::FieldPattern& f : p.fields) {
        a_.mov(rax, slot(value_slot));
        get_property(f.field);
        int field = push_temp_of_rax();
        if (f.pattern) {
          bind_pattern(*f.pattern, field);
        } else {
          Pattern bind;
          bind.kind = PatternKind::Bind;
          bind.name = f.field;
          bind_pattern(bind, field);
        }
        pop_temp(field);
      }
      return;
    case PatternKind::Map:
      for (const lang::MapPatternEntry& entry : p.entries) {
        if (entry.binding == "_") continue;
        a_.mov(rsi, slot(value_slot));
        Value key = entry.key_is_string ? module_.runtime().immortal_string(entry.key)
                                        : module_.runtime().keyword(entry.key);
        a_.mov(rdx, imm(key.bits()));
        call_runtime(runtime_call_address<rt::rt_index>());
        store_variable(variables_.at(entry.binding));
        declare_local(entry.binding);
      }
      return;
  }
}

// ---------------------------------------------------------------- control flow

void FunctionCompiler::if_expr(const Expr& e, bool tail) {
  Label otherwise = a_.newLabel(), done = a_.newLabel();
  branch(*e.left, false, otherwise);
  if (e.body.empty()) load_constant(Value::from_int(0));
  else body(e.body, tail);
  a_.jmp(done);
  a_.bind(otherwise);
  if (!e.has_else || e.else_body.empty()) {
    load_constant(Value::from_int(0));
  } else {
    body(e.else_body, tail);
  }
  a_.bind(done);
}

// A loop's value lives in `result` (a temporary, so it starts null); break
// stores into it and jumps to the break label.
FunctionCompiler::Loop FunctionCompiler::begin_loop(int result) {
  Loop loop{a_.newLabel(), a_.newLabel(), result, try_records_.size()};
  loops_.push_back(loop);
  return loop;
}

void FunctionCompiler::end_loop(const Loop& loop) {
  a_.bind(loop.break_label);
  loops_.pop_back();
  a_.mov(rax, slot(loop.result_slot));
}

void FunctionCompiler::while_expr(const Expr& e) {
  int result = push_temp();
  Loop loop = begin_loop(result);
  a_.bind(loop.continue_label);
  count_step();
  safepoint_poll();
  branch(*e.left, false, loop.break_label);
  body(e.body);
  a_.mov(slot(result), rax);
  a_.jmp(loop.continue_label);
  end_loop(loop);
  pop_temp(result);
}

void FunctionCompiler::loop_expr(const Expr& e) {
  int result = push_temp();
  Loop loop = begin_loop(result);
  a_.bind(loop.continue_label);
  count_step();
  safepoint_poll();
  body(e.body);
  a_.jmp(loop.continue_label);
  end_loop(loop);
  pop_temp(result);
}

// Leaving `try` blocks by break/continue/return pops their handlers.
void FunctionCompiler::pop_handlers_to(size_t depth) {
  if (try_records_.size() <= depth) return;
  int record = try_records_[depth];
  a_.mov(rcx, slot(record));  // the record's `previous`
  a_.mov(handlers(), rcx);
}

void FunctionCompiler::jump(const Expr& e) {
  if (loops_.empty()) error(e, e.kind == ExprKind::Break ? "break() outside a loop" : "continue() outside a loop");
  const Loop& loop = loops_.back();
  if (e.kind == ExprKind::Break) {
    if (e.left) expr(*e.left);
    else a_.mov(eax, uint32_t(kNull));
    a_.mov(slot(loop.result_slot), rax);
    pop_handlers_to(loop.try_depth);
    a_.jmp(loop.break_label);
  } else {
    pop_handlers_to(loop.try_depth);
    a_.jmp(loop.continue_label);
  }
}

void FunctionCompiler::return_expr(const Expr& e) {
  if (e.left) expr(*e.left);
  else a_.mov(eax, uint32_t(kNull));
  pop_handlers_to(0);
  a_.jmp(epilogue_label_);
}

// ---------------------------------------------------------------- block locals

// `name` names the variable in `slot` until restore_variable.
FunctionCompiler::BlockLocal FunctionCompiler::hide_variable(const std::string& name, int slot) {
  BlockLocal local{name, slot, std::nullopt, declared_.count(name) > 0};
  auto it = variables_.find(name);
  if (it != variables_.end()) local.hidden = it->second;
  variables_[name] = {VarKind::Local, slot, false};
  return local;
}

void FunctionCompiler::restore_variable(const BlockLocal& local) {
  if (local.hidden) variables_[local.name] = *local.hidden;
  else variables_.erase(local.name);
  if (!local.was_declared) declared_.erase(local.name);
}

// ---------------------------------------------------------------- exceptions

void FunctionCompiler::try_expr(const Expr& e) {
  int record = new_handler_record();
  Label handler = a_.newLabel(), done = a_.newLabel();
  // Fill the record (its first word is at the lowest address) and link it.
  Mem base = slot(record);
  a_.mov(rax, handlers());
  a_.mov(base, rax);
  a_.mov(qword_ptr(rbp, -8 * record + int32_t(rt::kHandlerSpOffset)), rsp);
  a_.mov(qword_ptr(rbp, -8 * record + int32_t(rt::kHandlerFpOffset)), rbp);
  a_.lea(rax, ptr(handler));
  a_.mov(qword_ptr(rbp, -8 * record + int32_t(rt::kHandlerCatchOffset)), rax);
  a_.lea(rax, base);
  a_.mov(handlers(), rax);
  try_records_.push_back(record);
  body(e.body);
  try_records_.pop_back();
  a_.mov(rcx, base);
  a_.mov(handlers(), rcx);
  a_.jmp(done);
  // The thrower restored rsp/rbp and popped the record; rax = thrown value.
  a_.bind(handler);
  int caught = push_temp_of_rax();
  BlockLocal catch_variable = hide_variable(e.text, caught);
  declare_local(e.text);
  body(e.else_body);
  restore_variable(catch_variable);
  pop_temp(caught);
  a_.bind(done);
  for (size_t i = 0; i < rt::kHandlerWords; i++) raw_slots_.erase(record - int(i));
  pop_temp(record);
}

void FunctionCompiler::throw_expr(const Expr& e) {
  expr(*e.left);
  a_.mov(rsi, rax);
  call_runtime(runtime_call_address<rt::rt_throw>());
}

// ---------------------------------------------------------------- match

void FunctionCompiler::match_expr(const Expr& e, bool tail) {
  expr(*e.left);
  int subject = push_temp_of_rax();
  Label done = a_.newLabel();
  for (const lang::MatchArm& arm : e.arms) {
    Label next = a_.newLabel();
    test_pattern(*arm.pattern, subject, next);
    // Names bound by struct field patterns are local to the arm (§4.3); the
    // others, and the arm's `let`s, bind the function's variables.
    std::vector<std::string> arm_names;
    if (arm.pattern->kind == PatternKind::Struct) pattern_names(*arm.pattern, arm_names);
    std::vector<BlockLocal> arm_locals;
    for (const std::string& name : arm_names) arm_locals.push_back(hide_variable(name, push_temp()));
    bind_pattern(*arm.pattern, subject);
    body(arm.body, tail);
    for (auto it = arm_locals.rbegin(); it != arm_locals.rend(); ++it) {
      restore_variable(*it);
      pop_temp(it->slot);
    }
    a_.jmp(done);
    a_.bind(next);
  }
  a_.mov(rsi, slot(subject));
  call_runtime(runtime_call_address<rt::rt_match_failed>());
  a_.bind(done);
  pop_temp(subject);
}

// Jumps to `fail` unless the value in `value_slot` matches (binds nothing).
void FunctionCompiler::test_pattern(const Pattern& p, int value_slot, Label fail) {
  switch (p.kind) {
    case PatternKind::Bind: case PatternKind::Wildcard: case PatternKind::Map: return;
    case PatternKind::Literal: {
      if (std::optional<Value> literal = identity_literal(*p.literal)) {
        a_.mov(rax, slot(value_slot));
        equal_to_literal(*literal);
      } else {
        expr(*p.literal);
        runtime_2(runtime_call_address<rt::rt_equal>(), value_slot);
      }
      a_.cmp(rax, uint32_t(kTrue));
      a_.jne(fail);
      return;
    }
    case PatternKind::Vector: {
      a_.mov(rsi, slot(value_slot));
      a_.mov(edx, uint32_t(Value::from_int(int64_t(p.elements.size())).bits()));
      call_runtime(runtime_call_address<rt::rt_is_vector_of_count>());
      a_.cmp(rax, uint32_t(kTrue));
      a_.jne(fail);
      for (size_t i = 0; i < p.elements.size(); i++) {
        a_.mov(rsi, slot(value_slot));
        a_.mov(edx, uint32_t(Value::from_int(int64_t(i)).bits()));
        call_runtime(runtime_call_address<rt::rt_index>());
        int element = push_temp_of_rax();
        test_pattern(*p.elements[i], element, fail);
        pop_temp(element);
      }
      return;
    }
    case PatternKind::Struct: {
      const rt::StructInfo* info = module_.resolve_struct(p.name);
      if (info == nullptr) throw lang::SyntaxError(p.pos, "Unknown struct or variant '" + p.name + "'");
      a_.mov(rsi, slot(value_slot));
      a_.mov(edx, uint32_t(Value::from_int(info->id).bits()));
      call_runtime(runtime_call_address<rt::rt_is_struct>());
      a_.cmp(rax, uint32_t(kTrue));
      a_.jne(fail);
      for (const lang::FieldPattern& f : p.fields) {
        if (!f.pattern) continue;
        if (info->field_index(f.field) < 0) {
          throw lang::SyntaxError(f.pos, "Field '" + f.field + "' does not exist on " + info->display_name);
        }
        a_.mov(rax, slot(value_slot));
        get_property(f.field);
        int field = push_temp_of_rax();
        test_pattern(*f.pattern, field, fail);
        pop_temp(field);
      }
      return;
    }
  }
}

// ---------------------------------------------------------------- structs

// Every field value (and every spread source) is evaluated first, in source
// order, then the struct is allocated and filled with initialising stores:
// no half-built struct is ever held across a call.
void FunctionCompiler::struct_literal(const Expr& e) {
  const rt::StructInfo* info = module_.resolve_struct(e.text);
  if (info == nullptr) error(e, "Struct '" + e.text + "' not found in namespace '" + module_.namespace_name() + "'");
  struct Init {
    int field;  // -1: a spread of every field
    int value_slot;
  };
  std::vector<Init> inits;
  std::vector<bool> given(info->fields.size(), false);
  bool spread = false;
  for (const lang::FieldInit& init : e.inits) {
    if (init.spread) {
      spread = true;
      continue;
    }
    int index = info->field_index(init.field);
    if (index < 0) error(e, "Unknown field '" + init.field + "' in struct literal of " + info->display_name);
    given[size_t(index)] = true;
  }
  const std::vector<const Expr*>& defaults = module_.struct_defaults(info->id);
  for (size_t i = 0; i < info->fields.size() && !spread; i++) {
    if (!given[i] && (i >= defaults.size() || defaults[i] == nullptr)) {
      error(e, "Missing field '" + info->fields[i].name + "' in struct literal of " + info->display_name);
    }
  }
  for (const lang::FieldInit& init : e.inits) {
    if (init.spread) {
      expr(*init.value);
      int source = push_temp_of_rax();
      a_.mov(rsi, rax);
      a_.mov(rdx, imm(Value::from_int(info->id).bits()));
      call_runtime(runtime_call_address<rt::rt_check_spread>());
      inits.push_back({-1, source});
      continue;
    }
    if (init.value) {
      expr(*init.value);
    } else {
      Expr name_expr;
      name_expr.kind = ExprKind::Name;
      name_expr.pos = init.pos;
      name_expr.text = init.field;
      name(name_expr);
    }
    int value = push_temp_of_rax();
    inits.push_back({info->field_index(init.field), value});
  }
  for (size_t i = 0; i < info->fields.size() && !spread; i++) {
    if (given[i]) continue;
    expr(*defaults[i]);
    int value = push_temp_of_rax();
    inits.push_back({int(i), value});
  }
  allocate_object(rt::Type::Struct, info->fields.size(), info->id);
  for (const Init& init : inits) {
    a_.mov(rdx, slot(init.value_slot));
    if (init.field >= 0) {
      init_field(rax, init.field, rdx);
      continue;
    }
    for (size_t i = 0; i < info->fields.size(); i++) {
      a_.mov(rcx, qword_ptr(rdx, 8 + 8 * int32_t(i) - 1));
      init_field(rax, int(i), rcx);
    }
  }
  for (auto it = inits.rbegin(); it != inits.rend(); ++it) pop_temp(it->value_slot);
}

// ---------------------------------------------------------------- closures

void FunctionCompiler::function_literal(const Expr& e) {
  // What the new function uses from here: captured at creation.
  std::set<std::string> free;
  for (const lang::FnCase& c : e.cases) {
    FunctionNames inner = analyse_function(c.params, c.rest, c.body, e.text);
    free.insert(inner.free.begin(), inner.free.end());
  }
  // Only names bound above this point are captured (§4.3: reading a name
  // before any binding is an error); a local bound later in this function is
  // left for the closure to resolve further out (a global, or an error).
  std::vector<std::string> captures;
  std::set<std::string> boxed;
  for (const std::string& name : free) {
    Variable v;
    bool bound = find_variable(name, v);
    if (!bound && (name != spec_.self_name || spec_.self_name.empty())) continue;
    captures.push_back(name);
    if (bound && v.boxed) boxed.insert(name);
  }
  Value function = module_.add_function_literal(e, captures, boxed);
  if (spec_.fn_case == nullptr && captures.empty() && e.text.empty()) {
    // A plain `fn` at file top level is a Function value, not a closure.
    load_constant(function);
    return;
  }
  allocate_object(rt::Type::Closure, captures.size() + 1);
  int closure = push_temp_of_rax();
  a_.mov(rcx, imm(function.bits()));  // immortal: never moves
  init_field(rax, 0, rcx);
  for (size_t i = 0; i < captures.size(); i++) {
    Variable raw;
    if (!find_variable(captures[i], raw)) {
      a_.mov(rax, slot(1));  // the enclosing function itself
    } else {
      raw.boxed = false;  // capture the Box itself, not its contents
      load_variable(raw);
    }
    // Loading a variable is no safepoint: still an initialising store.
    a_.mov(rcx, slot(closure));
    init_field(rcx, int(1 + i), rax);
  }
  a_.mov(rax, slot(closure));
  pop_temp(closure);
  if (!e.text.empty() && variables_.count(e.text)) {
    store_variable(variables_.at(e.text));
    declare_local(e.text);
  }
}

}  // namespace beagle::jit
