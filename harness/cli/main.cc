// beagle: the command line of the Beagle GC testbed.
#include <cstdio>
#include <cstring>
#include <string>

#include "harness/cli/commands.h"

namespace {

const char* kUsage =
    "beagle - a JIT compiler for the Beagle language over pluggable garbage collectors\n"
    "\n"
    "Usage:\n"
    "  beagle run [OPTIONS] FILE.bg [ARGS]  compile FILE to machine code and run it\n"
    "  beagle parse [--positions] FILE.bg   print the syntax tree of FILE as s-expressions,\n"
    "                                       or its first syntax error (file:line:column)\n"
    "  beagle shrink --gc-replay=FILE [RUN OPTIONS] FILE.bg [ARGS]\n"
    "                                       reduce a failing stress schedule to a\n"
    "                                       minimal set of forced collections\n"
    "  beagle minheap [OPTIONS] FILE.bg [ARGS]\n"
    "                                       find the smallest --heap at which FILE\n"
    "                                       completes under a collector, by bisection\n"
    "  beagle gcs                           list the garbage collectors of this build\n"
    "  beagle --help                        show this help\n"
    "  beagle --version                     show the version\n"
    "\n"
    "Run 'beagle COMMAND --help' for the options of a command.\n"
    "Exit status: 0 on success, 1 on an error in the program, 2 on a usage error.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string command = argv[1];
  beagle::cli::Args rest(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version" || command == "-V") {
    std::printf("beagle %s\n", BEAGLE_VERSION);
    return 0;
  }
  if (command == "parse") return beagle::cli::parse_command(rest);
  if (command == "run") return beagle::cli::run_command(rest);
  if (command == "gcs") return beagle::cli::gcs_command(rest);
  if (command == "shrink") return beagle::cli::shrink_command(rest);
  if (command == "minheap") return beagle::cli::minheap_command(rest);
  std::fprintf(stderr, "beagle: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
