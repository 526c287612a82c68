#include "lang/runtime/printer.h"

#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "collectors/roots/handles.h"
#include "lang/runtime/builtins.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/text/float_format.h"

namespace beagle::rt {
namespace {

constexpr int kMaxRawDepth = 10;

std::string function_name(Value f) { return std::string(string_view(Value::from_bits(function_layout(f)->name))); }

template <typename Each>
std::string joined(const char* open, const char* close, Each&& each) {
  std::string out = open;
  bool first = true;
  each([&](const std::string& item) {
    if (!first) out += ", ";
    out += item;
    first = false;
  });
  return out + close;
}

class Printer {
 public:
  Printer(Runtime& runtime, bool format, Thread* thread = nullptr)
      : runtime_(runtime), format_(format), thread_(thread) {}

  std::string print(Value v, int depth) {
    if (!format_ && depth > kMaxRawDepth) return "...";
    if (format_ && runtime_.format_method >= 0) {
      Value impl = runtime_.protocols().find_own(runtime_.format_method, type_key(runtime_, v));
      if (!impl.is_null()) return user_format(impl, v, depth);
    }
    if (v.is_int()) return std::to_string(v.as_int());
    if (v.is_null()) return "null";
    if (v.is_bool()) return v.is_true() ? "true" : "false";
    if (v.is_float()) return text::format_float(float_value(v));
    switch (type_of_object(v)) {
      case Type::String: return depth == 0 ? std::string(string_view(v)) : "\"" + std::string(string_view(v)) + "\"";
      case Type::Keyword: return ":" + std::string(string_view(fields(v)[0]));
      case Type::Vector: return vector(v, depth);
      case Type::Map: return map(v, depth);
      case Type::Set: return set(v, depth);
      case Type::Array: return array(v, depth);
      case Type::Struct: return structure(v, depth);
      case Type::Closure: return closure(v, depth);
      case Type::Function:
        // A plain `fn` written at file top level prints as `function`, and as
        // `[]` through the Format printer (as Beagle does).
        if (function_layout(v)->flags & kFunctionTopLevel) return "fn(" + function_name(v) + ")";
        return format_ ? "[]" : "function";
      case Type::Box: return "__Box__ { value: " + print(fields(v)[0], depth + 2) + " }";
      default: return "<object type " + std::to_string(uint32_t(type_of_object(v))) + ">";
    }
  }

 private:
  Runtime& runtime_;
  bool format_;
  Thread* thread_;

  // A user `extend T with Format`: Beagle code, which may allocate.
  std::string user_format(Value impl, Value v, int depth) {
    Value args[2] = {v, Value::from_int(depth)};
    Value result = call_function(*thread_, impl, args, 2);
    if (is_object_of(result, Type::String)) return std::string(string_view(result));
    return Printer(runtime_, true, thread_).print(result, 0);
  }

  // Collection elements: the Format printer at depth 1 (strings quoted).
  std::string element(Value v, int depth) { return format_ ? print(v, 1) : print(v, depth + 1); }

  // The Format printer may run Beagle code per element, so it holds the
  // elements in handles while it prints them.
  template <typename ForEach>
  std::string elements(const char* open, const char* close, ForEach&& for_each, int depth, bool pairs) {
    gc::HandleScope scope(*thread_handles());
    std::vector<gc::Handle> items;
    for_each([&](Value x) { items.push_back(scope.make(x)); });
    return joined(open, close, [&](auto add) {
      for (size_t i = 0; i < items.size(); i += pairs ? 2 : 1) {
        if (!pairs) {
          add(element(items[i].get(), depth));
          continue;
        }
        if (!format_ && items[i + 1].get().is_null()) continue;  // the raw printer drops null values
        std::string key = element(items[i].get(), depth);
        add(key + " " + element(items[i + 1].get(), depth));
      }
    });
  }

  gc::HandleArea* thread_handles() {
    thread_local gc::HandleArea scratch;  // the raw printer never allocates: any area will do
    return thread_ != nullptr ? thread_->handles : &scratch;
  }

  std::string vector(Value v, int depth) {
    return elements("[", "]", [&](auto push) { vector_for_each(v, push); }, depth, false);
  }

  std::string map(Value v, int depth) {
    return elements("{", "}", [&](auto push) { map_for_each(v, [&](Value k, Value x) { push(k); push(x); }); },
                    depth, true);
  }

  std::string set(Value v, int depth) {
    return elements("#{", "}", [&](auto push) { set_for_each(v, push); }, depth, false);
  }

  std::string array(Value v, int depth) {
    if (field_count(v) == 0) return "[  ]";
    std::string out = "[ ";
    for (uint64_t i = 0; i < field_count(v); i++) {
      if (i) out += ", ";
      out += Printer(runtime_, false).print(fields(v)[i], depth + 1);
    }
    return out + " ]";
  }

  // Struct fields always use the raw printer, two levels deeper.
  std::string structure(Value v, int depth) {
    const StructInfo& info = runtime_.structs().get(header(v).type_data());
    if (format_ && (info.qualified_name == "beagle.core/Struct")) {
      return std::string(string_view(fields(v)[0]));  // a type descriptor prints as its name
    }
    if (info.fields.empty()) return info.display_name;
    // Reached from the Format printer, a struct restarts the raw printer at 0.
    int base = format_ ? 0 : depth;
    Printer raw(runtime_, false);
    std::string out = info.display_name + " { ";
    for (size_t i = 0; i < info.fields.size(); i++) {
      if (i) out += ", ";
      out += info.fields[i].name + ": " + raw.print(fields(v)[i], base + 2);
    }
    return out + " }";
  }

  std::string closure(Value v, int depth) {
    int base = format_ ? 0 : depth;
    Printer raw(runtime_, false);
    std::string captures = "[";
    for (uint64_t i = 0; i < closure_capture_count(v); i++) captures += raw.print(closure_captures(v)[i], base + 1) + ", ";
    captures += "]";
    uint64_t f = 8 * closure_capture_count(v);
    return "Closure { function, " + std::to_string(f) + ", 8, " + captures + " }";
  }
};

}  // namespace

std::string raw_string(Runtime& runtime, Value v, int depth) { return Printer(runtime, false).print(v, depth); }
std::string format_string(Thread& thread, Value v, int depth) { return Printer(*thread.runtime, true, &thread).print(v, depth); }

uint32_t beagle_type_id(Value v) {
  switch (type_of_object(v)) {
    case Type::Vector: return 20;
    case Type::Map: return 22;
    case Type::Set: return 28;
    default: return uint32_t(type_of_object(v));
  }
}

std::string kind_name(Value v) {
  if (v.is_int()) return "Int";
  if (v.is_float()) return "Float";
  if (v.is_bool()) return "Bool";
  if (v.is_null()) return "Null";
  if (is_object_of(v, Type::String)) return "String";
  return "heap object with type_id " + std::to_string(beagle_type_id(v));
}

}  // namespace beagle::rt
