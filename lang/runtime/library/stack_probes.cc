// Test-only builtins of beagle.__internal_test__ that show whether
// AddressSanitizer sees the C++ stack as it is after a Beagle `throw` has
// left C++ frames behind (jit/stubs.cc, forget_abandoned_frames):
//
//   stack-probe(n)         reads the first n bytes of a 64-byte buffer on its
//                          frame, byte i holding i, and returns their sum
//                          (2016 for n = 64). n = 65 reads one byte past the
//                          buffer, a real overflow that ASan must report;
//                          without ASan, 65 is refused with an ArgumentError,
//                          so no build reads past the buffer unwatched.
//   dead-stack-clean?(n)   whether the n bytes of stack just below its own
//                          frame, which no frame uses, carry no ASan poison
//                          (frames unpoison their redzones when they return;
//                          poison left there is what makes false reports).
//                          Always true without ASan.
#include <sanitizer/asan_interface.h>

#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define BEAGLE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BEAGLE_ASAN 1
#endif
#endif

namespace beagle::rt {
namespace {

#ifdef BEAGLE_ASAN
constexpr int64_t kProbeLimit = 65;
#else
constexpr int64_t kProbeLimit = 64;
#endif

Value stack_probe(Thread& t, const Value* args, uint64_t) {
  int64_t n = expect_int(t, args[0], "stack-probe's byte count");
  if (n < 0 || n > kProbeLimit) {
    throw_error(t, "ArgumentError",
                "stack-probe reads 0 to 64 bytes (65, one past its buffer, only under AddressSanitizer), not " +
                    std::to_string(n));
  }
  volatile uint8_t buffer[64];
  for (int i = 0; i < 64; i++) buffer[i] = uint8_t(i);
  // Through a pointer, so that a read past the end is ASan's to report
  // (UBSan checks the bounds of an array index only).
  const volatile uint8_t* bytes = buffer;
  int64_t sum = 0;
  for (int64_t i = 0; i < n; i++) sum += bytes[i];
  return Value::from_int(sum);
}

Value dead_stack_clean(Thread& t, const Value* args, uint64_t) {
  int64_t n = expect_int(t, args[0], "dead-stack-clean?'s byte count");
  if (n < 0 || n > (int64_t{1} << 20)) {
    throw_error(t, "ArgumentError", "dead-stack-clean? looks at 0 to 1 MiB, not " + std::to_string(n));
  }
#ifdef BEAGLE_ASAN
  char* sp = static_cast<char*>(stack_pointer());
  return Value::boolean(__asan_region_is_poisoned(sp - n, size_t(n)) == nullptr);
#else
  return Value::boolean(true);
#endif
}

}  // namespace

void add_stack_probe_builtins(std::vector<Builtin>& out) {
  out.push_back({"beagle.__internal_test__/stack-probe", 1, 1, &stack_probe});
  out.push_back({"beagle.__internal_test__/dead-stack-clean?", 1, 1, &dead_stack_clean});
}

}  // namespace beagle::rt
