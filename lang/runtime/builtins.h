// The runtime's entry points. Two kinds:
//  - rt_* functions that compiled code calls directly (through
//    jit::runtime_call), for slow paths and operations too big to inline;
//  - builtins: functions Beagle code can name and pass around (println,
//    gc, ...), all with one signature; their arguments live in the caller's
//    frame, are roots, and are updated in place by a moving collection, so a
//    builtin re-reads args[i] after anything that allocates.
#pragma once

#include <string>
#include <vector>

#include "lang/runtime/thread.h"

namespace beagle::rt {

// ---------------------------------------------------------------- slow paths
Value rt_not_callable(Thread& t, Value callee);
Value rt_arity_error(Thread& t, Value callee, Value argument_count);
Value rt_stack_overflow(Thread& t);
// The step limit (--max-steps) is used up: ends the program, uncatchably.
Value rt_step_limit(Thread& t);
// A poll found the thread's safepoint flag set: parks it while another
// thread has the world stopped (threads.cc).
Value rt_safepoint_poll(Thread& t);
// Takes `steps` from the step budget, for work a builtin does that no
// compiled step counts; ends the program like rt_step_limit when it is
// used up. Without a limit the budget is kUnlimitedSteps.
void charge_steps(Thread& t, int64_t steps);
Value rt_add(Thread& t, Value a, Value b);
Value rt_sub(Thread& t, Value a, Value b);
Value rt_mul(Thread& t, Value a, Value b);
Value rt_div(Thread& t, Value a, Value b);
Value rt_mod(Thread& t, Value a, Value b);
Value rt_less(Thread& t, Value a, Value b);
Value rt_less_equal(Thread& t, Value a, Value b);
Value rt_greater(Thread& t, Value a, Value b);
Value rt_greater_equal(Thread& t, Value a, Value b);
Value rt_equal(Thread& t, Value a, Value b);
Value rt_concat(Thread& t, Value a, Value b);
// `op` is an Int: 0 &, 1 |, 2 ^, 3 <<, 4 >>, 5 >>>.
Value rt_bitwise(Thread& t, Value op, Value a, Value b);
// Room for an object whose header is `header_bits`; returns the untagged
// address (the fast path's slow path).
Value rt_allocate(Thread& t, Value header_bits);
Value rt_throw(Thread& t, Value v);
// A closure of `function` with `count` captures, all null.
Value rt_make_closure(Thread& t, Value function, Value count);
Value rt_new_struct(Thread& t, Value struct_id);
// A struct literal's `..source`: throws unless source is a struct of that id.
Value rt_check_spread(Thread& t, Value source, Value struct_id);
Value rt_is_struct(Thread& t, Value v, Value struct_id);
Value rt_is_vector_of_count(Thread& t, Value v, Value count);
Value rt_drop(Thread& t, Value collection, Value count);
Value rt_match_failed(Thread& t, Value v);
Value rt_pack_rest(Thread& t, const Value* args, Value count);
Value rt_get_property(Thread& t, Value object, Value name);
Value rt_set_property(Thread& t, Value object, Value name, Value v);
Value rt_index(Thread& t, Value collection, Value index);
Value rt_interpolate(Thread& t, const Value* parts, Value count);
// kind: 0 vector, 1 map (keys and values interleaved), 2 set.
Value rt_collection(Thread& t, Value kind, const Value* items, Value count);

// ---------------------------------------------------------------- builtins
using BuiltinFn = Value (*)(Thread& t, const Value* args, uint64_t argc);

struct Builtin {
  std::string qualified_name;  // "beagle.core/println"
  int min_args;
  int max_args;  // -1: any number
  BuiltinFn fn;
};

const std::vector<Builtin>& builtins();

// Each group of builtins adds itself here (core_builtins.cc calls them all).
void add_core_builtins(std::vector<Builtin>& out);
void add_library_builtins(std::vector<Builtin>& out);  // lang/runtime/library/

// Calls a Beagle function value (function or closure) from C++ with `argc`
// arguments, through the JIT's entry stub. A Beagle exception escaping it is
// rethrown as BeagleThrow. The arguments are copied before anything runs, so
// the caller's array need not be a root; but every Value the caller holds
// across this call must be in a Handle (the callee may collect).
Value call_function(Thread& t, Value f, const Value* args, uint64_t argc);

// Set once by the JIT: how call_function enters compiled code.
using CallHook = bool (*)(Thread& t, Value f, const Value* args, uint64_t argc, Value* result);
void set_call_hook(CallHook hook);

}  // namespace beagle::rt
