// Prints an AST as s-expressions: `beagle parse FILE` and the parser tests.
#pragma once

#include <string>

#include "lang/front/ast.h"

namespace beagle::lang {

struct PrintOptions {
  bool positions = false;  // append @line:column to every list head
  int width = 80;          // lines longer than this are broken, one child per line
};

std::string print_program(const Program& program, const PrintOptions& options = {});
std::string print_expr(const Expr& expr, const PrintOptions& options = {});
std::string print_pattern(const Pattern& pattern, const PrintOptions& options = {});

// Shortest round-trip text of a double, always with a '.' or an exponent.
std::string float_literal_text(double value);

}  // namespace beagle::lang
