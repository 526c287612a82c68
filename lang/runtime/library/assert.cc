// Assertions (LANGUAGE.md §6.7): assert!, assert-eq!, assert-ne! throw
// SystemError.AssertError; assert-throws! throws a String. All return null on
// success. Values in messages use the raw printer.
#include "lang/runtime/alloc.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

Value assert_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_false() || args[0].is_null()) {
    throw_error(t, "AssertError", "assert! failed: expected truthy value, got " + raw_string(*t.runtime, args[0]));
  }
  return Value::null();
}

Value assert_eq_fn(Thread& t, const Value* args, uint64_t) {
  if (!values_equal(args[0], args[1])) {
    throw_error(t, "AssertError", "assert-eq! failed\n  expected: " + raw_string(*t.runtime, args[1]) +
                                      "\n       got: " + raw_string(*t.runtime, args[0]));
  }
  return Value::null();
}

Value assert_ne_fn(Thread& t, const Value* args, uint64_t) {
  if (values_equal(args[0], args[1])) {
    throw_error(t, "AssertError", "assert-ne! failed: both values are " + raw_string(*t.runtime, args[0]));
  }
  return Value::null();
}

Value assert_throws_fn(Thread& t, const Value* args, uint64_t) {
  try {
    call_function(t, args[0], nullptr, 0);
  } catch (const BeagleThrow&) {
    return Value::null();
  }
  throw BeagleThrow{new_string(t, "assert-throws! failed: expected function to throw, but it returned normally")};
}

}  // namespace

void add_assert_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/assert!", 1, 1, &assert_fn},
      {"beagle.core/assert-eq!", 2, 2, &assert_eq_fn},
      {"beagle.core/assert-ne!", 2, 2, &assert_ne_fn},
      {"beagle.core/assert-throws!", 1, 1, &assert_throws_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
