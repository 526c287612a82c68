// beagle.__internal_test__/stack-probe: a test-only builtin that shows
// whether AddressSanitizer still guards C++ stack frames after a Beagle
// `throw` has unwound others (jit/stubs.cc, forget_abandoned_frames).
//
//   stack-probe(n)     reads the first n bytes of a 64-byte stack buffer;
//   stack-probe(n, f)  the same, after calling f() while the buffer is live.
//
// It returns their sum (byte i holds i: 2016 for n = 64). n = 65 reads one
// byte past the buffer, a real overflow that ASan must report; without ASan
// it is refused with an ArgumentError, so no build reads past the buffer
// unwatched.
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"

namespace beagle::rt {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int64_t kProbeLimit = 65;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int64_t kProbeLimit = 65;
#else
constexpr int64_t kProbeLimit = 64;
#endif
#else
constexpr int64_t kProbeLimit = 64;
#endif

Value stack_probe(Thread& t, const Value* args, uint64_t argc) {
  int64_t n = expect_int(t, args[0], "stack-probe's byte count");
  if (n < 0 || n > kProbeLimit) {
    throw_error(t, "ArgumentError",
                "stack-probe reads 0 to 64 bytes (65, one past its buffer, only under AddressSanitizer), not " +
                    std::to_string(n));
  }
  volatile uint8_t buffer[64];
  for (int i = 0; i < 64; i++) buffer[i] = uint8_t(i);
  if (argc == 2) call_function(t, args[1], nullptr, 0);
  int64_t sum = 0;
  for (int64_t i = 0; i < n; i++) sum += buffer[i];
  return Value::from_int(sum);
}

}  // namespace

void add_stack_probe_builtins(std::vector<Builtin>& out) {
  out.push_back({"beagle.__internal_test__/stack-probe", 1, 2, &stack_probe});
}

}  // namespace beagle::rt
