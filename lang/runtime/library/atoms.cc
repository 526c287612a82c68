// Atoms (LANGUAGE.md §4.13), threads (§4.14) and time (§6.6): atom, deref,
// reset!, swap!, compare-and-swap!, thread, sleep, time-now. An atom is an instance of the prelude
// struct `Atom { value }`; its slot is read and written atomically. A
// non-atom argument throws a String (`deref expects an atom but got: 5`).
#include <chrono>
#include <cmath>
#include <thread>

#include "lang/runtime/alloc.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/threads.h"

namespace beagle::rt {
namespace {

// The slot is field 0; stores go through the store path's atomic forms (store.h).
Value load(Value atom) {
  const Word* slot = reinterpret_cast<const Word*>(&fields(atom)[0]);
  return Value::from_bits(__atomic_load_n(slot, __ATOMIC_SEQ_CST));
}
void store(Thread& t, Value atom, Value v) { store_field_atomic(t, atom, 0, v); }
bool cas(Thread& t, Value atom, Value expected, Value desired) {
  return compare_and_store_field(t, atom, 0, expected, desired);
}

void check_atom(Thread& t, const char* op, Value v) {
  if (is_atom(*t.runtime, v)) return;
  std::string message = std::string(op) + " expects an atom but got: " + raw_string(*t.runtime, v);
  throw BeagleThrow{new_string(t, message)};
}

Value atom_fn(Thread& t, const Value* args, uint64_t) {
  return make_struct(t, prelude_ids(*t.runtime).atom, {args[0]});
}

Value deref_fn(Thread& t, const Value* args, uint64_t) {
  check_atom(t, "deref", args[0]);
  return load(args[0]);
}

Value reset_fn(Thread& t, const Value* args, uint64_t) {
  check_atom(t, "reset!", args[0]);
  store(t, args[0], args[1]);
  return args[1];
}

Value compare_and_swap_fn(Thread& t, const Value* args, uint64_t) {
  check_atom(t, "compare-and-swap!", args[0]);
  return Value::boolean(cas(t, args[0], args[1], args[2]));
}

// Repeats deref / f / compare-and-swap! until the swap succeeds.
Value swap_fn(Thread& t, const Value* args, uint64_t) {
  check_atom(t, "swap!", args[0]);
  HandleScope scope(*t.handles);
  Handle atom = scope.make(args[0]);
  Handle f = scope.make(args[1]);
  Handle old = scope.make(Value::null());
  while (true) {
    old.set(load(atom.get()));
    Value updated = call1(t, f.get(), old.get());
    if (cas(t, atom.get(), old.get(), updated)) return updated;
  }
}

// thread(f) takes what a call f() accepts; anything else throws the error
// that call would (a TypeError, or an ArityError for a function of 1 or
// more parameters).
void check_no_argument_callable(Thread& t, Value f) {
  bool closure = is_object_of(f, Type::Closure);
  if (!closure && !is_object_of(f, Type::Function)) rt_not_callable(t, f);
  const FunctionLayout* layout = function_layout(closure ? closure_function(f) : f);
  bool multi_arity = (layout->flags & kFunctionMultiArity) != 0;  // its call finds the case, or throws
  if (!multi_arity && layout->arity != 0) rt_arity_error(t, f, Value::from_int(0));
}

Value thread_fn(Thread& t, const Value* args, uint64_t) {
  check_no_argument_callable(t, args[0]);
  HandleScope scope(*t.handles);
  t.runtime->threads().start(t, scope.make(args[0]));
  return Value::null();
}

// Blocks in the Native state: a collection does not wait for it, and an
// abort in another thread ends it early (Threads::sleep).
Value sleep_fn(Thread& t, const Value* args, uint64_t) {
  double ms = expect_number(t, args[0]);
  if (ms > 0 && std::isfinite(ms)) t.runtime->threads().sleep(t, ms);
  return Value::null();
}

// Nanoseconds since the first call (monotonic).
Value time_now_fn(Thread&, const Value*, uint64_t) {
  static const auto start = std::chrono::steady_clock::now();
  auto elapsed = std::chrono::steady_clock::now() - start;
  return Value::from_int(int64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()));
}

}  // namespace

void add_atom_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/atom", 1, 1, &atom_fn},
      {"beagle.core/deref", 1, 1, &deref_fn},
      {"beagle.core/reset!", 2, 2, &reset_fn},
      {"beagle.core/compare-and-swap!", 3, 3, &compare_and_swap_fn},
      {"beagle.core/swap!", 2, 2, &swap_fn},
      {"beagle.core/thread", 1, 1, &thread_fn},
      {"beagle.core/sleep", 1, 1, &sleep_fn},
      {"beagle.core/time-now", 0, 0, &time_now_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
