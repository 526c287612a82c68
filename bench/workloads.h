// The workloads the benchmarks run: every .bg file of a folder (workloads/),
// each with the arguments that the sizes file (bench/sizes) gives it for the
// sizes chosen, or none (its own default size).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace beagle::bench {

struct Workload {
  std::string name;  // the file's name without .bg
  std::string path;
  std::vector<std::string> args;

  // "workloads/churn.bg 20000 200000"
  std::string command_line() const;
  // "churn.bg 20000 200000": the file's name, not its folder
  std::string label() const;
};

// A bad folder, sizes file or sizes name: a usage error.
class WorkloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The .bg files of `folder`, sorted by name. Throws WorkloadError when there
// are none, when the sizes file cannot be read or has a malformed line, or
// when no line of it names `sizes` (other than "default", which may have
// none).
std::vector<Workload> find_workloads(const std::string& folder, const std::string& sizes_file,
                                     const std::string& sizes);

}  // namespace beagle::bench
