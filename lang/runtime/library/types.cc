// Equality and functions (LANGUAGE.md §6.5; type-of is in type_builtins.cc), type predicates (§6.2),
// results (§6.8), beagle.builtin/hash and beagle.__internal_test__/many_args
// (§6.9).
#include "lang/runtime/alloc.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

Value equal_fn(Thread&, const Value* args, uint64_t) { return Value::boolean(values_equal(args[0], args[1])); }
Value identity_fn(Thread&, const Value* args, uint64_t) { return args[0]; }
Value not_fn(Thread&, const Value* args, uint64_t) { return Value::boolean(!args[0].is_true()); }

Value apply_fn(Thread& t, const Value* args, uint64_t) {
  Value items = seqable_elements_array(t, args[1]);
  // call_function copies the arguments before anything can move them.
  return call_function(t, args[0], fields(items), field_count(items));
}

Value compare_fn(Thread& t, const Value* args, uint64_t) {
  return compare_values(t, compare_to_method(t), args[0], args[1]);
}

Value set_p(Thread&, const Value* args, uint64_t) { return Value::boolean(is_object_of(args[0], Type::Set)); }
Value keyword_p(Thread&, const Value* args, uint64_t) { return Value::boolean(is_object_of(args[0], Type::Keyword)); }
Value nil_p(Thread&, const Value* args, uint64_t) { return Value::boolean(args[0].is_null()); }
Value some_p(Thread&, const Value* args, uint64_t) { return Value::boolean(!args[0].is_null()); }

// ---------------------------------------------------------------- results

Value ok_fn(Thread& t, const Value* args, uint64_t) { return make_struct(t, prelude_ids(*t.runtime).ok, {args[0]}); }
Value err_fn(Thread& t, const Value* args, uint64_t) { return make_struct(t, prelude_ids(*t.runtime).err, {args[0]}); }
Value ok_p(Thread& t, const Value* args, uint64_t) {
  return Value::boolean(is_struct_of(args[0], prelude_ids(*t.runtime).ok));
}
Value unwrap_or_fn(Thread& t, const Value* args, uint64_t) {
  if (is_struct_of(args[0], prelude_ids(*t.runtime).ok)) return fields(args[0])[0];
  return args[1];
}

// ---------------------------------------------------------------- built-in namespaces

Value hash_fn(Thread&, const Value* args, uint64_t) { return Value::from_int(int64_t(hash_value(args[0]))); }

Value many_args_fn(Thread& t, const Value* args, uint64_t argc) {
  Value sum = Value::from_int(0);
  for (uint64_t i = 0; i < argc; i++) sum = rt_add(t, sum, args[i]);  // sum is not used after rt_add allocates
  return sum;
}

}  // namespace

void add_type_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/equal", 2, 2, &equal_fn},
      {"beagle.core/identity", 1, 1, &identity_fn},
      {"beagle.core/not", 1, 1, &not_fn},
      {"beagle.core/apply", 2, 2, &apply_fn},
      {"beagle.core/compare", 2, 2, &compare_fn},
      {"beagle.core/set?", 1, 1, &set_p},
      {"beagle.core/keyword?", 1, 1, &keyword_p},
      {"beagle.core/nil?", 1, 1, &nil_p},
      {"beagle.core/some?", 1, 1, &some_p},
      {"beagle.core/ok", 1, 1, &ok_fn},
      {"beagle.core/err", 1, 1, &err_fn},
      {"beagle.core/ok?", 1, 1, &ok_p},
      {"beagle.core/unwrap-or", 2, 2, &unwrap_or_fn},
      {"beagle.builtin/hash", 1, 1, &hash_fn},
      {"beagle.__internal_test__/many_args", 11, 11, &many_args_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
