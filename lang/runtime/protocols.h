// Protocols (LANGUAGE.md §4.12): each method dispatches on the type of its
// first argument. Types are keyed by their descriptor id (§4.1): a struct's
// id, or the negative id of a built-in type (Int -3, String -2, ...).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "lang/runtime/objects.h"

namespace beagle::rt {

class Runtime;
struct Thread;

// The descriptor id of the type of `v`; enum variants have their struct id.
int64_t type_key(const Runtime& runtime, Value v);

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

 private:
  struct Method {
    std::string protocol;
    std::string name;  // unqualified
    Value default_impl;
    std::unordered_map<int64_t, Value> impls;  // immortal Function objects
  };
  std::vector<Method> methods_;
};

// Builtin type descriptor ids.
inline constexpr int64_t kArrayTypeId = -1, kStringTypeId = -2, kIntTypeId = -3, kFloatTypeId = -4, kBoolTypeId = -5,
                         kNullTypeId = -6, kFunctionTypeId = -7, kClosureTypeId = -8, kKeywordTypeId = -9,
                         kVectorTypeId = -20, kMapTypeId = -22, kSetTypeId = -28, kMultiArityTypeId = -29;

// rt_protocol_dispatch(thread, method id as Int, self): the function to call,
// or a TypeError "Function not implemented for K value: v".
Value rt_protocol_dispatch(Thread& t, Value method, Value self);

}  // namespace beagle::rt
