// The struct registry: every struct type (user structs, enum variants, the
// prelude's own) has an id, stored untagged in its instances' headers.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "lang/runtime/inline_cache.h"
#include "lang/runtime/objects.h"

namespace beagle::rt {

struct StructField {
  std::string name;
  bool is_mutable = false;
};

struct StructInfo {
  uint32_t id = 0;
  std::string qualified_name;  // "ns/Point", "ns/Shape.circle"
  std::string display_name;    // "Point", "Shape.circle" (how instances print)
  std::vector<StructField> fields;
  std::vector<uint32_t> field_name_ids;  // StructRegistry::field_name_id of each field
  bool is_variant = false;     // an enum variant: type-of gives null
  Value unit_instance;         // a unit variant's single instance, else null

  int field_index(std::string_view name) const;
  int field_index(uint32_t name_id) const;  // no string compared: for the inline caches' misses
};

class StructRegistry {
 public:
  // Registers a new struct type (or replaces the fields of an existing one
  // with the same qualified name, which empties every property site) and
  // returns its id.
  uint32_t define(const std::string& qualified_name, const std::string& display_name,
                  std::vector<StructField> fields, bool is_variant);
  const StructInfo& get(uint32_t id) const { return *infos_[id]; }
  StructInfo& get_mutable(uint32_t id) { return *infos_[id]; }
  const StructInfo* find(const std::string& qualified_name) const;
  size_t size() const { return infos_.size(); }

  // Field names as small numbers, equal for equal names in every struct.
  uint32_t field_name_id(std::string_view name);
  // A new property access site (inline_cache.h) for field `name`, whose
  // immortal String is `name_string`.
  PropertySite* new_property_site(std::string_view name, Value name_string, bool write);

 private:
  std::vector<std::unique_ptr<StructInfo>> infos_;  // pointers stay valid as it grows
  std::unordered_map<std::string, uint32_t> by_name_;
  std::unordered_map<std::string, uint32_t> field_name_ids_;
  SiteTable<PropertySite> property_sites_;

  std::vector<uint32_t> name_ids(const std::vector<StructField>& fields);
};

}  // namespace beagle::rt
