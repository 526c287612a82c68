#include "lang/runtime/structs.h"

#include <memory>

namespace beagle::rt {

int StructInfo::field_index(std::string_view name) const {
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].name == name) return int(i);
  }
  return -1;
}

int StructInfo::field_index(uint32_t name_id) const {
  for (size_t i = 0; i < field_name_ids.size(); i++) {
    if (field_name_ids[i] == name_id) return int(i);
  }
  return -1;
}

uint32_t StructRegistry::field_name_id(std::string_view name) {
  return field_name_ids_.try_emplace(std::string(name), uint32_t(field_name_ids_.size())).first->second;
}

std::vector<uint32_t> StructRegistry::name_ids(const std::vector<StructField>& fields) {
  std::vector<uint32_t> ids;
  for (const StructField& field : fields) ids.push_back(field_name_id(field.name));
  return ids;
}

PropertySite* StructRegistry::new_property_site(std::string_view name, Value name_string, bool write) {
  PropertySite site;
  site.name_id = field_name_id(name);
  site.name = name_string;
  site.write = write;
  return property_sites_.add(site);
}

uint32_t StructRegistry::define(const std::string& qualified_name, const std::string& display_name,
                                std::vector<StructField> fields, bool is_variant) {
  auto existing = by_name_.find(qualified_name);
  if (existing != by_name_.end()) {
    StructInfo& info = *infos_[existing->second];
    info.field_name_ids = name_ids(fields);
    info.fields = std::move(fields);
    property_sites_.forget_all();  // the cached offsets may be wrong now
    return existing->second;
  }
  auto info = std::make_unique<StructInfo>();
  info->id = uint32_t(infos_.size());
  info->qualified_name = qualified_name;
  info->display_name = display_name;
  info->field_name_ids = name_ids(fields);
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
