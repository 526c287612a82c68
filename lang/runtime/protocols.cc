#include "lang/runtime/protocols.h"

#include "lang/runtime/builtins.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/runtime.h"

namespace beagle::rt {

int64_t type_key(const Runtime&, Value v) {
  if (v.is_int()) return kIntTypeId;
  if (v.is_float()) return kFloatTypeId;
  if (v.is_bool()) return kBoolTypeId;
  if (v.is_null()) return kNullTypeId;
  switch (type_of_object(v)) {
    case Type::String: return kStringTypeId;
    case Type::Keyword: return kKeywordTypeId;
    case Type::Struct: return int64_t(header(v).type_data());
    case Type::Array: return kArrayTypeId;
    case Type::Vector: return kVectorTypeId;
    case Type::Map: return kMapTypeId;
    case Type::Set: return kSetTypeId;
    case Type::Closure: return kClosureTypeId;
    case Type::Function:
      return function_layout(v)->flags & kFunctionMultiArity ? kMultiArityTypeId : kFunctionTypeId;
    default: return kNullTypeId;
  }
}

int ProtocolRegistry::define_method(const std::string& protocol, const std::string& qualified_method) {
  std::string name = qualified_method.substr(qualified_method.find('/') + 1);
  int existing = find_method(protocol, name);
  if (existing >= 0) return existing;
  methods_.push_back({protocol, name, Value::null(), {}});
  return int(methods_.size() - 1);
}

int ProtocolRegistry::find_method(const std::string& protocol, const std::string& method_name) const {
  for (size_t i = 0; i < methods_.size(); i++) {
    if (methods_[i].protocol == protocol && methods_[i].name == method_name) return int(i);
  }
  return -1;
}

Value ProtocolRegistry::find_own(int method, int64_t type) const {
  const Method& m = methods_[size_t(method)];
  auto it = m.impls.find(type);
  return it == m.impls.end() ? Value::null() : it->second;
}

Value ProtocolRegistry::find(int method, int64_t type) const {
  Value own = find_own(method, type);
  return own.is_null() ? methods_[size_t(method)].default_impl : own;
}

Value ProtocolRegistry::find_core(CoreMethod m, int64_t type) const {
  int method = core_methods_[size_t(m)];
  return method < 0 ? Value::null() : find(method, type);
}

bool ProtocolRegistry::is_core_method(int method) const {
  for (int core : core_methods_) {
    if (core == method) return true;
  }
  return false;
}

void ProtocolRegistry::set_default(int method, Value function) {
  methods_[size_t(method)].default_impl = function;
  dispatch_sites_.forget_all();
}

void ProtocolRegistry::set_impl(int method, int64_t type, Value function) {
  methods_[size_t(method)].impls[type] = function;
  dispatch_sites_.forget_all();
  if (is_core_method(method) && is_native_type(type)) has_native_overrides_ = true;
}

DispatchSite* ProtocolRegistry::new_dispatch_site(int method, Value method_function) {
  DispatchSite site;
  site.method = method;
  site.method_function = method_function;
  return dispatch_sites_.add(site);
}

Value ProtocolRegistry::native_override(CoreMethod m, int64_t type) const {
  int method = core_methods_[size_t(m)];
  if (!has_native_overrides_ || method < 0 || !is_native_type(type)) return Value::null();
  return find_own(method, type);
}

bool core_method_named(std::string_view qualified, CoreMethod* method) {
  static constexpr std::pair<std::string_view, CoreMethod> kNames[] = {
      {"beagle.core/get", CoreMethod::Get},       {"beagle.core/length", CoreMethod::Length},
      {"beagle.core/seq", CoreMethod::Seq},       {"beagle.core/first", CoreMethod::First},
      {"beagle.core/next", CoreMethod::Next},     {"beagle.core/push", CoreMethod::Push},
      {"beagle.core/conj", CoreMethod::Conj},     {"beagle.core/assoc", CoreMethod::Assoc},
      {"beagle.core/keys", CoreMethod::Keys},     {"beagle.core/contains?", CoreMethod::Contains},
  };
  for (const auto& [name, m] : kNames) {
    if (name == qualified) {
      *method = m;
      return true;
    }
  }
  return false;
}

namespace {

// The kind named in "Function not implemented for K value" (§7.2).
const char* dispatch_kind(Value v) {
  if (v.is_int()) return "Int";
  if (v.is_bool()) return "Bool";
  if (v.is_float()) return "Struct";
  if (v.is_null()) return "Unknown";
  switch (type_of_object(v)) {
    case Type::String: return "String";
    case Type::Array: return "Array";
    case Type::Keyword: return "Keyword";
    case Type::Struct: return "Struct";
    default: return "Unknown";
  }
}

}  // namespace

void throw_not_implemented(Thread& t, Value self) {
  throw_error(t, "TypeError", std::string("Function not implemented for ") + dispatch_kind(self) +
                                  " value: " + raw_string(*t.runtime, self));
}

Value rt_protocol_dispatch(Thread& t, Value method, Value self) {
  Runtime& runtime = *t.runtime;
  Value impl = runtime.protocols().find(int(method.as_int()), type_key(runtime, self));
  if (impl.is_null()) throw_not_implemented(t, self);
  return impl;
}

bool overridden_type(Thread& t, CoreMethod m, int64_t type) {
  const ProtocolRegistry& registry = t.runtime->protocols();
  return registry.has_native_overrides() && !registry.native_override(m, type).is_null();
}

bool overridden(Thread& t, CoreMethod m, Value self) {
  return t.runtime->protocols().has_native_overrides() && overridden_type(t, m, type_key(*t.runtime, self));
}

Value call_core_method(Thread& t, CoreMethod m, std::initializer_list<Value> args) {
  Value self = *args.begin();
  Value impl = t.runtime->protocols().find_core(m, type_key(*t.runtime, self));
  if (impl.is_null()) throw_not_implemented(t, self);
  return call_function(t, impl, args.begin(), args.size());
}

}  // namespace beagle::rt
