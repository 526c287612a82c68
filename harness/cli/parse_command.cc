// `beagle parse FILE`: the front end on its own.
#include <cstdio>

#include "harness/cli/commands.h"
#include "lang/front/ast_printer.h"
#include "lang/front/parser.h"

namespace beagle::cli {
namespace {

const char* kParseUsage =
    "Usage: beagle parse [--positions] FILE.bg\n"
    "\n"
    "Parses FILE and prints its syntax tree as s-expressions, or the first syntax\n"
    "error as 'file:line:column: message' with the offending line and a caret.\n"
    "\n"
    "Options:\n"
    "  --positions   add @line:column to every node\n"
    "  --help        show this help\n";

}  // namespace

int parse_command(const Args& args) {
  lang::PrintOptions options;
  std::string path;
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::fputs(kParseUsage, stdout);
      return 0;
    } else if (arg == "--positions") {
      options.positions = true;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "beagle parse: unknown option '%s'\n\n%s", arg.c_str(), kParseUsage);
      return 2;
    } else if (path.empty()) {
      path = arg;
    } else {
      std::fprintf(stderr, "beagle parse: expected one file, got '%s' and '%s'\n", path.c_str(), arg.c_str());
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "beagle parse: no file given\n\n%s", kParseUsage);
    return 2;
  }
  try {
    lang::SourceFile file = lang::SourceFile::read(path);
    try {
      lang::Program program = lang::parse_program(file);
      std::fputs(lang::print_program(program, options).c_str(), stdout);
      return 0;
    } catch (const lang::SyntaxError& error) {
      std::fputs(lang::format_diagnostic(file, error.pos(), error.what()).c_str(), stderr);
      return 1;
    }
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "beagle parse: %s\n", error.what());
    return 1;
  }
}

}  // namespace beagle::cli
