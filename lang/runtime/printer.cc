#include "lang/runtime/printer.h"

#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
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
  Printer(Runtime& runtime, bool format) : runtime_(runtime), format_(format) {}

  std::string print(Value v, int depth) {
    if (!format_ && depth > kMaxRawDepth) return "...";
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
      case Type::Function: return function_layout(v)->flags & kFunctionTopLevel ? "fn(" + function_name(v) + ")" : "function";
      case Type::Box: return "__Box__ { value: " + print(fields(v)[0], depth + 2) + " }";
      default: return "<object type " + std::to_string(uint32_t(type_of_object(v))) + ">";
    }
  }

 private:
  Runtime& runtime_;
  bool format_;

  // Collection elements: the Format printer at depth 1 (strings quoted).
  std::string element(Value v, int depth) { return format_ ? Printer(runtime_, true).print(v, 1) : print(v, depth + 1); }

  std::string vector(Value v, int depth) {
    return joined("[", "]", [&](auto add) { vector_for_each(v, [&](Value x) { add(element(x, depth)); }); });
  }

  std::string map(Value v, int depth) {
    return joined("{", "}", [&](auto add) {
      map_for_each(v, [&](Value key, Value value) {
        if (!format_ && value.is_null()) return;  // the raw printer drops null values
        add(element(key, depth) + " " + element(value, depth));
      });
    });
  }

  std::string set(Value v, int depth) {
    return joined("#{", "}", [&](auto add) { set_for_each(v, [&](Value x) { add(element(x, depth)); }); });
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
    if (format_ && info.qualified_name == "beagle.core/Struct") {
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
std::string format_string(Runtime& runtime, Value v, int depth) { return Printer(runtime, true).print(v, depth); }

std::string kind_name(Value v) {
  if (v.is_int()) return "Int";
  if (v.is_float()) return "Float";
  if (v.is_bool()) return "Bool";
  if (v.is_null()) return "Null";
  if (is_object_of(v, Type::String)) return "String";
  return "heap object with type_id " + std::to_string(uint32_t(type_of_object(v)));
}

}  // namespace beagle::rt
