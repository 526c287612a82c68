#include "lang/runtime/inline_cache.h"

#include <mutex>

#include "lang/runtime/builtins.h"
#include "lang/runtime/protocols.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"

namespace beagle::rt {

namespace {

// The entry to fill for a new key; null when the site is (or, every entry
// being taken, now becomes) megamorphic.
template <typename Site>
typename Site::Entry* entry_for_new_key(Site& site) {
  if (!site.megamorphic) {
    for (typename Site::Entry& entry : site.entries) {
      if (entry.key == 0) return &entry;
    }
  }
  site.megamorphic = true;
  return nullptr;
}

// The field of struct `object` that `site` names (-1: none, or, for a
// write, one that is not `mut`).
int cacheable_field(Thread& t, Value object, const PropertySite& site) {
  if (!is_object_of(object, Type::Struct)) return -1;
  const StructInfo& info = t.runtime->structs().get(header(object).type_data());
  int index = info.field_index(site.name_id);
  if (index >= 0 && site.write && !info.fields[size_t(index)].is_mutable) return -1;
  return index;
}

// Misses on several threads may fill the same site: one at a time.
std::mutex& sites_lock() {
  static std::mutex lock;
  return lock;
}

// Compiled code reads the entry while it is written: the key goes last, so
// a thread that matches it reads the rest of the entry.
template <typename Entry>
void publish(Entry& entry, const Entry& filled) {
  Entry rest = filled;
  rest.key = 0;
  entry = rest;
  __atomic_store_n(&entry.key, filled.key, __ATOMIC_RELEASE);
}

}  // namespace

void PropertySite::remember(uint32_t struct_id, size_t field) {
  std::lock_guard held(sites_lock());
  if (Entry* entry = entry_for_new_key(*this)) publish(*entry, {struct_key(struct_id), uint32_t(8 + 8 * field - 1)});
}

void DispatchSite::remember(uint32_t struct_id, Value function) {
  std::lock_guard held(sites_lock());
  if (Entry* entry = entry_for_new_key(*this)) publish(*entry, {struct_key(struct_id), 0, function.bits()});
}

Value rt_get_property_miss(Thread& t, Value object, PropertySite* site) {
  int field = cacheable_field(t, object, *site);
  if (field < 0) return rt_get_property(t, object, site->name);
  site->remember(header(object).type_data(), size_t(field));
  return fields(object)[field];
}

Value rt_set_property_miss(Thread& t, Value object, PropertySite* site, Value v) {
  int field = cacheable_field(t, object, *site);
  if (field < 0) return rt_set_property(t, object, site->name, v);
  site->remember(header(object).type_data(), size_t(field));
  store_field(t, object, size_t(field), v);
  return Value::null();
}

Value rt_dispatch_miss(Thread& t, Value self, DispatchSite* site) {
  if (!is_object_of(self, Type::Struct)) return site->method_function;
  uint32_t struct_id = header(self).type_data();
  Value impl = t.runtime->protocols().find(site->method, int64_t(struct_id));
  if (impl.is_null()) return site->method_function;  // it throws the error
  site->remember(struct_id, impl);
  return impl;
}

}  // namespace beagle::rt
