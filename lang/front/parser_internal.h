// The parser's state and rules, shared by parser_*.cc. Not a public header.
#pragma once

#include <string>
#include <vector>

#include "lang/front/ast.h"
#include "lang/front/token.h"

namespace beagle::lang {

// Where an expression stands. Struct literals (`Name {`) are not recognised
// in conditions and similar heads (§3.4); in a map value a '(' after a space
// starts the next key instead of a call.
struct ExprContext {
  bool no_struct = false;
  bool map_value = false;
};

// Where a name stands, which decides the reserved words it may be (§2.7).
enum class NamePlace {
  AfterDot,      // o.match, o.fn(1): all but return as _ test letonce dynamic binding
  PathSegment,   // namespace/use path segments and `use ... as ALIAS`: test
  Field,         // field declarations, struct/enum literal keys: shift perform handle future reset
  Binding,       // let/let mut names, parameters, ...rest, array-pattern elements: shift perform handle future
  FieldPattern,  // field names in struct patterns and plain renames after `field:`: perform handle future
  FnName,        // fn name: handle
  ExtendFnName,  // fn name inside an extend body: handle perform future test
  MethodName,    // protocol method name: handle perform future
};

// May the reserved word `kind` stand as a name at `place`?
bool reserved_word_allowed(Tok kind, NamePlace place);

// Parses the expression of a `${...}` inside a string literal.
ExprPtr parse_interpolated(std::string_view text, SourcePos start);

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens, bool interpolation = false)
      : tokens_(std::move(tokens)), interpolation_(interpolation) {}

  Program program();
  ExprPtr lone_expression();  // one expression, then end of input

 private:
  std::vector<Token> tokens_;
  size_t at_ = 0;
  bool interpolation_;  // parsing the inside of a `${...}`: its end is not the end of the file
  int depth_ = 0;
  static constexpr int kMaxNesting = 1000;

  // -- tokens (parser.cc)
  const Token& cur() const { return tokens_[at_]; }
  const Token& peek(size_t ahead) const;
  bool at(Tok kind) const { return cur().kind == kind; }
  Token take();
  bool accept(Tok kind);
  Token expect(Tok kind, const char* context);
  void skip_newlines();
  void skip_separators();  // newlines, ';'
  void expect_separator(const char* closer);  // between two expressions or forms
  Tok kind_after_newlines() const;
  [[noreturn]] void fail_here(const std::string& message) const;
  [[noreturn]] static void fail(SourcePos pos, const std::string& message);
  std::string found() const;  // "found ')'" for messages
  // An identifier, or a reserved word that `place` accepts; else fails with
  // "expected <what>, found ...".
  bool at_name(NamePlace place) const;
  std::string name(NamePlace place, const std::string& what);

  // -- expressions (parser_expr.cc)
  ExprPtr expression(ExprContext ctx = {});
  ExprPtr binary(int min_precedence, ExprContext ctx);
  ExprPtr prefix(ExprContext ctx);
  ExprPtr postfix(ExprContext ctx);
  ExprPtr primary(ExprContext ctx);
  ExprPtr primary_inner(ExprContext ctx);
  ExprPtr name_or_division(const Token& token);
  bool starts_effect_form(ExprContext ctx) const;
  ExprPtr string_literal(const Token& token);
  ExprPtr vector_literal();
  ExprPtr map_literal();
  ExprPtr set_literal();
  ExprPtr struct_literal(ExprPtr type_name);
  ExprList call_arguments(const char* context);
  ExprPtr combine_binary(const Token& op, ExprPtr left, ExprPtr right);
  ExprPtr pipe(const Token& op, ExprPtr left, ExprPtr right);
  bool struct_literal_follows_scrutinee() const;

  // -- statements and control flow (parser_control.cc)
  ExprList block(const char* context);
  ExprPtr let_expression();
  ExprPtr if_expression();
  ExprPtr while_expression();
  ExprPtr loop_expression();
  ExprPtr for_expression();
  ExprPtr match_expression();
  ExprPtr try_expression();
  ExprPtr throw_expression();
  ExprPtr jump_expression();  // break, continue, return
  ExprList arm_body(const char* context);

  // -- functions and patterns (parser_fn.cc)
  ExprPtr fn_expression(NamePlace name_place = NamePlace::FnName);
  FnCase fn_case_params();
  void multi_arity_cases(ExprPtr& fn);
  PatternPtr pattern(bool in_match, bool allow_literal);
  PatternPtr pattern(bool in_match) { return pattern(in_match, in_match); }
  PatternPtr bind_pattern(const Token& name);
  PatternPtr vector_pattern(bool in_match);
  PatternPtr map_pattern();
  PatternPtr struct_pattern(SourcePos pos, std::string type_path, bool in_match);

  // -- top-level forms (parser_forms.cc)
  Form form();
  std::string dotted_name(const char* context);
  Form namespace_form();
  Form use_form();
  Form struct_form();
  Form enum_form();
  Form protocol_form();
  Form extend_form();
  Form test_form();
  std::vector<FieldDecl> field_decls(const char* context);
  ProtocolMethod protocol_method();
  void skip_decl_separators();
};

}  // namespace beagle::lang
