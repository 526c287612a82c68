// Unit tests of lang/runtime/text: float formatting (LANGUAGE.md §5.3),
// SipHash (§5.5) and the UTF-8 string helpers (§4.7, §6.1, §6.3).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "lang/runtime/text/float_format.h"
#include "lang/runtime/text/siphash.h"
#include "lang/runtime/text/utf8.h"

namespace beagle::rt::text {
namespace {

using Strings = std::vector<std::string>;

// ------------------------------------------------------------ format_float

TEST(FormatFloat, SpecialValues) {
  EXPECT_EQ(format_float(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_float(std::numeric_limits<double>::infinity()), "infinity");
  EXPECT_EQ(format_float(-std::numeric_limits<double>::infinity()), "-infinity");
}

TEST(FormatFloat, IntegralValuesGetPointZero) {
  EXPECT_EQ(format_float(1.0), "1.0");
  EXPECT_EQ(format_float(4.0), "4.0");
  EXPECT_EQ(format_float(-6.0), "-6.0");
  EXPECT_EQ(format_float(0.0), "0.0");
  EXPECT_EQ(format_float(100.0), "100.0");
  EXPECT_EQ(format_float(10.0 / 4.0 * 4.0), "10.0");
}

TEST(FormatFloat, NegativeZero) { EXPECT_EQ(format_float(-0.0), "-0.0"); }

TEST(FormatFloat, ShortestRoundTripDigits) {
  EXPECT_EQ(format_float(3.14159), "3.14159");
  EXPECT_EQ(format_float(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_float(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(format_float(2.5), "2.5");
  EXPECT_EQ(format_float(-123.456), "-123.456");
  EXPECT_EQ(format_float(10.5 - 3 * 3), "1.5");
  // The constants of §6.4.
  EXPECT_EQ(format_float(std::numbers::pi), "3.141592653589793");
  EXPECT_EQ(format_float(std::numbers::e), "2.718281828459045");
  EXPECT_EQ(format_float(2 * std::numbers::pi), "6.283185307179586");
}

TEST(FormatFloat, HugeValueIsZeroFilledFromShortestDigits) {
  double x = 1e15 * 1e15;
  x = x * x;
  x = x * x;
  std::string expected = "10000000000000003" + std::string(121 - 17, '0') + ".0";
  EXPECT_EQ(format_float(x), expected);
}

TEST(FormatFloat, UsesShortestDigitsNotExactValue) {
  EXPECT_EQ(format_float(1e23), "100000000000000000000000.0");  // exactly 99999999999999991611392
  EXPECT_EQ(format_float(std::ldexp(1.0, 70)), "1180591620717411300000.0");
  EXPECT_EQ(format_float(1e21), "1000000000000000000000.0");
  EXPECT_EQ(format_float(123456789012345680000.0), "123456789012345680000.0");
  EXPECT_EQ(format_float(1e16), "10000000000000000.0");
  EXPECT_EQ(format_float(9007199254740993.0), "9007199254740992.0");  // 2^53 + 1 rounds to 2^53
  EXPECT_EQ(format_float(-1.5e300), "-15" + std::string(299, '0') + ".0");
  EXPECT_EQ(format_float(std::numeric_limits<double>::max()), "17976931348623157" + std::string(292, '0') + ".0");
}

// When two shortest digit strings are equally close, Rust's formatting (and
// so Beagle) takes the larger; std::to_chars alone would take the even one.
TEST(FormatFloat, ExactTiesRoundUpLikeRust) {
  EXPECT_EQ(format_float(1953264938730072.25), "1953264938730072.3");  // to_chars: ...072.2
  EXPECT_EQ(format_float(-1953264938730072.25), "-1953264938730072.3");
  EXPECT_EQ(format_float(1061999369944101.25), "1061999369944101.3");
  EXPECT_EQ(format_float(1729000428587687.75), "1729000428587687.8");  // the tie below stays
  EXPECT_EQ(format_float(1953264938730072.5), "1953264938730072.5");   // exact, no tie
}

TEST(FormatFloat, SmallValuesArePositional) {
  EXPECT_EQ(format_float(1e-7), "0.0000001");
  EXPECT_EQ(format_float(0.5), "0.5");
  EXPECT_EQ(format_float(-0.001), "-0.001");
  EXPECT_EQ(format_float(1.5e-10), "0.00000000015");
  EXPECT_EQ(format_float(1.25e-5), "0.0000125");
}

TEST(FormatFloat, SmallestSubnormal) {
  EXPECT_EQ(format_float(5e-324), "0." + std::string(323, '0') + "5");
  EXPECT_EQ(format_float(-5e-324), "-0." + std::string(323, '0') + "5");
  EXPECT_EQ(format_float(std::numeric_limits<double>::min()),
            "0." + std::string(307, '0') + "22250738585072014");
}

// ------------------------------------------------------------ SipHash

uint64_t rust_str_hash(std::string_view s) {  // Rust's Hash for str: bytes, then 0xFF
  SipHasher hasher;
  hasher.write(s);
  hasher.write_u8(0xFF);
  return hasher.finish();
}

uint64_t rust_u64_hash(uint64_t word) {
  SipHasher hasher;
  hasher.write_u64_le(word);
  return hasher.finish();
}

TEST(SipHash13, StringVectorsOfSection5_5) {
  EXPECT_EQ(rust_str_hash("a"), 0x719b50b9a4f0e9f3u);
  EXPECT_EQ(rust_str_hash("b"), 0xebd3e4fd8943240au);
  EXPECT_EQ(rust_str_hash("c"), 0x2b0e195f0347fc4cu);
  EXPECT_EQ(siphash13(std::string_view("a\xFF", 2)), 0x719b50b9a4f0e9f3u);
}

TEST(SipHash13, KeywordVectorsOfSection5_5) {
  auto keyword_hash = [](std::string_view name) {
    SipHasher hasher;
    hasher.write_u64_le(name.size());
    hasher.write(name);
    return hasher.finish();
  };
  EXPECT_EQ(keyword_hash("a"), 0xbeb9a6bbf61b58b4u);
  EXPECT_EQ(keyword_hash("b"), 0x0f28da6d4173e512u);
  EXPECT_EQ(keyword_hash("c"), 0x98fc4ca95f54b936u);
}

TEST(SipHash13, IntVectorsOfSection5_5) {
  EXPECT_EQ(rust_u64_hash(1 << 3), 0x215d83d34b64736au);
  EXPECT_EQ(rust_u64_hash(2 << 3), 0x6125131ca9af2ee3u);
  EXPECT_EQ(rust_u64_hash(3 << 3), 0x0a3336aaa850e4fbu);
}

// Checked against Rust's std::hash::DefaultHasher.
TEST(SipHash13, MatchesRustDefaultHasherAcrossBlockBoundaries) {
  EXPECT_EQ(rust_str_hash(""), 0x30406ea523c53defu);
  EXPECT_EQ(rust_str_hash("abcdefgh"), 0x5cd7657fa7f96c16u);  // 9 bytes with the 0xFF
  EXPECT_EQ(rust_str_hash("abcdefghi"), 0xc8ebc5efcb27092du);
  EXPECT_EQ(rust_str_hash("h\xC3\xA9llo"), 0xe73616f26c73b87fu);
  EXPECT_EQ(rust_u64_hash(3), 0xfd8c671699409cfau);
  EXPECT_EQ(rust_u64_hash(11), 0x157dbcb1260ec7eeu);
  EXPECT_EQ(rust_u64_hash(7), 0x6634b0bda4fe8a7bu);
}

TEST(SipHash13, StreamingSplitsDoNotMatter) {
  std::string text = "the quick brown fox jumps over the lazy dog";
  uint64_t whole = siphash13(text);
  for (size_t cut = 0; cut <= text.size(); cut++) {
    SipHasher hasher;
    hasher.write(std::string_view(text).substr(0, cut));
    hasher.write(std::string_view(text).substr(cut));
    EXPECT_EQ(hasher.finish(), whole) << "cut at " << cut;
  }
}

TEST(SipHash13, FinishDoesNotConsumeState) {
  SipHasher hasher;
  hasher.write("abc");
  uint64_t first = hasher.finish();
  EXPECT_EQ(hasher.finish(), first);
  hasher.write("d");
  EXPECT_EQ(hasher.finish(), siphash13("abcd"));
}

TEST(SipHash13, KeyMatters) {
  EXPECT_NE(siphash13("a", 1, 0), siphash13("a"));
  EXPECT_NE(siphash13("a", 0, 1), siphash13("a"));
}

// The reference vectors of the SipHash paper (SipHash-2-4, key 00 01 .. 0f,
// message 00 01 .. n-1) check the key schedule and the padding.
TEST(SipHash24, ReferenceVectors) {
  const uint64_t expected[16] = {
      0x726fdb47dd0e0e31, 0x74f839c593dc67fd, 0x0d6c8009d9a94f5a, 0x85676696d7fb7e2d,
      0xcf2794e0277187b7, 0x18765564cd99a68d, 0xcbc9466e58fee3ce, 0xab0200f58b01d137,
      0x93f5f5799a932462, 0x9e0082df0ba9e4b0, 0x7a5dbbc594ddb9f3, 0xf4b32f46226bada7,
      0x751e8fbc860ee5fb, 0x14ea5627c0843d90, 0xf723ca908e7af2ee, 0xa129ca6149be45e5,
  };
  const uint64_t k0 = 0x0706050403020100, k1 = 0x0f0e0d0c0b0a0908;
  std::string message;
  for (int n = 0; n < 16; n++) {
    SipHasher hasher(k0, k1, 2, 4);
    hasher.write(message);
    EXPECT_EQ(hasher.finish(), expected[n]) << "length " << n;
    message.push_back(char(n));
  }
}

// ------------------------------------------------------------ code points

TEST(Utf8, ScalarValues) {
  EXPECT_TRUE(is_scalar_value(0));
  EXPECT_TRUE(is_scalar_value(0xD7FF));
  EXPECT_TRUE(is_scalar_value(0xE000));
  EXPECT_TRUE(is_scalar_value(0x10FFFF));
  EXPECT_FALSE(is_scalar_value(-1));
  EXPECT_FALSE(is_scalar_value(0xD800));
  EXPECT_FALSE(is_scalar_value(0xDFFF));
  EXPECT_FALSE(is_scalar_value(0x110000));
}

TEST(Utf8, EncodeDecodeRoundTrip) {
  for (char32_t c : {U'a', U'\u00E9', U'\u20AC', U'\U0001F600', U'\u007F', U'\u0080', U'\u07FF', U'\u0800',
                     U'\uFFFF', U'\U00010000', U'\U0010FFFF'}) {
    std::string bytes = encode_utf8(c);
    size_t pos = 0;
    EXPECT_EQ(decode_next(bytes, pos), c);
    EXPECT_EQ(pos, bytes.size());
  }
  EXPECT_EQ(encode_utf8(U'\u00E9'), "\xC3\xA9");
  EXPECT_EQ(encode_utf8(U'\U0001F600'), "\xF0\x9F\x98\x80");
}

TEST(Utf8, MalformedBytesDecodeOneAtATime) {
  for (std::string bad : {"\xFF", "\x80", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x28\xA1"}) {
    size_t pos = 0;
    EXPECT_EQ(decode_next(bad, pos), kReplacementCharacter) << bad;
    EXPECT_EQ(pos, 1u);
  }
}

TEST(Utf8, FirstCodePoint) {
  EXPECT_EQ(first_code_point(""), -1);
  EXPECT_EQ(first_code_point("A"), 65);
  EXPECT_EQ(first_code_point("\xC3\xA9t\xC3\xA9"), 0xE9);
  EXPECT_EQ(first_code_point("\xF0\x9F\x98\x80"), 0x1F600);
}

// ------------------------------------------------------------ indexing

const std::string kHello = "h\xC3\xA9llo";               // "héllo"
const std::string kEmoji = "a\xF0\x9F\x98\x80" "b";       // "a😀b"

TEST(Utf8, CharCountCountsCharacters) {
  EXPECT_EQ(char_count(""), 0u);
  EXPECT_EQ(char_count("abc"), 3u);
  EXPECT_EQ(char_count(kHello), 5u);
  EXPECT_EQ(char_count(kEmoji), 3u);
}

TEST(Utf8, ByteOffsetAndCharIndex) {
  EXPECT_EQ(byte_offset(kHello, 0), 0u);
  EXPECT_EQ(byte_offset(kHello, 2), 3u);
  EXPECT_EQ(byte_offset(kHello, 5), kHello.size());
  EXPECT_EQ(byte_offset(kHello, 6), kNoPosition);
  EXPECT_EQ(byte_offset("", 0), 0u);
  EXPECT_EQ(byte_offset(kEmoji, 2), 5u);
  EXPECT_EQ(char_index(kHello, 3), 2u);
  EXPECT_EQ(char_index(kEmoji, 5), 2u);
}

TEST(Utf8, CharAt) {
  EXPECT_EQ(char_at(kHello, 0), "h");
  EXPECT_EQ(char_at(kHello, 1), "\xC3\xA9");
  EXPECT_EQ(char_at(kHello, 4), "o");
  EXPECT_EQ(char_at(kHello, 5), "");
  EXPECT_EQ(char_at(kEmoji, 1), "\xF0\x9F\x98\x80");
  EXPECT_EQ(char_at("", 0), "");
}

TEST(Utf8, SubstringByCharacters) {
  EXPECT_EQ(substring("hello world", 0, 5), "hello");
  EXPECT_EQ(substring("hello world", 6, 11), "world");
  EXPECT_EQ(substring(kHello, 1, 3), "\xC3\xA9l");
  EXPECT_EQ(substring(kHello, 2, 2), "");
  EXPECT_EQ(substring(kEmoji, 1, 3), "\xF0\x9F\x98\x80" "b");
  EXPECT_EQ(substring("abc", 1, 8), "bc");  // clamped
  EXPECT_EQ(substring("abc", 5, 8), "");
  EXPECT_EQ(substring("", 0, 0), "");
}

// ------------------------------------------------------------ searching

TEST(Utf8, IndexOfIsByCharacter) {
  EXPECT_EQ(index_of("hello world", "o"), 4);
  EXPECT_EQ(last_index_of("hello world", "o"), 7);
  EXPECT_EQ(index_of(kHello, "l"), 2);  // byte offset 3
  EXPECT_EQ(last_index_of(kHello, "l"), 3);
  EXPECT_EQ(index_of(kEmoji, "b"), 2);
  EXPECT_EQ(index_of("hello", "xyz"), -1);
  EXPECT_EQ(last_index_of("hello", "xyz"), -1);
  EXPECT_EQ(index_of("", "a"), -1);
  EXPECT_EQ(index_of("abcabc", "bc"), 1);
  EXPECT_EQ(last_index_of("abcabc", "bc"), 4);
  EXPECT_EQ(last_index_of("aaa", "aa"), 1);
}

TEST(Utf8, EmptyNeedleIsFoundAtBothEnds) {
  EXPECT_EQ(index_of(kHello, ""), 0);
  EXPECT_EQ(last_index_of(kHello, ""), 5);
  EXPECT_EQ(index_of("", ""), 0);
  EXPECT_EQ(last_index_of("", ""), 0);
}

// ------------------------------------------------------------ whitespace

TEST(Utf8, WhitespaceIsUnicodeWhiteSpace) {
  for (char32_t c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2005, 0x200A, 0x2028, 0x2029,
                     0x202F, 0x205F, 0x3000}) {
    EXPECT_TRUE(is_whitespace(c)) << std::hex << uint32_t(c);
  }
  for (char32_t c : {0x00, 0x08, 0x0E, 0x1F, 0x21, 0x61, 0x84, 0x180E, 0x200B, 0x200C, 0x2060, 0xFEFF}) {
    EXPECT_FALSE(is_whitespace(c)) << std::hex << uint32_t(c);
  }
}

TEST(Utf8, Trim) {
  EXPECT_EQ(trim("  hi there \n\t"), "hi there");
  EXPECT_EQ(trim_left("  hi  "), "hi  ");
  EXPECT_EQ(trim_right("  hi  "), "  hi");
  EXPECT_EQ(trim("\xC2\xA0\xE3\x80\x80" "x\xE2\x80\xA8"), "x");  // NBSP, ideographic space, line separator
  EXPECT_EQ(trim(" " + kHello + " "), kHello);
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim_left(" \r\n"), "");
  EXPECT_EQ(trim_right(" \r\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("\xE2\x80\x8B" "a"), "\xE2\x80\x8B" "a");  // zero-width space is not whitespace
}

// ------------------------------------------------------------ padding

TEST(Utf8, PadLeftAndRight) {
  EXPECT_EQ(pad_left("5", 3, "0"), "005");
  EXPECT_EQ(pad_right("ab", 5, "."), "ab...");
  EXPECT_EQ(pad_left("ab", 4, ""), "  ab");
  EXPECT_EQ(pad_right("ab", 4, ""), "ab  ");
  EXPECT_EQ(pad_left("ab", 4, "xyz"), "xxab");
  EXPECT_EQ(pad_left("", 2, "-"), "--");
}

TEST(Utf8, PadCountsCharactersAndLeavesWideStringsAlone) {
  EXPECT_EQ(pad_left(kHello, 7, "*"), "**" + kHello);
  EXPECT_EQ(pad_right("a", 3, "\xC3\xA9x"), "a\xC3\xA9\xC3\xA9");
  EXPECT_EQ(pad_left("abc", 3, "0"), "abc");
  EXPECT_EQ(pad_left("abcd", 2, "0"), "abcd");
  EXPECT_EQ(pad_right("abc", -5, "0"), "abc");
  EXPECT_EQ(pad_left(kEmoji, 4, "\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80" + kEmoji);
}

// ------------------------------------------------------------ splitting

TEST(Utf8, SplitKeepsEmptyPieces) {
  EXPECT_EQ(split("a,,b", ","), (Strings{"a", "", "b"}));
  EXPECT_EQ(split("a,b", ","), (Strings{"a", "b"}));
  EXPECT_EQ(split("abc", ","), (Strings{"abc"}));
  EXPECT_EQ(split(",a,", ","), (Strings{"", "a", ""}));
  EXPECT_EQ(split("", ","), (Strings{""}));
  EXPECT_EQ(split("a::b::c", "::"), (Strings{"a", "b", "c"}));
  EXPECT_EQ(split("aaa", "aa"), (Strings{"", "a"}));
  EXPECT_EQ(split("x\xC3\xA9y\xC3\xA9z", "\xC3\xA9"), (Strings{"x", "y", "z"}));
}

TEST(Utf8, SplitOnEmptySeparatorSplitsCharactersLikeRust) {
  EXPECT_EQ(split("ab", ""), (Strings{"", "a", "b", ""}));
  EXPECT_EQ(split(kHello, ""), (Strings{"", "h", "\xC3\xA9", "l", "l", "o", ""}));
  EXPECT_EQ(split("", ""), (Strings{"", ""}));
}

TEST(Utf8, Lines) {
  EXPECT_EQ(lines("a\nb"), (Strings{"a", "b"}));
  EXPECT_EQ(lines("a\nb\n"), (Strings{"a", "b"}));
  EXPECT_EQ(lines("a\r\nb\r\n"), (Strings{"a", "b"}));
  EXPECT_EQ(lines("a\n\nb"), (Strings{"a", "", "b"}));
  EXPECT_EQ(lines("a\n\n"), (Strings{"a", ""}));
  EXPECT_EQ(lines("\n"), (Strings{""}));
  EXPECT_EQ(lines("\r\n"), (Strings{""}));
  EXPECT_EQ(lines(""), (Strings{}));
  EXPECT_EQ(lines("one line"), (Strings{"one line"}));
  EXPECT_EQ(lines("a\rb\n"), (Strings{"a\rb"}));  // only a \r before \n ends a line
  EXPECT_EQ(lines("a\r"), (Strings{"a\r"}));      // as Rust's str::lines since 1.77
}

TEST(Utf8, Words) {
  EXPECT_EQ(words("  hello   world \t\n x "), (Strings{"hello", "world", "x"}));
  EXPECT_EQ(words("one"), (Strings{"one"}));
  EXPECT_EQ(words(""), (Strings{}));
  EXPECT_EQ(words(" \n\t "), (Strings{}));
  EXPECT_EQ(words("a\xC2\xA0" "b\xE3\x80\x80" + kHello), (Strings{"a", "b", kHello}));
}

// ------------------------------------------------------------ case

TEST(Utf8, CaseAscii) {
  EXPECT_EQ(uppercase("Hello, World! 123"), "HELLO, WORLD! 123");
  EXPECT_EQ(lowercase("Hello, World! 123"), "hello, world! 123");
  EXPECT_EQ(uppercase(""), "");
  EXPECT_EQ(lowercase(""), "");
}

TEST(Utf8, CaseLatin1AndExtendedA) {
  EXPECT_EQ(uppercase(kHello), "H\xC3\x89LLO");                     // HÉLLO
  EXPECT_EQ(lowercase("\xC3\x80\xC3\x89\xC3\x8E"), "\xC3\xA0\xC3\xA9\xC3\xAE");  // ÀÉÎ -> àéî
  EXPECT_EQ(uppercase("\xC3\xBF"), "\xC5\xB8");                      // ÿ -> Ÿ (U+0178)
  EXPECT_EQ(uppercase("\xC4\x85\xC4\x8D\xC4\x99"), "\xC4\x84\xC4\x8C\xC4\x98");  // ąčę -> ĄČĘ
  EXPECT_EQ(lowercase("\xC5\x81\xC3\x93" "D\xC5\xB9"), "\xC5\x82\xC3\xB3" "d\xC5\xBA");  // ŁÓDŹ -> łódź
  EXPECT_EQ(uppercase("\xC5\xBF"), "S");                             // long s
}

TEST(Utf8, CaseGreekAndCyrillic) {
  EXPECT_EQ(uppercase("\xCE\xB1\xCE\xB2\xCE\xB3"), "\xCE\x91\xCE\x92\xCE\x93");  // αβγ -> ΑΒΓ
  EXPECT_EQ(lowercase("\xCE\x91\xCE\x92\xCE\x93"), "\xCE\xB1\xCE\xB2\xCE\xB3");
  EXPECT_EQ(uppercase("\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"),
            "\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95\xD0\xA2");  // привет -> ПРИВЕТ
  EXPECT_EQ(lowercase("\xD0\x81\xD0\x96"), "\xD1\x91\xD0\xB6");  // ЁЖ -> ёж
}

TEST(Utf8, CaseSpecialCasingLikeRust) {
  EXPECT_EQ(uppercase("stra\xC3\x9F" "e"), "STRASSE");                // ß -> SS
  EXPECT_EQ(uppercase("\xEF\xAC\x81"), "FI");                         // ﬁ ligature
  EXPECT_EQ(uppercase("\xC5\x89"), "\xCA\xBCN");                      // ŉ -> ʼN
  EXPECT_EQ(uppercase("\xE1\xBE\x80"), "\xE1\xBC\x88\xCE\x99");       // ᾀ -> ἈΙ
  EXPECT_EQ(uppercase("\xE1\xBE\xAF"), "\xE1\xBD\xAF\xCE\x99");       // ᾯ -> ὯΙ
  EXPECT_EQ(lowercase("\xC4\xB0"), "i\xCC\x87");                      // İ -> i + combining dot
}

TEST(Utf8, LowercaseFinalSigma) {
  const std::string sigma = "\xCE\xA3", small = "\xCF\x83", final = "\xCF\x82";
  const std::string odos = "\xCE\x9F\xCE\x94\xCE\x9F" + sigma;  // ΟΔΟΣ
  EXPECT_EQ(lowercase(odos), "\xCE\xBF\xCE\xB4\xCE\xBF" + final);
  EXPECT_EQ(lowercase(odos + ". x"), "\xCE\xBF\xCE\xB4\xCE\xBF" + final + ". x");
  EXPECT_EQ(lowercase(sigma), small);                 // nothing cased before it
  EXPECT_EQ(lowercase(sigma + "A"), small + "a");     // cased letter after it
  EXPECT_EQ(lowercase("a" + sigma + "'b"), "a" + small + "'b");  // ' is skipped
  EXPECT_EQ(lowercase("a" + sigma + " b"), "a" + final + " b");
  // Rust: "ΣΑΣ ΟΔΟΣ. Σ aΣ'b".to_lowercase() == "σας οδος. σ aσ'b"
  EXPECT_EQ(lowercase(sigma + "\xCE\x91" + sigma + " " + odos + ". " + sigma + " a" + sigma + "'b"),
            small + "\xCE\xB1" + final + " \xCE\xBF\xCE\xB4\xCE\xBF" + final + ". " + small + " a" + small + "'b");
}

TEST(Utf8, CaseLeavesUncasedCharactersAlone) {
  EXPECT_EQ(uppercase(kEmoji), "A\xF0\x9F\x98\x80" "B");
  EXPECT_EQ(lowercase("\xE4\xB8\xAD\xE6\x96\x87 123"), "\xE4\xB8\xAD\xE6\x96\x87 123");
}

}  // namespace
}  // namespace beagle::rt::text
