// Compiles one Beagle function (or a file's top-level code) to x86-64.
//
// Frame (word offsets from rbp; see collectors/roots/frame_walker.h):
//   +2 + i   incoming argument i (in the caller's outgoing area)
//   +1       return address;  0  the caller's rbp
//   -1       the callee object (function or closure) this call runs
//   -2       the argument count (raw), stored only by variadic functions
//   -3 ...   locals, then temporaries, then `try` handler records
//   bottom   the outgoing argument area of calls made from here
// Every value lives in a frame slot; registers only carry values within
// one expression, never across a call, so at every safepoint the stack map
// (all locals, the temporaries in use, the parameters) is exact. The
// outgoing area is in no map: a value stored there never waits across a
// safepoint (pass_args).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <asmjit/x86.h>

#include "collectors/api/allocation.h"
#include "collectors/roots/stack_map.h"
#include "jit/analysis.h"
#include "jit/program.h"
#include "lang/front/ast.h"
#include "lang/runtime/objects.h"

namespace beagle::jit {

// Where each compiled function begins (ModuleCompiler::compile).
inline constexpr uint32_t kFunctionAlignment = 64;  // bytes: a cache line

// The immediates as compiled code compares and loads them (32-bit
// immediates; collectors/api/value.h has the encoding).
inline constexpr uint32_t kNull = uint32_t(rt::Value::null().bits());
inline constexpr uint32_t kFalse = uint32_t(rt::Value::boolean(false).bits());
inline constexpr uint32_t kTrue = uint32_t(rt::Value::boolean(true).bits());

class ModuleCompiler;

// One function to compile.
struct FunctionSpec {
  std::string qualified_name;        // "ns/f", "<Anonymous>", "ns/__top_level"
  std::string code_name;             // what profilers see: "ns/f", "ns/f/fn@3:9" (docs/PROFILING.md)
  std::string self_name;             // the name a named fn may call itself by
  uint32_t line = 0;                 // line of the `fn` keyword
  const lang::FnCase* fn_case = nullptr;       // null for top-level code
  std::vector<const lang::Expr*> top_level;    // the file's top-level expressions
  std::vector<std::string> captures;           // captured names, in closure order
  std::set<std::string> boxed_captures;        // captures that are Boxes
  rt::Value function;                          // the immortal Function object (null for a case)
  bool top_level_function = false;             // a named top-level fn (direct calls)
  asmjit::Label entry;          // the Function's code: checks the argument count
  asmjit::Label checked_entry;  // past that check (FunctionLayout::checked_code)
};

struct Safepoint {
  asmjit::Label after_call;
  gc::StackMap map;
};

class FunctionCompiler {
 public:
  FunctionCompiler(ModuleCompiler& module, asmjit::x86::Assembler& a, FunctionSpec& spec);
  void compile();
  std::vector<Safepoint>& safepoints() { return safepoints_; }

 private:
  enum class VarKind { Local, Param, Capture };
  struct Variable {
    VarKind kind;
    int index;  // Local: slot; Param: argument index; Capture: capture index
    bool boxed;
  };
  // A variable that hides the function's variable of its name for one block:
  // a catch variable, or a name bound by a struct field pattern of a match arm.
  struct BlockLocal {
    std::string name;
    int slot;
    std::optional<Variable> hidden;
    bool was_declared;
  };
  struct Loop {
    asmjit::Label continue_label;
    asmjit::Label break_label;
    int result_slot;
    size_t try_depth;
  };

  ModuleCompiler& module_;
  asmjit::x86::Assembler& a_;
  FunctionSpec& spec_;
  FunctionNames names_;
  std::unordered_map<std::string, Variable> variables_;
  std::set<std::string> declared_;      // locals bound so far, in source order
  std::vector<int> temps_in_use_;
  int next_slot_ = 3;
  int max_slot_ = 3;
  std::vector<int> local_slots_;        // slots holding bound locals
  int max_outgoing_ = 0;
  bool variadic_ = false;
  std::vector<Loop> loops_;
  std::vector<int> try_records_;        // slots of the active handler records
  std::set<int> raw_slots_;             // slots holding raw words (handler records)
  std::vector<Safepoint> safepoints_;
  asmjit::Label restart_label_, epilogue_label_;
  // Code emitted after the function's body, out of its hot path: each
  // emits a block that makes no call (so needs no stack map) and jumps back.
  std::vector<std::function<void()>> cold_code_;
  size_t frame_size_patch_ = 0;

  // frame
  int new_slot();
  int push_temp();
  int push_temp_of_rax();
  std::vector<int> push_temp_block(size_t words);
  void pop_temp(int slot);
  int new_handler_record();
  asmjit::x86::Mem slot(int index) const;
  asmjit::x86::Mem param(int index) const;
  void record_safepoint();
  void emit_arity_check(asmjit::Label fail);
  void emit_frame();
  void emit_arity_failure(asmjit::Label fail);
  void emit_boxes();
  void bind_parameter_patterns();
  void null_locals();
  void count_step();
  void safepoint_poll();
  void patch_frame_size();

  // calls out of JIT code
  void call_runtime(uintptr_t address);
  void call_builtin_directly(const rt::Builtin& builtin, const lang::ExprList& args);
  // Calls `target` with the callee in rdi and `argc` arguments in the
  // outgoing area, and records the call's safepoint.
  void call_with_args_in_place(const asmjit::Operand& target, size_t argc);
  // Evaluates a call's arguments, left to right, into the outgoing area.
  void pass_args(const lang::ExprList& args);
  // Copies temporaries to outgoing slots first_index, first_index + 1, ...
  void copy_to_outgoing(const std::vector<int>& arg_slots, size_t first_index = 0);
  asmjit::x86::Mem outgoing(size_t index);
  // Can evaluating `e` reach a safepoint (a call, a runtime call, an
  // allocation's slow path), or use the outgoing area? Conservative: only
  // variables, literals that allocate nothing and global reads cannot.
  bool may_reach_safepoint(const lang::Expr& e) const;
  void runtime_2(uintptr_t address, int a_slot);  // rt(thread, [slot], rax)
  // rax = a new object with this header and null fields: the collector's
  // inline fast path (bump or free list) if it has one, else (or when it
  // fails) the runtime.
  void allocate_object(rt::Type type, size_t field_count, uint32_t type_data = 0);
  void bump_allocate(size_t total, const asmjit::Label& slow);
  void free_list_allocate(const gc::SizeClasses& classes, size_t total, const asmjit::Label& slow);
  // The store path (collectors/api/barrier.h): stores `value` into field
  // `index` of the tagged object in `object`, then emits the collector's
  // barrier; clobbers r10 and r11.
  void store_field(const asmjit::x86::Gp& object, int index, const asmjit::x86::Gp& value, StoreKind kind);
  // The same into `field`, a field of `object` (a register offset allowed).
  void store_at(const asmjit::x86::Gp& object, const asmjit::x86::Mem& field, const asmjit::x86::Gp& value,
                StoreKind kind);
  // An initialising store, without a barrier (barrier.h's one exemption):
  // only into the object allocate_object just returned, with no safepoint in
  // between.
  void init_field(const asmjit::x86::Gp& object, int index, const asmjit::x86::Gp& value);

  // expressions: each leaves its value in rax
  void body(const lang::ExprList& list, bool tail = false);
  void expr(const lang::Expr& e, bool tail = false);
  void load_constant(rt::Value v);
  void literal_string(const std::string& text);
  void name(const lang::Expr& e);
  void load_variable(const Variable& v);
  void store_variable(const Variable& v);  // from rax; clobbers rcx, rdx
  bool find_variable(const std::string& name, Variable& out) const;
  // operators (compile_operators.cc)
  void binary(const lang::Expr& e);
  void unless_both_ints(asmjit::Label slow);
  void arithmetic(const lang::Expr& e, int left_slot);
  bool add_or_subtract_literal(const lang::Expr& e);
  void bitwise(const lang::Expr& e, int left_slot);
  void comparison(const lang::Expr& e, int left_slot);
  static asmjit::x86::CondCode int_comparison_cond(lang::BinaryOp op);
  static uintptr_t comparison_runtime(lang::BinaryOp op);
  void compare_rax_with(rt::Value literal);
  void call_equal_with_literal(rt::Value literal);
  void equality(const lang::Expr& e);
  std::optional<rt::Value> identity_literal(const lang::Expr& e) const;
  void equal_to_literal(rt::Value literal);
  void equal_values(int left_slot);
  void jump_if_float(const asmjit::x86::Gp& word, const asmjit::x86::Gp& tag, asmjit::Label target);
  void bool_outcomes(asmjit::Label equal, asmjit::Label done);
  void logical(const lang::Expr& e);
  void unary(const lang::Expr& e);
  void assign(const lang::Expr& e);
  void assign_to(const lang::Expr& e, const lang::Expr& target, const lang::Expr& value);
  void call(const lang::Expr& e, bool tail);
  bool self_tail_call(const lang::Expr& e);
  std::vector<int> evaluate_args(const lang::ExprList& args);
  std::vector<int> evaluate_ascending(const lang::ExprList& list);
  void address_of_items(const std::vector<int>& slots, const asmjit::x86::Gp& reg);
  void release(const std::vector<int>& slots);
  void collection(const lang::Expr& e, int kind);
  void check_duplicate_literals(const lang::Expr& e, int kind);
  bool is_primitive_set(const lang::Expr& e) const;
  void interpolation(const lang::Expr& e);
  void property(const lang::Expr& e);
  // Inline caches (compile_inline_cache.cc, lang/runtime/inline_cache.h).
  void get_property(const std::string& field);  // of the value in rax, into rax
  void set_property(int object_slot, const std::string& field);  // to the value in rax; rax = null
  bool protocol_call(const lang::Expr& e, rt::Value method);
  void find_cache_entry(const asmjit::x86::Gp& object, const void* entries, size_t entry_size, asmjit::Label miss);
  void index(const lang::Expr& e);
  void struct_literal(const lang::Expr& e);
  void function_literal(const lang::Expr& e);
  void let(const lang::Expr& e);
  void bind_pattern(const lang::Pattern& p, int value_slot);
  void declare_local(const std::string& name);
  void if_expr(const lang::Expr& e, bool tail);
  // compile_conditions.cc: jumps to `target` when (`e` is exactly true) == `when`.
  void branch(const lang::Expr& e, bool when, asmjit::Label target);
  void branch_on_rax(bool when, asmjit::Label target);
  void branch_on_logical(const lang::Expr& e, bool when, asmjit::Label target);
  void branch_on_comparison(const lang::Expr& e, bool when, asmjit::Label target);
  void branch_on_equality(const lang::Expr& e, bool when, asmjit::Label target);
  Loop begin_loop(int result_slot);
  void end_loop(const Loop& loop);
  void while_expr(const lang::Expr& e);
  void loop_expr(const lang::Expr& e);
  void for_expr(const lang::Expr& e);  // compile_for.cc
  void jump(const lang::Expr& e);
  void return_expr(const lang::Expr& e);
  void try_expr(const lang::Expr& e);
  void throw_expr(const lang::Expr& e);
  void match_expr(const lang::Expr& e, bool tail);
  void test_pattern(const lang::Pattern& p, int value_slot, asmjit::Label fail);
  void pop_handlers_to(size_t depth);
  BlockLocal hide_variable(const std::string& name, int slot);
  void restore_variable(const BlockLocal& local);
  void to_bool_from_flag();  // al = condition → rax = Bool
  [[noreturn]] void error(const lang::Expr& e, const std::string& message) const;
};

}  // namespace beagle::jit
