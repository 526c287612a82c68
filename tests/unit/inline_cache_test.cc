// The inline caches' cells (lang/runtime/inline_cache.h): the struct key
// matches exactly the headers of one struct id whatever the flags, a site
// goes from monomorphic to polymorphic to megamorphic, and redefining a
// struct empties the property sites.
#include <gtest/gtest.h>

#include "lang/runtime/structs.h"

namespace beagle::rt {
namespace {

uint32_t low_bits(gc::Header h) { return uint32_t(h.bits()) & kStructKeyMask; }

TEST(InlineCache, StructKeyMatchesTheHeadersOfItsStructOnly) {
  gc::Header plain = gc::Header::make(uint32_t(Type::Struct), 3, 42);
  gc::Header flagged = gc::Header::make(uint32_t(Type::Struct), 3, 42, gc::kMarked | gc::kUnlogged | gc::kImmortal);
  EXPECT_EQ(low_bits(plain), struct_key(42));
  EXPECT_EQ(low_bits(flagged.with_age(3)), struct_key(42));
  EXPECT_NE(low_bits(gc::Header::make(uint32_t(Type::Struct), 3, 43)), struct_key(42));
  // Another type with the same type data is not a struct.
  EXPECT_NE(low_bits(gc::Header::make(uint32_t(Type::Array), 3, 42)), struct_key(42));
  // No key is 0, the unused entry's.
  EXPECT_NE(struct_key(0), 0u);
}

TEST(InlineCache, FieldNameIdsAreSharedAcrossStructs) {
  StructRegistry registry;
  uint32_t a = registry.define("ns/A", "A", {{"x", false}, {"y", true}}, false);
  uint32_t b = registry.define("ns/B", "B", {{"y", false}, {"z", false}, {"x", false}}, false);
  uint32_t x = registry.field_name_id("x");
  EXPECT_EQ(registry.get(a).field_index(x), 0);
  EXPECT_EQ(registry.get(b).field_index(x), 2);
  EXPECT_EQ(registry.get(a).field_index(registry.field_name_id("z")), -1);
  EXPECT_EQ(registry.field_name_id("y"), registry.field_name_id(std::string("y")));
}

TEST(InlineCache, SiteGoesFromMonomorphicToPolymorphicToMegamorphic) {
  StructRegistry registry;
  PropertySite* site = registry.new_property_site("x", Value::null(), false);
  site->remember(7, 0);
  EXPECT_EQ(site->entries[0].key, struct_key(7));
  EXPECT_EQ(site->entries[0].offset, 7u);  // field 0: 8 bytes past the header, less the tag
  EXPECT_EQ(site->entries[1].key, 0u);
  for (uint32_t id = 8; id < 8 + kInlineCacheEntries - 1; id++) site->remember(id, 2);
  EXPECT_FALSE(site->megamorphic);
  EXPECT_EQ(site->entries[kInlineCacheEntries - 1].offset, 23u);
  site->remember(100, 1);
  EXPECT_TRUE(site->megamorphic);
  // The entries stay: the sites' first types still hit.
  EXPECT_EQ(site->entries[0].key, struct_key(7));
}

TEST(InlineCache, RedefiningAStructEmptiesThePropertySites) {
  StructRegistry registry;
  uint32_t id = registry.define("ns/A", "A", {{"x", false}}, false);
  PropertySite* site = registry.new_property_site("x", Value::null(), true);
  site->remember(id, 0);
  registry.define("ns/A", "A", {{"w", false}, {"x", true}}, false);
  EXPECT_EQ(site->entries[0].key, 0u);
  EXPECT_TRUE(site->write);
  EXPECT_EQ(registry.get(id).field_index(registry.field_name_id("x")), 1);
}

}  // namespace
}  // namespace beagle::rt
