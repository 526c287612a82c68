// The parser: tokens to an AST (LANGUAGE.md §3).
#pragma once

#include "lang/front/ast.h"
#include "lang/front/source.h"

namespace beagle::lang {

// Parses a whole file. Throws SyntaxError at the first error.
Program parse_program(const SourceFile& file);

// Parses `text` as one expression (used for string interpolation and tests).
ExprPtr parse_expression(std::string_view text, SourcePos start = {});

}  // namespace beagle::lang
