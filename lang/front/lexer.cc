#include "lang/front/lexer.h"

#include <cstring>
#include <unordered_map>

namespace beagle::lang {
namespace {

constexpr int64_t kMaxInt = (int64_t{1} << 60) - 1;  // Ints are 61-bit

const std::unordered_map<std::string_view, Tok>& reserved_words() {
  static const std::unordered_map<std::string_view, Tok> words = {
      {"fn", Tok::KwFn},           {"loop", Tok::KwLoop},         {"while", Tok::KwWhile},
      {"break", Tok::KwBreak},     {"continue", Tok::KwContinue}, {"return", Tok::KwReturn},
      {"if", Tok::KwIf},           {"else", Tok::KwElse},         {"true", Tok::KwTrue},
      {"false", Tok::KwFalse},     {"null", Tok::KwNull},         {"infinity", Tok::KwInfinity},
      {"let", Tok::KwLet},         {"mut", Tok::KwMut},           {"struct", Tok::KwStruct},
      {"enum", Tok::KwEnum},       {"namespace", Tok::KwNamespace}, {"protocol", Tok::KwProtocol},
      {"extend", Tok::KwExtend},   {"with", Tok::KwWith},         {"as", Tok::KwAs},
      {"try", Tok::KwTry},         {"catch", Tok::KwCatch},       {"throw", Tok::KwThrow},
      {"match", Tok::KwMatch},     {"_", Tok::KwUnderscore},      {"for", Tok::KwFor},
      {"use", Tok::KwUse},         {"test", Tok::KwTest},         {"letonce", Tok::KwLetonce},
      {"dynamic", Tok::KwDynamic}, {"binding", Tok::KwBinding},   {"reset", Tok::KwReset},
      {"shift", Tok::KwShift},     {"perform", Tok::KwPerform},   {"handle", Tok::KwHandle},
      {"future", Tok::KwFuture},
  };
  return words;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_digit(c) || c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

// Bytes that end an identifier (§2.5).
bool ends_identifier(char c) { return c != 0 && std::strchr(" \t\r\n(){}[];:,\".|+*%=&^", c) != nullptr; }

// Bytes that end a keyword name (§2.6).
bool ends_keyword(char c) { return c != 0 && std::strchr(" \t\r\n(){}[];,+*%=&^", c) != nullptr; }

// A '-' after one of these is binary minus (§2.2).
bool produces_value(Tok kind) {
  switch (kind) {
    case Tok::Int: case Tok::Float: case Tok::Ident: case Tok::String:
    case Tok::RParen: case Tok::RBracket: case Tok::RBrace:
    case Tok::KwTrue: case Tok::KwFalse: case Tok::KwNull:
    case Tok::KwInfinity: case Tok::KwNegInfinity:
      return true;
    default:
      return false;
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(std::string_view text, SourcePos start) : text_(text), line_(start.line), column_(start.column) {}

  std::vector<Token> run() {
    while (true) {
      bool space = skip_blanks_and_comments();
      Token token;
      token.pos = here();
      token.space_before = space || tokens_.empty();
      if (at_end()) {
        token.kind = Tok::Eof;
        tokens_.push_back(std::move(token));
        return std::move(tokens_);
      }
      lex_token(token);
      if (token.kind != Tok::Newline) previous_ = token.kind;
      tokens_.push_back(std::move(token));
    }
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
  uint32_t line_;
  uint32_t column_;
  Tok previous_ = Tok::Newline;  // last significant token
  std::vector<Token> tokens_;

  bool at_end() const { return at_ >= text_.size(); }
  char peek(size_t ahead = 0) const { return at_ + ahead < text_.size() ? text_[at_ + ahead] : 0; }
  SourcePos here() const { return {line_, column_}; }

  char advance() {
    char c = text_[at_++];
    if (c == '\n') {
      line_++;
      column_ = 1;
    } else {
      column_++;
    }
    return c;
  }

  [[noreturn]] void fail(SourcePos pos, const std::string& message) { throw SyntaxError(pos, message); }

  // Skips spaces, tabs and comments (not newlines); true if it skipped any.
  bool skip_blanks_and_comments() {
    size_t start = at_;
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (!at_end() && peek() != '\n') advance();
      } else {
        break;
      }
    }
    return at_ != start || (!tokens_.empty() && tokens_.back().kind == Tok::Newline);
  }

  void lex_token(Token& t) {
    char c = peek();
    if (c == '\n') return lex_newlines(t);
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return lex_number(t, false);
    if (c == '-') return lex_minus(t);
    if (c == '"') return lex_string(t);
    if (c == ':') return lex_colon(t);
    if (c == '#' && peek(1) == '{') return simple(t, Tok::HashBrace, 2);
    if (lex_punctuation(t)) return;
    lex_identifier(t);
  }

  void simple(Token& t, Tok kind, size_t length) {
    t.kind = kind;
    t.text = std::string(text_.substr(at_, length));
    for (size_t i = 0; i < length; i++) advance();
  }

  void lex_newlines(Token& t) {
    t.kind = Tok::Newline;
    t.text = "\n";
    while (!at_end()) {
      char c = peek();
      if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (!at_end() && peek() != '\n') advance();
      } else {
        break;
      }
    }
  }

  bool lex_punctuation(Token& t) {
    char c = peek(), d = peek(1), e = peek(2);
    switch (c) {
      case '(': simple(t, Tok::LParen, 1); return true;
      case ')': simple(t, Tok::RParen, 1); return true;
      case '{': simple(t, Tok::LBrace, 1); return true;
      case '}': simple(t, Tok::RBrace, 1); return true;
      case '[': simple(t, Tok::LBracket, 1); return true;
      case ']': simple(t, Tok::RBracket, 1); return true;
      case ',': simple(t, Tok::Comma, 1); return true;
      case ';': simple(t, Tok::Semicolon, 1); return true;
      case '.':
        if (d == '.' && e == '.') simple(t, Tok::Ellipsis, 3);
        else simple(t, Tok::Dot, 1);
        return true;
      case '+': simple(t, d == '+' ? Tok::PlusPlus : Tok::Plus, d == '+' ? 2 : 1); return true;
      case '*': simple(t, Tok::Star, 1); return true;
      case '%': simple(t, Tok::Percent, 1); return true;
      case '^': simple(t, Tok::Caret, 1); return true;
      case '/': simple(t, Tok::Slash, 1); return true;
      case '=':
        if (d == '=') simple(t, Tok::EqEq, 2);
        else if (d == '>') simple(t, Tok::FatArrow, 2);
        else simple(t, Tok::Assign, 1);
        return true;
      case '!': simple(t, d == '=' ? Tok::BangEq : Tok::Bang, d == '=' ? 2 : 1); return true;
      case '<':
        if (d == '=') simple(t, Tok::Le, 2);
        else if (d == '<') simple(t, Tok::Shl, 2);
        else simple(t, Tok::Lt, 1);
        return true;
      case '>':
        if (d == '=') simple(t, Tok::Ge, 2);
        else if (d == '>' && e == '>') simple(t, Tok::UShr, 3);
        else if (d == '>') simple(t, Tok::Shr, 2);
        else simple(t, Tok::Gt, 1);
        return true;
      case '&': simple(t, d == '&' ? Tok::AmpAmp : Tok::Amp, d == '&' ? 2 : 1); return true;
      case '|':
        if (d == '|') simple(t, Tok::PipePipe, 2);
        else if (d == '>' && e == '>') simple(t, Tok::PipeGtGt, 3);
        else if (d == '>') simple(t, Tok::PipeGt, 2);
        else simple(t, Tok::Pipe, 1);
        return true;
      default:
        return false;
    }
  }

  // '-' is binary after a value; otherwise it may start a negative literal.
  void lex_minus(Token& t) {
    if (!produces_value(previous_)) {
      if (is_digit(peek(1))) return lex_number(t, true);
      if (text_.substr(at_ + 1, 8) == "infinity" && !is_word_char(peek(9))) {
        simple(t, Tok::KwNegInfinity, 9);
        t.float_value = -__builtin_inf();
        return;
      }
    }
    simple(t, Tok::Minus, 1);
  }

  void lex_number(Token& t, bool negative) {
    SourcePos start = here();
    size_t begin = at_;
    if (negative) advance();
    if (peek() == '0' && std::strchr("xXoObB", peek(1)) && peek(1) != 0) {
      if (negative) {
        size_t end = at_ + 2;
        while (end < text_.size() && digit_value(text_[end]) >= 0) end++;
        std::string literal(text_.substr(at_, end - at_));
        fail(start, "a negative radix literal is not allowed; write 0 - " + literal + " as a subtraction");
      }
      return lex_radix_number(t, start, begin);
    }
    bool is_float = false;
    while (is_digit(peek())) advance();
    if (peek() == '.' && !(peek(1) == '.' && peek(2) == '.')) {
      is_float = true;
      advance();
      while (is_digit(peek())) advance();
      if (peek() == '.' && is_digit(peek(1))) fail(start, "malformed number: a number has at most one '.'");
    }
    t.text = std::string(text_.substr(begin, at_ - begin));
    if (is_float) {
      t.kind = Tok::Float;
      t.float_value = std::strtod(t.text.c_str(), nullptr);
      return;
    }
    t.kind = Tok::Int;
    t.int_value = parse_decimal(t.text, negative, start);
  }

  int64_t parse_decimal(const std::string& digits, bool negative, SourcePos pos) {
    uint64_t limit = negative ? uint64_t(kMaxInt) + 1 : uint64_t(kMaxInt);
    uint64_t value = 0;
    for (char c : digits) {
      if (c == '-') continue;
      value = value * 10 + uint64_t(c - '0');
      if (value > limit) {
        fail(pos, "integer literal " + digits + " does not fit in 61 bits (the range is -1152921504606846976 to 1152921504606846975)");
      }
    }
    return negative ? -int64_t(value) : int64_t(value);
  }

  void lex_radix_number(Token& t, SourcePos start, size_t begin) {
    char written = peek(1);
    char marker = char(written | 0x20);
    int base = marker == 'x' ? 16 : marker == 'o' ? 8 : 2;
    advance();
    advance();
    uint64_t value = 0;
    size_t digits = 0;
    while (true) {
      int d = digit_value(peek());
      if (d < 0 || d >= base) break;
      value = value * uint64_t(base) + uint64_t(d);
      if (value > uint64_t(kMaxInt)) fail(start, "integer literal does not fit in 61 bits");
      advance();
      digits++;
    }
    if (digits == 0) fail(start, std::string("expected digits after '0") + written + "'");
    t.kind = Tok::Int;
    t.text = std::string(text_.substr(begin, at_ - begin));
    t.int_value = int64_t(value);
  }

  static int digit_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  void lex_colon(Token& t) {
    char next = peek(1);
    bool starts_keyword = next != 0 && !std::strchr(" \t\r\n(){}:", next);
    if (!starts_keyword) return simple(t, Tok::Colon, 1);
    SourcePos start = here();
    advance();
    size_t begin = at_;
    while (!at_end() && !ends_keyword(peek())) advance();
    t.kind = Tok::Keyword;
    t.text = std::string(text_.substr(begin, at_ - begin));
    if (t.text.empty()) {
      fail(start, std::string("a keyword needs a name after ':' (a ':' right before '") + next +
                      "' starts a keyword; after a field name write ': ' with a space)");
    }
  }

  void lex_identifier(Token& t) {
    size_t begin = at_;
    while (!at_end() && !ends_identifier(peek())) advance();
    t.text = std::string(text_.substr(begin, at_ - begin));
    auto word = reserved_words().find(t.text);
    t.kind = word == reserved_words().end() ? Tok::Ident : word->second;
    if (t.kind == Tok::KwInfinity) t.float_value = __builtin_inf();
  }

  void lex_string(Token& t) {
    SourcePos open = here();
    advance();  // the opening quote
    t.kind = Tok::String;
    size_t raw_begin = at_;
    StringPart literal;
    literal.pos = here();
    while (true) {
      if (at_end()) fail(open, "unterminated string literal");
      char c = peek();
      if (c == '"') break;
      if (c == '\\') {
        lex_escape(literal.text);
      } else if (c == '$' && peek(1) == '{') {
        if (!literal.text.empty()) t.parts.push_back(std::move(literal));
        literal = StringPart{};
        t.parts.push_back(lex_interpolation());
        literal.pos = here();
      } else {
        literal.text += advance();
      }
    }
    t.raw = std::string(text_.substr(raw_begin, at_ - raw_begin));
    advance();  // the closing quote
    if (!literal.text.empty() || t.parts.empty()) t.parts.push_back(std::move(literal));
    t.text = t.raw;
  }

  void lex_escape(std::string& out) {
    advance();  // the backslash
    if (at_end()) return;
    char c = advance();
    switch (c) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case 'u':
        if (peek() == '{') {
          advance();
          uint32_t cp = 0;
          bool valid = true;
          size_t digits = 0;
          while (!at_end() && peek() != '}' && peek() != '"') {
            int d = digit_value(advance());
            if (d < 0 || cp > 0x10FFFF) valid = false;
            else cp = cp * 16 + uint32_t(d);
            digits++;
          }
          if (peek() == '}') advance();
          append_utf8(out, valid && digits > 0 ? cp : 0xFFFD);
        } else {
          out += 'u';
        }
        break;
      default: out += c; break;  // \\ \" \' \$ and any other \c
    }
  }

  // At "${": returns the embedded expression's source, up to the matching '}'.
  StringPart lex_interpolation() {
    SourcePos open = here();
    advance();
    advance();
    StringPart part;
    part.is_expr = true;
    part.pos = here();
    size_t begin = at_;
    int depth = 0;
    while (true) {
      if (at_end()) fail(open, "unterminated '${' in string literal");
      char c = peek();
      if (c == '}' && depth == 0) break;
      if (c == '{') depth++;
      if (c == '}') depth--;
      if (c == '"') {
        skip_nested_string(open);
        continue;
      }
      advance();
    }
    part.text = std::string(text_.substr(begin, at_ - begin));
    advance();  // the closing brace
    return part;
  }

  void skip_nested_string(SourcePos open) {
    advance();
    while (true) {
      if (at_end()) fail(open, "unterminated '${' in string literal");
      char c = advance();
      if (c == '\\' && !at_end()) advance();
      else if (c == '"') return;
    }
  }
};

}  // namespace

std::vector<Token> tokenize(std::string_view text, SourcePos start) { return Lexer(text, start).run(); }

const char* token_name(Tok kind) {
  switch (kind) {
    case Tok::Int: return "integer";
    case Tok::Float: return "float";
    case Tok::String: return "string";
    case Tok::Keyword: return "keyword";
    case Tok::Ident: return "identifier";
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::LBrace: return "'{'";
    case Tok::RBrace: return "'}'";
    case Tok::LBracket: return "'['";
    case Tok::RBracket: return "']'";
    case Tok::HashBrace: return "'#{'";
    case Tok::Comma: return "','";
    case Tok::Colon: return "':'";
    case Tok::Dot: return "'.'";
    case Tok::Ellipsis: return "'...'";
    case Tok::Semicolon: return "';'";
    case Tok::Newline: return "end of line";
    case Tok::Plus: return "'+'";
    case Tok::PlusPlus: return "'++'";
    case Tok::Minus: return "'-'";
    case Tok::Star: return "'*'";
    case Tok::Slash: return "'/'";
    case Tok::Percent: return "'%'";
    case Tok::Caret: return "'^'";
    case Tok::Assign: return "'='";
    case Tok::EqEq: return "'=='";
    case Tok::FatArrow: return "'=>'";
    case Tok::Bang: return "'!'";
    case Tok::BangEq: return "'!='";
    case Tok::Lt: return "'<'";
    case Tok::Le: return "'<='";
    case Tok::Shl: return "'<<'";
    case Tok::Gt: return "'>'";
    case Tok::Ge: return "'>='";
    case Tok::Shr: return "'>>'";
    case Tok::UShr: return "'>>>'";
    case Tok::Amp: return "'&'";
    case Tok::AmpAmp: return "'&&'";
    case Tok::Pipe: return "'|'";
    case Tok::PipePipe: return "'||'";
    case Tok::PipeGt: return "'|>'";
    case Tok::PipeGtGt: return "'|>>'";
    case Tok::KwFn: return "'fn'";
    case Tok::KwLoop: return "'loop'";
    case Tok::KwWhile: return "'while'";
    case Tok::KwBreak: return "'break'";
    case Tok::KwContinue: return "'continue'";
    case Tok::KwReturn: return "'return'";
    case Tok::KwIf: return "'if'";
    case Tok::KwElse: return "'else'";
    case Tok::KwTrue: return "'true'";
    case Tok::KwFalse: return "'false'";
    case Tok::KwNull: return "'null'";
    case Tok::KwInfinity: return "'infinity'";
    case Tok::KwNegInfinity: return "'-infinity'";
    case Tok::KwLet: return "'let'";
    case Tok::KwMut: return "'mut'";
    case Tok::KwStruct: return "'struct'";
    case Tok::KwEnum: return "'enum'";
    case Tok::KwNamespace: return "'namespace'";
    case Tok::KwProtocol: return "'protocol'";
    case Tok::KwExtend: return "'extend'";
    case Tok::KwWith: return "'with'";
    case Tok::KwAs: return "'as'";
    case Tok::KwTry: return "'try'";
    case Tok::KwCatch: return "'catch'";
    case Tok::KwThrow: return "'throw'";
    case Tok::KwMatch: return "'match'";
    case Tok::KwUnderscore: return "'_'";
    case Tok::KwFor: return "'for'";
    case Tok::KwUse: return "'use'";
    case Tok::KwTest: return "'test'";
    case Tok::KwLetonce: return "'letonce'";
    case Tok::KwDynamic: return "'dynamic'";
    case Tok::KwBinding: return "'binding'";
    case Tok::KwReset: return "'reset'";
    case Tok::KwShift: return "'shift'";
    case Tok::KwPerform: return "'perform'";
    case Tok::KwHandle: return "'handle'";
    case Tok::KwFuture: return "'future'";
    case Tok::Eof: return "end of file";
  }
  return "token";
}

bool is_reserved_word(Tok kind) { return kind >= Tok::KwFn && kind <= Tok::KwFuture; }

bool is_binary_operator(Tok kind) {
  switch (kind) {
    case Tok::Plus: case Tok::Minus: case Tok::Star: case Tok::Slash: case Tok::Percent:
    case Tok::PlusPlus: case Tok::EqEq: case Tok::BangEq: case Tok::Lt: case Tok::Le:
    case Tok::Gt: case Tok::Ge: case Tok::AmpAmp: case Tok::PipePipe: case Tok::Amp:
    case Tok::Pipe: case Tok::Caret: case Tok::Shl: case Tok::Shr: case Tok::UShr:
    case Tok::PipeGt: case Tok::PipeGtGt: case Tok::Assign:
      return true;
    default:
      return false;
  }
}

}  // namespace beagle::lang
