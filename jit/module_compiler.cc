#include "jit/module_compiler.h"

#include <filesystem>

#include "jit/runtime_calls.h"
#include "jit/stub_frame.h"
#include "lang/runtime/alloc.h"

namespace beagle::jit {

using namespace asmjit;
using lang::Expr;
using lang::ExprKind;
using lang::Form;
using lang::FormKind;
using gc::Word;
using rt::Value;

ModuleCompiler::ModuleCompiler(Program& program, const lang::SourceFile& file, const lang::Program& ast)
    : program_(program), file_(file), ast_(ast) {}

// ---------------------------------------------------------------- names

std::string ModuleCompiler::resolve_namespace(const std::string& alias) const {
  auto it = aliases_.find(alias);
  if (it != aliases_.end()) return it->second;
  if (program_.namespaces.count(alias)) return alias;
  return "";
}

Value* ModuleCompiler::resolve_global(const std::string& name) {
  rt::GlobalTable& globals = runtime().globals();
  size_t slash = name.find('/');
  if (slash != std::string::npos) {
    std::string ns = resolve_namespace(name.substr(0, slash));
    return ns.empty() ? nullptr : globals.find_binding_slot(ns + "/" + name.substr(slash + 1));
  }
  if (Value* slot = globals.find_binding_slot(qualify(name))) return slot;
  return globals.find_binding_slot("beagle.core/" + name);
}

std::optional<Value> ModuleCompiler::resolve_function(const std::string& name) {
  auto find = [&](const std::string& qualified) -> std::optional<Value> {
    auto it = program_.functions.find(qualified);
    if (it == program_.functions.end()) return std::nullopt;
    return it->second;
  };
  size_t slash = name.find('/');
  if (slash != std::string::npos) {
    std::string ns = resolve_namespace(name.substr(0, slash));
    if (ns.empty()) return std::nullopt;
    return find(ns + "/" + name.substr(slash + 1));
  }
  if (auto f = find(qualify(name))) return f;
  return find("beagle.core/" + name);
}

const rt::StructInfo* ModuleCompiler::resolve_struct(const std::string& path) {
  rt::StructRegistry& structs = runtime().structs();
  size_t slash = path.find('/');
  if (slash != std::string::npos) {
    std::string ns = resolve_namespace(path.substr(0, slash));
    return ns.empty() ? nullptr : structs.find(ns + "/" + path.substr(slash + 1));
  }
  if (const rt::StructInfo* info = structs.find(qualify(path))) return info;
  return structs.find("beagle.core/" + path);
}

// ---------------------------------------------------------------- declarations

Value ModuleCompiler::make_function_object(const std::string& name, uint64_t arity, uint64_t flags) {
  Word* memory = runtime().heap().allocate_immortal(rt::kFunctionPayloadWords + 1);
  auto* f = reinterpret_cast<rt::FunctionLayout*>(memory);
  f->header = gc::Header::make(uint32_t(rt::Type::Function), rt::kFunctionPayloadWords, 0,
                               gc::kOpaque | gc::kImmortal).bits();
  f->code = 0;
  f->checked_code = 0;
  f->arity = arity;
  f->flags = flags;
  f->name = runtime().immortal_string(name).bits();
  f->info = 0;
  return Value::object(memory);
}

// An instance of the prelude struct `Struct { name, id }`, immortal.
Value ModuleCompiler::make_struct_descriptor(const std::string& qualified, uint32_t id) {
  const rt::StructInfo* descriptor = runtime().structs().find("beagle.core/Struct");
  Word* memory = runtime().heap().allocate_immortal(3);
  memory[0] = gc::Header::make(uint32_t(rt::Type::Struct), 2, descriptor->id, gc::kImmortal).bits();
  memory[1] = runtime().immortal_string(qualified).bits();
  memory[2] = Value::from_int(id).bits();
  return Value::object(memory);
}

void ModuleCompiler::declare_struct(const Form& form) {
  std::vector<rt::StructField> fields;
  std::vector<const Expr*> defaults;
  for (const lang::FieldDecl& f : form.fields) {
    fields.push_back({f.name, f.is_mutable});
    defaults.push_back(f.default_value.get());
  }
  std::string qualified = qualify(form.name);
  uint32_t id = runtime().structs().define(qualified, form.name, std::move(fields), false);
  program_.struct_defaults[id] = std::move(defaults);
  Value descriptor = make_struct_descriptor(qualified, id);
  runtime().descriptors[id] = descriptor;
  runtime().globals().set(qualified, descriptor);
}

// Each variant is its own struct type; the enum's name is bound to an object
// whose fields are the variants (unit variants: their one instance).
void ModuleCompiler::declare_enum(const Form& form) {
  std::vector<rt::StructField> variant_fields;
  std::vector<Value> variant_values;
  for (const lang::VariantDecl& v : form.variants) {
    std::vector<rt::StructField> fields;
    std::vector<const Expr*> defaults;
    for (const lang::FieldDecl& f : v.fields) {
      fields.push_back({f.name, f.is_mutable});
      defaults.push_back(nullptr);  // all fields of a variant are required
    }
    std::string display = form.name + "." + v.name;
    uint32_t id = runtime().structs().define(qualify(display), display, std::move(fields), true);
    program_.struct_defaults[id] = std::move(defaults);
    Value unit = Value::null();
    if (!v.has_fields) {
      Word* memory = runtime().heap().allocate_immortal(1);
      memory[0] = gc::Header::make(uint32_t(rt::Type::Struct), 0, id, gc::kImmortal).bits();
      unit = Value::object(memory);
      runtime().structs().get_mutable(id).unit_instance = unit;
    }
    variant_fields.push_back({v.name, false});
    variant_values.push_back(unit);
  }
  uint32_t enum_id = runtime().structs().define(qualify(form.name), form.name, std::move(variant_fields), false);
  Word* memory = runtime().heap().allocate_immortal(variant_values.size() + 1);
  memory[0] = gc::Header::make(uint32_t(rt::Type::Struct), variant_values.size(), enum_id, gc::kImmortal).bits();
  for (size_t i = 0; i < variant_values.size(); i++) memory[i + 1] = variant_values[i].bits();
  runtime().globals().set(qualify(form.name), Value::object(memory));
}

void ModuleCompiler::declare_function(const Expr& fn) {
  std::string qualified = qualify(fn.text);
  Value function = compile_named_function(fn.cases, fn.bool_value, qualified, qualified, fn.pos.line, true);
  program_.functions[qualified] = function;
  runtime().globals().set(qualified, function);
}

// A named function that is not a closure (a top-level fn, a protocol
// default, an extend implementation): an immortal Function object. Inside a
// default or an implementation, the method's name is the protocol method
// (a call dispatches again), not the function itself.
Value ModuleCompiler::compile_named_function(const std::vector<lang::FnCase>& cases, bool multi,
                                             const std::string& name, const std::string& code_name, uint32_t line,
                                             bool top_level) {
  const lang::FnCase& first = cases[0];
  uint64_t flags = rt::kFunctionTopLevel | (multi ? rt::kFunctionMultiArity : 0) |
                   (!multi && first.rest ? rt::kFunctionVariadic : 0);
  // A function value's arity counts a rest parameter as one (§4.4).
  Value function = make_function_object(name, multi ? 0 : first.params.size() + (first.rest ? 1 : 0), flags);
  std::string self = top_level ? name.substr(name.find('/') + 1) : "";
  queue_cases(cases, multi, self, line, function, name, code_name, {}, {});
  if (!multi && top_level) functions_.back().top_level_function = true;
  return function;
}

// One spec per arity case; a multi-arity function dispatches on the count.
// Each case of a multi-arity function is named for profilers by its arity
// ("ns/f#2", "ns/f#1+"); the dispatcher keeps the function's name.
void ModuleCompiler::queue_cases(const std::vector<lang::FnCase>& cases, bool multi, const std::string& self_name,
                                 uint32_t line, Value function, const std::string& name,
                                 const std::string& code_name, const std::vector<std::string>& captures,
                                 const std::set<std::string>& boxed) {
  MultiArity dispatcher{function, a_->newLabel(), {}, code_name};
  for (const lang::FnCase& c : cases) {
    if (!c.has_body) continue;
    FunctionSpec spec;
    spec.qualified_name = name;
    spec.code_name = multi ? code_name + "#" + std::to_string(c.params.size()) + (c.rest ? "+" : "") : code_name;
    spec.self_name = self_name;
    spec.line = line;
    spec.fn_case = &c;
    spec.captures = captures;
    spec.boxed_captures = boxed;
    spec.function = multi ? Value::null() : function;
    spec.entry = a_->newLabel();
    spec.checked_entry = a_->newLabel();
    functions_.push_back(std::move(spec));
    dispatcher.cases.push_back(&functions_.back());
  }
  if (multi) {
    // The arities, for the error when no case matches: "0, 1, 1+".
    std::string arities;
    for (const lang::FnCase& c : cases) {
      if (!arities.empty()) arities += ", ";
      arities += std::to_string(c.params.size()) + (c.rest ? "+" : "");
    }
    rt::function_layout(function)->info = reinterpret_cast<uintptr_t>(program_.intern(arities));
    dispatchers_.push_back(std::move(dispatcher));
  }
}

Value ModuleCompiler::add_function_literal(const Expr& fn, const std::vector<std::string>& captures,
                                           const std::set<std::string>& boxed) {
  bool multi = fn.bool_value;
  const lang::FnCase& first = fn.cases[0];
  uint64_t flags = (multi ? rt::kFunctionMultiArity : 0) | (!multi && first.rest ? rt::kFunctionVariadic : 0);
  Value function = make_function_object("<Anonymous>", multi ? 0 : first.params.size() + (first.rest ? 1 : 0), flags);
  queue_cases(fn.cases, multi, fn.text, fn.pos.line, function, "<Anonymous>", closure_code_name(fn), captures, boxed);
  return function;
}

// A closure is named for profilers by the function it is written in, its
// own name (or "fn") and where it starts: "ns/outer/fn@12:7".
std::string ModuleCompiler::closure_code_name(const Expr& fn) const {
  return compiling_->code_name + "/" + (fn.text.empty() ? "fn" : fn.text) + "@" + std::to_string(fn.pos.line) + ":" +
         std::to_string(fn.pos.column);
}

// ---------------------------------------------------------------- protocols

// `protocol P { fn m(self) ... }`: P is bound to a `Protocol { name }`; each
// method becomes a function of the namespace that dispatches on its first
// argument (unless it is a native builtin of the prelude, which dispatches
// itself); a method with a body has it as the default implementation.
void ModuleCompiler::declare_protocol(const Form& form) {
  std::string protocol = qualify(form.name);
  program_.protocols.insert(protocol);
  const rt::StructInfo* info = runtime().structs().find("beagle.core/Protocol");
  Word* memory = runtime().heap().allocate_immortal(2);
  memory[0] = gc::Header::make(uint32_t(rt::Type::Struct), 1, info->id, gc::kImmortal).bits();
  memory[1] = runtime().immortal_string(protocol).bits();
  runtime().globals().set(protocol, Value::object(memory));
  for (const lang::ProtocolMethod& m : form.methods) {
    std::string qualified = qualify(m.name);
    int id = runtime().protocols().define_method(protocol, qualified);
    if (qualified == "beagle.core/format") runtime().format_method = id;
    if (declare_native_method(m, qualified, id)) continue;
    size_t params = m.cases[0].params.size() + (m.cases[0].rest ? 1 : 0);
    Value method = make_function_object(qualified, params, rt::kFunctionTopLevel | rt::kFunctionVariadic);
    protocol_stubs_.push_back({method, a_->newLabel(), id, qualified, m.pos.line});
    program_.functions[qualified] = method;
    program_.protocol_method_ids[method.bits()] = id;
    runtime().globals().set(qualified, method);
    bool has_default = false;
    for (const lang::FnCase& c : m.cases) has_default |= c.has_body;
    if (has_default) {
      Value default_impl =
          compile_named_function(m.cases, m.multi_arity, qualified, qualified + "<default>", m.pos.line, false);
      runtime().protocols().set_default(id, default_impl);
    }
  }
}

// A method of a prelude protocol that names a native builtin (get, length,
// seq, ...) stays that builtin: it serves the built-in types on their fast
// paths and hands other types to the registry (rt::call_core_method).
bool ModuleCompiler::declare_native_method(const lang::ProtocolMethod& m, const std::string& qualified, int id) {
  if (ns_ != "beagle.core" || !program_.functions.count(qualified)) return false;
  rt::CoreMethod core;
  if (!rt::core_method_named(qualified, &core)) {
    throw lang::SyntaxError(m.pos, "the builtin " + qualified + " cannot be a protocol method: it does not dispatch");
  }
  for (const lang::FnCase& c : m.cases) {
    if (c.has_body) throw lang::SyntaxError(c.pos, "the native method " + qualified + " cannot have a default body");
  }
  runtime().protocols().set_core_method(core, id);
  return true;
}

std::string ModuleCompiler::resolve_protocol(const std::string& name) const {
  size_t slash = name.find('/');
  if (slash != std::string::npos) return resolve_namespace(name.substr(0, slash)) + "/" + name.substr(slash + 1);
  if (program_.protocols.count(qualify(name))) return qualify(name);
  return "beagle.core/" + name;
}

// `extend T with P { fn m(self) { ... } }`: registers each implementation for
// T's descriptor id; a later extend of the same type replaces it.
void ModuleCompiler::declare_extend(const Form& form) {
  std::string protocol = resolve_protocol(form.alias);
  if (!program_.protocols.count(protocol)) {
    throw lang::SyntaxError(form.pos, "Unknown protocol '" + form.alias + "' in extend");
  }
  Value* binding = resolve_global(form.name);
  Value type = binding == nullptr ? Value::null() : rt::GlobalTable::value_of_binding(*binding);
  const rt::StructInfo* descriptor = runtime().structs().find("beagle.core/Struct");
  if (!rt::is_object_of(type, rt::Type::Struct) || gc::header_of(type.address()).type_data() != descriptor->id) {
    throw lang::SyntaxError(form.pos, "Cannot extend '" + form.name + "': not a struct or built-in type");
  }
  int64_t type_id = rt::fields(type)[1].as_int();
  for (const lang::ExprPtr& fn : form.functions) {
    int method = runtime().protocols().find_method(protocol, fn->text);
    if (method < 0) throw lang::SyntaxError(fn->pos, "'" + fn->text + "' is not a method of protocol " + protocol);
    std::string name = qualify(fn->text);
    Value impl = compile_named_function(fn->cases, fn->bool_value, name, name + "<" + form.name + ">", fn->pos.line,
                                        false);
    runtime().protocols().set_impl(method, type_id, impl);
  }
}

// The callable method: asks the runtime for the implementation for the
// first argument's type, then jumps to it with the arguments untouched.
void ModuleCompiler::emit_protocol_stub(x86::Assembler& a, ProtocolStub& stub, std::vector<Safepoint>& safepoints) {
  using namespace asmjit::x86;
  a.bind(stub.entry);
  emit_stub_frame(a);
  Label dispatch = a.newLabel();
  a.mov(edx, uint32_t(Value::null().bits()));  // no arguments: dispatch on null
  a.test(rsi, rsi);
  a.jz(dispatch);
  a.mov(rdx, qword_ptr(rbp, 16));
  a.bind(dispatch);
  a.mov(esi, uint32_t(Value::from_int(stub.method).bits()));
  safepoints.push_back(emit_stub_call(a, runtime_call_address<rt::rt_protocol_dispatch>(),
                                      program_.intern(stub.name), file_.path().c_str(), stub.line));
  a.mov(rdi, rax);
  a.mov(rsi, qword_ptr(rbp, -16));
  a.leave();
  a.mov(rax, imm(call_value_stub()));
  a.jmp(rax);
}

void ModuleCompiler::declare_forms() {
  for (const Form& form : ast_.forms) {
    switch (form.kind) {
      case FormKind::Namespace:
        ns_ = form.name;
        program_.namespaces.insert(ns_);
        break;
      case FormKind::Use:
        aliases_[form.alias] = program_.use_namespace(form.name, file_, form.pos);
        break;
      case FormKind::Struct: declare_struct(form); break;
      case FormKind::Enum: declare_enum(form); break;
      case FormKind::Expr:
        if (form.expr->kind == ExprKind::Fn && !form.expr->text.empty()) {
          declare_function(*form.expr);
        } else {
          if (form.expr->kind == ExprKind::Let && form.expr->pattern->kind == lang::PatternKind::Bind) {
            define_global(form.expr->pattern->name);
          }
          top_level_.push_back(form.expr.get());
        }
        break;
      case FormKind::Protocol: declare_protocol(form); break;
      case FormKind::Extend: declare_extend(form); break;
      case FormKind::Test: break;  // test blocks run only under a test command
    }
  }
}

// ---------------------------------------------------------------- code

// Finds the case for the argument count and enters it past its own check.
void ModuleCompiler::emit_dispatcher(x86::Assembler& a, MultiArity& m, std::vector<Safepoint>& safepoints) {
  using namespace asmjit::x86;
  a.bind(m.entry);
  for (FunctionSpec* c : m.cases) {
    if (c->fn_case->rest) continue;
    a.cmp(rsi, uint32_t(c->fn_case->params.size()));
    a.je(c->checked_entry);
  }
  for (FunctionSpec* c : m.cases) {
    if (!c->fn_case->rest) continue;
    a.cmp(rsi, uint32_t(c->fn_case->params.size()));
    a.jae(c->checked_entry);
  }
  // No case takes this many arguments: a frame for the walker, then throw.
  emit_stub_frame(a);
  a.mov(rdx, rsi);
  a.shl(rdx, 3);
  a.mov(rsi, rdi);
  safepoints.push_back(emit_stub_call(a, runtime_call_address<rt::rt_arity_error>(),
                                      program_.intern(m.cases[0]->qualified_name), file_.path().c_str(),
                                      m.cases[0]->line));
  a.int3();
}

void ModuleCompiler::install(CodeHolder& code, const CodeNames& names, std::vector<Safepoint>& safepoints) {
  uint8_t* base = program_.code_memory().install(code, names);
  auto address = [&](const Label& label) { return uintptr_t(base + code.labelOffsetFromBase(label)); };
  for (FunctionSpec& spec : functions_) {
    if (!spec.function.is_null()) rt::set_code(spec.function, address(spec.entry), address(spec.checked_entry));
  }
  for (MultiArity& m : dispatchers_) rt::set_code(m.function, address(m.entry), address(m.entry));
  for (ProtocolStub& stub : protocol_stubs_) rt::set_code(stub.function, address(stub.entry), address(stub.entry));
  for (Safepoint& sp : safepoints) {
    sp.map.function = program_.intern(sp.map.function);
    runtime().stack_maps().add(address(sp.after_call), std::move(sp.map));
  }
}

Value ModuleCompiler::compile() {
  CodeHolder code;
  code.init(Environment::host());
  x86::Assembler a(&code);
  a_ = &a;
  declare_forms();

  FunctionSpec top;
  top.qualified_name = qualify("__top_level");
  top.code_name = top.qualified_name;
  top.top_level = top_level_;
  top.function = make_function_object(top.qualified_name, 0, 0);
  top.entry = a.newLabel();
  top.checked_entry = a.newLabel();
  functions_.push_back(std::move(top));
  Value top_function = functions_.back().function;

  std::vector<Safepoint> safepoints;
  CodeNames names(a);
  for (size_t i = 0; i < functions_.size(); i++) {
    compiling_ = &functions_[i];
    // Each function starts on a cache line, so that how its code falls on
    // lines (and on the front end's fetch windows) does not depend on the
    // sizes of the functions before it: unaligned, binary-trees' mutator
    // time moved by 10% with a change to an unrelated function. HotSpot
    // aligns compiled methods so too (CodeEntryAlignment).
    a.align(AlignMode::kCode, kFunctionAlignment);
    names.begin(functions_[i].code_name);
    FunctionCompiler compiler(*this, a, functions_[i]);
    compiler.compile();
    for (Safepoint& sp : compiler.safepoints()) safepoints.push_back(std::move(sp));
  }
  compiling_ = nullptr;
  for (MultiArity& m : dispatchers_) {
    names.begin(m.code_name);
    emit_dispatcher(a, m, safepoints);
  }
  for (ProtocolStub& stub : protocol_stubs_) {
    names.begin(stub.name);
    emit_protocol_stub(a, stub, safepoints);
  }
  install(code, names, safepoints);
  a_ = nullptr;
  return top_function;
}

}  // namespace beagle::jit
