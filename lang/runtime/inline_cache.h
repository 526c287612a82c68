// Inline caches (docs/ARCHITECTURE.md, "Inline caches"): one cell per
// property access or protocol call site of the compiled code, which the
// JIT reads at a fixed address. A cell is keyed by a struct's id, never by
// an address, so no collector, moving or not, can make it stale; cells live
// outside the heap (no collector scans or moves them) and hold no heap
// reference that is not immortal.
//
// A cell starts empty; each miss that finds a struct adds an entry, up to
// kInlineCacheEntries (monomorphic, then polymorphic); a miss with every
// entry taken makes the site megamorphic: the compiled code still tries the
// entries, and every other struct takes the runtime's lookup by name id.
#pragma once

#include <array>
#include <cstdint>
#include <deque>

#include "lang/runtime/objects.h"

namespace beagle::rt {

inline constexpr size_t kInlineCacheEntries = 4;

// The bits of a header's low word that a cache compares: the type and the
// type data (a struct's id); the flags and the forwarding bit are masked out.
inline constexpr uint32_t kStructKeyMask = 0xFFFF00FE;
inline uint32_t struct_key(uint32_t struct_id) {
  return uint32_t(gc::Header::make(uint32_t(Type::Struct), 0, struct_id).bits());
}

// A property read (`o.f`, a struct pattern's field) or write (`o.f = v`).
struct PropertySite {
  struct Entry {
    uint32_t key = 0;     // struct_key of the struct; 0 (no struct has it): unused
    uint32_t offset = 0;  // of the field from the tagged object pointer, in bytes
  };
  std::array<Entry, kInlineCacheEntries> entries;
  uint32_t name_id = 0;  // the field's name (StructRegistry::field_name_id)
  Value name;            // the field's name as an immortal String, for the errors
  bool write = false;    // a write site caches only `mut` fields
  bool megamorphic = false;

  void remember(uint32_t struct_id, size_t field);
  void forget() { *this = PropertySite{{}, name_id, name, write, false}; }
};

// A call of a protocol method by its name: the implementation for a struct
// receiver's type.
struct DispatchSite {
  struct Entry {
    uint32_t key = 0;  // as PropertySite's
    uint32_t unused = 0;
    Word function = 0;  // the implementation: an immortal Function (Value bits)
  };
  std::array<Entry, kInlineCacheEntries> entries;
  int method = 0;        // the ProtocolRegistry's method id
  Value method_function;  // the method's own dispatching function (immortal)
  bool megamorphic = false;

  void remember(uint32_t struct_id, Value function);
  void forget() { *this = DispatchSite{{}, method, method_function, false}; }
};

// The cells of one kind of site: their addresses never change, and they
// live as long as the Runtime (as long as the code that reads them).
template <typename Site>
class SiteTable {
 public:
  Site* add(Site site) { return &sites_.emplace_back(site); }
  void forget_all() {
    for (Site& site : sites_) site.forget();
  }

 private:
  std::deque<Site> sites_;
};

struct Thread;

// The miss paths the compiled code calls: each looks the field (or the
// implementation) up by id, updates the site, and performs the access; a
// read of anything but a struct's field, or a write that may not be made,
// goes to rt_get_property / rt_set_property (their errors and messages).
Value rt_get_property_miss(Thread& t, Value object, PropertySite* site);
Value rt_set_property_miss(Thread& t, Value object, PropertySite* site, Value v);
// The function to call for the receiver: a struct's implementation (cached),
// or else the method's dispatching function, which finds it or throws.
Value rt_dispatch_miss(Thread& t, Value self, DispatchSite* site);

}  // namespace beagle::rt
