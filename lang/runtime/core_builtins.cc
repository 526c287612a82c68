// Builtins of beagle.core that must be native: printing and gc().
#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"

namespace beagle::rt {
namespace {

std::string joined_format(Thread& t, const Value* args, uint64_t argc) {
  std::string out;
  for (uint64_t i = 0; i < argc; i++) {
    if (i) out += " ";
    out += format_string(t, args[i], 0);
  }
  return out;
}

Value println(Thread& t, const Value* args, uint64_t argc) {
  t.runtime->output().out(joined_format(t, args, argc) + "\n");
  return argc == 0 ? Value::null() : args[argc - 1];
}

Value print(Thread& t, const Value* args, uint64_t argc) {
  t.runtime->output().out(joined_format(t, args, argc));
  return argc == 0 ? Value::null() : args[argc - 1];
}

Value raw_println(Thread& t, const Value* args, uint64_t) {
  t.runtime->output().out(raw_string(*t.runtime, args[0]) + "\n");
  return Value::null();
}

Value raw_print(Thread& t, const Value* args, uint64_t) {
  t.runtime->output().out(raw_string(*t.runtime, args[0]));
  return Value::null();
}

// A collection, verified as under the fuzz targets, costs about as much as
// a thousand loop iterations: without this charge a loop that calls gc()
// ran for minutes inside a 30,000-step budget.
constexpr int64_t kStepsPerCollection = 1000;

Value collect(Thread& t, const Value*, uint64_t) {
  charge_steps(t, kStepsPerCollection);
  t.runtime->heap().collect(gc::GcReason::Explicit, t.mutator);
  return Value::null();
}

}  // namespace

Value builtin_length(Thread& t, const Value* args, uint64_t argc);
Value builtin_get(Thread& t, const Value* args, uint64_t argc);
Value builtin_push(Thread& t, const Value* args, uint64_t argc);
Value builtin_to_string(Thread& t, const Value* args, uint64_t argc);
Value builtin_parse_int(Thread& t, const Value* args, uint64_t argc);
Value library_length(Thread& t, const Value* args, uint64_t argc);  // library/: also Range and seq objects
Value builtin_type_of(Thread& t, const Value* args, uint64_t argc);
Value builtin_instance_of(Thread& t, const Value* args, uint64_t argc);
Value builtin_format_default(Thread& t, const Value* args, uint64_t argc);

namespace {
CallHook g_call_hook = nullptr;
}

void set_call_hook(CallHook hook) { g_call_hook = hook; }

Value call_function(Thread& t, Value f, const Value* args, uint64_t argc) {
  Value result;
  if (!g_call_hook(t, f, args, argc, &result)) throw BeagleThrow{result};
  return result;
}

const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> all = [] {
    std::vector<Builtin> out;
    add_core_builtins(out);
    add_library_builtins(out);
    return out;
  }();
  return all;
}

void add_core_builtins(std::vector<Builtin>& out) {
  const Builtin core[] = {
      {"beagle.core/println", 0, -1, &println},
      {"beagle.core/print", 0, -1, &print},
      {"beagle.core/_println", 1, 1, &raw_println},
      {"beagle.core/_print", 1, 1, &raw_print},
      {"beagle.core/gc", 0, 0, &collect},
      {"beagle.core/length", 1, 1, &library_length},
      {"beagle.core/count", 1, 1, &library_length},
      {"beagle.core/get", 2, 3, &builtin_get},
      {"beagle.core/push", 2, 2, &builtin_push},
      {"beagle.core/to-string", 1, 1, &builtin_to_string},
      {"beagle.core/parse-int", 1, 1, &builtin_parse_int},
      {"beagle.core/type-of", 1, 1, &builtin_type_of},
      {"beagle.core/instance-of", 2, 2, &builtin_instance_of},
      {"beagle.core/__format-default", 2, 2, &builtin_format_default},
  };
  out.insert(out.end(), std::begin(core), std::end(core));
}

}  // namespace beagle::rt
