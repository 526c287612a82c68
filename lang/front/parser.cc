#include "lang/front/parser.h"

#include "lang/front/lexer.h"
#include "lang/front/parser_internal.h"

namespace beagle::lang {

Program parse_program(const SourceFile& file) { return Parser(tokenize(file.text())).program(); }

ExprPtr parse_expression(std::string_view text, SourcePos start) {
  return Parser(tokenize(text, start)).lone_expression();
}

ExprPtr parse_interpolated(std::string_view text, SourcePos start) {
  return Parser(tokenize(text, start), true).lone_expression();
}

ExprPtr make_expr(ExprKind kind, SourcePos pos) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

PatternPtr make_pattern(PatternKind kind, SourcePos pos) {
  auto p = std::make_unique<Pattern>();
  p->kind = kind;
  p->pos = pos;
  return p;
}

const char* binary_op_symbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Concat: return "++";
    case BinaryOp::Eq: return "==";
    case BinaryOp::NotEq: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::And: return "&&";
    case BinaryOp::Or: return "||";
    case BinaryOp::BitAnd: return "&";
    case BinaryOp::BitOr: return "|";
    case BinaryOp::BitXor: return "^";
    case BinaryOp::Shl: return "<<";
    case BinaryOp::Shr: return ">>";
    case BinaryOp::UShr: return ">>>";
  }
  return "?";
}

// ---------------------------------------------------------------- entry points

Program Parser::program() {
  Program program;
  while (true) {
    skip_separators();
    if (at(Tok::Eof)) return program;
    program.forms.push_back(form());
    expect_separator("the end of the file");
  }
}

ExprPtr Parser::lone_expression() {
  skip_newlines();
  if (at(Tok::Eof)) fail_here("expected an expression, found nothing");
  ExprPtr e = expression();
  skip_newlines();
  if (!at(Tok::Eof)) fail_here("expected the end of the expression, " + found());
  return e;
}

// ---------------------------------------------------------------- tokens

const Token& Parser::peek(size_t ahead) const {
  size_t i = at_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

Token Parser::take() {
  Token t = tokens_[at_];
  if (t.kind != Tok::Eof) at_++;
  return t;
}

bool Parser::accept(Tok kind) {
  if (!at(kind)) return false;
  take();
  return true;
}

Token Parser::expect(Tok kind, const char* context) {
  if (!at(kind)) fail_here(std::string("expected ") + token_name(kind) + " " + context + ", " + found());
  return take();
}

void Parser::skip_newlines() {
  while (at(Tok::Newline)) take();
}

void Parser::skip_separators() {
  while (at(Tok::Newline) || at(Tok::Semicolon)) take();
}

// Expressions are separated by a newline or ';'. After a '}' (the end of a
// block, struct or collection) the separator may be left out.
void Parser::expect_separator(const char* closer) {
  if (at(Tok::Newline) || at(Tok::Semicolon) || at(Tok::RBrace) || at(Tok::Eof)) return;
  if (at_ > 0 && tokens_[at_ - 1].kind == Tok::RBrace) return;
  fail_here(std::string("expected a new line or ';' before the next expression (or ") + closer + "), " + found());
}

Tok Parser::kind_after_newlines() const {
  size_t i = at_;
  while (tokens_[i].kind == Tok::Newline) i++;
  return tokens_[i].kind;
}

void Parser::fail(SourcePos pos, const std::string& message) { throw SyntaxError(pos, message); }

void Parser::fail_here(const std::string& message) const { fail(cur().pos, message); }

std::string Parser::found() const {
  const Token& t = cur();
  switch (t.kind) {
    case Tok::Ident: return "found identifier '" + t.text + "'";
    case Tok::Int: case Tok::Float: return "found number " + t.text;
    case Tok::String: return "found a string";
    case Tok::Keyword: return "found keyword :" + t.text;
    case Tok::Eof:
      if (interpolation_) return "found the end of the '${...}'";
      return "found end of file";
    default: return std::string("found ") + token_name(t.kind);
  }
}

bool reserved_word_allowed(Tok kind, NamePlace place) {
  bool c4 = kind == Tok::KwShift || kind == Tok::KwPerform || kind == Tok::KwHandle || kind == Tok::KwFuture;
  bool perform_handle_future = c4 && kind != Tok::KwShift;
  switch (place) {
    case NamePlace::AfterDot:
      return is_reserved_word(kind) && kind != Tok::KwNegInfinity && kind != Tok::KwReturn && kind != Tok::KwAs &&
             kind != Tok::KwUnderscore && kind != Tok::KwTest && kind != Tok::KwLetonce &&
             kind != Tok::KwDynamic && kind != Tok::KwBinding;
    case NamePlace::PathSegment: return kind == Tok::KwTest;
    case NamePlace::Field: return c4 || kind == Tok::KwReset;
    case NamePlace::Binding: return c4;
    case NamePlace::FieldPattern: case NamePlace::MethodName: return perform_handle_future;
    case NamePlace::FnName: return kind == Tok::KwHandle;
    case NamePlace::ExtendFnName: return perform_handle_future || kind == Tok::KwTest;
  }
  return false;
}

bool Parser::at_name(NamePlace place) const {
  return at(Tok::Ident) || reserved_word_allowed(cur().kind, place);
}

std::string Parser::name(NamePlace place, const std::string& what) {
  if (at_name(place)) return take().text;
  if (is_reserved_word(cur().kind)) {
    fail_here("expected " + what + ", found the reserved word " + token_name(cur().kind) + ", which cannot be a name here");
  }
  fail_here("expected " + what + ", " + found());
}

}  // namespace beagle::lang
