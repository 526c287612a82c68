// Tokens of Beagle source (LANGUAGE.md §2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lang/front/source.h"

namespace beagle::lang {

enum class Tok : uint8_t {
  // literals and names
  Int, Float, String, Keyword, Ident,
  // punctuation
  LParen, RParen, LBrace, RBrace, LBracket, RBracket, HashBrace,
  Comma, Colon, Dot, Ellipsis, Semicolon, Newline,
  // operators
  Plus, PlusPlus, Minus, Star, Slash, Percent, Caret,
  Assign, EqEq, FatArrow, Bang, BangEq,
  Lt, Le, Shl, Gt, Ge, Shr, UShr,
  Amp, AmpAmp, Pipe, PipePipe, PipeGt, PipeGtGt,
  // reserved words
  KwFn, KwLoop, KwWhile, KwBreak, KwContinue, KwReturn, KwIf, KwElse,
  KwTrue, KwFalse, KwNull, KwInfinity, KwNegInfinity, KwLet, KwMut,
  KwStruct, KwEnum, KwNamespace, KwProtocol, KwExtend, KwWith, KwAs,
  KwTry, KwCatch, KwThrow, KwMatch, KwUnderscore, KwFor, KwUse, KwTest,
  KwLetonce, KwDynamic, KwBinding, KwReset, KwShift, KwPerform, KwHandle,
  KwFuture,
  Eof,
};

// A piece of a string literal: literal text, or the source of a `${...}`
// expression (parsed later, at `pos`).
struct StringPart {
  bool is_expr = false;
  std::string text;
  SourcePos pos;
};

struct Token {
  Tok kind = Tok::Eof;
  SourcePos pos;
  std::string text;               // identifier/keyword name, literal source text
  int64_t int_value = 0;          // Tok::Int
  double float_value = 0;         // Tok::Float, KwInfinity, KwNegInfinity
  std::vector<StringPart> parts;  // Tok::String, escapes processed
  std::string raw;                // Tok::String: text between the quotes, unprocessed
  bool space_before = false;      // whitespace or a newline right before this token
};

const char* token_name(Tok kind);      // "')'", "identifier", "'fn'", ...
bool is_reserved_word(Tok kind);       // KwFn ... KwFuture
bool is_binary_operator(Tok kind);     // operators that continue a line (§3.2)

}  // namespace beagle::lang
