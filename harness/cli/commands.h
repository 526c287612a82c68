// The subcommands of the `beagle` command line. Each takes the arguments after
// its name and returns the process exit status.
#pragma once

#include <string>
#include <vector>

namespace beagle::cli {

using Args = std::vector<std::string>;

int parse_command(const Args& args);
int gcs_command(const Args& args);
int run_command(const Args& args);
int shrink_command(const Args& args);
int minheap_command(const Args& args);

}  // namespace beagle::cli
