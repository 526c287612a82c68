// Expressions: operators by precedence climbing, postfix chains, literals.
#include <cctype>

#include "lang/front/lexer.h"
#include "lang/front/parser.h"
#include "lang/front/parser_internal.h"

namespace beagle::lang {
namespace {

struct OperatorInfo {
  int precedence;  // 0: not a binary operator
  bool right_assoc;
};

// LANGUAGE.md §3.3. Bitwise operators bind tighter than arithmetic.
OperatorInfo operator_info(Tok kind) {
  switch (kind) {
    case Tok::Assign: return {1, true};
    case Tok::PipeGt: case Tok::PipeGtGt: return {5, false};
    case Tok::PipePipe: return {10, false};
    case Tok::AmpAmp: return {20, false};
    case Tok::EqEq: case Tok::BangEq: case Tok::Lt: case Tok::Le: case Tok::Gt: case Tok::Ge:
      return {30, false};
    case Tok::Plus: case Tok::Minus: case Tok::PlusPlus: return {40, false};
    case Tok::Star: case Tok::Slash: case Tok::Percent: return {50, false};
    case Tok::Pipe: return {60, false};
    case Tok::Caret: return {70, false};
    case Tok::Amp: return {80, false};
    case Tok::Shl: case Tok::Shr: case Tok::UShr: return {90, false};
    default: return {0, false};
  }
}

BinaryOp binary_op_for(Tok kind) {
  switch (kind) {
    case Tok::Plus: return BinaryOp::Add;
    case Tok::Minus: return BinaryOp::Sub;
    case Tok::Star: return BinaryOp::Mul;
    case Tok::Slash: return BinaryOp::Div;
    case Tok::Percent: return BinaryOp::Mod;
    case Tok::PlusPlus: return BinaryOp::Concat;
    case Tok::EqEq: return BinaryOp::Eq;
    case Tok::BangEq: return BinaryOp::NotEq;
    case Tok::Lt: return BinaryOp::Lt;
    case Tok::Le: return BinaryOp::Le;
    case Tok::Gt: return BinaryOp::Gt;
    case Tok::Ge: return BinaryOp::Ge;
    case Tok::AmpAmp: return BinaryOp::And;
    case Tok::PipePipe: return BinaryOp::Or;
    case Tok::Amp: return BinaryOp::BitAnd;
    case Tok::Pipe: return BinaryOp::BitOr;
    case Tok::Caret: return BinaryOp::BitXor;
    case Tok::Shl: return BinaryOp::Shl;
    case Tok::Shr: return BinaryOp::Shr;
    default: return BinaryOp::UShr;
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

ExprPtr int_literal(int64_t value, SourcePos pos) {
  ExprPtr e = make_expr(ExprKind::Int, pos);
  e->int_value = value;
  return e;
}

}  // namespace

ExprPtr Parser::expression(ExprContext ctx) { return binary(1, ctx); }

ExprPtr Parser::binary(int min_precedence, ExprContext ctx) {
  ExprPtr left = prefix(ctx);
  while (true) {
    // A line that starts with a binary operator continues the expression (§3.2).
    Tok next = at(Tok::Newline) ? kind_after_newlines() : cur().kind;
    OperatorInfo info = operator_info(next);
    if (info.precedence == 0 || info.precedence < min_precedence) return left;
    skip_newlines();
    Token op = take();
    skip_newlines();
    int next_min = info.right_assoc ? info.precedence : info.precedence + 1;
    ExprPtr right = binary(next_min, ctx);
    left = combine_binary(op, std::move(left), std::move(right));
  }
}

ExprPtr Parser::combine_binary(const Token& op, ExprPtr left, ExprPtr right) {
  if (op.kind == Tok::PipeGt || op.kind == Tok::PipeGtGt) return pipe(op, std::move(left), std::move(right));
  if (op.kind == Tok::Assign) {
    if (left->kind != ExprKind::Name && left->kind != ExprKind::Property) {
      fail(left->pos, "cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)");
    }
    if (left->kind == ExprKind::Name && left->text.find('/') != std::string::npos) {
      fail(left->pos, "cannot assign to '" + left->text + "': top-level bindings are immutable");
    }
    ExprPtr e = make_expr(ExprKind::Assign, left->pos);
    e->left = std::move(left);
    e->right = std::move(right);
    return e;
  }
  ExprPtr e = make_expr(ExprKind::Binary, left->pos);
  e->binary_op = binary_op_for(op.kind);
  e->left = std::move(left);
  e->right = std::move(right);
  return e;
}

// `x |> f(a)` is `f(x, a)`; `x |>> f(a)` is `f(a, x)`.
ExprPtr Parser::pipe(const Token& op, ExprPtr left, ExprPtr right) {
  bool is_name = right->kind == ExprKind::Name;
  bool is_call_of_name = right->kind == ExprKind::Call && right->left->kind == ExprKind::Name;
  if (!is_name && !is_call_of_name) {
    fail(right->pos, std::string("the right side of '") + op.text + "' must be a function name or a call of one, like f or f(a)");
  }
  ExprPtr call;
  if (is_name) {
    call = make_expr(ExprKind::Call, right->pos);
    call->left = std::move(right);
  } else {
    call = std::move(right);
  }
  call->bool_value = true;
  if (op.kind == Tok::PipeGt) {
    call->items.insert(call->items.begin(), std::move(left));
  } else {
    call->items.push_back(std::move(left));
  }
  return call;
}

ExprPtr Parser::prefix(ExprContext ctx) {
  if (at(Tok::Bang) || at(Tok::Minus)) {
    if (++depth_ > kMaxNesting) fail_here("expressions nested more than " + std::to_string(kMaxNesting) + " deep");
    Token op = take();
    ExprContext operand_ctx;
    operand_ctx.no_struct = true;  // no struct literal right after prefix ! or - (§3.4)
    ExprPtr e = make_expr(ExprKind::Unary, op.pos);
    e->unary_op = op.kind == Tok::Bang ? UnaryOp::Not : UnaryOp::Negate;
    e->left = prefix(operand_ctx);
    depth_--;
    return e;
  }
  return postfix(ctx);
}

ExprPtr Parser::postfix(ExprContext ctx) {
  ExprPtr e = primary(ctx);
  while (true) {
    if (at(Tok::Dot)) {
      take();
      SourcePos pos = e->pos;
      std::string name = this->name(NamePlace::AfterDot, "a name after '.'");
      if (at(Tok::LBrace) && !ctx.no_struct && e->kind == ExprKind::Name) {
        e->text += "." + name;  // Enum.variant { ... }
        e = struct_literal(std::move(e));
        continue;
      }
      ExprPtr property = make_expr(ExprKind::Property, pos);
      property->left = std::move(e);
      property->text = std::move(name);
      e = std::move(property);
    } else if (at(Tok::LBracket)) {
      take();
      SourcePos pos = e->pos;
      skip_newlines();
      ExprPtr index = make_expr(ExprKind::Index, pos);
      index->left = std::move(e);
      index->right = expression();
      skip_newlines();
      expect(Tok::RBracket, "to close the index");
      e = std::move(index);
    } else if (at(Tok::LParen) && !(ctx.map_value && cur().space_before)) {
      ExprPtr call = make_expr(ExprKind::Call, e->pos);
      call->left = std::move(e);
      call->items = call_arguments("to close the argument list");
      e = std::move(call);
    } else if (at(Tok::LBrace) && !ctx.no_struct && e->kind == ExprKind::Name) {
      e = struct_literal(std::move(e));
    } else {
      return e;
    }
  }
}

ExprList Parser::call_arguments(const char* context) {
  expect(Tok::LParen, "to open the argument list");
  ExprList args;
  skip_newlines();
  while (!at(Tok::RParen)) {
    args.push_back(expression());
    skip_newlines();
    if (!accept(Tok::Comma)) break;
    skip_newlines();
  }
  expect(Tok::RParen, context);
  return args;
}

// Deeply nested input (thousands of '(' or '[') must end in an error, not in
// a stack overflow of the recursive descent: every nesting passes here.
ExprPtr Parser::primary(ExprContext ctx) {
  if (depth_ >= kMaxNesting) fail_here("expressions nested more than " + std::to_string(kMaxNesting) + " deep");
  depth_++;
  ExprPtr e = primary_inner(ctx);
  depth_--;
  return e;
}

ExprPtr Parser::primary_inner(ExprContext ctx) {
  const Token& t = cur();
  ExprPtr e;
  switch (t.kind) {
    case Tok::Int:
      e = int_literal(t.int_value, t.pos);
      take();
      return e;
    case Tok::Float: case Tok::KwInfinity: case Tok::KwNegInfinity:
      e = make_expr(ExprKind::Float, t.pos);
      e->float_value = t.float_value;
      take();
      return e;
    case Tok::String: return string_literal(take());
    case Tok::Keyword:
      e = make_expr(ExprKind::Keyword, t.pos);
      e->text = t.text;
      take();
      return e;
    case Tok::KwTrue: case Tok::KwFalse:
      e = make_expr(ExprKind::Bool, t.pos);
      e->bool_value = t.kind == Tok::KwTrue;
      take();
      return e;
    case Tok::KwNull:
      take();
      return make_expr(ExprKind::Null, t.pos);
    case Tok::Ident: return name_or_division(take());
    case Tok::LParen: {
      take();
      skip_newlines();
      e = expression();
      skip_newlines();
      expect(Tok::RParen, "to close the parenthesis");
      return e;
    }
    case Tok::LBracket: return vector_literal();
    case Tok::LBrace: return map_literal();
    case Tok::HashBrace: return set_literal();
    case Tok::KwFn: return fn_expression();
    case Tok::KwLet: return let_expression();
    case Tok::KwIf: return if_expression();
    case Tok::KwWhile: return while_expression();
    case Tok::KwLoop: return loop_expression();
    case Tok::KwFor: return for_expression();
    case Tok::KwMatch: return match_expression();
    case Tok::KwTry: return try_expression();
    case Tok::KwThrow: return throw_expression();
    case Tok::KwBreak: case Tok::KwContinue: case Tok::KwReturn: return jump_expression();
    case Tok::KwShift: case Tok::KwPerform: case Tok::KwHandle: case Tok::KwFuture:
      if (starts_effect_form(ctx)) fail_here(std::string(token_name(t.kind)) + " is reserved but not part of Beagle's core subset");
      return name_or_division(take());
    case Tok::KwLetonce: case Tok::KwDynamic: case Tok::KwBinding: case Tok::KwReset:
      fail_here(std::string(token_name(t.kind)) + " is reserved but not part of Beagle's core subset");
    default:
      if (is_reserved_word(t.kind)) fail_here(std::string("unexpected reserved word ") + token_name(t.kind));
      fail_here("expected an expression, " + found());
  }
}

// In expression position `shift`, `future`, `handle` and `perform` are
// variables unless what follows on the line starts their form (§2.7):
// `shift(` / `future(`, `handle NAME`, and `perform` followed by a name, '(',
// '[', '{', a number, a plain string, true, false or null in an ordinary
// expression position (§3.4).
bool Parser::starts_effect_form(ExprContext ctx) const {
  const Token& next = peek(1);
  switch (cur().kind) {
    case Tok::KwShift: case Tok::KwFuture: return next.kind == Tok::LParen;
    case Tok::KwHandle: return next.kind == Tok::Ident;
    default: break;
  }
  if (ctx.no_struct) return false;
  switch (next.kind) {
    case Tok::Ident: case Tok::LParen: case Tok::LBracket: case Tok::LBrace: case Tok::Int: case Tok::Float:
    case Tok::KwTrue: case Tok::KwFalse: case Tok::KwNull:
      return true;
    case Tok::String: return next.parts.size() <= 1 && (next.parts.empty() || !next.parts[0].is_expr);
    default: return false;
  }
}

// `ns/name` is a qualified name; `a/b/c` and `total/2` are divisions (§2.5).
ExprPtr Parser::name_or_division(const Token& token) {
  std::vector<std::string_view> segments;
  std::string_view text = token.text;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    segments.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (std::string_view s : segments) {
    if (s.empty()) fail(token.pos, "unexpected '/' in '" + token.text + "' (a comment needs a space before '//')");
  }
  bool qualified = segments.size() == 2 && !all_digits(segments[0]) && !all_digits(segments[1]);
  if (segments.size() == 1 || qualified) {
    ExprPtr e = make_expr(ExprKind::Name, token.pos);
    e->text = token.text;
    return e;
  }
  auto operand = [&](std::string_view s) {
    if (all_digits(s)) {
      Token digits = tokenize(s, token.pos)[0];
      return int_literal(digits.int_value, token.pos);
    }
    ExprPtr name = make_expr(ExprKind::Name, token.pos);
    name->text = std::string(s);
    return name;
  };
  ExprPtr e = operand(segments[0]);
  for (size_t i = 1; i < segments.size(); i++) {
    ExprPtr div = make_expr(ExprKind::Binary, token.pos);
    div->binary_op = BinaryOp::Div;
    div->left = std::move(e);
    div->right = operand(segments[i]);
    e = std::move(div);
  }
  return e;
}

ExprPtr Parser::string_literal(const Token& token) {
  if (token.parts.size() == 1 && !token.parts[0].is_expr) {
    ExprPtr e = make_expr(ExprKind::String, token.pos);
    e->text = token.parts[0].text;
    return e;
  }
  ExprPtr e = make_expr(ExprKind::Interpolation, token.pos);
  for (const StringPart& part : token.parts) {
    if (part.is_expr) {
      bool blank = part.text.find_first_not_of(" \t\r\n") == std::string::npos;
      if (blank) fail(part.pos, "empty '${}' in string literal");
      e->items.push_back(parse_interpolated(part.text, part.pos));
    } else {
      ExprPtr text = make_expr(ExprKind::String, part.pos);
      text->text = part.text;
      e->items.push_back(std::move(text));
    }
  }
  return e;
}

ExprPtr Parser::vector_literal() {
  ExprPtr e = make_expr(ExprKind::Vector, take().pos);
  skip_newlines();
  while (!at(Tok::RBracket)) {
    e->items.push_back(expression());
    skip_newlines();
    if (!accept(Tok::Comma)) break;
    skip_newlines();
  }
  expect(Tok::RBracket, "to close the vector");
  return e;
}

// `{k v, k v}`: keys are primaries without postfix operators; pairs are
// separated by optional commas.
ExprPtr Parser::map_literal() {
  ExprPtr e = make_expr(ExprKind::Map, take().pos);
  skip_newlines();
  while (!at(Tok::RBrace)) {
    if (at(Tok::Eof)) fail(e->pos, "unterminated map literal: expected '}'");
    e->items.push_back(primary({}));
    skip_newlines();
    if (at(Tok::RBrace) || at(Tok::Comma)) fail_here("map literal key without a value: expected a value after the key");
    ExprContext value_ctx;
    value_ctx.map_value = true;
    e->items.push_back(expression(value_ctx));
    skip_newlines();
    accept(Tok::Comma);
    skip_newlines();
  }
  take();
  return e;
}

ExprPtr Parser::set_literal() {
  ExprPtr e = make_expr(ExprKind::Set, take().pos);
  skip_newlines();
  while (!at(Tok::RBrace)) {
    if (at(Tok::Eof)) fail(e->pos, "unterminated set literal: expected '}'");
    e->items.push_back(expression());
    skip_newlines();
    accept(Tok::Comma);
    skip_newlines();
  }
  take();
  return e;
}

// `Type { field: value, shorthand, ...spread }` with `,` or newlines between.
ExprPtr Parser::struct_literal(ExprPtr type_name) {
  ExprPtr e = make_expr(ExprKind::StructLit, type_name->pos);
  e->text = type_name->text;
  expect(Tok::LBrace, "to open the struct literal");
  while (true) {
    while (at(Tok::Newline) || at(Tok::Comma)) take();
    if (at(Tok::RBrace)) break;
    FieldInit init;
    init.pos = cur().pos;
    if (accept(Tok::Ellipsis)) {
      init.spread = true;
      init.value = expression();
    } else {
      init.field = name(NamePlace::Field, "a field name in the struct literal");
      if (accept(Tok::Colon)) {
        skip_newlines();
        init.value = expression();
      }
    }
    e->inits.push_back(std::move(init));
    if (at(Tok::Keyword)) {
      const std::string& field = e->inits.back().field;
      fail_here("expected ':' and a value after field '" + field + "', found keyword :" + cur().text +
                " (a ':' right before a value starts a keyword: write '" + field + ": " + cur().text + "')");
    }
    if (!at(Tok::Comma) && !at(Tok::Newline) && !at(Tok::RBrace)) {
      fail_here("expected ',' or '}' after a field of the struct literal, " + found());
    }
  }
  take();
  return e;
}

// A `match` scrutinee may be a struct literal when the arms' '{' follows it
// on the same line: `match Point { x: 1 } { ... }`. The braces after the name
// must look like field initialisers, not like match arms.
bool Parser::struct_literal_follows_scrutinee() const {
  size_t i = at_;
  if (tokens_[i].kind != Tok::Ident) return false;
  i++;
  while (tokens_[i].kind == Tok::Dot && tokens_[i + 1].kind == Tok::Ident) i += 2;
  if (tokens_[i].kind != Tok::LBrace) return false;
  size_t first = i + 1;
  while (tokens_[first].kind == Tok::Newline) first++;
  if (tokens_[first].kind == Tok::Eof) return false;
  Tok after_first = tokens_[first + 1].kind;
  bool field_name = tokens_[first].kind == Tok::Ident || reserved_word_allowed(tokens_[first].kind, NamePlace::Field);
  bool looks_like_inits = tokens_[first].kind == Tok::RBrace || tokens_[first].kind == Tok::Ellipsis ||
                          (field_name &&
                           (after_first == Tok::Colon || after_first == Tok::Comma ||
                            after_first == Tok::RBrace || after_first == Tok::Newline));
  if (!looks_like_inits) return false;
  int depth = 0;
  for (; tokens_[i].kind != Tok::Eof; i++) {
    Tok k = tokens_[i].kind;
    if (k == Tok::LBrace || k == Tok::HashBrace) depth++;
    if (k == Tok::RBrace && --depth == 0) break;
  }
  return tokens_[i].kind == Tok::RBrace && tokens_[i + 1].kind == Tok::LBrace;
}

}  // namespace beagle::lang
