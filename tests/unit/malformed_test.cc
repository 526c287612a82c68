// Malformed Beagle programs: every error the lexer and parser can report,
// with its exact message and line:column (LANGUAGE.md §2, §3), the format of
// diagnostics, known parser bugs, and a robustness test that feeds random
// input to the parser.
#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <iterator>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "lang/front/ast_printer.h"
#include "lang/front/parser.h"
#include "lang/front/source.h"

namespace beagle::lang {
namespace {

// "line:column: message" of the first error in `text`, or a description of
// what happened instead.
std::string first_error(const std::string& text) {
  try {
    parse_program(SourceFile("t.bg", text));
  } catch (const SyntaxError& error) {
    return std::to_string(error.pos().line) + ":" + std::to_string(error.pos().column) + ": " + error.what();
  } catch (const std::exception& error) {
    return std::string("non-SyntaxError exception: ") + error.what();
  }
  return "(parsed without error)";
}

// Shows control characters in failure messages.
std::string escaped(const std::string& text) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------- the table

struct MalformedCase {
  const char* name;      // the test's name
  const char* source;    // a whole file
  const char* expected;  // "line:column: message"
};

void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

const MalformedCase kCases[] = {
    // lexer: strings and interpolation (§2.4)
    {"unterminated_string", "let s = \"abc",
     "1:9: unterminated string literal"},
    {"unterminated_string_multiline", "fn main() {\n    println(\"first\nsecond)\n}\n",
     "2:13: unterminated string literal"},
    {"unterminated_interpolation", "println(\"a ${x\")",
     "1:12: unterminated '${' in string literal"},
    {"unterminated_interpolation_eof", "\"a ${x",
     "1:4: unterminated '${' in string literal"},
    {"unterminated_interpolation_nested_string", "\"a ${ \"x }\"",
     "1:4: unterminated '${' in string literal"},
    {"empty_interpolation", "let s = \"${}\"",
     "1:12: empty '${}' in string literal"},
    {"blank_interpolation", "let s = \"total: ${  }\"",
     "1:19: empty '${}' in string literal"},
    {"interpolation_only_comment", "\"${ // c }\"",
     "1:10: expected an expression, found nothing"},
    {"interpolation_two_expressions", "fn f() {\n    \"${1 2}\"\n}\n",
     "2:10: expected the end of the expression, found number 2"},
    {"interpolation_error_on_later_line", "fn main() {\n    println(\"a ${\n        1 2\n    }\")\n}\n",
     "3:11: expected the end of the expression, found number 2"},
    {"interpolation_bad_token", "\"x = ${)}\"",
     "1:8: expected an expression, found ')'"},
    // lexer: numbers (§2.3)
    {"float_two_dots", "let v = 1.2.3",
     "1:9: malformed number: a number has at most one '.'"},
    {"float_dot_dot", "1..2",
     "1:1: malformed number: a number has at most one '.'"},
    {"hex_without_digits", "0x",
     "1:1: expected digits after '0x'"},
    {"hex_without_digits_in_call", "f(0x)",
     "1:3: expected digits after '0x'"},
    {"binary_bad_digit", "let b = 0b2",
     "1:9: expected digits after '0b'"},
    {"octal_bad_digit", "0o9",
     "1:1: expected digits after '0o'"},
    {"int_too_big", "1152921504606846976",
     "1:1: integer literal 1152921504606846976 does not fit in 61 bits (the range is -1152921504606846976 to 1152921504606846975)"},
    {"int_too_small", "f(-1152921504606846977)",
     "1:3: integer literal -1152921504606846977 does not fit in 61 bits (the range is -1152921504606846976 to 1152921504606846975)"},
    {"int_way_too_big", "let big = 99999999999999999999999999",
     "1:11: integer literal 99999999999999999999999999 does not fit in 61 bits (the range is -1152921504606846976 to 1152921504606846975)"},
    {"hex_too_big", "0x1000000000000000",
     "1:1: integer literal does not fit in 61 bits"},
    {"division_digits_too_big", "x/99999999999999999999",
     "1:1: integer literal 99999999999999999999 does not fit in 61 bits (the range is -1152921504606846976 to 1152921504606846975)"},
    {"no_exponent_syntax", "let e = 1e5",
     "1:10: expected a new line or ';' before the next expression (or the end of the file), found identifier 'e5'"},
    {"division_by_float_literal", "fn half(x) {\n    x/2.5\n}\n",
     "2:8: expected a new line or ';' before the next expression (or '}'), found number .5"},
    // lexer/parser: identifiers and '/' (§2.1, §2.5)
    {"comment_without_space", "let x = 1\nx// c\n",
     "2:1: unexpected '/' in 'x//' (a comment needs a space before '//')"},
    {"trailing_slash", "a/",
     "1:1: unexpected '/' in 'a/' (a comment needs a space before '//')"},
    {"double_slash_inside", "a//b",
     "1:1: unexpected '/' in 'a//b' (a comment needs a space before '//')"},
    {"slash_at_start", "/a",
     "1:1: expected an expression, found '/'"},
    {"keyword_in_struct_literal", "fn main() {\n    let p = Point { x:1, y: 2 }\n}\n",
     "2:22: expected ':' and a value after field 'x', found keyword :1 (a ':' right before a value starts a keyword: write 'x: 1')"},
    {"keyword_in_struct_literal_last", "Point { y: 2, x:1 }",
     "1:16: expected ':' and a value after field 'x', found keyword :1 (a ':' right before a value starts a keyword: write 'x: 1')"},
    // brackets
    {"unterminated_block", "fn f() {",
     "1:8: unterminated block: expected '}' to match this '{'"},
    {"unterminated_block_multiline", "fn main() {\n    let x = 1\n    if x > 0 {\n        println(x)\n}\n",
     "1:11: unterminated block: expected '}' to match this '{'"},
    {"unterminated_map", "{a 1",
     "1:1: unterminated map literal: expected '}'"},
    {"map_key_without_value", "let m = {a 1, b}",
     "1:16: map literal key without a value: expected a value after the key"},
    {"map_single_key", "{a}",
     "1:3: map literal key without a value: expected a value after the key"},
    {"map_missing_value_before_brace", "{ a 1 b }",
     "1:9: map literal key without a value: expected a value after the key"},
    {"unterminated_set", "let s = #{1, 2",
     "1:9: unterminated set literal: expected '}'"},
    {"set_leading_comma", "#{,}",
     "1:3: expected an expression, found ','"},
    {"set_semicolon", "#{1 ; 2}",
     "1:5: expected an expression, found ';'"},
    {"unterminated_vector", "[1, 2",
     "1:6: expected ']' to close the vector, found end of file"},
    {"unterminated_vector_next_line", "fn main() {\n\tlet x = [1, 2\n\tprintln(x)\n}\n",
     "3:2: expected ']' to close the vector, found identifier 'println'"},
    {"vector_double_comma", "[1,,2]",
     "1:4: expected an expression, found ','"},
    {"unterminated_call", "f(1, 2",
     "1:7: expected ')' to close the argument list, found end of file"},
    {"call_double_comma", "f(1,,2)",
     "1:5: expected an expression, found ','"},
    {"unterminated_parenthesis", "(1 + 2",
     "1:7: expected ')' to close the parenthesis, found end of file"},
    {"unterminated_index", "x[1",
     "1:4: expected ']' to close the index, found end of file"},
    {"empty_index", "x[]",
     "1:3: expected an expression, found ']'"},
    {"stray_close_paren", "f(1))",
     "1:5: expected a new line or ';' before the next expression (or the end of the file), found ')'"},
    {"stray_close_paren_alone", "fn main() {\n    )\n}\n",
     "2:5: expected an expression, found ')'"},
    {"stray_close_brace", "}",
     "1:1: expected an expression, found '}'"},
    {"stray_close_bracket", "]",
     "1:1: expected an expression, found ']'"},
    {"stray_comma", ",",
     "1:1: expected an expression, found ','"},
    {"stray_colon", ":",
     "1:1: expected an expression, found ':'"},
    // expressions
    {"missing_right_operand", "let x = 1 +",
     "1:12: expected an expression, found end of file"},
    {"binary_operator_at_start", "+ 1",
     "1:1: expected an expression, found '+'"},
    {"bang_alone", "!",
     "1:2: expected an expression, found end of file"},
    {"minus_alone", "-",
     "1:2: expected an expression, found end of file"},
    {"let_without_value", "let x =",
     "1:8: expected an expression, found end of file"},
    {"double_assign_operator", "x = = 1",
     "1:5: expected an expression, found '='"},
    {"property_after_dot_paren", "x.(1)",
     "1:3: expected a name after '.', found '('"},
    {"property_missing_name", "x.",
     "1:3: expected a name after '.', found end of file"},
    {"dot_digit_is_float", "x.1",
     "1:2: expected a new line or ';' before the next expression (or the end of the file), found number .1"},
    {"two_expressions_on_a_line", "let x = 1 let y = 2",
     "1:11: expected a new line or ';' before the next expression (or the end of the file), found 'let'"},
    {"two_expressions_in_block", "fn f() {\n    let x = 1 let y = 2\n}\n",
     "2:15: expected a new line or ';' before the next expression (or '}'), found 'let'"},
    {"dot_does_not_continue_line", "fn main() {\n    let y = total\n        .field\n}\n",
     "3:9: expected an expression, found '.'"},
    {"else_without_if", "else { 1 }",
     "1:1: unexpected reserved word 'else'"},
    {"reserved_word_with", "with",
     "1:1: unexpected reserved word 'with'"},
    {"underscore_as_value", "f(_)",
     "1:3: unexpected reserved word '_'"},
    // assignment targets (§4.3)
    {"assign_to_literal", "1 = 2",
     "1:1: cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)"},
    {"assign_to_call", "f(x) = 1",
     "1:1: cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)"},
    {"assign_to_sum", "a + b = 1",
     "1:1: cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)"},
    {"assign_to_negation", "-x = 1",
     "1:1: cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)"},
    {"assign_chain_to_literal", "x = 1 = 2",
     "1:5: cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)"},
    {"assign_to_qualified_name", "a/b = 1",
     "1:1: cannot assign to 'a/b': top-level bindings are immutable"},
    {"assign_on_later_line", "fn main() {\n    let v = 1\n    v = 2\n    3 = v\n}\n",
     "4:5: cannot assign to this expression: the left side of '=' must be a variable or a field (obj.field)"},
    // pipes (§3.3)
    {"pipe_to_literal", "x |> 1",
     "1:6: the right side of '|>' must be a function name or a call of one, like f or f(a)"},
    {"pipe_to_fn_literal", "x |> fn(y) { y }",
     "1:6: the right side of '|>' must be a function name or a call of one, like f or f(a)"},
    {"pipe_to_call_of_call", "x |> f(1)(2)",
     "1:6: the right side of '|>' must be a function name or a call of one, like f or f(a)"},
    {"pipe_last_to_literal", "xs |>> \"s\"",
     "1:8: the right side of '|>>' must be a function name or a call of one, like f or f(a)"},
    {"pipe_on_continuation_line", "fn main() {\n    xs |> map(inc)\n       |> 5\n}\n",
     "3:11: the right side of '|>' must be a function name or a call of one, like f or f(a)"},
    // struct literals (§2.6, §3.4)
    {"struct_literal_semicolon", "P { x: 1; y: 2 }",
     "1:9: expected ',' or '}' after a field of the struct literal, found ';'"},
    {"struct_literal_number_field", "P { 1 }",
     "1:5: expected a field name in the struct literal, found number 1"},
    {"struct_literal_unterminated", "P { x: 1",
     "1:9: expected ',' or '}' after a field of the struct literal, found end of file"},
    {"struct_literal_open_only", "P {",
     "1:4: expected a field name in the struct literal, found end of file"},
    {"keyword_without_name", "f(x:, y)",
     "1:4: a keyword needs a name after ':' (a ':' right before ',' starts a keyword; after a field name write ': ' with a space)"},
    {"struct_literal_empty_value", "P { x: }",
     "1:8: expected an expression, found '}'"},
    {"struct_literal_empty_spread", "P { ... }",
     "1:9: expected an expression, found '}'"},
    {"struct_literal_after_bang", "!P { x: 1 }",
     "1:4: expected a new line or ';' before the next expression (or the end of the file), found '{'"},
    {"struct_literal_in_if_head", "if P { x: 1 } == p { 1 }",
     "1:9: expected a new line or ';' before the next expression (or '}'), found ':'"},
    {"struct_literal_in_for_head", "for x in P { a: 1 } { }",
     "1:15: expected a new line or ';' before the next expression (or '}'), found ':'"},
    {"struct_literal_in_match_arm", "match x { 1 => P { x: 1 } }",
     "1:23: expected a variable name or '_' after ':' in the map pattern, found number 1"},
    {"struct_literal_in_arity_case", "fn f {\n    (x) => P { x }\n}\n",
     "2:14: expected an arity case '(params) => body', found '{'"},
    // jumps (§4.5)
    {"break_without_parens", "loop { break }",
     "1:14: expected '(' after 'break' (write break() or break(value)), found '}'"},
    {"break_without_parens_eof", "break",
     "1:6: expected '(' after 'break' (write break() or break(value)), found end of file"},
    {"break_without_parens_multiline", "fn f() {\n    loop {\n        if done() { break }\n    }\n}\n",
     "3:27: expected '(' after 'break' (write break() or break(value)), found '}'"},
    {"break_unclosed", "loop { break(1 }",
     "1:16: expected ')' to close the parenthesis, found '}'"},
    {"continue_with_value", "loop { continue(1) }",
     "1:17: 'continue' takes no value: write continue()"},
    {"continue_without_parens", "loop { continue }",
     "1:17: expected '(' after 'continue' (write continue()), found '}'"},
    {"return_without_parens", "fn f() {\n    return\n}\n",
     "2:11: expected '(' after 'return' (write return() or return(value)), found end of line"},
    // throw (§0.1)
    {"throw_struct_literal", "throw(E { })",
     "1:9: expected ')' to close 'throw(' (a struct literal must be wrapped: throw((S { .. }))), found '{'"},
    {"throw_variant_literal", "throw(Error.IO { message: \"x\" })",
     "1:16: expected ')' to close 'throw(' (a struct literal must be wrapped: throw((S { .. }))), found '{'"},
    {"throw_without_parens", "throw \"x\"",
     "1:7: expected '(' after 'throw' (write throw(value)), found a string"},
    // let and patterns (§4.16)
    {"let_mut_vector", "let mut [a] = v",
     "1:9: 'let mut' needs a plain variable name (no destructuring), found '['"},
    {"let_mut_map", "let mut {a} = v",
     "1:9: 'let mut' needs a plain variable name (no destructuring), found '{'"},
    {"let_literal_int", "let 1 = x",
     "1:5: a literal pattern is only allowed in a match arm, found number 1"},
    {"let_literal_string", "let \"s\" = x",
     "1:5: a literal pattern is only allowed in a match arm, found a string"},
    {"let_literal_true", "let true = x",
     "1:5: a literal pattern is only allowed in a match arm, found 'true'"},
    {"let_missing_equals", "let x 1",
     "1:7: expected '=' after the name in 'let', found number 1"},
    {"let_missing_pattern", "let = 1",
     "1:5: expected a pattern, found '='"},
    {"let_qualified_name", "let a/b = 1",
     "1:5: cannot bind the qualified name 'a/b'"},
    {"let_reserved_word", "let match = 1",
     "1:5: expected a pattern, found 'match'"},
    {"param_literal", "fn f(1) { }",
     "1:6: a literal pattern is only allowed in a match arm, found number 1"},
    {"param_vector_literal", "fn f([1]) { }",
     "1:7: a literal pattern is only allowed in a match arm, found number 1"},
    {"vector_pattern_rest_not_last", "let [a, ...r, b] = v",
     "1:15: the rest pattern must be the last element of a vector pattern"},
    {"vector_pattern_unclosed", "let [a, b = v",
     "1:11: expected ']' to close the vector pattern, found '='"},
    {"map_pattern_string_key_without_colon", "let {\"k\" v} = m",
     "1:10: expected ':' after a string key in a map pattern (\"key\": name), found identifier 'v'"},
    {"map_pattern_number_key", "let {1: v} = m",
     "1:6: expected a key (name or string) in the map pattern, found number 1"},
    {"map_pattern_literal_binding", "let {a: 1} = m",
     "1:9: expected a variable name or '_' after ':' in the map pattern, found number 1"},
    {"map_pattern_unterminated", "let {a: b",
     "1:10: expected a key (name or string) in the map pattern, found end of file"},
    {"struct_pattern_number_field", "let P { 1 } = v",
     "1:9: expected a field name in the struct pattern, found number 1"},
    {"struct_pattern_unterminated", "let P { x",
     "1:10: expected a field name in the struct pattern, found end of file"},
    {"match_hex_pattern", "match x { 0x10 => 1 }",
     "1:11: integer patterns must be decimal, found 0x10"},
    {"match_binary_pattern_in_vector", "match x { [0b1] => 1 }",
     "1:12: integer patterns must be decimal, found 0b1"},
    {"match_hex_pattern_in_struct", "match x { P { x: 0x1 } => 1 }",
     "1:18: integer patterns must be decimal, found 0x1"},
    {"match_float_pattern", "match x { 1.5 => 1 }",
     "1:11: expected a pattern, found number 1.5"},
    {"match_keyword_pattern", "match x { :k => 1 }",
     "1:11: expected a pattern, found keyword :k"},
    {"match_negative_name_pattern", "match x { -a => 1 }",
     "1:11: expected a pattern, found '-'"},
    {"match_missing_arrow", "match x { 1 2 }",
     "1:13: expected '=>' after the pattern of a match arm, found number 2"},
    {"match_unterminated", "match x { 1 => 2",
     "1:9: unterminated match: expected '}' to match this '{'"},
    {"match_missing_brace", "match x 1",
     "1:9: expected '{' to open the arms of 'match', found number 1"},
    {"match_minus_continues_previous_arm", "fn f(x) {\n    match x {\n        0 => \"zero\"\n        -1 => \"minus one\"\n    }\n}\n",
     "4:12: expected a pattern, found '=>'"},
    // functions (§4.4)
    {"rest_param_not_last", "fn f(...r, a) { }",
     "1:12: the rest parameter '...r' must be the last parameter"},
    {"rest_param_without_name", "fn f(...) { }",
     "1:9: expected a name after '...' in the parameter list, found ')'"},
    {"param_double_comma", "fn f(x,,y) { }",
     "1:8: expected a pattern, found ','"},
    {"param_list_unclosed", "fn f(a { }",
     "1:11: expected ')' to close the parameter list, found end of file"},
    {"fn_body_not_block", "fn f(a) 1",
     "1:9: expected '{' to open the function body, found number 1"},
    {"fn_missing_params", "fn f x",
     "1:6: expected '(' for the parameters or '{' for arity cases after 'fn f', found identifier 'x'"},
    {"fn_qualified_name", "fn a/b() { }",
     "1:4: a function name cannot contain '/': 'a/b'"},
    {"fn_reserved_name", "fn if(x) { }",
     "1:4: 'if' is a reserved word and cannot name a function"},
    {"fn_named_test", "fn test() { }",
     "1:4: 'test' is a reserved word and cannot name a function"},
    {"multi_arity_empty", "fn f { }",
     "1:6: a multi-arity function needs at least one case '(params) => body'"},
    {"anonymous_multi_arity_empty", "let f = fn { }",
     "1:12: a multi-arity function needs at least one case '(params) => body'"},
    {"arity_case_missing_arrow", "fn f { (x) x }",
     "1:12: expected '=>' after the parameters of an arity case, found identifier 'x'"},
    {"arity_case_without_parens", "fn f { x => x }",
     "1:8: expected an arity case '(params) => body', found identifier 'x'"},
    {"multi_arity_unterminated", "fn f { (x) => x",
     "1:6: unterminated multi-arity function: expected '}' to match this '{'"},
    // control flow (§4.5)
    {"for_destructuring", "namespace demo\n\nfn main() {\n    for [k, v] in m {\n    }\n}\n",
     "4:9: expected a loop variable after 'for' (a plain name), found '['"},
    {"for_without_in", "for x of xs { }",
     "1:7: expected 'in' after the loop variable, found identifier 'of'"},
    {"for_without_body", "for x in xs",
     "1:12: expected '{' to open the body of 'for', found end of file"},
    {"for_parenthesised", "for (x in xs) { }",
     "1:5: expected a loop variable after 'for' (a plain name), found '('"},
    {"while_without_body", "while x < 10",
     "1:13: expected '{' to open the body of 'while', found end of file"},
    {"if_without_braces", "if x 1",
     "1:6: expected '{' to open the body of 'if', found number 1"},
    {"else_without_braces", "if x { 1 } else 2",
     "1:17: expected '{' after 'else', found number 2"},
    {"else_at_eof", "if x { 1 } else",
     "1:16: expected '{' after 'else', found end of file"},
    {"else_if_without_braces", "if (x) { 1 } else if y 2",
     "1:24: expected '{' to open the body of 'if', found number 2"},
    {"loop_without_block", "loop 1",
     "1:6: expected '{' to open the body of 'loop', found number 1"},
    {"try_without_catch", "try { 1 }",
     "1:10: expected 'catch' after the body of 'try', found end of file"},
    {"catch_without_parens", "try { 1 } catch e { 2 }",
     "1:17: expected '(' after 'catch', found identifier 'e'"},
    {"catch_two_names", "try { 1 } catch (e, resume) { 2 }",
     "1:19: expected ')' after the name in 'catch (name', found ','"},
    {"catch_no_name", "try { 1 } catch () { 2 }",
     "1:18: expected the name of the caught value in 'catch (name)', found ')'"},
    {"catch_without_block", "try { 1 } catch (e) 2",
     "1:21: expected '{' to open the body of 'catch', found number 2"},
    {"try_without_block", "try 1",
     "1:5: expected '{' to open the body of 'try', found number 1"},
    // reserved effect words (§2.7)
    {"reserved_perform", "perform(x)",
     "1:1: 'perform' is reserved but not part of Beagle's core subset"},
    {"reserved_handle", "handle x { }",
     "1:1: 'handle' is reserved but not part of Beagle's core subset"},
    {"reserved_reset", "let x = reset(1)",
     "1:9: 'reset' is reserved but not part of Beagle's core subset"},
    {"reserved_shift", "shift(k)",
     "1:1: 'shift' is reserved but not part of Beagle's core subset"},
    {"reserved_letonce", "letonce x = 1",
     "1:1: 'letonce' is reserved but not part of Beagle's core subset"},
    {"reserved_dynamic", "let dynamic x = 1",
     "1:5: expected a pattern, found 'dynamic'"},
    {"reserved_binding", "binding(x)",
     "1:1: 'binding' is reserved but not part of Beagle's core subset"},
    {"reserved_future", "fn main() {\n    future(f)\n}\n",
     "2:5: 'future' is reserved but not part of Beagle's core subset"},
    // namespace / use (§1.2, §1.3)
    {"namespace_without_name", "namespace",
     "1:10: expected a namespace name after 'namespace', found end of file"},
    {"namespace_number", "namespace 1",
     "1:11: expected a namespace name after 'namespace', found number 1"},
    {"namespace_trailing_dot", "namespace a.",
     "1:13: expected a name segment after '.' in 'a.', found end of file"},
    {"use_without_as", "namespace demo\nuse beagle.core\n",
     "2:16: expected 'as' after the namespace name in 'use' (write use a.b as alias), found end of line"},
    {"use_without_alias", "use a.b as",
     "1:11: expected an alias after 'as', found end of file"},
    {"use_reserved_alias", "use a as fn",
     "1:10: expected an alias after 'as', found the reserved word 'fn', which cannot be a name here"},
    {"use_without_name", "use as x",
     "1:5: expected a namespace name after 'use', found the reserved word 'as', which cannot be a name here"},
    // struct / enum (§4.10, §4.11)
    {"struct_without_name", "struct",
     "1:7: expected a struct name after 'struct', found end of file"},
    {"struct_without_body", "struct P",
     "1:9: expected '{' to open the fields of the struct, found end of file"},
    {"struct_duplicate_field", "struct P { x, x }",
     "1:15: duplicate field 'x'"},
    {"struct_duplicate_field_multiline", "struct Point {\n    x\n    y\n    x\n}\n",
     "4:5: duplicate field 'x'"},
    {"struct_semicolon_separator", "struct P { x; y }",
     "1:13: expected ',', a new line or '}' after field 'x', found ';'"},
    {"struct_number_field", "struct P { 1 }",
     "1:12: expected a field name, found number 1"},
    {"struct_unterminated", "struct P { x",
     "1:13: expected ',', a new line or '}' after field 'x', found end of file"},
    {"struct_unterminated_after_separator", "struct P {\n    x,\n",
     "1:10: unterminated field list: expected '}' to match this '{'"},
    {"struct_mut_without_name", "struct P { mut }",
     "1:16: expected a field name, found '}'"},
    {"struct_missing_separator", "struct P { x: 1 y }",
     "1:17: expected ',', a new line or '}' after field 'x', found identifier 'y'"},
    {"enum_without_name", "enum",
     "1:5: expected an enum name after 'enum', found end of file"},
    {"enum_without_body", "enum E",
     "1:7: expected '{' to open the variants of the enum, found end of file"},
    {"enum_semicolon_separator", "enum Shape {\n    circle { r },\n    square { side };\n}\n",
     "3:20: expected ',', a new line or '}' after variant 'square', found ';'"},
    {"enum_duplicate_variant", "enum E { a, a }",
     "1:13: duplicate variant 'a'"},
    {"enum_number_variant", "enum E { 1 }",
     "1:10: expected a variant name, found number 1"},
    {"enum_unterminated", "enum E { a",
     "1:11: expected ',', a new line or '}' after variant 'a', found end of file"},
    {"enum_unterminated_after_brace", "enum E {\n",
     "1:8: unterminated enum: expected '}' to match this '{'"},
    {"enum_variant_duplicate_field", "enum E { a { x, x } }",
     "1:17: duplicate field 'x'"},
    {"enum_missing_separator", "enum E { a { x } b }",
     "1:18: expected ',', a new line or '}' after variant 'a', found identifier 'b'"},
    // protocol / extend (§4.12)
    {"protocol_without_name", "protocol",
     "1:9: expected a protocol name after 'protocol', found end of file"},
    {"protocol_without_body", "protocol P",
     "1:11: expected '{' to open the protocol body, found end of file"},
    {"protocol_member_not_fn", "protocol P { x }",
     "1:14: expected 'fn' to start a protocol method, found identifier 'x'"},
    {"protocol_fn_without_name", "protocol P { fn }",
     "1:17: expected a method name after 'fn', found '}'"},
    {"protocol_fn_number_name", "protocol P { fn 1 }",
     "1:17: expected a method name after 'fn', found number 1"},
    {"protocol_fn_bad_params", "protocol P { fn f x }",
     "1:19: expected '{' or '(' after the method name, found identifier 'x'"},
    {"protocol_unterminated", "protocol P { fn f(x)",
     "1:12: unterminated protocol: expected '}' to match this '{'"},
    {"protocol_method_unterminated", "protocol P { fn f { (x) => x",
     "1:19: unterminated method: expected '}' to match this '{'"},
    {"protocol_method_case_without_parens", "protocol P { fn f { x } }",
     "1:21: expected '(' to open the parameter list, found identifier 'x'"},
    {"extend_without_type", "extend",
     "1:7: expected a type name after 'extend', found end of file"},
    {"extend_without_with", "extend P { }",
     "1:10: expected 'with' after the type name in 'extend' (write extend Type with Protocol { ... }), found '{'"},
    {"extend_without_protocol", "extend T with { }",
     "1:15: expected a protocol name after 'with', found '{'"},
    {"extend_without_body", "extend T with P",
     "1:16: expected '{' to open the implementations, found end of file"},
    {"extend_let_member", "extend T with P { let x = 1 }",
     "1:19: expected a method implementation 'fn name(params) { ... }', found 'let'"},
    {"extend_unterminated", "extend T with P { fn f(x) { }",
     "1:17: unterminated extend: expected '}' to match this '{'"},
    {"extend_two_names", "extend T P { }",
     "1:10: expected 'with' after the type name in 'extend' (write extend Type with Protocol { ... }), found identifier 'P'"},
    // test blocks
    {"test_without_name", "test",
     "1:5: expected the test's description string after 'test', found end of file"},
    {"test_without_body", "test \"a\"",
     "1:9: expected '{' to open the test body, found end of file"},
    {"test_interpolated_name", "test \"a ${b}\" { }",
     "1:6: a test description cannot be interpolated"},
    {"test_identifier_name", "test x { }",
     "1:6: expected the test's description string after 'test', found identifier 'x'"},
    {"test_body_not_block", "test \"a\" 1",
     "1:10: expected '{' to open the test body, found number 1"},
};

class Malformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(Malformed, ReportsExactMessageAndPosition) {
  const MalformedCase& c = GetParam();
  EXPECT_EQ(first_error(c.source), c.expected) << "source: " << escaped(c.source);
}

INSTANTIATE_TEST_SUITE_P(Table, Malformed, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<MalformedCase>& case_info) { return std::string(case_info.param.name); });

TEST(MalformedTable, HasAtLeastFiftyCases) { EXPECT_GE(std::size(kCases), 50u); }

// ---------------------------------------------------------------- diagnostics

std::string diagnostic_of(const std::string& path, const std::string& text) {
  SourceFile file(path, text);
  try {
    parse_program(file);
  } catch (const SyntaxError& error) {
    return format_diagnostic(file, error.pos(), error.what());
  }
  return "(parsed without error)";
}

TEST(Diagnostic, FormatsPathPositionLineAndCaret) {
  EXPECT_EQ(diagnostic_of("src/demo.bg", "namespace demo\nlet x = (1 + 2\n"),
            "Error: src/demo.bg:3:1: expected ')' to close the parenthesis, found end of file\n"
            "  \n"
            "  ^\n");
  EXPECT_EQ(diagnostic_of("demo.bg", "fn main() {\n    let p = Point { x:1 }\n}\n"),
            "Error: demo.bg:2:22: expected ':' and a value after field 'x', found keyword :1 "
            "(a ':' right before a value starts a keyword: write 'x: 1')\n"
            "      let p = Point { x:1 }\n"
            "  " + std::string(21, ' ') + "^\n");
}

TEST(Diagnostic, KeepsTabsInTheCaretLine) {
  EXPECT_EQ(diagnostic_of("tabs.bg", "fn main() {\n\tlet s = \"a\" ++ ]\n}\n"),
            "Error: tabs.bg:2:17: expected an expression, found ']'\n"
            "  \tlet s = \"a\" ++ ]\n"
            "  \t               ^\n");
  EXPECT_EQ(diagnostic_of("tabs.bg", "fn main() {\n\t\tx = = 1\n}\n"),
            "Error: tabs.bg:2:7: expected an expression, found '='\n"
            "  \t\tx = = 1\n"
            "  \t\t    ^\n");
}

TEST(Diagnostic, CaretAfterTheEndOfTheLine) {
  EXPECT_EQ(diagnostic_of("t.bg", "[1, 2"),
            "Error: t.bg:1:6: expected ']' to close the vector, found end of file\n"
            "  [1, 2\n"
            "       ^\n");
}

TEST(Diagnostic, DirectFormatting) {
  SourceFile file("dir/x.bg", "one\n\ttwo three\nfour");
  EXPECT_EQ(format_diagnostic(file, {2, 6}, "bad thing"),
            "Error: dir/x.bg:2:6: bad thing\n"
            "  \ttwo three\n"
            "  \t    ^\n");
  EXPECT_EQ(format_diagnostic(file, {1, 1}, "first"), "Error: dir/x.bg:1:1: first\n  one\n  ^\n");
  EXPECT_EQ(format_diagnostic(file, {3, 5}, "end"), "Error: dir/x.bg:3:5: end\n  four\n      ^\n");
}

// ---------------------------------------------------------------- fixed parser bugs
//
// Each of these was a wrong message, a wrong position, a wrongly accepted
// program or a crash; each is fixed, and the test keeps it fixed.

struct ErrorInfo {
  bool thrown = false;
  SourcePos pos;
  std::string message;
};

ErrorInfo error_info(const std::string& text) {
  ErrorInfo info;
  try {
    parse_program(SourceFile("t.bg", text));
  } catch (const SyntaxError& error) {
    info.thrown = true;
    info.pos = error.pos();
    info.message = error.what();
  }
  return info;
}

TEST(FixedParserBug, NegativeRadixLiteralMessageNamesTheLiteral) {
  ErrorInfo e = error_info("let n = -0xFF");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.pos.line, 1u);
  EXPECT_EQ(e.pos.column, 9u);
  EXPECT_NE(e.message.find("0 - 0xFF"), std::string::npos) << e.message;
  e = error_info("[1, -0b1]");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.pos.column, 5u);
  EXPECT_NE(e.message.find("0 - 0b1"), std::string::npos) << e.message;
}

TEST(FixedParserBug, UppercaseRadixPrefixQuotedAsWritten) {
  ErrorInfo e = error_info("0X");
  ASSERT_TRUE(e.thrown);
  EXPECT_NE(e.message.find("'0X'"), std::string::npos) << e.message;
}

TEST(FixedParserBug, NegativeRadixMatchPatternAfterSpace) {
  ErrorInfo e = error_info("match x { - 0x10 => 1 }");
  ASSERT_TRUE(e.thrown);
  EXPECT_NE(e.message.find("decimal"), std::string::npos) << e.message;
}

TEST(FixedParserBug, AliasWithSlashPointsAtTheAlias) {
  ErrorInfo e = error_info("use a.b as c/d");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.pos.column, 12u);
}

TEST(FixedParserBug, ExtendMethodWithoutNameSaysSo) {
  ErrorInfo e = error_info("extend T with P { fn (x) { } }");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.message.find("found 'fn'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("name"), std::string::npos) << e.message;
}

TEST(FixedParserBug, AssignmentToIndexPointsAtTheTarget) {
  ErrorInfo e = error_info("xs[0] = 1");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.pos.column, 1u);
}

TEST(FixedParserBug, PipeToPropertyPointsAtTheRightSide) {
  ErrorInfo e = error_info("x |> f.g");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.pos.column, 6u);
}

TEST(FixedParserBug, ErrorAtTheEndOfAnInterpolationDoesNotSayEndOfFile) {
  ErrorInfo e = error_info("let s = \"${x +}\"\nprintln(s)\n");
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.pos.line, 1u);
  EXPECT_EQ(e.pos.column, 15u);
  EXPECT_EQ(e.message.find("end of file"), std::string::npos) << e.message;
}

TEST(FixedParserBug, MatchOnNameAndBraceAtEndOfFileStaysInBounds) {
  EXPECT_EQ(first_error("match P {"), "1:9: unterminated match: expected '}' to match this '{'");
  EXPECT_EQ(first_error("fn f() {\n    match P {\n"), "2:13: unterminated match: expected '}' to match this '{'");
}

TEST(FixedParserBug, DeepNestingDoesNotOverflowTheStack) {
  for (const char* open : {"(", "[", "{", "#{", "!", "-"}) {
    std::string text;
    for (int i = 0; i < 100000; i++) text += open;
    ErrorInfo e = error_info(text);
    EXPECT_TRUE(e.thrown) << open;
  }
}

// ---------------------------------------------------------------- robustness
//
// Random bytes, random token soups and damaged valid programs must either
// parse or throw SyntaxError with a position inside the file: never another
// exception, a crash or a hang.

const char* const kValidPrograms[] = {
    "namespace demo\nuse beagle.core as core\n\nstruct Point { x, mut y: 0 }\n"
    "enum Shape { circle { r }, square { side }, none }\n"
    "fn main() {\n    let p = Point { x: 1, y: 2 }\n    p.y = p.x + 1\n"
    "    println(\"p = ${p.x}, ${ {:a 1}[:a] }\")\n}\n",
    "protocol Describe {\n    fn describe(self)\n    fn size(self, unit) { 0 }\n}\n"
    "extend Point with Describe {\n    fn describe(self) { \"pt\" }\n}\n",
    "fn total {\n    () => 0\n    (x) => x\n    (x, ...more) => x + apply(total, more)\n}\n",
    "fn area(s) {\n    match s {\n        Shape.circle { r } => 3 * r * r,\n        Shape.square { side: 0 } => 0\n"
    "        [a, ...rest] => a\n        { name, \"k\": v } => v,\n        -1 => null\n        _ => { Point { x: 1, y: 2 } }\n    }\n}\n",
    "fn loops(xs) {\n    let mut i = 0\n    while i < 10 { i = i + 1 }\n    for x in xs { if x == 2 { continue() } else if x > 5 { break(x) } }\n"
    "    loop { return(i) }\n}\n",
    "fn safe(f) {\n    try { f() } catch (e) { throw((Error.IO { message: \"x\" })) }\n}\n"
    "test \"adds\" {\n    assert!(1 + 2 == 3)\n}\n",
    "let xs = [1, 2, 3] |> map(inc) |>> filter(odd?)\nlet total = a\n    + b * 2 - -1 & 3 << 1\n"
    "let s = #{1, 2} ; let m = {:a 1, \"b\" 2, (k) 3}\nlet h = x/2 + ns/name(1) - 0x1F + 0b101 + .5 + -infinity\n",
};

// Fragments for token soups: every punctuation, operator and reserved word,
// plus names, numbers, strings and the characters that start them.
const char* const kFragments[] = {
    "(", ")", "{", "}", "[", "]", "#{", ",", ":", ".", "...", ";", "\n", " ", "\t",
    "+", "++", "-", "*", "/", "%", "^", "=", "==", "=>", "!", "!=", "<", "<=", "<<",
    ">", ">=", ">>", ">>>", "&", "&&", "|", "||", "|>", "|>>", "//", "// c\n", "\"",
    "\"s\"", "\"${", "${", "\"a${x}b\"", "\\", "$", "#", "'", "`", "@", "~", "?",
    "fn", "loop", "while", "break", "continue", "return", "if", "else", "true", "false",
    "null", "infinity", "-infinity", "let", "mut", "struct", "enum", "namespace",
    "protocol", "extend", "with", "as", "try", "catch", "throw", "match", "_", "for",
    "in", "use", "test", "letonce", "dynamic", "binding", "reset", "shift", "perform",
    "handle", "future", "x", "Point", "Shape.circle", "ns/f", "a/b/c", "total/2",
    "x//", "empty?", ":kw", ":1", "0", "1", "-1", "1.5", ".5", "1.", "0x1F", "0x",
    "-0x1", "0b2", "1152921504606846975", "1152921504606846976", "1e5",
};

std::string random_bytes(std::mt19937_64& rng) {
  static const std::string kSyntax = "(){}[]#,:.;\n \t+-*/%^=!<>&|\"$\\'_x1 09aZé";
  std::string s;
  size_t length = rng() % 49;
  bool any_byte = rng() % 2 == 0;
  for (size_t i = 0; i < length; i++) {
    s += any_byte ? char(rng() % 256) : kSyntax[rng() % kSyntax.size()];
  }
  return s;
}

std::string token_soup(std::mt19937_64& rng) {
  static const char* const kGlue[] = {"", " ", " ", "\n"};
  std::string s;
  size_t count = 1 + rng() % 30;
  for (size_t i = 0; i < count; i++) {
    s += kFragments[rng() % std::size(kFragments)];
    s += kGlue[rng() % std::size(kGlue)];
  }
  return s;
}

std::string damaged_program(std::mt19937_64& rng) {
  std::string s = kValidPrograms[rng() % std::size(kValidPrograms)];
  int edits = 1 + int(rng() % 3);
  for (int k = 0; k < edits; k++) {
    size_t at = rng() % (s.size() + 1);
    switch (rng() % 5) {
      case 0:  // cut at a random point
        s.resize(at);
        break;
      case 1:  // delete a random range
        s.erase(at, rng() % 12);
        break;
      case 2:  // insert a fragment
        s.insert(at, kFragments[rng() % std::size(kFragments)]);
        break;
      case 3:  // duplicate a range
        s.insert(at, s.substr(rng() % (s.size() + 1), rng() % 20));
        break;
      default:  // replace one byte
        if (at < s.size()) s[at] = "(){}[]\",:.=-/ \n"[rng() % 16];
        break;
    }
  }
  return s;
}

// Empty if `text` behaves; otherwise what went wrong.
std::string check_robust(const std::string& text) {
  SourceFile file("fuzz.bg", text);
  uint32_t lines = 1;
  for (char c : text) lines += c == '\n';
  try {
    Program program = parse_program(file);
    print_program(program);
    return "";
  } catch (const SyntaxError& error) {
    SourcePos pos = error.pos();
    if (pos.line < 1 || pos.line > lines || pos.column < 1 || pos.column > file.line_text(pos.line).size() + 1) {
      return "SyntaxError at " + std::to_string(pos.line) + ":" + std::to_string(pos.column) +
             " outside the file: " + error.what();
    }
    if (std::string(error.what()).empty()) return "SyntaxError without a message";
    format_diagnostic(file, pos, error.what());
    return "";
  } catch (const std::exception& error) {
    return std::string("non-SyntaxError exception: ") + error.what();
  } catch (...) {
    return "unknown exception";
  }
}

TEST(Robustness, ValidSeedProgramsParse) {
  for (const char* text : kValidPrograms) {
    EXPECT_EQ(first_error(text), "(parsed without error)") << escaped(text);
  }
}

TEST(Robustness, RandomInputEitherParsesOrThrowsSyntaxError) {
  std::mt19937_64 rng(20240611);
  int failures = 0;
  for (int i = 0; i < 4500 && failures < 10; i++) {
    std::string text;
    switch (i % 3) {
      case 0: text = random_bytes(rng); break;
      case 1: text = token_soup(rng); break;
      default: text = damaged_program(rng); break;
    }
    std::string problem = check_robust(text);
    if (!problem.empty()) {
      failures++;
      ADD_FAILURE() << problem << "\ninput: \"" << escaped(text) << "\"";
    }
  }
}

}  // namespace
}  // namespace beagle::lang
