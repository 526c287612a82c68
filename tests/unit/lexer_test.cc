// The lexer against LANGUAGE.md §2: token kinds, maximal munch, the
// context-sensitive '-', numbers, strings and interpolation, identifiers,
// keywords, comments, newlines, reserved words and token positions.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lang/front/ast_printer.h"
#include "lang/front/lexer.h"
#include "lang/front/source.h"
#include "lang/front/token.h"

namespace beagle::lang {
namespace {

// One token as a short readable word: `id:x`, `int:-1`, `float:0.5`,
// `str"raw"`, `:kw`, `NL`, or the token's own name such as `'('` or `'fn'`.
std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::Int: return "int:" + std::to_string(t.int_value);
    case Tok::Float: return "float:" + float_literal_text(t.float_value);
    case Tok::String: return "str\"" + t.raw + "\"";
    case Tok::Keyword: return ":" + t.text;
    case Tok::Ident: return "id:" + t.text;
    case Tok::Newline: return "NL";
    default: return token_name(t.kind);
  }
}

// All tokens of `src` but the final end-of-file token, separated by spaces.
std::string lex(std::string_view src) {
  std::vector<Token> tokens = tokenize(src);
  std::string out;
  for (const Token& t : tokens) {
    if (t.kind == Tok::Eof) break;
    if (!out.empty()) out += ' ';
    out += describe(t);
  }
  return out;
}

// The only token of `src` (which must lex to exactly one token).
Token single(std::string_view src) {
  std::vector<Token> tokens = tokenize(src);
  EXPECT_EQ(tokens.size(), 2u) << "source: " << src;
  EXPECT_EQ(tokens.back().kind, Tok::Eof);
  return tokens.front();
}

// The pieces of a string token: literal text quoted, expressions as ${...}.
std::string parts(std::string_view src) {
  Token t = single(src);
  EXPECT_EQ(t.kind, Tok::String);
  std::string out;
  for (const StringPart& p : t.parts) {
    if (!out.empty()) out += ' ';
    out += p.is_expr ? "${" + p.text + "}" : "\"" + p.text + "\"";
  }
  return out;
}

// The processed text of a string literal without interpolation.
std::string string_value(std::string_view src) {
  Token t = single(src);
  EXPECT_EQ(t.kind, Tok::String);
  EXPECT_EQ(t.parts.size(), 1u);
  if (t.parts.empty()) return "<no parts>";
  EXPECT_FALSE(t.parts[0].is_expr);
  return t.parts[0].text;
}

// "line:column" of the SyntaxError raised while lexing, or "no error".
std::string lex_error(std::string_view src) {
  try {
    tokenize(src);
  } catch (const SyntaxError& e) {
    return std::to_string(e.pos().line) + ":" + std::to_string(e.pos().column);
  }
  return "no error";
}

std::string pos(const Token& t) { return std::to_string(t.pos.line) + ":" + std::to_string(t.pos.column); }

constexpr int64_t kMaxInt = (int64_t{1} << 60) - 1;
constexpr int64_t kMinInt = -(int64_t{1} << 60);
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// ------------------------------------------------------------ token kinds

TEST(LexerTokenKinds, EverySpellingLexesToItsKind) {
  const std::vector<std::pair<std::string, Tok>> cases = {
      {"1", Tok::Int},          {"1.5", Tok::Float},      {"\"s\"", Tok::String},
      {":k", Tok::Keyword},     {"x", Tok::Ident},        {"(", Tok::LParen},
      {")", Tok::RParen},       {"{", Tok::LBrace},       {"}", Tok::RBrace},
      {"[", Tok::LBracket},     {"]", Tok::RBracket},     {"#{", Tok::HashBrace},
      {",", Tok::Comma},        {": ", Tok::Colon},       {".", Tok::Dot},
      {"...", Tok::Ellipsis},   {";", Tok::Semicolon},    {"\n", Tok::Newline},
      {"+", Tok::Plus},         {"++", Tok::PlusPlus},    {"-", Tok::Minus},
      {"*", Tok::Star},         {"/", Tok::Slash},        {"%", Tok::Percent},
      {"^", Tok::Caret},        {"=", Tok::Assign},       {"==", Tok::EqEq},
      {"=>", Tok::FatArrow},    {"!", Tok::Bang},         {"!=", Tok::BangEq},
      {"<", Tok::Lt},           {"<=", Tok::Le},          {"<<", Tok::Shl},
      {">", Tok::Gt},           {">=", Tok::Ge},          {">>", Tok::Shr},
      {">>>", Tok::UShr},       {"&", Tok::Amp},          {"&&", Tok::AmpAmp},
      {"|", Tok::Pipe},         {"||", Tok::PipePipe},    {"|>", Tok::PipeGt},
      {"|>>", Tok::PipeGtGt},   {"-infinity", Tok::KwNegInfinity},
  };
  for (const auto& [src, kind] : cases) {
    SCOPED_TRACE(src);
    EXPECT_EQ(single(src).kind, kind);
  }
}

TEST(LexerTokenKinds, EmptySourceIsOnlyEndOfFile) {
  std::vector<Token> tokens = tokenize("");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, Tok::Eof);
  EXPECT_EQ(tokenize("   \t ").back().kind, Tok::Eof);
  EXPECT_EQ(tokenize("x").back().kind, Tok::Eof);
}

TEST(LexerTokenKinds, SingleCharacterPunctuation) {
  EXPECT_EQ(lex("(){}[],;."), "'(' ')' '{' '}' '[' ']' ',' ';' '.'");
  EXPECT_EQ(lex("a: 1"), "id:a ':' int:1");
}

TEST(LexerTokenKinds, EllipsisAndDots) {
  EXPECT_EQ(lex("...xs"), "'...' id:xs");
  EXPECT_EQ(lex("[a, ...r]"), "'[' id:a ',' '...' id:r ']'");
  EXPECT_EQ(lex(".."), "'.' '.'");
  EXPECT_EQ(lex("...."), "'...' '.'");
  EXPECT_EQ(lex("a.b"), "id:a '.' id:b");
}

TEST(LexerTokenKinds, HashBraceIsOneToken) {
  EXPECT_EQ(lex("#{1, 2}"), "'#{' int:1 ',' int:2 '}'");
  EXPECT_EQ(lex("# {"), "id:# '{'");
  EXPECT_EQ(lex("#a"), "id:#a");
}

// ------------------------------------------------------------ maximal munch

TEST(LexerMaximalMunch, Plus) {
  EXPECT_EQ(lex("+"), "'+'");
  EXPECT_EQ(lex("++"), "'++'");
  EXPECT_EQ(lex("+++"), "'++' '+'");
  EXPECT_EQ(lex("++++"), "'++' '++'");
}

TEST(LexerMaximalMunch, StarPercentCaretSlash) {
  EXPECT_EQ(lex("**"), "'*' '*'");
  EXPECT_EQ(lex("%%"), "'%' '%'");
  EXPECT_EQ(lex("^^"), "'^' '^'");
  EXPECT_EQ(lex("/="), "'/' '='");
  EXPECT_EQ(lex("*="), "'*' '='");
}

TEST(LexerMaximalMunch, Equals) {
  EXPECT_EQ(lex("="), "'='");
  EXPECT_EQ(lex("=="), "'=='");
  EXPECT_EQ(lex("=>"), "'=>'");
  EXPECT_EQ(lex("==="), "'==' '='");
  EXPECT_EQ(lex("==>"), "'==' '>'");
  EXPECT_EQ(lex("=>="), "'=>' '='");
  EXPECT_EQ(lex("=>>"), "'=>' '>'");
}

TEST(LexerMaximalMunch, Bang) {
  EXPECT_EQ(lex("!"), "'!'");
  EXPECT_EQ(lex("!="), "'!='");
  EXPECT_EQ(lex("!=="), "'!=' '='");
  EXPECT_EQ(lex("!!"), "'!' '!'");
  EXPECT_EQ(lex("!x"), "'!' id:x");
}

TEST(LexerMaximalMunch, Less) {
  EXPECT_EQ(lex("<"), "'<'");
  EXPECT_EQ(lex("<="), "'<='");
  EXPECT_EQ(lex("<<"), "'<<'");
  EXPECT_EQ(lex("<<="), "'<<' '='");
  EXPECT_EQ(lex("<<<"), "'<<' '<'");
  EXPECT_EQ(lex("<=<"), "'<=' '<'");
}

TEST(LexerMaximalMunch, Greater) {
  EXPECT_EQ(lex(">"), "'>'");
  EXPECT_EQ(lex(">="), "'>='");
  EXPECT_EQ(lex(">>"), "'>>'");
  EXPECT_EQ(lex(">>>"), "'>>>'");
  EXPECT_EQ(lex(">>>>"), "'>>>' '>'");
  EXPECT_EQ(lex(">>="), "'>>' '='");
  EXPECT_EQ(lex(">>>="), "'>>>' '='");
  EXPECT_EQ(lex(">=>"), "'>=' '>'");
}

TEST(LexerMaximalMunch, Ampersand) {
  EXPECT_EQ(lex("&"), "'&'");
  EXPECT_EQ(lex("&&"), "'&&'");
  EXPECT_EQ(lex("&&&"), "'&&' '&'");
  EXPECT_EQ(lex("&&&&"), "'&&' '&&'");
}

TEST(LexerMaximalMunch, Bar) {
  EXPECT_EQ(lex("|"), "'|'");
  EXPECT_EQ(lex("||"), "'||'");
  EXPECT_EQ(lex("|>"), "'|>'");
  EXPECT_EQ(lex("|>>"), "'|>>'");
  EXPECT_EQ(lex("|||"), "'||' '|'");
  EXPECT_EQ(lex("||>"), "'||' '>'");
  EXPECT_EQ(lex("|>>>"), "'|>>' '>'");
  EXPECT_EQ(lex("|>|"), "'|>' '|'");
}

TEST(LexerMaximalMunch, OperatorsBetweenNumbersNeedNoSpaces) {
  EXPECT_EQ(lex("1+2"), "int:1 '+' int:2");
  EXPECT_EQ(lex("1<<2"), "int:1 '<<' int:2");
  EXPECT_EQ(lex("1>>>2"), "int:1 '>>>' int:2");
  EXPECT_EQ(lex("1<=2"), "int:1 '<=' int:2");
  EXPECT_EQ(lex("1!=2"), "int:1 '!=' int:2");
  EXPECT_EQ(lex("1|>f"), "int:1 '|>' id:f");
  EXPECT_EQ(lex("1|>>f"), "int:1 '|>>' id:f");
  EXPECT_EQ(lex("1++2"), "int:1 '++' int:2");
}

// ------------------------------------------------------------ context-sensitive '-'

TEST(LexerMinus, BinaryBetweenValues) {
  EXPECT_EQ(lex("a - b"), "id:a '-' id:b");
  EXPECT_EQ(lex("5-3"), "int:5 '-' int:3");
  EXPECT_EQ(lex("5 - 3"), "int:5 '-' int:3");
}

TEST(LexerMinus, AfterValueBeforeDigitIsStillBinary) {
  EXPECT_EQ(lex("x -1"), "id:x '-' int:1");
  EXPECT_EQ(lex("1 -1"), "int:1 '-' int:1");
}

TEST(LexerMinus, MinusMinusLiteral) {
  EXPECT_EQ(lex("a - -1"), "id:a '-' int:-1");
  EXPECT_EQ(lex("a--1"), "id:a--1");  // '-' continues an identifier
}

TEST(LexerMinus, NegativeLiteralAfterPunctuation) {
  EXPECT_EQ(lex("-1"), "int:-1");
  EXPECT_EQ(lex("f(-1)"), "id:f '(' int:-1 ')'");
  EXPECT_EQ(lex("[1, -2]"), "'[' int:1 ',' int:-2 ']'");
  EXPECT_EQ(lex("return(-5)"), "'return' '(' int:-5 ')'");
  EXPECT_EQ(lex("x = -1"), "id:x '=' int:-1");
  EXPECT_EQ(lex("1 + -1"), "int:1 '+' int:-1");
  EXPECT_EQ(lex("0 => -1"), "int:0 '=>' int:-1");
  EXPECT_EQ(lex("{:a -1}"), "'{' :a int:-1 '}'");
  EXPECT_EQ(lex("-1.5"), "float:-1.5");
}

TEST(LexerMinus, AfterEveryValueProducingTokenIsBinary) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1 -2", "int:1 '-' int:2"},
      {"1.5 -2", "float:1.5 '-' int:2"},
      {"x -2", "id:x '-' int:2"},
      {"\"s\" -2", "str\"s\" '-' int:2"},
      {"(x) -2", "'(' id:x ')' '-' int:2"},
      {"[x] -2", "'[' id:x ']' '-' int:2"},
      {"{} -2", "'{' '}' '-' int:2"},
      {"true -2", "'true' '-' int:2"},
      {"false -2", "'false' '-' int:2"},
      {"null -2", "'null' '-' int:2"},
      {"infinity -2", "'infinity' '-' int:2"},
      {"-infinity -2", "'-infinity' '-' int:2"},
  };
  for (const auto& [src, expected] : cases) {
    SCOPED_TRACE(src);
    EXPECT_EQ(lex(src), expected);
  }
}

TEST(LexerMinus, NewlinesAndCommentsAreSkippedWhenLookingBack) {
  EXPECT_EQ(lex("x\n-1"), "id:x NL '-' int:1");
  EXPECT_EQ(lex("x // c\n-1"), "id:x NL '-' int:1");
  EXPECT_EQ(lex("(\n-1"), "'(' NL int:-1");
}

TEST(LexerMinus, UnaryBeforeNonDigit) {
  EXPECT_EQ(lex("-x"), "'-' id:x");
  EXPECT_EQ(lex("- 1"), "'-' int:1");
  EXPECT_EQ(lex("-(1)"), "'-' '(' int:1 ')'");
  EXPECT_EQ(lex("-.5"), "'-' float:0.5");
  EXPECT_EQ(lex("f(-x)"), "id:f '(' '-' id:x ')'");
}

TEST(LexerMinus, NegativeInfinity) {
  Token t = single("-infinity");
  EXPECT_EQ(t.kind, Tok::KwNegInfinity);
  EXPECT_TRUE(std::isinf(t.float_value));
  EXPECT_LT(t.float_value, 0);
  EXPECT_EQ(lex("f(-infinity)"), "id:f '(' '-infinity' ')'");
  EXPECT_EQ(lex("1 - -infinity"), "int:1 '-' '-infinity'");
}

TEST(LexerMinus, InfinityAfterValueIsBinaryMinus) {
  EXPECT_EQ(lex("x -infinity"), "id:x '-' 'infinity'");
  EXPECT_EQ(lex("x - infinity"), "id:x '-' 'infinity'");
}

TEST(LexerMinus, NegativeInfinityNeedsAWordBoundary) {
  EXPECT_EQ(lex("-infinityx"), "'-' id:infinityx");
  EXPECT_EQ(lex("-infinity2"), "'-' id:infinity2");
  EXPECT_EQ(lex("-infinity_"), "'-' id:infinity_");
  EXPECT_EQ(lex("-infinity)"), "'-infinity' ')'");
  EXPECT_EQ(lex("-infinity "), "'-infinity'");
}

// ------------------------------------------------------------ numbers

TEST(LexerNumbers, Decimal) {
  EXPECT_EQ(single("0").int_value, 0);
  EXPECT_EQ(single("42").int_value, 42);
  EXPECT_EQ(single("007").int_value, 7);
  EXPECT_EQ(single("-42").int_value, -42);
  EXPECT_EQ(single("42").text, "42");
}

TEST(LexerNumbers, Hexadecimal) {
  EXPECT_EQ(single("0x1F").int_value, 31);
  EXPECT_EQ(single("0XfF").int_value, 255);
  EXPECT_EQ(single("0xabcdef").int_value, 0xabcdef);
  EXPECT_EQ(single("0x0").int_value, 0);
}

TEST(LexerNumbers, Octal) {
  EXPECT_EQ(single("0o17").int_value, 15);
  EXPECT_EQ(single("0O7").int_value, 7);
}

TEST(LexerNumbers, Binary) {
  EXPECT_EQ(single("0b101").int_value, 5);
  EXPECT_EQ(single("0B1").int_value, 1);
}

TEST(LexerNumbers, DecimalRangeLimitsAccepted) {
  EXPECT_EQ(single("1152921504606846975").int_value, kMaxInt);
  EXPECT_EQ(single("-1152921504606846976").int_value, kMinInt);
  EXPECT_EQ(lex("f(-1152921504606846976)"), "id:f '(' int:-1152921504606846976 ')'");
}

TEST(LexerNumbers, DecimalOneBeyondRangeRejected) {
  EXPECT_THROW(tokenize("1152921504606846976"), SyntaxError);
  EXPECT_THROW(tokenize("-1152921504606846977"), SyntaxError);
  EXPECT_THROW(tokenize("99999999999999999999999"), SyntaxError);
  // After a value '-' is binary, so the positive literal is out of range.
  EXPECT_THROW(tokenize("x -1152921504606846976"), SyntaxError);
}

TEST(LexerNumbers, RadixRangeLimits) {
  EXPECT_EQ(single("0xFFFFFFFFFFFFFFF").int_value, kMaxInt);
  EXPECT_THROW(tokenize("0x1000000000000000"), SyntaxError);
  EXPECT_EQ(single("0o77777777777777777777").int_value, kMaxInt);
  EXPECT_THROW(tokenize("0o100000000000000000000"), SyntaxError);
  EXPECT_EQ(single("0b" + std::string(60, '1')).int_value, kMaxInt);
  EXPECT_THROW(tokenize("0b1" + std::string(60, '0')), SyntaxError);
}

TEST(LexerNumbers, NegativeRadixLiteralIsAnError) {
  EXPECT_THROW(tokenize("-0xFF"), SyntaxError);
  EXPECT_THROW(tokenize("f(-0b1)"), SyntaxError);
  EXPECT_EQ(lex("0 - 0xFF"), "int:0 '-' int:255");
  EXPECT_EQ(lex("x -0xFF"), "id:x '-' int:255");
}

TEST(LexerNumbers, Floats) {
  EXPECT_DOUBLE_EQ(single("3.14").float_value, 3.14);
  EXPECT_DOUBLE_EQ(single("1.0").float_value, 1.0);
  EXPECT_DOUBLE_EQ(single("-2.5").float_value, -2.5);
  EXPECT_EQ(single("3.14").kind, Tok::Float);
  EXPECT_EQ(single("3.14").text, "3.14");
}

TEST(LexerNumbers, FloatWithoutIntegerPart) {
  Token t = single(".5");
  EXPECT_EQ(t.kind, Tok::Float);
  EXPECT_DOUBLE_EQ(t.float_value, 0.5);
}

TEST(LexerNumbers, FloatWithoutFractionPart) {
  Token t = single("1.");
  EXPECT_EQ(t.kind, Tok::Float);
  EXPECT_DOUBLE_EQ(t.float_value, 1.0);
}

TEST(LexerNumbers, NegativeZeroLiteralKeepsItsSign) {
  Token t = single("-0.0");
  EXPECT_EQ(t.kind, Tok::Float);
  EXPECT_TRUE(std::signbit(t.float_value));
}

TEST(LexerNumbers, NoExponentSyntax) {
  EXPECT_EQ(lex("1e5"), "int:1 id:e5");
  EXPECT_EQ(lex("1.5e3"), "float:1.5 id:e3");
}

TEST(LexerNumbers, NoUnderscoreSeparators) { EXPECT_EQ(lex("1_000"), "int:1 id:_000"); }

TEST(LexerNumbers, TwoDotsIsAnError) {
  EXPECT_THROW(tokenize("1.2.3"), SyntaxError);
  EXPECT_EQ(lex_error("x = 1.2.3"), "1:5");
}

TEST(LexerNumbers, DotAfterIdentifierStartsAFloat) { EXPECT_EQ(lex("x/2.5"), "id:x/2 float:0.5"); }

TEST(LexerNumbers, DigitAlwaysStartsANumber) {
  EXPECT_EQ(lex("2x"), "int:2 id:x");
  EXPECT_EQ(lex("x2"), "id:x2");
}

// ------------------------------------------------------------ strings

TEST(LexerStrings, PlainString) {
  EXPECT_EQ(string_value("\"hello, world\""), "hello, world");
  EXPECT_EQ(string_value("\"\""), "");
  EXPECT_EQ(single("\"a b\"").raw, "a b");
}

TEST(LexerStrings, EveryEscape) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\"\\n\"", "\n"},  {"\"\\r\"", "\r"},  {"\"\\t\"", "\t"},
      {"\"\\0\"", std::string(1, '\0')},      {"\"\\\\\"", "\\"},
      {"\"\\\"\"", "\""}, {"\"\\'\"", "'"},   {"\"\\$\"", "$"},
  };
  for (const auto& [src, expected] : cases) {
    SCOPED_TRACE(src);
    EXPECT_EQ(string_value(src), expected);
  }
}

TEST(LexerStrings, EscapesInsideText) {
  EXPECT_EQ(string_value("\"a\\tb\\nc\""), "a\tb\nc");
  EXPECT_EQ(string_value("\"say \\\"hi\\\"\""), "say \"hi\"");
  EXPECT_EQ(string_value("\"x\\0y\"").size(), 3u);
}

TEST(LexerStrings, RawTextIsUnprocessed) {
  Token t = single("\"a\\nb${x}\"");
  EXPECT_EQ(t.raw, "a\\nb${x}");
}

TEST(LexerStrings, UnicodeEscape) {
  EXPECT_EQ(string_value("\"\\u{1F600}\""), "\xF0\x9F\x98\x80");
  EXPECT_EQ(string_value("\"\\u{41}\""), "A");
  EXPECT_EQ(string_value("\"\\u{e9}\""), "\xC3\xA9");
  EXPECT_EQ(string_value("\"\\u{20AC}\""), "\xE2\x82\xAC");
  EXPECT_EQ(string_value("\"<\\u{41}>\""), "<A>");
}

TEST(LexerStrings, InvalidUnicodeEscapeIsReplacementCharacter) {
  EXPECT_EQ(string_value("\"\\u{ZZ}\""), kReplacement);
  EXPECT_EQ(string_value("\"\\u{110000}\""), kReplacement);
  EXPECT_EQ(string_value("\"\\u{D800}\""), kReplacement);
  EXPECT_EQ(string_value("\"a\\u{G1}b\""), "a" + kReplacement + "b");
}

TEST(LexerStrings, UnknownEscapeYieldsTheCharacter) {
  EXPECT_EQ(string_value("\"\\q\""), "q");
  EXPECT_EQ(string_value("\"\\a\\b\\x\""), "abx");
  EXPECT_EQ(string_value("\"\\{\""), "{");
}

TEST(LexerStrings, RawNewlinesAreKept) {
  std::vector<Token> tokens = tokenize("\"a\nb\" x");
  ASSERT_EQ(tokens.size(), 3u);
  ASSERT_EQ(tokens[0].parts.size(), 1u);
  EXPECT_EQ(tokens[0].parts[0].text, "a\nb");
  EXPECT_EQ(tokens[1].kind, Tok::Ident);
  EXPECT_EQ(pos(tokens[1]), "2:4");
}

TEST(LexerStrings, NonAsciiBytesAreKept) { EXPECT_EQ(string_value("\"caf\xC3\xA9 \xE2\x98\x83\""), "caf\xC3\xA9 \xE2\x98\x83"); }

TEST(LexerStrings, DoubleSlashInsideStringIsNotAComment) {
  EXPECT_EQ(lex("\"// no\" x"), "str\"// no\" id:x");
}

// ------------------------------------------------------------ interpolation

TEST(LexerInterpolation, TextExpressionText) { EXPECT_EQ(parts("\"a${x}b\""), "\"a\" ${x} \"b\""); }

TEST(LexerInterpolation, OnlyAnExpression) { EXPECT_EQ(parts("\"${x}\""), "${x}"); }

TEST(LexerInterpolation, AdjacentExpressions) { EXPECT_EQ(parts("\"${a}${b}\""), "${a} ${b}"); }

TEST(LexerInterpolation, ExpressionSourceIsKeptVerbatim) {
  EXPECT_EQ(parts("\"n = ${ n + 1 }.\""), "\"n = \" ${ n + 1 } \".\"");
}

TEST(LexerInterpolation, NestedBracesAreCounted) {
  EXPECT_EQ(parts("\"${ {:a 1}[:a] }!\""), "${ {:a 1}[:a] } \"!\"");
  EXPECT_EQ(parts("\"${f({:a {:b 2}})}\""), "${f({:a {:b 2}})}");
}

TEST(LexerInterpolation, NestedStringsAreSkipped) {
  EXPECT_EQ(parts("\"${f(\"}\")}!\""), "${f(\"}\")} \"!\"");
  EXPECT_EQ(parts("\"${g(\"{\")}\""), "${g(\"{\")}");
  EXPECT_EQ(parts("\"${g(\"a\\\"}\")}\""), "${g(\"a\\\"}\")}");
}

TEST(LexerInterpolation, EscapedDollarIsLiteral) {
  EXPECT_EQ(parts("\"\\${x}\""), "\"${x}\"");
  EXPECT_EQ(string_value("\"\\${x}\""), "${x}");
}

TEST(LexerInterpolation, DollarWithoutBraceIsLiteral) {
  EXPECT_EQ(string_value("\"$x\""), "$x");
  EXPECT_EQ(string_value("\"a$\""), "a$");
  EXPECT_EQ(string_value("\"$ {x}\""), "$ {x}");
  EXPECT_EQ(parts("\"$${v}\""), "\"$\" ${v}");
}

TEST(LexerInterpolation, EscapesAroundExpressionsAreProcessed) {
  EXPECT_EQ(parts("\"\\t${x}\\n\""), "\"\t\" ${x} \"\n\"");
}

TEST(LexerInterpolation, ExpressionPositionIsInTheFile) {
  std::vector<Token> tokens = tokenize("x = \"ab${y}\"\n  \"${z}\"");
  ASSERT_EQ(tokens[2].kind, Tok::String);
  ASSERT_EQ(tokens[2].parts.size(), 2u);
  EXPECT_EQ(tokens[2].parts[1].pos.line, 1u);
  EXPECT_EQ(tokens[2].parts[1].pos.column, 10u);
  ASSERT_EQ(tokens[4].kind, Tok::String);
  EXPECT_EQ(tokens[4].parts[0].pos.line, 2u);
  EXPECT_EQ(tokens[4].parts[0].pos.column, 6u);
}

// ------------------------------------------------------------ identifiers

TEST(LexerIdentifiers, SpecialCharactersInside) {
  const std::vector<std::string> names = {
      "empty?", "swap!", "string->keyword", "my-var", "ns/name", "a<b", "a>b", "a-b",
      "a#b",    "a@b",   "a$b",             "a'",     "a~b",     "a!b", "a/b/c", "x2",
  };
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    Token t = single(name);
    EXPECT_EQ(t.kind, Tok::Ident);
    EXPECT_EQ(t.text, name);
  }
}

TEST(LexerIdentifiers, SpecialCharactersAtTheStart) {
  for (const std::string name : {"?x", "@x", "$x", "'x", "~x", "#x", "_x", "__x", "_"}) {
    SCOPED_TRACE(name);
    Token t = single(name);
    EXPECT_EQ(t.text, name);
    EXPECT_EQ(t.kind, name == "_" ? Tok::KwUnderscore : Tok::Ident);
  }
}

TEST(LexerIdentifiers, NonAsciiBytes) {
  for (const std::string name : {"caf\xC3\xA9", "\xCE\xBB", "\xE6\x97\xA5\xE6\x9C\xAC", "x\xE2\x86\x92y"}) {
    SCOPED_TRACE(name);
    Token t = single(name);
    EXPECT_EQ(t.kind, Tok::Ident);
    EXPECT_EQ(t.text, name);
  }
}

TEST(LexerIdentifiers, EveryTerminator) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a b", "id:a id:b"},        {"a\tb", "id:a id:b"},       {"a\nb", "id:a NL id:b"},
      {"a(b", "id:a '(' id:b"},    {"a)b", "id:a ')' id:b"},    {"a{b", "id:a '{' id:b"},
      {"a}b", "id:a '}' id:b"},    {"a[b", "id:a '[' id:b"},    {"a]b", "id:a ']' id:b"},
      {"a;b", "id:a ';' id:b"},    {"a:b", "id:a :b"},          {"a,b", "id:a ',' id:b"},
      {"a\"b\"", "id:a str\"b\""}, {"a.b", "id:a '.' id:b"},    {"a|b", "id:a '|' id:b"},
      {"a+b", "id:a '+' id:b"},    {"a*b", "id:a '*' id:b"},    {"a%b", "id:a '%' id:b"},
      {"a=b", "id:a '=' id:b"},    {"a&b", "id:a '&' id:b"},    {"a^b", "id:a '^' id:b"},
  };
  for (const auto& [src, expected] : cases) {
    SCOPED_TRACE(src);
    EXPECT_EQ(lex(src), expected);
  }
}

TEST(LexerIdentifiers, OperatorsThatNeedNoSpaces) {
  EXPECT_EQ(lex("a+b"), "id:a '+' id:b");
  EXPECT_EQ(lex("a==b"), "id:a '==' id:b");
  EXPECT_EQ(lex("a&&b"), "id:a '&&' id:b");
  EXPECT_EQ(lex("a||b"), "id:a '||' id:b");
  EXPECT_EQ(lex("a|>f"), "id:a '|>' id:f");
  EXPECT_EQ(lex("x=1"), "id:x '=' int:1");
  EXPECT_EQ(lex("a++b"), "id:a '++' id:b");
}

TEST(LexerIdentifiers, MinusAndComparisonsContinueAnIdentifier) {
  EXPECT_EQ(lex("a-b"), "id:a-b");
  EXPECT_EQ(lex("a<b"), "id:a<b");
  EXPECT_EQ(lex("a>b"), "id:a>b");
  EXPECT_EQ(lex("a<<b"), "id:a<<b");
}

TEST(LexerIdentifiers, EqualsEndsAnIdentifier) {
  EXPECT_EQ(lex("a!=b"), "id:a! '=' id:b");
  EXPECT_EQ(lex("a>=b"), "id:a> '=' id:b");
  EXPECT_EQ(lex("a<=b"), "id:a< '=' id:b");
}

TEST(LexerIdentifiers, ComparisonsWorkAfterNumbersAndParens) {
  EXPECT_EQ(lex("f(x)<2"), "id:f '(' id:x ')' '<' int:2");
  EXPECT_EQ(lex("1<2"), "int:1 '<' int:2");
  EXPECT_EQ(lex("(a)>=b"), "'(' id:a ')' '>=' id:b");
}

TEST(LexerIdentifiers, QualifiedNameIsOneToken) {
  EXPECT_EQ(lex("ns/name(1)"), "id:ns/name '(' int:1 ')'");
  EXPECT_EQ(lex("total/2"), "id:total/2");
  EXPECT_EQ(lex("10/2"), "int:10 '/' int:2");
  EXPECT_EQ(lex("(p+q)/2"), "'(' id:p '+' id:q ')' '/' int:2");
}

TEST(LexerIdentifiers, InIsNotReserved) {
  EXPECT_EQ(single("in").kind, Tok::Ident);
  EXPECT_EQ(lex("for x in xs"), "'for' id:x id:in id:xs");
}

// ------------------------------------------------------------ keywords

TEST(LexerKeywords, SimpleKeywords) {
  EXPECT_EQ(single(":name").text, "name");
  EXPECT_EQ(single(":user-id").text, "user-id");
  EXPECT_EQ(single(":empty?").text, "empty?");
  EXPECT_EQ(single(":name").kind, Tok::Keyword);
}

TEST(LexerKeywords, DotsAndSlashesArePartOfTheName) {
  EXPECT_EQ(single(":a.b").text, "a.b");
  EXPECT_EQ(single(":a/b").text, "a/b");
  EXPECT_EQ(single(":a-b<c>").text, "a-b<c>");
}

TEST(LexerKeywords, ColonFollowedBySeparatorIsAColon) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {": x", "':' id:x"},   {":\tx", "':' id:x"}, {":(", "':' '('"}, {":)", "':' ')'"},
      {":{", "':' '{'"},     {":}", "':' '}'"},    {"::", "':' ':'"}, {":\nx", "':' NL id:x"},
      {":", "':'"},
  };
  for (const auto& [src, expected] : cases) {
    SCOPED_TRACE(src);
    EXPECT_EQ(lex(src), expected);
  }
}

TEST(LexerKeywords, EveryNameTerminator) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {":a b", ":a id:b"},  {":a\tb", ":a id:b"},  {":a(", ":a '('"},   {":a)", ":a ')'"},
      {":a{", ":a '{'"},    {":a}", ":a '}'"},     {":a[", ":a '['"},   {":a]", ":a ']'"},
      {":a;", ":a ';'"},    {":a,", ":a ','"},     {":a\n", ":a NL"},   {":a+", ":a '+'"},
      {":a*", ":a '*'"},    {":a%", ":a '%'"},     {":a=", ":a '='"},   {":a&", ":a '&'"},
      {":a^", ":a '^'"},
  };
  for (const auto& [src, expected] : cases) {
    SCOPED_TRACE(src);
    EXPECT_EQ(lex(src), expected);
  }
}

TEST(LexerKeywords, ColonRightBeforeAValueIsAKeyword) {
  EXPECT_EQ(lex("x:1"), "id:x :1");
  EXPECT_EQ(lex("x: 1"), "id:x ':' int:1");
  EXPECT_EQ(lex("{:a 1, :b 2}"), "'{' :a int:1 ',' :b int:2 '}'");
}

TEST(LexerKeywords, ColonBeforeBracketStartsAKeywordWithoutAName) {
  // §2.6: only space/TAB ( ) { } : and newline after ':' give the colon token;
  // any other character starts a keyword, whose name then ends at '['. An
  // empty keyword name is reported, so `Point { x:[1] }` is an error just
  // like `Point { x:1 }`.
  EXPECT_THROW(tokenize(":["), beagle::lang::SyntaxError);
  EXPECT_THROW(tokenize("P { x:[1] }"), beagle::lang::SyntaxError);
  EXPECT_EQ(tokenize(":a[")[0].kind, Tok::Keyword);
}

// ------------------------------------------------------------ comments and newlines

TEST(LexerComments, LineComment) {
  EXPECT_EQ(lex("// only a comment"), "");
  EXPECT_EQ(lex("x // c"), "id:x");
  EXPECT_EQ(lex("x // c\ny"), "id:x NL id:y");
  EXPECT_EQ(lex("x // c \"not a string"), "id:x");
}

TEST(LexerComments, DocComment) {
  EXPECT_EQ(lex("/// doc"), "");
  EXPECT_EQ(lex("a /// doc\nb"), "id:a NL id:b");
}

TEST(LexerComments, CommentAfterPunctuationOrNumber) {
  EXPECT_EQ(lex("(1)// c"), "'(' int:1 ')'");
  EXPECT_EQ(lex("f(// c\n1)"), "id:f '(' NL int:1 ')'");
  EXPECT_EQ(lex("1// c"), "int:1");
}

TEST(LexerComments, DoubleSlashInsideAnIdentifier) {
  EXPECT_EQ(lex("x// c"), "id:x// id:c");
  EXPECT_EQ(lex("x //c"), "id:x");
}

TEST(LexerNewlines, NewlineIsAToken) {
  EXPECT_EQ(lex("a\nb"), "id:a NL id:b");
  Token t = single("\n");
  EXPECT_EQ(t.kind, Tok::Newline);
}

TEST(LexerNewlines, BlankAndCommentLinesMakeOneNewlineToken) {
  EXPECT_EQ(lex("a\n\n\nb"), "id:a NL id:b");
  EXPECT_EQ(lex("a\n  // c\n\n  b"), "id:a NL id:b");
}

TEST(LexerNewlines, SemicolonIsItsOwnToken) { EXPECT_EQ(lex("a; b"), "id:a ';' id:b"); }

TEST(LexerNewlines, NewlineInsideStringIsNotAToken) { EXPECT_EQ(lex("\"a\nb\""), "str\"a\nb\""); }

// ------------------------------------------------------------ reserved words

TEST(LexerReservedWords, EveryReservedWord) {
  const std::vector<std::pair<std::string, Tok>> words = {
      {"fn", Tok::KwFn},             {"loop", Tok::KwLoop},       {"while", Tok::KwWhile},
      {"break", Tok::KwBreak},       {"continue", Tok::KwContinue}, {"return", Tok::KwReturn},
      {"if", Tok::KwIf},             {"else", Tok::KwElse},       {"true", Tok::KwTrue},
      {"false", Tok::KwFalse},       {"null", Tok::KwNull},       {"infinity", Tok::KwInfinity},
      {"let", Tok::KwLet},           {"mut", Tok::KwMut},         {"struct", Tok::KwStruct},
      {"enum", Tok::KwEnum},         {"namespace", Tok::KwNamespace}, {"protocol", Tok::KwProtocol},
      {"extend", Tok::KwExtend},     {"with", Tok::KwWith},       {"as", Tok::KwAs},
      {"try", Tok::KwTry},           {"catch", Tok::KwCatch},     {"throw", Tok::KwThrow},
      {"match", Tok::KwMatch},       {"_", Tok::KwUnderscore},    {"for", Tok::KwFor},
      {"use", Tok::KwUse},           {"test", Tok::KwTest},       {"letonce", Tok::KwLetonce},
      {"dynamic", Tok::KwDynamic},   {"binding", Tok::KwBinding}, {"reset", Tok::KwReset},
      {"shift", Tok::KwShift},       {"perform", Tok::KwPerform}, {"handle", Tok::KwHandle},
      {"future", Tok::KwFuture},
  };
  EXPECT_EQ(words.size(), 37u);  // §2.7 lists 37 words (`-infinity` is a literal)
  for (const auto& [word, kind] : words) {
    SCOPED_TRACE(word);
    Token t = single(word);
    EXPECT_EQ(t.kind, kind);
    EXPECT_TRUE(is_reserved_word(t.kind));
    EXPECT_EQ(t.text, word);
  }
}

TEST(LexerReservedWords, LongerWordsAreIdentifiers) {
  for (const std::string word : {"fnx", "iff", "lets", "mut?", "match!", "True", "NULL", "for-each", "_a", "tests"}) {
    SCOPED_TRACE(word);
    EXPECT_EQ(single(word).kind, Tok::Ident);
  }
}

TEST(LexerReservedWords, InfinityIsAFloat) {
  Token t = single("infinity");
  EXPECT_EQ(t.kind, Tok::KwInfinity);
  EXPECT_TRUE(std::isinf(t.float_value));
  EXPECT_GT(t.float_value, 0);
}

TEST(LexerReservedWords, AfterADotStillTheReservedToken) {
  // The parser accepts any reserved word as a property name (§2.7).
  EXPECT_EQ(lex("x.match"), "id:x '.' 'match'");
}

TEST(LexerReservedWords, NotOperators) {
  EXPECT_FALSE(is_reserved_word(Tok::Ident));
  EXPECT_FALSE(is_reserved_word(Tok::PipeGtGt));
}

// ------------------------------------------------------------ binary operators (§3.2)

TEST(LexerOperators, BinaryOperatorsThatContinueALine) {
  for (const std::string op : {"+", "-", "*", "/", "%", "++", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&",
                               "|", "^", "<<", ">>", ">>>", "|>", "|>>", "="}) {
    SCOPED_TRACE(op);
    std::vector<Token> tokens = tokenize("x " + op + " y");
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_TRUE(is_binary_operator(tokens[1].kind));
  }
  for (Tok kind : {Tok::Bang, Tok::FatArrow, Tok::Dot, Tok::LParen, Tok::LBracket, Tok::Comma, Tok::Colon}) {
    EXPECT_FALSE(is_binary_operator(kind)) << token_name(kind);
  }
}

// ------------------------------------------------------------ space_before and positions

TEST(LexerSpaceBefore, CallWithAndWithoutSpace) {
  std::vector<Token> spaced = tokenize("f (x)");
  EXPECT_TRUE(spaced[1].space_before);
  EXPECT_FALSE(spaced[2].space_before);
  std::vector<Token> tight = tokenize("f(x)");
  EXPECT_FALSE(tight[1].space_before);
  EXPECT_FALSE(tight[3].space_before);
}

TEST(LexerSpaceBefore, TabsNewlinesAndComments) {
  std::vector<Token> tokens = tokenize("a\tb\nc // x\nd");
  ASSERT_EQ(tokens.size(), 7u);  // a b NL c NL d EOF
  EXPECT_TRUE(tokens[1].space_before);  // b after a tab
  EXPECT_TRUE(tokens[3].space_before);  // c at the start of a line
  EXPECT_TRUE(tokens[5].space_before);  // d after a comment and a newline
  EXPECT_FALSE(tokenize("a,b")[1].space_before);
  EXPECT_FALSE(tokenize("a,b")[2].space_before);
  EXPECT_TRUE(tokenize("a, b")[2].space_before);
}

TEST(LexerSpaceBefore, FirstTokenCountsAsSpaced) { EXPECT_TRUE(tokenize("x")[0].space_before); }

TEST(LexerPositions, LinesAndColumns) {
  std::vector<Token> tokens = tokenize("ab  cd\n  ef(1)");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(pos(tokens[0]), "1:1");
  EXPECT_EQ(pos(tokens[1]), "1:5");
  EXPECT_EQ(pos(tokens[2]), "1:7");  // the newline
  EXPECT_EQ(pos(tokens[3]), "2:3");
  EXPECT_EQ(pos(tokens[4]), "2:5");
  EXPECT_EQ(pos(tokens[5]), "2:6");
}

TEST(LexerPositions, ColumnsCountBytes) {
  EXPECT_EQ(pos(tokenize("\tx")[0]), "1:2");
  EXPECT_EQ(pos(tokenize("\"\xC3\xA9\" x")[1]), "1:6");
  EXPECT_EQ(pos(tokenize("\xCE\xBB y")[1]), "1:4");
}

TEST(LexerPositions, StartPositionOffsetsEverything) {
  std::vector<Token> tokens = tokenize("a b\nc", SourcePos{3, 7});
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(pos(tokens[0]), "3:7");
  EXPECT_EQ(pos(tokens[1]), "3:9");
  EXPECT_EQ(pos(tokens[3]), "4:1");
}

TEST(LexerPositions, ErrorPositions) {
  EXPECT_EQ(lex_error("x\n  1152921504606846976"), "2:3");
  EXPECT_EQ(lex_error("f(-0xFF)"), "1:3");
  EXPECT_EQ(lex_error("ok"), "no error");
}

}  // namespace
}  // namespace beagle::lang
