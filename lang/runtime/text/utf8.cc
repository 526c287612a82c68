#include "lang/runtime/text/utf8.h"

#include <algorithm>

namespace beagle::rt::text {
namespace {

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Bytes in the sequence that `lead` starts; 0 if it cannot start one.
int sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 0;
}

// The smallest code point that needs `length` bytes (shorter is overlong).
char32_t minimum_code_point(int length) {
  if (length == 2) return 0x80;
  if (length == 3) return 0x800;
  return 0x10000;
}

// The start of the character that ends at byte `end` (> 0).
size_t previous_char_start(std::string_view s, size_t end) {
  size_t start = end - 1;
  while (start > 0 && is_continuation(s[start])) start--;
  return start;
}

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; i++) out += piece;
  return out;
}

// The first character of `pad`, or a space when it is empty.
std::string_view pad_character(std::string_view pad) {
  if (pad.empty()) return " ";
  return pad.substr(0, byte_offset(pad, 1));
}

// How many characters `s` lacks to reach `width`.
size_t missing_width(std::string_view s, int64_t width) {
  int64_t count = int64_t(char_count(s));
  return width > count ? size_t(width - count) : 0;
}

std::vector<std::string> split_characters(std::string_view s) {
  std::vector<std::string> pieces{""};
  for (size_t pos = 0; pos < s.size();) {
    size_t start = pos;
    decode_next(s, pos);
    pieces.emplace_back(s.substr(start, pos - start));
  }
  pieces.emplace_back("");
  return pieces;
}

}  // namespace

// ------------------------------------------------------------ code points

bool is_scalar_value(int64_t code_point) {
  return code_point >= 0 && code_point <= 0x10FFFF && !(code_point >= 0xD800 && code_point <= 0xDFFF);
}

char32_t decode_next(std::string_view s, size_t& pos) {
  unsigned char lead = static_cast<unsigned char>(s[pos]);
  int length = sequence_length(lead);
  if (length == 1) {
    pos++;
    return lead;
  }
  if (length == 0 || pos + size_t(length) > s.size()) {
    pos++;
    return kReplacementCharacter;
  }
  char32_t code_point = lead & (0x7F >> length);
  for (int i = 1; i < length; i++) {
    char byte = s[pos + size_t(i)];
    if (!is_continuation(byte)) {
      pos++;
      return kReplacementCharacter;
    }
    code_point = (code_point << 6) | (static_cast<unsigned char>(byte) & 0x3F);
  }
  if (code_point < minimum_code_point(length) || !is_scalar_value(code_point)) {
    pos++;
    return kReplacementCharacter;
  }
  pos += size_t(length);
  return code_point;
}

void append_utf8(std::string& out, char32_t code_point) {
  auto byte = [&](char32_t bits) { out.push_back(static_cast<char>(bits)); };
  if (code_point < 0x80) {
    byte(code_point);
  } else if (code_point < 0x800) {
    byte(0xC0 | (code_point >> 6));
    byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    byte(0xE0 | (code_point >> 12));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  } else {
    byte(0xF0 | (code_point >> 18));
    byte(0x80 | ((code_point >> 12) & 0x3F));
    byte(0x80 | ((code_point >> 6) & 0x3F));
    byte(0x80 | (code_point & 0x3F));
  }
}

std::string encode_utf8(char32_t code_point) {
  std::string out;
  append_utf8(out, code_point);
  return out;
}

int64_t first_code_point(std::string_view s) {
  if (s.empty()) return -1;
  size_t pos = 0;
  return decode_next(s, pos);
}

// ------------------------------------------------------------ indexing
// A character starts at every byte that is not a continuation byte, which
// is also how string objects count their characters (alloc.cc).

size_t char_count(std::string_view s) {
  return size_t(std::count_if(s.begin(), s.end(), [](char b) { return !is_continuation(b); }));
}

size_t byte_offset(std::string_view s, size_t index) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if (is_continuation(s[i])) continue;
    if (seen == index) return i;
    seen++;
  }
  return seen == index ? s.size() : kNoPosition;
}

size_t char_index(std::string_view s, size_t byte) { return char_count(s.substr(0, byte)); }

std::string char_at(std::string_view s, size_t index) {
  if (index >= char_count(s)) return "";
  return substring(s, index, index + 1);
}

std::string substring(std::string_view s, size_t start, size_t end) {
  size_t count = char_count(s);
  end = std::min(end, count);
  start = std::min(start, end);
  size_t first = byte_offset(s, start);
  size_t last = byte_offset(s, end);
  return std::string(s.substr(first, last - first));
}

// ------------------------------------------------------------ searching

int64_t index_of(std::string_view s, std::string_view sub) {
  size_t at = s.find(sub);
  return at == std::string_view::npos ? -1 : int64_t(char_index(s, at));
}

int64_t last_index_of(std::string_view s, std::string_view sub) {
  size_t at = s.rfind(sub);
  return at == std::string_view::npos ? -1 : int64_t(char_index(s, at));
}

// ------------------------------------------------------------ whitespace

bool is_whitespace(char32_t c) {
  switch (c) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:  // tab, LF, VT, FF, CR
    case 0x20:                                              // space
    case 0x85:                                              // next line
    case 0xA0:                                              // no-break space
    case 0x1680:                                            // ogham space mark
    case 0x2028: case 0x2029:                               // line, paragraph separator
    case 0x202F:                                            // narrow no-break space
    case 0x205F:                                            // medium mathematical space
    case 0x3000:                                            // ideographic space
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;  // en quad .. hair space
  }
}

std::string trim_left(std::string_view s) {
  size_t start = 0;
  while (start < s.size()) {
    size_t next = start;
    if (!is_whitespace(decode_next(s, next))) break;
    start = next;
  }
  return std::string(s.substr(start));
}

std::string trim_right(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t start = previous_char_start(s, end);
    size_t pos = start;
    if (!is_whitespace(decode_next(s, pos)) || pos != end) break;
    end = start;
  }
  return std::string(s.substr(0, end));
}

std::string trim(std::string_view s) { return trim_left(trim_right(s)); }

// ------------------------------------------------------------ padding

std::string pad_left(std::string_view s, int64_t width, std::string_view pad) {
  return repeat(pad_character(pad), missing_width(s, width)) + std::string(s);
}

std::string pad_right(std::string_view s, int64_t width, std::string_view pad) {
  return std::string(s) + repeat(pad_character(pad), missing_width(s, width));
}

// ------------------------------------------------------------ splitting

std::vector<std::string> split(std::string_view s, std::string_view separator) {
  if (separator.empty()) return split_characters(s);
  std::vector<std::string> pieces;
  size_t start = 0;
  for (size_t at; (at = s.find(separator, start)) != std::string_view::npos; start = at + separator.size()) {
    pieces.emplace_back(s.substr(start, at - start));
  }
  pieces.emplace_back(s.substr(start));
  return pieces;
}

std::vector<std::string> lines(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t newline = s.find('\n', start);
    if (newline == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    size_t end = newline;
    if (end > start && s[end - 1] == '\r') end--;
    out.emplace_back(s.substr(start, end - start));
    start = newline + 1;
  }
  return out;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (size_t pos = 0; pos < s.size();) {
    size_t start = pos;
    if (is_whitespace(decode_next(s, pos))) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current.append(s.substr(start, pos - start));
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

}  // namespace beagle::rt::text
