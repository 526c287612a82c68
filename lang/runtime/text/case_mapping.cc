// uppercase / lowercase of utf8.h: the C library's simple case mappings under
// a UTF-8 locale, plus the parts of Unicode's SpecialCasing.txt that Rust's
// str::to_uppercase / to_lowercase apply (unconditional multi-character
// mappings and the final-sigma rule).
#include <locale.h>
#include <wctype.h>

#include <algorithm>

#include "lang/runtime/text/utf8.h"

namespace beagle::rt::text {
namespace {

// ------------------------------------------------------------ simple mappings

locale_t open_utf8_locale() {
  for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
    locale_t locale = newlocale(LC_CTYPE_MASK, name, locale_t(0));
    if (locale != locale_t(0)) return locale;
  }
  return locale_t(0);  // no UTF-8 locale: only ASCII is mapped
}

// Opened once, never freed; thread-safe initialisation.
locale_t utf8_locale() {
  static const locale_t locale = open_utf8_locale();
  return locale;
}

char32_t simple_upper(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 0x20 : c;
  locale_t locale = utf8_locale();
  return locale ? char32_t(towupper_l(wint_t(c), locale)) : c;
}

char32_t simple_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
  locale_t locale = utf8_locale();
  return locale ? char32_t(towlower_l(wint_t(c), locale)) : c;
}

// ------------------------------------------------------------ uppercase

struct FullMapping {
  char32_t from;
  char32_t to[3];  // unused trailing entries are 0
};

// SpecialCasing.txt's unconditional uppercase mappings to several code
// points, sorted by `from`; U+1F80..U+1FAF follow a rule instead (below).
constexpr FullMapping kUppercaseSpecials[] = {
  {0xDF, {0x53, 0x53}}, {0x149, {0x2BC, 0x4E}}, {0x1F0, {0x4A, 0x30C}}, {0x390, {0x399, 0x308, 0x301}},
  {0x3B0, {0x3A5, 0x308, 0x301}}, {0x587, {0x535, 0x552}}, {0x1E96, {0x48, 0x331}}, {0x1E97, {0x54, 0x308}},
  {0x1E98, {0x57, 0x30A}}, {0x1E99, {0x59, 0x30A}}, {0x1E9A, {0x41, 0x2BE}}, {0x1F50, {0x3A5, 0x313}},
  {0x1F52, {0x3A5, 0x313, 0x300}}, {0x1F54, {0x3A5, 0x313, 0x301}}, {0x1F56, {0x3A5, 0x313, 0x342}},
  {0x1FB2, {0x1FBA, 0x399}}, {0x1FB3, {0x391, 0x399}}, {0x1FB4, {0x386, 0x399}}, {0x1FB6, {0x391, 0x342}},
  {0x1FB7, {0x391, 0x342, 0x399}}, {0x1FBC, {0x391, 0x399}}, {0x1FC2, {0x1FCA, 0x399}},
  {0x1FC3, {0x397, 0x399}}, {0x1FC4, {0x389, 0x399}}, {0x1FC6, {0x397, 0x342}},
  {0x1FC7, {0x397, 0x342, 0x399}}, {0x1FCC, {0x397, 0x399}}, {0x1FD2, {0x399, 0x308, 0x300}},
  {0x1FD3, {0x399, 0x308, 0x301}}, {0x1FD6, {0x399, 0x342}}, {0x1FD7, {0x399, 0x308, 0x342}},
  {0x1FE2, {0x3A5, 0x308, 0x300}}, {0x1FE3, {0x3A5, 0x308, 0x301}}, {0x1FE4, {0x3A1, 0x313}},
  {0x1FE6, {0x3A5, 0x342}}, {0x1FE7, {0x3A5, 0x308, 0x342}}, {0x1FF2, {0x1FFA, 0x399}},
  {0x1FF3, {0x3A9, 0x399}}, {0x1FF4, {0x38F, 0x399}}, {0x1FF6, {0x3A9, 0x342}},
  {0x1FF7, {0x3A9, 0x342, 0x399}}, {0x1FFC, {0x3A9, 0x399}}, {0xFB00, {0x46, 0x46}}, {0xFB01, {0x46, 0x49}},
  {0xFB02, {0x46, 0x4C}}, {0xFB03, {0x46, 0x46, 0x49}}, {0xFB04, {0x46, 0x46, 0x4C}},
  {0xFB05, {0x53, 0x54}}, {0xFB06, {0x53, 0x54}}, {0xFB13, {0x544, 0x546}}, {0xFB14, {0x544, 0x535}},
  {0xFB15, {0x544, 0x53B}}, {0xFB16, {0x54E, 0x546}}, {0xFB17, {0x544, 0x53D}},
};

const FullMapping* find_uppercase_special(char32_t c) {
  auto end = std::end(kUppercaseSpecials);
  auto it = std::lower_bound(std::begin(kUppercaseSpecials), end, c,
                             [](const FullMapping& m, char32_t key) { return m.from < key; });
  return (it != end && it->from == c) ? it : nullptr;
}

// Greek vowels with ypogegrammeni or prosgegrammeni, U+1F80..U+1FAF (three
// blocks of 16: eight lowercase, eight titlecase): the capital vowel with
// the same breathing and accent (low 3 bits), then capital iota.
bool append_iota_subscript_upper(std::string& out, char32_t c) {
  if (c < 0x1F80 || c > 0x1FAF) return false;
  constexpr char32_t kCapitalBases[] = {0x1F08, 0x1F28, 0x1F68};  // alpha, eta, omega
  append_utf8(out, kCapitalBases[(c - 0x1F80) >> 4] + (c & 7));
  append_utf8(out, 0x399);
  return true;
}

void append_upper(std::string& out, char32_t c) {
  if (append_iota_subscript_upper(out, c)) return;
  if (const FullMapping* special = find_uppercase_special(c)) {
    for (char32_t to : special->to) {
      if (to != 0) append_utf8(out, to);
    }
    return;
  }
  append_utf8(out, simple_upper(c));
}

// ------------------------------------------------------------ lowercase

constexpr char32_t kCapitalSigma = 0x3A3;
constexpr char32_t kSmallSigma = 0x3C3;
constexpr char32_t kFinalSigma = 0x3C2;
constexpr char32_t kCapitalIWithDot = 0x130;  // lowercases to "i" + U+0307
constexpr char32_t kCombiningDotAbove = 0x307;

// An approximation of Unicode's Case_Ignorable property, enough for the
// final-sigma rule: apostrophes and word-internal punctuation, modifier
// letters and symbols, combining marks, zero-width format characters.
bool is_case_ignorable(char32_t c) {
  switch (c) {
    case 0x27: case 0x2E: case 0x3A: case 0x5E: case 0x60:
    case 0xA8: case 0xAD: case 0xAF: case 0xB4: case 0xB7: case 0xB8:
    case 0x2018: case 0x2019: case 0x2024: case 0x2027:
      return true;
    default:
      return (c >= 0x2B0 && c <= 0x36F) || (c >= 0x483 && c <= 0x489) || (c >= 0x1AB0 && c <= 0x1AFF) ||
             (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x200B && c <= 0x200F) || (c >= 0x20D0 && c <= 0x20FF) ||
             (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F);
  }
}

// Unicode's Cased property: upper-, lower- or titlecase letters.
bool is_cased(char32_t c) {
  if (simple_upper(c) != c || simple_lower(c) != c) return true;
  locale_t locale = utf8_locale();
  return locale && (iswupper_l(wint_t(c), locale) || iswlower_l(wint_t(c), locale));
}

// Is the nearest character before / after position `i` that is not
// case-ignorable a cased one?
bool cased_before(const std::u32string& text, size_t i) {
  for (size_t j = i; j-- > 0;) {
    if (!is_case_ignorable(text[j])) return is_cased(text[j]);
  }
  return false;
}

bool cased_after(const std::u32string& text, size_t i) {
  for (size_t j = i + 1; j < text.size(); j++) {
    if (!is_case_ignorable(text[j])) return is_cased(text[j]);
  }
  return false;
}

// Capital sigma at `i` becomes final sigma at the end of a word (Unicode's
// Final_Sigma condition).
char32_t lower_sigma(const std::u32string& text, size_t i) {
  bool final = cased_before(text, i) && !cased_after(text, i);
  return final ? kFinalSigma : kSmallSigma;
}

std::u32string decode_all(std::string_view s) {
  std::u32string text;
  for (size_t pos = 0; pos < s.size();) text.push_back(decode_next(s, pos));
  return text;
}

}  // namespace

std::string uppercase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) append_upper(out, decode_next(s, pos));
  return out;
}

std::string lowercase(std::string_view s) {
  std::u32string text = decode_all(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < text.size(); i++) {
    char32_t c = text[i];
    if (c == kCapitalSigma) {
      append_utf8(out, lower_sigma(text, i));
    } else if (c == kCapitalIWithDot) {
      append_utf8(out, 'i');
      append_utf8(out, kCombiningDotAbove);
    } else {
      append_utf8(out, simple_lower(c));
    }
  }
  return out;
}

}  // namespace beagle::rt::text
