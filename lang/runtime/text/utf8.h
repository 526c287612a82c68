// UTF-8 text helpers for the string builtins (LANGUAGE.md §4.7, §6.1, §6.3).
// Lengths and indices count characters (Unicode scalar values), not bytes.
// Inputs are Beagle strings, so valid UTF-8; malformed bytes are tolerated
// (decoded as U+FFFD, one byte each) but never produced.
//
// Every function is pure and returns fresh std::strings, never views into
// its argument: a builtin can pass the argument's bytes straight from a heap
// string and then allocate the result, even if that allocation moves the
// argument.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace beagle::rt::text {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;
inline constexpr size_t kNoPosition = std::string_view::npos;

// ------------------------------------------------------------ code points

// 0..0x10FFFF except the surrogates 0xD800..0xDFFF.
bool is_scalar_value(int64_t code_point);
// The code point starting at byte `pos`; advances `pos` past it.
char32_t decode_next(std::string_view s, size_t& pos);
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(char32_t code_point);
// The code point of the first character; -1 for "" (`char-code`).
int64_t first_code_point(std::string_view s);

// ------------------------------------------------------------ indexing

size_t char_count(std::string_view s);
// Byte offset where character `index` starts; s.size() for index ==
// char_count(s); kNoPosition beyond that.
size_t byte_offset(std::string_view s, size_t index);
// Number of characters that start before byte offset `byte`.
size_t char_index(std::string_view s, size_t byte);
// Character `index` as a 1-character string; "" when out of range.
std::string char_at(std::string_view s, size_t index);
// Characters [start, end), both clamped to the length (callers check bounds
// first to throw Beagle's IndexError).
std::string substring(std::string_view s, size_t start, size_t end);

// ------------------------------------------------------------ searching

// Character index of the first / last occurrence of `sub`, -1 if none. The
// empty string occurs at 0 (index_of) and at the length (last_index_of).
int64_t index_of(std::string_view s, std::string_view sub);
int64_t last_index_of(std::string_view s, std::string_view sub);

// ------------------------------------------------------------ whitespace

// The Unicode White_Space property (what Rust's char::is_whitespace tests).
bool is_whitespace(char32_t code_point);
std::string trim(std::string_view s);
std::string trim_left(std::string_view s);
std::string trim_right(std::string_view s);

// ------------------------------------------------------------ padding

// `s` padded on the left / right to `width` characters with the first
// character of `pad` (a space if `pad` is ""); unchanged if already that wide.
std::string pad_left(std::string_view s, int64_t width, std::string_view pad);
std::string pad_right(std::string_view s, int64_t width, std::string_view pad);

// ------------------------------------------------------------ splitting

// The pieces between occurrences of `separator`, empty pieces kept; no
// occurrence gives one piece. An empty separator splits between characters
// with an empty piece at each end, as Rust's str::split does:
// split("ab", "") = ["", "a", "b", ""].
std::vector<std::string> split(std::string_view s, std::string_view separator);
// Lines separated by "\n" or "\r\n" (Rust's str::lines): no final empty
// line after a trailing newline; lines("") = [].
std::vector<std::string> lines(std::string_view s);
// Maximal runs of non-whitespace characters.
std::vector<std::string> words(std::string_view s);

// ------------------------------------------------------------ case

// Unicode case mapping as Rust's str::to_uppercase / to_lowercase: the C
// library's simple mappings (UTF-8 locale) plus the unconditional
// multi-character mappings of SpecialCasing.txt ("ß" -> "SS", "ﬁ" -> "FI",
// "İ" -> "i̇") and the final-sigma rule ("ΟΔΟΣ" -> "οδος").
std::string uppercase(std::string_view s);
std::string lowercase(std::string_view s);

}  // namespace beagle::rt::text
