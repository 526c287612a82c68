// Blocks, bindings and control flow.
#include "lang/front/parser_internal.h"

namespace beagle::lang {

// `{ expr (newline | ';')* ... }`; the value is the last expression.
ExprList Parser::block(const char* context) {
  Token open = expect(Tok::LBrace, context);
  ExprList body;
  while (true) {
    skip_separators();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated block: expected '}' to match this '{'");
    body.push_back(expression());
    expect_separator("'}'");
  }
  take();
  return body;
}

ExprPtr Parser::let_expression() {
  ExprPtr e = make_expr(ExprKind::Let, take().pos);
  e->bool_value = accept(Tok::KwMut);
  if (e->bool_value && !at_name(NamePlace::Binding)) {
    fail_here("'let mut' needs a plain variable name (no destructuring), " + found());
  }
  e->pattern = pattern(false);
  expect(Tok::Assign, "after the name in 'let'");
  skip_newlines();
  e->left = expression();
  return e;
}

ExprPtr Parser::if_expression() {
  ExprPtr e = make_expr(ExprKind::If, take().pos);
  ExprContext head;
  head.no_struct = true;
  e->left = expression(head);
  e->body = block("to open the body of 'if'");
  if (kind_after_newlines() == Tok::KwElse) {
    skip_newlines();
    take();
    e->has_else = true;
    if (at(Tok::KwIf)) {
      e->else_body.push_back(if_expression());
    } else {
      e->else_body = block("after 'else'");
    }
  }
  return e;
}

ExprPtr Parser::while_expression() {
  ExprPtr e = make_expr(ExprKind::While, take().pos);
  ExprContext head;
  head.no_struct = true;
  e->left = expression(head);
  e->body = block("to open the body of 'while'");
  return e;
}

ExprPtr Parser::loop_expression() {
  ExprPtr e = make_expr(ExprKind::Loop, take().pos);
  e->body = block("to open the body of 'loop'");
  return e;
}

ExprPtr Parser::for_expression() {
  ExprPtr e = make_expr(ExprKind::For, take().pos);
  if (!at(Tok::Ident)) fail_here("expected a loop variable after 'for' (a plain name), " + found());
  e->text = take().text;
  if (!at(Tok::Ident) || cur().text != "in") fail_here("expected 'in' after the loop variable, " + found());
  take();
  ExprContext head;
  head.no_struct = true;
  e->left = expression(head);
  e->body = block("to open the body of 'for'");
  return e;
}

ExprPtr Parser::match_expression() {
  ExprPtr e = make_expr(ExprKind::Match, take().pos);
  ExprContext head;
  head.no_struct = !struct_literal_follows_scrutinee();
  e->left = expression(head);
  Token open = expect(Tok::LBrace, "to open the arms of 'match'");
  while (true) {
    while (at(Tok::Newline) || at(Tok::Comma)) take();
    if (at(Tok::RBrace)) break;
    if (at(Tok::Eof)) fail(open.pos, "unterminated match: expected '}' to match this '{'");
    MatchArm arm;
    arm.pos = cur().pos;
    arm.pattern = pattern(true);
    expect(Tok::FatArrow, "after the pattern of a match arm");
    skip_newlines();
    arm.body = arm_body("to open the body of the match arm");
    e->arms.push_back(std::move(arm));
  }
  take();
  return e;
}

// A match arm or arity case body: a block, or one expression in which struct
// literals are not recognised.
ExprList Parser::arm_body(const char* context) {
  if (at(Tok::LBrace)) return block(context);
  ExprContext ctx;
  ctx.no_struct = true;
  ExprList body;
  body.push_back(expression(ctx));
  return body;
}

ExprPtr Parser::try_expression() {
  ExprPtr e = make_expr(ExprKind::Try, take().pos);
  e->body = block("to open the body of 'try'");
  skip_newlines();
  expect(Tok::KwCatch, "after the body of 'try'");
  expect(Tok::LParen, "after 'catch'");
  if (!at(Tok::Ident)) fail_here("expected the name of the caught value in 'catch (name)', " + found());
  e->text = take().text;
  expect(Tok::RParen, "after the name in 'catch (name'");
  e->else_body = block("to open the body of 'catch'");
  return e;
}

ExprPtr Parser::throw_expression() {
  ExprPtr e = make_expr(ExprKind::Throw, take().pos);
  expect(Tok::LParen, "after 'throw' (write throw(value))");
  skip_newlines();
  ExprContext ctx;
  ctx.no_struct = true;
  e->left = expression(ctx);
  skip_newlines();
  expect(Tok::RParen, "to close 'throw(' (a struct literal must be wrapped: throw((S { .. })))");
  return e;
}

// break(v) / break(), continue(), return(v) / return()
ExprPtr Parser::jump_expression() {
  Token keyword = take();
  ExprKind kind = keyword.kind == Tok::KwBreak ? ExprKind::Break
                  : keyword.kind == Tok::KwContinue ? ExprKind::Continue
                                                     : ExprKind::Return;
  ExprPtr e = make_expr(kind, keyword.pos);
  if (!at(Tok::LParen)) {
    fail_here(std::string("expected '(' after ") + token_name(keyword.kind) + " (write " + keyword.text +
              (kind == ExprKind::Continue ? "()" : "() or " + keyword.text + "(value)") + "), " + found());
  }
  take();
  skip_newlines();
  if (!at(Tok::RParen)) {
    if (kind == ExprKind::Continue) fail_here("'continue' takes no value: write continue()");
    e->left = expression();
    skip_newlines();
  }
  expect(Tok::RParen, "to close the parenthesis");
  return e;
}

}  // namespace beagle::lang
