// Protocols (LANGUAGE.md §4.12): each method dispatches on the type of its
// first argument. Types are keyed by their descriptor id (§4.1): a struct's
// id, or the negative id of a built-in type (Int -3, String -2, ...).
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lang/runtime/inline_cache.h"
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
  // Setting an implementation empties every dispatch site.
  void set_default(int method, Value function);
  void set_impl(int method, int64_t type, Value function);
  // The implementation for `self` (null if none, not even a default).
  Value find(int method, int64_t type) const;
  // Only a type's own implementation (not the default).
  Value find_own(int method, int64_t type) const;
  // The method id of a core method, once the prelude declared its protocol.
  void set_core_method(CoreMethod m, int method) { core_methods_[size_t(m)] = method; }
  // The implementation of core method `m` for `type` (null when none).
  Value find_core(CoreMethod m, int64_t type) const;

  // A type whose core methods the native builtins serve on their fast paths
  // (the built-in types, negative ids, are such types without being named).
  void add_native_type(int64_t type) { native_types_.insert(type); }
  // Has a program extended such a type with a core method (§4.12: a later
  // extend replaces the prelude's implementation)? False in the common case.
  bool has_native_overrides() const { return has_native_overrides_; }
  // Core method `m`'s own implementation for `type`, once such an extend was
  // made (null when none, and always when has_native_overrides() is false).
  Value native_override(CoreMethod m, int64_t type) const;

  // A new call site (inline_cache.h) of `method`, whose dispatching
  // function is `method_function`.
  DispatchSite* new_dispatch_site(int method, Value method_function);

 private:
  bool is_native_type(int64_t type) const { return type < 0 || native_types_.count(type) > 0; }
  bool is_core_method(int method) const;

  struct Method {
    std::string protocol;
    std::string name;  // unqualified
    Value default_impl;
    std::unordered_map<int64_t, Value> impls;  // immortal Function objects
  };
  std::vector<Method> methods_;
  std::array<int, kCoreMethodCount> core_methods_ = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
  std::unordered_set<int64_t> native_types_;
  bool has_native_overrides_ = false;
  SiteTable<DispatchSite> dispatch_sites_;
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

// Did the program extend self's type, one the builtins serve natively, with
// core method `m`? Then the builtin calls that implementation
// (call_core_method) instead of its fast path. One load when no program
// extended such a type.
bool overridden(Thread& t, CoreMethod m, Value self);
// The same for a type given by its descriptor id.
bool overridden_type(Thread& t, CoreMethod m, int64_t type);

}  // namespace beagle::rt
