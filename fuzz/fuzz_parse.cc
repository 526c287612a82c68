// Fuzz target: the lexer and the parser (lang/front/), and what `beagle
// parse` does with their result. Any input must give either a syntax tree
// (which the printer prints) or a SyntaxError whose position lies inside the
// file (its diagnostic points at a real line and column). A crash, a hang,
// a sanitizer report or a position outside the file is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lang/front/ast_printer.h"
#include "lang/front/parser.h"
#include "lang/front/source.h"

namespace {

using beagle::lang::SourceFile;
using beagle::lang::SourcePos;

// Lines are 1-based; the column may be one past the line's end (an error at
// the end of a line, or of the file).
bool inside(const SourceFile& file, SourcePos pos) {
  if (pos.line < 1 || pos.column < 1) return false;
  size_t lines = 1;
  for (char c : file.text()) lines += c == '\n';
  return pos.line <= lines && pos.column <= file.line_text(pos.line).size() + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SourceFile file("input.bg", std::string(reinterpret_cast<const char*>(data), size));
  try {
    beagle::lang::Program program = beagle::lang::parse_program(file);
    beagle::lang::print_program(program, {.positions = true});
  } catch (const beagle::lang::SyntaxError& error) {
    beagle::lang::format_diagnostic(file, error.pos(), error.what());
    if (!inside(file, error.pos())) {
      std::fprintf(stderr, "fuzz_parse: a syntax error at %u:%u, outside the file: %s\n", error.pos().line,
                   error.pos().column, error.what());
      std::abort();
    }
  }
  return 0;
}
