// Expressions: constants, names, operators, calls, literals.
#include "jit/function_compiler.h"
#include "jit/module_compiler.h"
#include "jit/runtime_calls.h"
#include "lang/front/source.h"

namespace beagle::jit {

using namespace asmjit;
using namespace asmjit::x86;
using lang::BinaryOp;
using lang::Expr;
using lang::ExprKind;
using rt::Value;

void FunctionCompiler::body(const lang::ExprList& list, bool tail) {
  if (list.empty()) {
    a_.mov(eax, uint32_t(kNull));
    return;
  }
  for (size_t i = 0; i < list.size(); i++) expr(*list[i], tail && i + 1 == list.size());
}

void FunctionCompiler::expr(const Expr& e, bool tail) {
  switch (e.kind) {
    case ExprKind::Int: load_constant(Value::from_int(e.int_value)); break;
    case ExprKind::Float: load_constant(module_.runtime().immortal_float(e.float_value)); break;
    case ExprKind::String: literal_string(e.text); break;
    case ExprKind::Keyword: load_constant(module_.runtime().keyword(e.text)); break;
    case ExprKind::Bool: load_constant(Value::boolean(e.bool_value)); break;
    case ExprKind::Null: load_constant(Value::null()); break;
    case ExprKind::Interpolation: interpolation(e); break;
    case ExprKind::Name: name(e); break;
    case ExprKind::Vector: collection(e, 0); break;
    case ExprKind::Map: collection(e, 1); break;
    case ExprKind::Set: collection(e, 2); break;
    case ExprKind::Call: call(e, tail); break;
    case ExprKind::Property: property(e); break;
    case ExprKind::Index: index(e); break;
    case ExprKind::Unary: unary(e); break;
    case ExprKind::Binary: binary(e); break;
    case ExprKind::Assign: assign(e); break;
    case ExprKind::StructLit: struct_literal(e); break;
    case ExprKind::Fn: function_literal(e); break;
    case ExprKind::Let: let(e); break;
    case ExprKind::If: if_expr(e, tail); break;
    case ExprKind::While: while_expr(e); break;
    case ExprKind::Loop: loop_expr(e); break;
    case ExprKind::For: for_expr(e); break;
    case ExprKind::Match: match_expr(e, tail); break;
    case ExprKind::Try: try_expr(e); break;
    case ExprKind::Throw: throw_expr(e); break;
    case ExprKind::Break: case ExprKind::Continue: jump(e); break;
    case ExprKind::Return: return_expr(e); break;
  }
}

void FunctionCompiler::load_constant(Value v) {
  if (v.bits() <= 0xFFFFFFFFu) a_.mov(eax, uint32_t(v.bits()));
  else a_.mov(rax, imm(v.bits()));
}

void FunctionCompiler::literal_string(const std::string& text) { load_constant(module_.runtime().immortal_string(text)); }

// ---------------------------------------------------------------- names

bool FunctionCompiler::find_variable(const std::string& name, Variable& out) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return false;
  if (it->second.kind == VarKind::Local && !declared_.count(name)) return false;
  out = it->second;
  return true;
}

void FunctionCompiler::load_variable(const Variable& v) {
  switch (v.kind) {
    case VarKind::Local: a_.mov(rax, slot(v.index)); break;
    case VarKind::Param: a_.mov(rax, param(v.index)); break;
    case VarKind::Capture:
      a_.mov(rax, slot(1));
      a_.mov(rax, qword_ptr(rax, 8 + 8 * (1 + v.index) - 1));
      break;
  }
  if (v.boxed) a_.mov(rax, qword_ptr(rax, 7));
}

void FunctionCompiler::store_variable(const Variable& v) {
  if (v.boxed) {
    // The variable holds a Box: store into the box (load the box first).
    a_.mov(rdx, rax);
    Variable unboxed = v;
    unboxed.boxed = false;
    load_variable(unboxed);
    store_field(rax, 0, rdx, StoreKind::Box);
    a_.mov(rax, rdx);
    return;
  }
  switch (v.kind) {
    case VarKind::Local: a_.mov(slot(v.index), rax); break;
    case VarKind::Param: a_.mov(param(v.index), rax); break;
    case VarKind::Capture: break;  // captured by value: assignment is rejected earlier
  }
}

void FunctionCompiler::name(const Expr& e) {
  Variable v;
  if (find_variable(e.text, v)) return load_variable(v);
  if (e.text == spec_.self_name && !spec_.self_name.empty()) {
    a_.mov(rax, slot(1));
    return;
  }
  Value* global = module_.resolve_global(e.text);
  size_t slash = e.text.find('/');
  if (global == nullptr && slash != std::string::npos && module_.resolve_namespace(e.text.substr(0, slash)).empty()) {
    // `total/n` where `total` is not a namespace: a division (§2.5).
    Expr division, left, right;
    division.kind = ExprKind::Binary;
    division.binary_op = BinaryOp::Div;
    division.pos = left.pos = right.pos = e.pos;
    left.kind = right.kind = ExprKind::Name;
    left.text = e.text.substr(0, slash);
    right.text = e.text.substr(slash + 1);
    division.left.reset(new Expr(std::move(left)));
    division.right.reset(new Expr(std::move(right)));
    return binary(division);
  }
  if (global == nullptr) error(e, "Undefined variable: " + e.text);
  // The root slot holds the Binding; the Binding holds the value.
  a_.mov(rax, imm(reinterpret_cast<uintptr_t>(global)));
  a_.mov(rax, qword_ptr(rax));
  a_.mov(rax, qword_ptr(rax, 7));
}

void FunctionCompiler::assign(const Expr& e) { assign_to(e, *e.left, *e.right); }

void FunctionCompiler::assign_to(const Expr& e, const Expr& target, const Expr& value) {
  if (target.kind == ExprKind::Property) {
    expr(*target.left);
    int object = push_temp_of_rax();
    expr(value);
    set_property(object, target.text);
    pop_temp(object);
    return;
  }
  Variable v;
  if (!find_variable(target.text, v)) error(e, "Cannot assign to '" + target.text + "': not a local variable");
  if (!names_.mutable_locals.count(target.text) && !v.boxed) {
    error(e, "Cannot assign to immutable variable '" + target.text + "' (declare it with let mut)");
  }
  expr(value);
  store_variable(v);
  load_constant(Value::null());
}

// ---------------------------------------------------------------- calls

bool FunctionCompiler::is_primitive_set(const Expr& e) const {
  if (e.left->kind != ExprKind::Name) return false;
  const std::string& name = e.left->text;
  size_t slash = name.find('/');
  if (slash == std::string::npos || name.substr(slash + 1) != "set!") return false;
  return module_.resolve_namespace(name.substr(0, slash)) == "beagle.primitive";
}

// A call of the enclosing named function by its own name, in tail position:
// overwrite the parameters and jump back to the start (constant stack).
bool FunctionCompiler::self_tail_call(const Expr& e) {
  const lang::FnCase* fn = spec_.fn_case;
  if (fn == nullptr || variadic_ || !try_records_.empty() || e.left->kind != ExprKind::Name) return false;
  if (e.left->text != spec_.self_name || spec_.self_name.empty()) return false;
  Variable shadow;
  if (find_variable(e.left->text, shadow)) return false;
  if (e.items.size() != fn->params.size()) return false;
  std::vector<int> args = evaluate_args(e.items);
  for (size_t i = 0; i < args.size(); i++) {
    a_.mov(rax, slot(args[i]));
    a_.mov(param(int(i)), rax);
  }
  release(args);
  a_.jmp(restart_label_);
  return true;
}

void FunctionCompiler::call(const Expr& e, bool tail) {
  if (tail && self_tail_call(e)) return;
  if (is_primitive_set(e)) {
    // beagle.primitive/set!(obj.field, v) is `obj.field = v`.
    if (e.items.size() != 2 || e.items[0]->kind != ExprKind::Property) {
      error(e, "set! takes an identifier.field and a value: set!(obj.field, value)");
    }
    assign_to(e, *e.items[0], *e.items[1]);
    return;
  }
  Variable v;
  bool is_name = e.left->kind == ExprKind::Name;
  bool closure_self = !spec_.top_level_function && e.left->text == spec_.self_name;
  if (is_name && !find_variable(e.left->text, v) && !closure_self) {
    if (std::optional<Value> fn = module_.resolve_function(e.left->text)) {
      rt::FunctionLayout* layout = rt::function_layout(*fn);
      bool variadic = layout->flags & rt::kFunctionVariadic;
      bool multi = layout->flags & rt::kFunctionMultiArity;
      if (!variadic && !multi && e.items.size() != layout->arity) {
        error(e, "Wrong number of arguments in call to " + e.left->text + ": expected " +
                     std::to_string(layout->arity) + ", got " + std::to_string(e.items.size()));
      }
      if (protocol_call(e, *fn)) return;
      if (const rt::Builtin* builtin = module_.fixed_arity_builtin(*fn)) return call_builtin_directly(*builtin, e.items);
      pass_args(e.items);
      a_.mov(rdi, imm(fn->bits()));
      // Through the Function object, whose code is set when its file is
      // installed: a forward reference works.
      size_t entry = variadic || multi ? offsetof(rt::FunctionLayout, code) : offsetof(rt::FunctionLayout, checked_code);
      call_with_args_in_place(qword_ptr(rdi, int32_t(entry) - 1), e.items.size());
      return;
    }
  }
  expr(*e.left);
  int callee = push_temp_of_rax();
  pass_args(e.items);
  a_.mov(rdi, slot(callee));
  pop_temp(callee);
  a_.mov(rax, imm(module_.call_value_stub()));
  call_with_args_in_place(rax, e.items.size());
}

// ---------------------------------------------------------------- literals

// Evaluates `list` into consecutive temporaries laid out so that item i is
// at (address of item 0) + 8 * i; returns the slots, item 0 first. The
// runtime reads them in place: they are roots, updated by a moving
// collection, so it re-reads them after every allocation.
std::vector<int> FunctionCompiler::evaluate_ascending(const lang::ExprList& list) {
  std::vector<int> slots = push_temp_block(list.size());
  for (size_t i = 0; i < list.size(); i++) {
    expr(*list[i]);
    a_.mov(slot(slots[i]), rax);
  }
  return slots;
}

void FunctionCompiler::address_of_items(const std::vector<int>& slots, const Gp& reg) {
  if (slots.empty()) a_.xor_(reg.r32(), reg.r32());
  else a_.lea(reg, slot(slots.front()));
}

namespace {

// The text of a literal, for duplicate detection ("" if not a literal).
std::string literal_key(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Int: return "i" + std::to_string(e.int_value);
    case ExprKind::Float: return "f" + std::to_string(e.float_value);
    case ExprKind::String: return "s" + e.text;
    case ExprKind::Keyword: return "k" + e.text;
    case ExprKind::Bool: return e.bool_value ? "true" : "false";
    case ExprKind::Null: return "null";
    default: return "";
  }
}

}  // namespace

// Two identical literal keys of a map literal (or elements of a set
// literal) are a compile error (§4.9).
void FunctionCompiler::check_duplicate_literals(const Expr& e, int kind) {
  std::set<std::string> seen;
  for (size_t i = 0; i < e.items.size(); i += kind == 1 ? 2 : 1) {
    std::string key = literal_key(*e.items[i]);
    if (key.empty()) continue;
    if (!seen.insert(key).second) {
      error(*e.items[i], kind == 1 ? "Duplicate key in map literal" : "Duplicate element in set literal");
    }
  }
}

void FunctionCompiler::collection(const Expr& e, int kind) {
  if (kind != 0) check_duplicate_literals(e, kind);
  std::vector<int> items = evaluate_ascending(e.items);
  address_of_items(items, rdx);
  a_.mov(esi, uint32_t(Value::from_int(kind).bits()));
  a_.mov(ecx, uint32_t(Value::from_int(int64_t(items.size())).bits()));
  call_runtime(runtime_call_address<rt::rt_collection>());
  release(items);
}

void FunctionCompiler::interpolation(const Expr& e) {
  std::vector<int> parts = evaluate_ascending(e.items);
  address_of_items(parts, rsi);
  a_.mov(edx, uint32_t(Value::from_int(int64_t(parts.size())).bits()));
  call_runtime(runtime_call_address<rt::rt_interpolate>());
  release(parts);
}

void FunctionCompiler::property(const Expr& e) {
  expr(*e.left);
  get_property(e.text);
}

void FunctionCompiler::index(const Expr& e) {
  expr(*e.left);
  int object = push_temp_of_rax();
  expr(*e.right);
  runtime_2(runtime_call_address<rt::rt_index>(), object);
  pop_temp(object);
}

}  // namespace beagle::jit
