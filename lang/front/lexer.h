// The lexer: Beagle source text to tokens (LANGUAGE.md §2).
#pragma once

#include <string_view>
#include <vector>

#include "lang/front/token.h"

namespace beagle::lang {

// Splits `text` into tokens ending with Tok::Eof. `start` is the position of
// the first byte, so that `${...}` expressions inside strings can be lexed
// with positions in the enclosing file. Throws SyntaxError.
std::vector<Token> tokenize(std::string_view text, SourcePos start = {});

}  // namespace beagle::lang
