// Function literals and patterns.
#include <cctype>

#include "lang/front/parser_internal.h"

namespace beagle::lang {

// fn [name] (params) { body }   or   fn [name] { (params) => body ... }
// `name_place` says which reserved words may be the name (§2.7).
ExprPtr Parser::fn_expression(NamePlace name_place) {
  ExprPtr e = make_expr(ExprKind::Fn, take().pos);
  if (at_name(name_place)) {
    if (cur().text.find('/') != std::string::npos) fail_here("a function name cannot contain '/': '" + cur().text + "'");
    e->text = take().text;
  } else if (is_reserved_word(cur().kind)) {
    fail_here(std::string(token_name(cur().kind)) + " is a reserved word and cannot name a function");
  }
  if (at(Tok::LParen)) {
    FnCase c = fn_case_params();
    c.body = block("to open the function body");
    e->cases.push_back(std::move(c));
  } else if (at(Tok::LBrace)) {
    multi_arity_cases(e);
  } else {
    fail_here("expected '(' for the parameters or '{' for arity cases after 'fn" +
              (e->text.empty() ? std::string() : " " + e->text) + "', " + found());
  }
  return e;
}

// `(a, [b, c], ...rest)`
FnCase Parser::fn_case_params() {
  FnCase c;
  c.pos = cur().pos;
  expect(Tok::LParen, "to open the parameter list");
  skip_newlines();
  while (!at(Tok::RParen)) {
    if (c.rest) fail_here("the rest parameter '..." + *c.rest + "' must be the last parameter");
    if (accept(Tok::Ellipsis)) {
      c.rest = name(NamePlace::Binding, "a name after '...' in the parameter list");
    } else {
      c.params.push_back(pattern(false));
    }
    skip_newlines();
    if (!accept(Tok::Comma)) break;
    skip_newlines();
  }
  expect(Tok::RParen, "to close the parameter list");
  return c;
}

void Parser::multi_arity_cases(ExprPtr& fn) {
  fn->bool_value = true;
  Token open = expect(Tok::LBrace, "to open the arity cases");
  while (true) {
    while (at(Tok::Newline) || at(Tok::Comma)) take();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated multi-arity function: expected '}' to match this '{'");
    if (!at(Tok::LParen)) fail_here("expected an arity case '(params) => body', " + found());
    FnCase c = fn_case_params();
    expect(Tok::FatArrow, "after the parameters of an arity case");
    skip_newlines();
    c.body = arm_body("to open the body of the arity case");
    fn->cases.push_back(std::move(c));
  }
  take();
  if (fn->cases.empty()) fail(open.pos, "a multi-arity function needs at least one case '(params) => body'");
}

// Patterns of `let`, parameters (in_match = false) and match arms (§4.16).
// Literals are allowed in match arms and in the sub-patterns of struct fields.
PatternPtr Parser::pattern(bool in_match, bool allow_literal) {
  const Token& t = cur();
  SourcePos pos = t.pos;
  if (!in_match && reserved_word_allowed(t.kind, NamePlace::Binding)) return bind_pattern(take());
  switch (t.kind) {
    case Tok::KwUnderscore:
      take();
      return make_pattern(PatternKind::Wildcard, pos);
    case Tok::LBracket: return vector_pattern(in_match);
    case Tok::LBrace: return map_pattern();
    case Tok::Ident: {
      std::string name = take().text;
      bool dotted = false;
      while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
        take();
        name += "." + take().text;
        dotted = true;
      }
      if (at(Tok::LBrace) || dotted) return struct_pattern(pos, std::move(name), in_match);
      if (name.find('/') != std::string::npos) fail(pos, "cannot bind the qualified name '" + name + "'");
      PatternPtr p = make_pattern(PatternKind::Bind, pos);
      p->name = std::move(name);
      return p;
    }
    default: break;
  }
  bool literal = t.kind == Tok::Int || t.kind == Tok::String || t.kind == Tok::KwTrue ||
                 t.kind == Tok::KwFalse || t.kind == Tok::KwNull ||
                 (t.kind == Tok::Minus && peek(1).kind == Tok::Int);
  if (!literal) fail_here("expected a pattern, " + found());
  if (!allow_literal) fail_here("a literal pattern is only allowed in a match arm, " + found());
  PatternPtr p = make_pattern(PatternKind::Literal, pos);
  const Token& number = t.kind == Tok::Minus ? peek(1) : t;
  if (number.kind == Tok::Int && number.text.size() > 1 && number.text[0] == '0' &&
      std::isalpha(static_cast<unsigned char>(number.text[1]))) {
    fail(number.pos, "integer patterns must be decimal, found " + number.text);
  }
  if (accept(Tok::Minus)) {
    p->literal = make_expr(ExprKind::Int, pos);
    p->literal->int_value = -take().int_value;
  } else if (at(Tok::Int)) {
    p->literal = make_expr(ExprKind::Int, pos);
    p->literal->int_value = take().int_value;
  } else if (at(Tok::String)) {
    p->literal = make_expr(ExprKind::String, pos);
    p->literal->text = take().raw;  // string patterns are not escape-processed
  } else if (at(Tok::KwNull)) {
    take();
    p->literal = make_expr(ExprKind::Null, pos);
  } else {
    p->literal = make_expr(ExprKind::Bool, pos);
    p->literal->bool_value = take().kind == Tok::KwTrue;
  }
  return p;
}

PatternPtr Parser::bind_pattern(const Token& name) {
  PatternPtr p = make_pattern(PatternKind::Bind, name.pos);
  p->name = name.text;
  return p;
}

// `[a, b, ...rest]`
PatternPtr Parser::vector_pattern(bool in_match) {
  PatternPtr p = make_pattern(PatternKind::Vector, take().pos);
  skip_newlines();
  while (!at(Tok::RBracket)) {
    if (p->rest) fail_here("the rest pattern must be the last element of a vector pattern");
    if (accept(Tok::Ellipsis)) {
      p->rest = pattern(in_match);
    } else {
      p->elements.push_back(pattern(in_match));
    }
    skip_newlines();
    if (!accept(Tok::Comma)) break;
    skip_newlines();
  }
  expect(Tok::RBracket, "to close the vector pattern");
  return p;
}

// `{ name, age: a, "k": v }` — keys are keyword names or strings; each binds a
// plain name or `_`.
PatternPtr Parser::map_pattern() {
  PatternPtr p = make_pattern(PatternKind::Map, take().pos);
  while (true) {
    while (at(Tok::Newline) || at(Tok::Comma)) take();
    if (at(Tok::RBrace)) break;
    MapPatternEntry entry;
    entry.pos = cur().pos;
    if (at(Tok::String)) {
      entry.key_is_string = true;
      entry.key = take().parts[0].text;
      expect(Tok::Colon, "after a string key in a map pattern (\"key\": name)");
    } else if (at(Tok::Ident)) {
      entry.key = take().text;
      entry.binding = entry.key;
      if (!accept(Tok::Colon)) {
        p->entries.push_back(std::move(entry));
        continue;
      }
    } else {
      fail_here("expected a key (name or string) in the map pattern, " + found());
    }
    if (at(Tok::Ident)) entry.binding = take().text;
    else if (accept(Tok::KwUnderscore)) entry.binding = "_";
    else fail_here("expected a variable name or '_' after ':' in the map pattern, " + found());
    p->entries.push_back(std::move(entry));
  }
  take();
  return p;
}

// `Point { x, y: py, z: 0 }`, `Shape.circle { r }`, `Shape.none`
PatternPtr Parser::struct_pattern(SourcePos pos, std::string type_path, bool in_match) {
  PatternPtr p = make_pattern(PatternKind::Struct, pos);
  p->name = std::move(type_path);
  if (!at(Tok::LBrace)) return p;
  p->has_braces = true;
  take();
  while (true) {
    while (at(Tok::Newline) || at(Tok::Comma)) take();
    if (at(Tok::RBrace)) break;
    FieldPattern field;
    field.pos = cur().pos;
    field.field = name(NamePlace::FieldPattern, "a field name in the struct pattern");
    if (accept(Tok::Colon)) {
      skip_newlines();
      bool rename = reserved_word_allowed(cur().kind, NamePlace::FieldPattern);
      field.pattern = rename ? bind_pattern(take()) : pattern(in_match, true);  // sub-patterns may be literals
    }
    p->fields.push_back(std::move(field));
  }
  take();
  return p;
}

}  // namespace beagle::lang
