// Compiles one source file: registers its declarations, compiles its
// functions (and the closures inside them) into one block of machine code,
// installs it and registers its stack maps. Its top-level code becomes one
// function, which the Program runs once every file has compiled.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <asmjit/x86.h>

#include "jit/function_compiler.h"
#include "jit/program.h"

namespace beagle::jit {

class ModuleCompiler {
 public:
  ModuleCompiler(Program& program, const lang::SourceFile& file, const lang::Program& ast);

  // Compiles the file (its `use`d files first) and installs its code.
  // Returns the function that runs its top-level code. Compile errors throw
  // lang::SyntaxError.
  rt::Value compile();
  const std::string& namespace_name() const { return ns_; }

  // For FunctionCompiler:
  rt::Runtime& runtime() { return program_.runtime(); }
  const std::string& file_path() const { return file_.path(); }
  uintptr_t call_value_stub() const { return program_.stubs().call_value_address(); }
  // Does a store of this kind take the collector's barrier? (Always, but for
  // the test-only switch RunOptions::test_drop_barrier.)
  bool store_takes_barrier(StoreKind kind) const { return program_.options().test_drop_barrier != kind; }
  // Does compiled code count steps (RunOptions::max_steps)?
  bool counts_steps() const { return program_.options().max_steps > 0; }
  // The root-table slot holding the Binding `name` resolves to, or nullptr.
  rt::Value* resolve_global(const std::string& name);
  std::optional<rt::Value> resolve_function(const std::string& name);
  const rt::StructInfo* resolve_struct(const std::string& path);
  // The method id of a protocol method's dispatching function, else -1.
  int protocol_method_id(rt::Value function) const {
    auto it = program_.protocol_method_ids.find(function.bits());
    return it == program_.protocol_method_ids.end() ? -1 : it->second;
  }
  // The builtin a Function is, if it takes a fixed number of arguments.
  const rt::Builtin* fixed_arity_builtin(rt::Value function) const {
    auto it = program_.builtins.find(function.bits());
    return it == program_.builtins.end() || it->second->min_args != it->second->max_args ? nullptr : it->second;
  }
  const std::vector<const lang::Expr*>& struct_defaults(uint32_t id) { return program_.struct_defaults[id]; }
  // Queues a closure's function for compilation; returns its Function object.
  rt::Value add_function_literal(const lang::Expr& fn, const std::vector<std::string>& captures,
                                 const std::set<std::string>& boxed);
  std::string qualify(const std::string& name) const { return ns_ + "/" + name; }
  // The root-table slot holding the Binding of this file's `name` (created).
  rt::Value* define_global(const std::string& name) { return runtime().globals().binding_slot(qualify(name)); }
  // "" unless `alias` names a namespace (an alias of this file, or a loaded namespace).
  std::string resolve_namespace(const std::string& alias) const;

 private:
  Program& program_;
  const lang::SourceFile& file_;
  const lang::Program& ast_;
  std::string ns_ = "user";
  std::unordered_map<std::string, std::string> aliases_;
  std::deque<FunctionSpec> functions_;  // a deque: specs keep their addresses
  struct MultiArity {
    rt::Value function;
    asmjit::Label entry;
    std::vector<FunctionSpec*> cases;
    std::string code_name;
  };
  std::vector<MultiArity> dispatchers_;
  std::vector<const lang::Expr*> top_level_;
  asmjit::x86::Assembler* a_ = nullptr;  // while compiling
  const FunctionSpec* compiling_ = nullptr;  // the function being compiled (encloses new closures)

  void declare_forms();
  void declare_struct(const lang::Form& form);
  void declare_enum(const lang::Form& form);
  void declare_function(const lang::Expr& fn);
  rt::Value make_function_object(const std::string& name, uint64_t arity, uint64_t flags);
  rt::Value make_struct_descriptor(const std::string& qualified, uint32_t id);
  void queue_cases(const std::vector<lang::FnCase>& cases, bool multi, const std::string& self_name, uint32_t line,
                   rt::Value function, const std::string& name, const std::string& code_name,
                   const std::vector<std::string>& captures, const std::set<std::string>& boxed);
  rt::Value compile_named_function(const std::vector<lang::FnCase>& cases, bool multi, const std::string& name,
                                   const std::string& code_name, uint32_t line, bool top_level);
  std::string closure_code_name(const lang::Expr& fn) const;
  void declare_protocol(const lang::Form& form);
  bool declare_native_method(const lang::ProtocolMethod& m, const std::string& qualified, int id);
  void declare_extend(const lang::Form& form);
  std::string resolve_protocol(const std::string& name) const;
  struct ProtocolStub {
    rt::Value function;
    asmjit::Label entry;
    int method;
    std::string name;
    uint32_t line;
  };
  std::vector<ProtocolStub> protocol_stubs_;
  void emit_protocol_stub(asmjit::x86::Assembler& a, ProtocolStub& stub, std::vector<Safepoint>& safepoints);
  void emit_dispatcher(asmjit::x86::Assembler& a, MultiArity& m, std::vector<Safepoint>& safepoints);
  void install(asmjit::CodeHolder& code, const CodeNames& names, std::vector<Safepoint>& safepoints);
};

}  // namespace beagle::jit
