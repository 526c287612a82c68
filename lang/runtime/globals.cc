#include "lang/runtime/globals.h"

namespace beagle::rt {

Value* GlobalTable::define(const std::string& qualified) {
  auto it = by_name_.find(qualified);
  if (it != by_name_.end()) return it->second;
  slots_.push_back(Value::null());
  by_name_.emplace(qualified, &slots_.back());
  return &slots_.back();
}

Value* GlobalTable::find(const std::string& qualified) {
  auto it = by_name_.find(qualified);
  return it == by_name_.end() ? nullptr : it->second;
}

}  // namespace beagle::rt
