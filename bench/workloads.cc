#include "bench/workloads.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace beagle::bench {

namespace {

std::string with_args(std::string text, const std::vector<std::string>& args) {
  for (const std::string& arg : args) text += " " + arg;
  return text;
}

}  // namespace

std::string Workload::command_line() const { return with_args(path, args); }

std::string Workload::label() const { return with_args(std::filesystem::path(path).filename().string(), args); }

std::vector<Workload> find_workloads(const std::string& folder, const std::string& sizes_file,
                                     const std::string& sizes) {
  std::ifstream in(sizes_file);
  if (!in) throw WorkloadError("cannot read the sizes file '" + sizes_file + "'");
  std::map<std::string, std::vector<std::string>> arguments;  // workload -> its arguments at `sizes`
  std::set<std::string> names{"default"};
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    number++;
    std::istringstream words(line.substr(0, line.find('#')));
    std::string workload, name;
    if (!(words >> workload)) continue;
    if (!(words >> name)) {
      throw WorkloadError(sizes_file + ":" + std::to_string(number) + ": wants WORKLOAD SIZES ARGS..., got '" +
                          line + "'");
    }
    names.insert(name);
    if (name != sizes) continue;
    std::vector<std::string>& args = arguments[workload];
    for (std::string arg; words >> arg;) args.push_back(arg);
  }
  if (names.count(sizes) == 0) {
    std::string known;
    for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
    throw WorkloadError("no sizes named '" + sizes + "' in " + sizes_file + " (sizes: " + known + ")");
  }
  std::vector<Workload> workloads;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().extension() != ".bg" || !entry.is_regular_file()) continue;
    Workload w;
    w.name = entry.path().stem().string();
    w.path = entry.path().string();
    auto found = arguments.find(w.name);
    if (found != arguments.end()) w.args = found->second;
    workloads.push_back(w);
  }
  if (error) throw WorkloadError("cannot list the workloads folder '" + folder + "': " + error.message());
  if (workloads.empty()) throw WorkloadError("no .bg file in the workloads folder '" + folder + "'");
  std::sort(workloads.begin(), workloads.end(), [](const Workload& a, const Workload& b) { return a.name < b.name; });
  return workloads;
}

}  // namespace beagle::bench
