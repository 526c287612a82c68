// Top-level forms: namespace, use, struct, enum, protocol, extend, test.
#include "lang/front/parser_internal.h"

namespace beagle::lang {

Form Parser::form() {
  switch (cur().kind) {
    case Tok::KwNamespace: return namespace_form();
    case Tok::KwUse: return use_form();
    case Tok::KwStruct: return struct_form();
    case Tok::KwEnum: return enum_form();
    case Tok::KwProtocol: return protocol_form();
    case Tok::KwExtend: return extend_form();
    case Tok::KwTest: return test_form();
    default: {
      Form f;
      f.kind = FormKind::Expr;
      f.pos = cur().pos;
      f.expr = expression();
      return f;
    }
  }
}

// a.b.c — segments are identifiers (`beagle.__internal_test__`, `my.sub-module`)
// or `test` (`namespace test.gc.x`).
std::string Parser::dotted_name(const char* context) {
  std::string dotted = name(NamePlace::PathSegment, std::string("a namespace name ") + context);
  while (at(Tok::Dot)) {
    take();
    dotted += "." + name(NamePlace::PathSegment, "a name segment after '.' in '" + dotted + ".'");
  }
  return dotted;
}

Form Parser::namespace_form() {
  Form f;
  f.kind = FormKind::Namespace;
  f.pos = take().pos;
  f.name = dotted_name("after 'namespace'");
  return f;
}

Form Parser::use_form() {
  Form f;
  f.kind = FormKind::Use;
  f.pos = take().pos;
  f.name = dotted_name("after 'use'");
  expect(Tok::KwAs, "after the namespace name in 'use' (write use a.b as alias)");
  SourcePos alias_pos = cur().pos;
  f.alias = name(NamePlace::PathSegment, "an alias after 'as'");
  if (f.alias.find('/') != std::string::npos) fail(alias_pos, "an alias cannot contain '/': '" + f.alias + "'");
  return f;
}

// Fields and variants are separated by ',' or newlines, never ';'.
void Parser::skip_decl_separators() {
  while (at(Tok::Newline) || at(Tok::Comma)) take();
}

std::vector<FieldDecl> Parser::field_decls(const char* context) {
  Token open = expect(Tok::LBrace, context);
  std::vector<FieldDecl> fields;
  while (true) {
    skip_decl_separators();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated field list: expected '}' to match this '{'");
    FieldDecl field;
    field.pos = cur().pos;
    field.is_mutable = accept(Tok::KwMut);
    field.name = name(NamePlace::Field, "a field name");
    for (const FieldDecl& other : fields) {
      if (other.name == field.name) fail(field.pos, "duplicate field '" + field.name + "'");
    }
    if (accept(Tok::Colon)) {
      skip_newlines();
      field.default_value = expression();
    }
    if (!at(Tok::Comma) && !at(Tok::Newline) && !at(Tok::RBrace)) {
      fail_here("expected ',', a new line or '}' after field '" + field.name + "', " + found());
    }
    fields.push_back(std::move(field));
  }
  take();
  return fields;
}

Form Parser::struct_form() {
  Form f;
  f.kind = FormKind::Struct;
  f.pos = take().pos;
  if (!at(Tok::Ident)) fail_here("expected a struct name after 'struct', " + found());
  f.name = take().text;
  f.fields = field_decls("to open the fields of the struct");
  return f;
}

Form Parser::enum_form() {
  Form f;
  f.kind = FormKind::Enum;
  f.pos = take().pos;
  if (!at(Tok::Ident)) fail_here("expected an enum name after 'enum', " + found());
  f.name = take().text;
  Token open = expect(Tok::LBrace, "to open the variants of the enum");
  while (true) {
    skip_decl_separators();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated enum: expected '}' to match this '{'");
    VariantDecl variant;
    variant.pos = cur().pos;
    if (!at(Tok::Ident)) fail_here("expected a variant name, " + found());
    variant.name = take().text;
    for (const VariantDecl& other : f.variants) {
      if (other.name == variant.name) fail(variant.pos, "duplicate variant '" + variant.name + "'");
    }
    if (at(Tok::LBrace)) {
      variant.has_fields = true;
      variant.fields = field_decls("to open the fields of the variant");
    }
    if (!at(Tok::Comma) && !at(Tok::Newline) && !at(Tok::RBrace)) {
      fail_here("expected ',', a new line or '}' after variant '" + variant.name + "', " + found());
    }
    f.variants.push_back(std::move(variant));
  }
  take();
  return f;
}

Form Parser::protocol_form() {
  Form f;
  f.kind = FormKind::Protocol;
  f.pos = take().pos;
  if (!at(Tok::Ident)) fail_here("expected a protocol name after 'protocol', " + found());
  f.name = take().text;
  Token open = expect(Tok::LBrace, "to open the protocol body");
  while (true) {
    skip_decl_separators();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated protocol: expected '}' to match this '{'");
    f.methods.push_back(protocol_method());
  }
  take();
  return f;
}

// fn name(params) [default body]   or   fn name { (params) [=> body], ... }
ProtocolMethod Parser::protocol_method() {
  ProtocolMethod m;
  m.pos = expect(Tok::KwFn, "to start a protocol method").pos;
  m.name = name(NamePlace::MethodName, "a method name after 'fn'");
  if (at(Tok::LParen)) {
    FnCase c = fn_case_params();
    c.has_body = at(Tok::LBrace);
    if (c.has_body) c.body = block("to open the default body");
    m.cases.push_back(std::move(c));
    return m;
  }
  m.multi_arity = true;
  Token open = expect(Tok::LBrace, "or '(' after the method name");
  while (true) {
    skip_decl_separators();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated method: expected '}' to match this '{'");
    FnCase c = fn_case_params();
    c.has_body = accept(Tok::FatArrow);
    if (c.has_body) {
      skip_newlines();
      c.body = arm_body("to open the body of the arity case");
    }
    m.cases.push_back(std::move(c));
  }
  take();
  return m;
}

Form Parser::extend_form() {
  Form f;
  f.kind = FormKind::Extend;
  f.pos = take().pos;
  if (!at(Tok::Ident)) fail_here("expected a type name after 'extend', " + found());
  f.name = take().text;
  expect(Tok::KwWith, "after the type name in 'extend' (write extend Type with Protocol { ... })");
  if (!at(Tok::Ident)) fail_here("expected a protocol name after 'with', " + found());
  f.alias = take().text;
  Token open = expect(Tok::LBrace, "to open the implementations");
  while (true) {
    while (at(Tok::Newline) || at(Tok::Semicolon) || at(Tok::Comma)) take();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated extend: expected '}' to match this '{'");
    if (!at(Tok::KwFn)) fail_here("expected a method implementation 'fn name(params) { ... }', " + found());
    const Token& method = peek(1);
    if (is_reserved_word(method.kind) && !reserved_word_allowed(method.kind, NamePlace::ExtendFnName)) {
      fail(method.pos, std::string(token_name(method.kind)) + " is a reserved word and cannot name a method implementation");
    }
    if (method.kind != Tok::Ident && !is_reserved_word(method.kind)) {
      fail(method.pos, "a method implementation needs the method's name: 'fn name(params) { ... }'");
    }
    f.functions.push_back(fn_expression(NamePlace::ExtendFnName));
  }
  take();
  return f;
}

Form Parser::test_form() {
  Form f;
  f.kind = FormKind::Test;
  f.pos = take().pos;
  if (!at(Tok::String)) fail_here("expected the test's description string after 'test', " + found());
  Token name = take();
  if (name.parts.size() != 1 || name.parts[0].is_expr) fail(name.pos, "a test description cannot be interpolated");
  f.name = name.parts[0].text;
  f.body = block("to open the test body");
  return f;
}

}  // namespace beagle::lang
