// String functions of beagle.core (LANGUAGE.md §6.1, §6.3). Lengths and
// indices count characters. A non-string argument throws TypeError
// `Expected string, got K`.
#include "lang/runtime/alloc.h"
#include "lang/runtime/errors.h"
#include "lang/runtime/library/internal.h"
#include "lang/runtime/printer.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/text/utf8.h"

namespace beagle::rt {
namespace {

Value string_result(Thread& t, const std::string& s) { return new_string(t, s); }

// join takes get(c, 0) .. get(c, length(c) - 1) (Length and Indexed,
// §4.12.1): a map gives get(m, 0), ..., a set or Range throws like get. A
// String's characters are read directly unless its length or get was
// replaced.
Value join_fn(Thread& t, const Value* args, uint64_t) {
  std::string sep = expect_string(t, args[1]);
  HandleScope scope(*t.handles);
  Value c = args[0];
  bool plain_string = is_object_of(c, Type::String) && !overridden(t, CoreMethod::Length, c) &&
                      !overridden(t, CoreMethod::Get, c);
  Handle items = scope.make(plain_string ? string_chars_array(t, string_view(c)) : indexed_elements_array(t, c));
  std::string out;
  for (size_t i = 0; i < field_count(items.get()); i++) {
    if (i) out += sep;
    out += to_display_string(t, fields(items.get())[i]);
  }
  return string_result(t, out);
}

Value split_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  std::string sep = expect_string(t, args[1]);
  return strings_array(t, text::split(s, sep));
}

Value lines_fn(Thread& t, const Value* args, uint64_t) { return strings_array(t, text::lines(expect_string(t, args[0]))); }
Value words_fn(Thread& t, const Value* args, uint64_t) { return strings_array(t, text::words(expect_string(t, args[0]))); }

Value substring_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  int64_t start = expect_int(t, args[1], "substring");
  int64_t end = expect_int(t, args[2], "substring");
  int64_t length = int64_t(text::char_count(s));
  if (end < start) {
    throw_error(t, "IndexError", "substring end (" + std::to_string(end) + ") is less than start (" +
                                     std::to_string(start) + ")");
  }
  if (start < 0 || end > length) {
    throw_error(t, "IndexError", "substring index out of bounds: start=" + std::to_string(start) +
                                     ", length=" + std::to_string(end - start) + ", but string length is " +
                                     std::to_string(length));
  }
  return string_result(t, text::substring(s, size_t(start), size_t(end)));
}

Value uppercase_fn(Thread& t, const Value* args, uint64_t) { return string_result(t, text::uppercase(expect_string(t, args[0]))); }
Value lowercase_fn(Thread& t, const Value* args, uint64_t) { return string_result(t, text::lowercase(expect_string(t, args[0]))); }
Value trim_fn(Thread& t, const Value* args, uint64_t) { return string_result(t, text::trim(expect_string(t, args[0]))); }
Value trim_left_fn(Thread& t, const Value* args, uint64_t) { return string_result(t, text::trim_left(expect_string(t, args[0]))); }
Value trim_right_fn(Thread& t, const Value* args, uint64_t) { return string_result(t, text::trim_right(expect_string(t, args[0]))); }

Value starts_with_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  std::string p = expect_string(t, args[1]);
  return Value::boolean(s.compare(0, p.size(), p) == 0 && s.size() >= p.size());
}

Value ends_with_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  std::string p = expect_string(t, args[1]);
  return Value::boolean(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
}

Value index_of_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  return Value::from_int(text::index_of(s, expect_string(t, args[1])));
}

Value last_index_of_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  return Value::from_int(text::last_index_of(s, expect_string(t, args[1])));
}

Value pad_left_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  int64_t width = expect_int(t, args[1], "pad-left");
  std::string pad = expect_string(t, args[2]);
  return string_result(t, text::pad_left(s, width, pad));
}

Value pad_right_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  int64_t width = expect_int(t, args[1], "pad-right");
  std::string pad = expect_string(t, args[2]);
  return string_result(t, text::pad_right(s, width, pad));
}

// Every occurrence of `from` replaced (Rust's str::replace: an empty `from`
// matches before every character and at the end).
Value replace_fn(Thread& t, const Value* args, uint64_t) {
  std::string s = expect_string(t, args[0]);
  std::string from = expect_string(t, args[1]);
  std::string to = expect_string(t, args[2]);
  std::string out;
  if (from.empty()) {
    size_t pos = 0;
    out += to;
    while (pos < s.size()) {
      size_t start = pos;
      text::decode_next(s, pos);
      out.append(s, start, pos - start);
      out += to;
    }
    return string_result(t, out);
  }
  size_t pos = 0;
  while (true) {
    size_t found = s.find(from, pos);
    if (found == std::string::npos) break;
    out.append(s, pos, found - pos);
    out += to;
    pos = found + from.size();
  }
  out.append(s, pos, std::string::npos);
  return string_result(t, out);
}

Value blank_fn(Thread& t, const Value* args, uint64_t) {
  if (args[0].is_null()) return Value::boolean(true);
  return Value::boolean(text::trim(expect_string(t, args[0])).empty());
}

Value char_code_fn(Thread& t, const Value* args, uint64_t) {
  return Value::from_int(text::first_code_point(expect_string(t, args[0])));
}

Value char_from_code_fn(Thread& t, const Value* args, uint64_t) {
  int64_t n = expect_int(t, args[0], "char-from-code");
  if (!text::is_scalar_value(n)) {
    uint64_t shown = n < 0 ? uint64_t(uint32_t(n)) : uint64_t(n);
    throw_error(t, "InvalidArgument", "Invalid Unicode code point: " + std::to_string(shown));
  }
  return string_result(t, text::encode_utf8(char32_t(n)));
}

Value string_to_keyword_fn(Thread& t, const Value* args, uint64_t) {
  std::string name = expect_string(t, args[0]);
  return t.runtime->keyword(name);
}

Value keyword_to_string_fn(Thread& t, const Value* args, uint64_t) {
  if (!is_object_of(args[0], Type::Keyword)) throw_error(t, "TypeError", "Expected keyword, got " + kind_name(args[0]));
  return fields(args[0])[0];  // the keyword's immortal name string
}

}  // namespace

void add_string_builtins(std::vector<Builtin>& out) {
  const Builtin list[] = {
      {"beagle.core/join", 2, 2, &join_fn},
      {"beagle.core/split", 2, 2, &split_fn},
      {"beagle.core/lines", 1, 1, &lines_fn},
      {"beagle.core/words", 1, 1, &words_fn},
      {"beagle.core/substring", 3, 3, &substring_fn},
      {"beagle.core/uppercase", 1, 1, &uppercase_fn},
      {"beagle.core/lowercase", 1, 1, &lowercase_fn},
      {"beagle.core/trim", 1, 1, &trim_fn},
      {"beagle.core/trim-left", 1, 1, &trim_left_fn},
      {"beagle.core/trim-right", 1, 1, &trim_right_fn},
      {"beagle.core/starts-with?", 2, 2, &starts_with_fn},
      {"beagle.core/ends-with?", 2, 2, &ends_with_fn},
      {"beagle.core/index-of", 2, 2, &index_of_fn},
      {"beagle.core/last-index-of", 2, 2, &last_index_of_fn},
      {"beagle.core/pad-left", 3, 3, &pad_left_fn},
      {"beagle.core/pad-right", 3, 3, &pad_right_fn},
      {"beagle.core/replace", 3, 3, &replace_fn},
      {"beagle.core/blank?", 1, 1, &blank_fn},
      {"beagle.core/char-code", 1, 1, &char_code_fn},
      {"beagle.core/char-from-code", 1, 1, &char_from_code_fn},
      {"beagle.core/string->keyword", 1, 1, &string_to_keyword_fn},
      {"beagle.core/keyword->string", 1, 1, &keyword_to_string_fn},
  };
  out.insert(out.end(), std::begin(list), std::end(list));
}

}  // namespace beagle::rt
