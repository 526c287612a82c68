#include "lang/runtime/structs.h"

#include <memory>

namespace beagle::rt {

int StructInfo::field_index(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].name == name) return int(i);
  }
  return -1;
}

uint32_t StructRegistry::define(const std::string& qualified_name, const std::string& display_name,
                                std::vector<StructField> fields, bool is_variant) {
  auto existing = by_name_.find(qualified_name);
  if (existing != by_name_.end()) {
    infos_[existing->second]->fields = std::move(fields);
    return existing->second;
  }
  auto info = std::make_unique<StructInfo>();
  info->id = uint32_t(infos_.size());
  info->qualified_name = qualified_name;
  info->display_name = display_name;
  info->fields = std::move(fields);
  info->is_variant = is_variant;
  by_name_.emplace(qualified_name, info->id);
  infos_.push_back(std::move(info));
  return infos_.back()->id;
}

const StructInfo* StructRegistry::find(const std::string& qualified_name) const {
  auto it = by_name_.find(qualified_name);
  return it == by_name_.end() ? nullptr : infos_[it->second].get();
}

}  // namespace beagle::rt
