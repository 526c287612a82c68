// Protocols (LANGUAGE.md §4.12): each method dispatches on the type of its
// first argument. Types are keyed by their descriptor id (§4.1): a struct's
// id, or the negative id of a built-in type (Int -3, String -2, ...).
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lang/runtime/objects.h"

namespace beagle::rt {

class Runtime;
struct Thread;

// The descriptor id of the type of `v`; enum variants have their struct id.
int64_t type_key(const Runtime& runtime, Value v);

// The methods of the prelude's protocols (LANGUAGE.md §4.12.1) whose function
// is a native builtin, not a dispatch stub: the builtin serves the built-in
// types itself and hands every other value to the implementation an `extend`
// registered (call_core_method).
enum class CoreMethod : uint8_t { Get, Length, Seq, First, Next, Push, Conj, Assoc, Keys, Contains };
inline constexpr size_t kCoreMethodCount = 10;
// "beagle.core/get" -> CoreMethod::Get, ...; false for any other name.
bool core_method_named(std::string_view qualified, CoreMethod* method);

class ProtocolRegistry {
 public:
  // Methods are named "ns/method" (the protocol's namespace); returns an id.
  int define_method(const std::string& protocol, const std::string& qualified_method);
  int find_method(const std::string& protocol, const std::string& method_name) const;
  void set_default(int method, Value function) { methods_[size_t(method)].default_impl = function; }
  void set_impl(int method, int64_t type, Value function) { methods_[size_t(method)].impls[type] = function; }
  // The implementation for `self` (null if none, not even a default).
  Value find(int method, int64_t type) const;
  // Only a type's own implementation (not the default).
  Value find_own(int method, int64_t type) const;
  // The method id of a core method, once the prelude declared its protocol.
  void set_core_method(CoreMethod m, int method) { core_methods_[size_t(m)] = method; }
  // The implementation of core method `m` for `type` (null when none).
  Value find_core(CoreMethod m, int64_t type) const;

 private:
  struct Method {
    std::string protocol;
    std::string name;  // unqualified
    Value default_impl;
    std::unordered_map<int64_t, Value> impls;  // immortal Function objects
  };
  std::vector<Method> methods_;
  std::array<int, kCoreMethodCount> core_methods_ = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
};

// Builtin type descriptor ids.
inline constexpr int64_t kArrayTypeId = -1, kStringTypeId = -2, kIntTypeId = -3, kFloatTypeId = -4, kBoolTypeId = -5,
                         kNullTypeId = -6, kFunctionTypeId = -7, kClosureTypeId = -8, kKeywordTypeId = -9,
                         kVectorTypeId = -20, kMapTypeId = -22, kSetTypeId = -28, kMultiArityTypeId = -29;

// rt_protocol_dispatch(thread, method id as Int, self): the function to call,
// or a TypeError "Function not implemented for K value: v".
Value rt_protocol_dispatch(Thread& t, Value method, Value self);

// TypeError "Function not implemented for K value: v" (§7.2).
[[noreturn]] void throw_not_implemented(Thread& t, Value self);

// Calls core method `m` on its arguments (args[0] is self) through the
// implementation for self's type, or throws throw_not_implemented.
Value call_core_method(Thread& t, CoreMethod m, std::initializer_list<Value> args);

}  // namespace beagle::rt
