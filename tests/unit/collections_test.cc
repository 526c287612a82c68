// The persistent collections (lang/runtime/collections/) and `==`
// (lang/runtime/equality.cc) against a real Runtime, under a non-moving
// collector, a moving one, and a moving one that collects before every
// allocation (gc-always), so that any raw reference held across an
// allocation (FAILURE-MODES #8) shows up as a wrong element or a verifier
// failure. The test code itself keeps every heap reference in a Handle.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "collectors/api/registry.h"
#include "collectors/heap/heap.h"
#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/values.h"

namespace rt = beagle::rt;
namespace gc = beagle::gc;
using gc::Handle;
using gc::HandleScope;
using gc::Value;
using rt::Type;

namespace {

struct Config {
  const char* collector;
  bool gc_always;
};

void PrintTo(const Config& config, std::ostream* out) {
  *out << config.collector << (config.gc_always ? " gc-always" : "");
}

std::string config_name(const testing::TestParamInfo<Config>& info) {
  std::string name = info.param.collector;
  std::replace(name.begin(), name.end(), '-', '_');
  return info.param.gc_always ? name + "_gc_always" : name;
}

// Every registered collector, and under gc-always every moving one: a raw
// reference held across an allocation shows when objects move, while a
// non-moving collector under gc-always adds little and is slow.
std::vector<Config> configs(bool gc_always_only) {
  std::vector<Config> out;
  for (const gc::CollectorInfo& info : gc::registered_collectors()) {
    gc::HeapOptions options;
    options.collector = info.name;
    if (!gc_always_only) out.push_back({info.name, false});
    if (gc::Heap(options).collector().attributes().moving) out.push_back({info.name, true});
  }
  return out;
}

// A key or value to build: Int, Float, String, Keyword or null.
struct Kw {
  std::string name;
};
using Item = std::variant<int64_t, double, std::string, Kw, std::nullptr_t>;

// The order of §5.5: by the 5-bit chunks of the hash, least significant first.
bool chunk_order_less(uint64_t a, uint64_t b) {
  for (int shift = 0; shift < 64; shift += 5) {
    uint64_t ca = (a >> shift) & 31, cb = (b >> shift) & 31;
    if (ca != cb) return ca < cb;
  }
  return false;
}

Value num(int64_t n) { return Value::from_int(n); }

class CollectionsTest : public testing::TestWithParam<Config> {
 protected:
  std::unique_ptr<rt::Runtime> runtime;
  rt::Thread* thread = nullptr;
  std::unique_ptr<HandleScope> scope;

  void SetUp() override {
    gc::HeapOptions options;
    options.collector = GetParam().collector;
    if (GetParam().gc_always) options.stress = gc::StressOptions::always();
    runtime = std::make_unique<rt::Runtime>(options);
    thread = &runtime->main_thread();
    scope = std::make_unique<HandleScope>(*thread->handles);
  }
  void TearDown() override {
    scope.reset();
    runtime.reset();
  }

  rt::Thread& t() { return *thread; }
  bool stress() const { return GetParam().gc_always; }
  // Sizes: the full size normally, a small one when every allocation collects.
  int64_t scaled(int64_t full, int64_t stressed) const { return stress() ? stressed : full; }
  Handle hold(Value v) { return scope->make(v); }

  // ------------------------------------------------------------ making values
  Value str(std::string_view s) { return rt::new_string(t(), s); }
  Value kw(std::string_view name) { return runtime->keyword(name); }
  Value make(const Item& item) {
    if (auto* n = std::get_if<int64_t>(&item)) return num(*n);
    if (auto* d = std::get_if<double>(&item)) return rt::new_float(t(), *d);
    if (auto* s = std::get_if<std::string>(&item)) return str(*s);
    if (auto* k = std::get_if<Kw>(&item)) return kw(k->name);
    return Value::null();
  }
  Value map_of(const std::vector<std::pair<Item, Item>>& entries) {
    HandleScope s(*thread->handles);
    Handle map = s.make(rt::map_empty(t()));
    for (const auto& [k, v] : entries) {
      Handle key = s.make(make(k));
      Value value = make(v);
      map.set(rt::map_assoc(t(), map.get(), key.get(), value));
    }
    return map.get();
  }
  Value set_of(const std::vector<Item>& members) {
    HandleScope s(*thread->handles);
    Handle set = s.make(rt::set_empty(t()));
    for (const Item& m : members) {
      Value member = make(m);
      set.set(rt::set_add(t(), set.get(), member));
    }
    return set.get();
  }
  Value vector_of(const std::vector<Item>& items) {
    HandleScope s(*thread->handles);
    Handle vec = s.make(rt::vector_empty(t()));
    for (const Item& item : items) {
      Value x = make(item);
      vec.set(rt::vector_push(t(), vec.get(), x));
    }
    return vec.get();
  }
  Value vector_of_ints(int64_t n) {
    std::vector<Value> items;
    for (int64_t i = 0; i < n; i++) items.push_back(num(i));
    return rt::vector_from(t(), items.data(), items.size());  // Ints never move
  }
  Value struct_of(uint32_t id, const std::vector<Item>& field_items) {
    HandleScope s(*thread->handles);
    std::vector<Handle> held;
    for (const Item& item : field_items) held.push_back(s.make(make(item)));
    Value object = rt::new_object(t(), Type::Struct, held.size(), id);
    for (size_t i = 0; i < held.size(); i++) rt::init_field(object, i, held[i].get());
    return object;
  }
  Value float_with_bits(uint64_t bits) {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return rt::new_float(t(), d);
  }

  // ------------------------------------------------------------ describing
  static std::string describe(Value v) {
    std::ostringstream out;
    if (v.is_int()) {
      out << v.as_int();
    } else if (v.is_float()) {
      double d = rt::float_value(v);
      out << d;
      if (std::isfinite(d) && d == std::floor(d)) out << ".0";
    } else if (v.is_null()) {
      out << "null";
    } else if (v.is_bool()) {
      out << (v.is_true() ? "true" : "false");
    } else if (rt::is_object_of(v, Type::String)) {
      out << '"' << rt::string_view(v) << '"';
    } else if (rt::is_object_of(v, Type::Keyword)) {
      out << ':' << rt::string_view(rt::fields(v)[0]);
    } else if (rt::is_object_of(v, Type::Vector)) {
      out << '[';
      bool first = true;
      rt::vector_for_each(v, [&](Value x) {
        out << (first ? "" : ", ") << describe(x);
        first = false;
      });
      out << ']';
    } else {
      out << "<object type " << int(rt::type_of_object(v)) << '>';
    }
    return out.str();
  }
  static std::vector<std::string> keys_in_order(Value map) {
    std::vector<std::string> keys;
    rt::map_for_each(map, [&keys](Value k, Value) { keys.push_back(describe(k)); });
    return keys;
  }
  static std::vector<std::string> members_in_order(Value set) {
    std::vector<std::string> members;
    rt::set_for_each(set, [&members](Value m) { members.push_back(describe(m)); });
    return members;
  }

  // ------------------------------------------------------------ map structure
  // Every entry sits on the path its hash gives, every node below the root
  // holds at least two entries, and the count matches.
  static void check_path(uint64_t hash, const std::vector<uint32_t>& path) {
    for (size_t level = 0; level < path.size(); level++) {
      ASSERT_EQ((hash >> (5 * level)) & 31, path[level]) << "entry on the wrong path at level " << level;
    }
  }
  static int64_t check_subtree(Value node, std::vector<uint32_t>& path, bool is_root) {
    if (rt::is_object_of(node, Type::CollisionNode)) {
      int pairs = rt::collision_pair_count(node);
      EXPECT_GE(pairs, 2);
      uint64_t shared = rt::hash_value(rt::node_key(node, 0));
      for (int i = 0; i < pairs; i++) EXPECT_EQ(rt::hash_value(rt::node_key(node, i)), shared);
      check_path(shared, path);
      return pairs;
    }
    EXPECT_TRUE(rt::is_object_of(node, Type::MapNode));
    uint32_t bitmap = rt::map_node_bitmap(node);
    EXPECT_EQ(rt::field_count(node), 1u + 2u * std::popcount(bitmap));
    int64_t total = 0;
    int slot = 0;
    for (uint32_t c = 0; c < 32; c++) {
      if ((bitmap & (1u << c)) == 0) continue;
      Value key = rt::node_key(node, slot), value = rt::node_value(node, slot);
      path.push_back(c);
      if (rt::is_child_slot(key, value)) {
        total += check_subtree(value, path, false);
      } else {
        check_path(rt::hash_value(key), path);
        total++;
      }
      path.pop_back();
      slot++;
    }
    if (!is_root) {
      EXPECT_GE(total, 2) << "a node below the root with a single entry";
    }
    return total;
  }
  static void check_map(Value map) {
    std::vector<uint32_t> path;
    Value root = rt::map_root(map);
    int64_t entries = root.is_null() ? 0 : check_subtree(root, path, true);
    EXPECT_EQ(entries, rt::map_count(map));
    // Iteration follows the §5.5 order of the hashes.
    std::vector<uint64_t> hashes;
    rt::map_for_each(map, [&hashes](Value k, Value) { hashes.push_back(rt::hash_value(k)); });
    for (size_t i = 1; i < hashes.size(); i++) {
      EXPECT_FALSE(chunk_order_less(hashes[i], hashes[i - 1])) << "out of §5.5 order at entry " << i;
    }
  }
};

INSTANTIATE_TEST_SUITE_P(Collectors, CollectionsTest, testing::ValuesIn(configs(false)), config_name);

// ============================================================== vectors

TEST_P(CollectionsTest, VectorPushGetAndPersistence) {
  int64_t n = scaled(100000, 1060);  // 1057: a root of leaves overflows
  const int64_t marks[] = {0, 1, 2, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025, 1056, 1057, 32768, 32800, 32801, 99999};
  std::vector<std::pair<int64_t, Handle>> versions;
  Handle vec = hold(rt::vector_empty(t()));
  for (int64_t i = 0; i <= n; i++) {
    if (std::find(std::begin(marks), std::end(marks), i) != std::end(marks)) versions.push_back({i, hold(vec.get())});
    if (i == n) break;
    vec.set(rt::vector_push(t(), vec.get(), num(3 * i)));
  }
  ASSERT_EQ(rt::vector_count(vec.get()), n);
  for (int64_t i = 0; i < n; i++) ASSERT_EQ(rt::vector_get(vec.get(), i), num(3 * i)) << "index " << i;
  EXPECT_TRUE(rt::vector_get(vec.get(), -1).is_null());
  EXPECT_TRUE(rt::vector_get(vec.get(), n).is_null());
  EXPECT_TRUE(rt::vector_get(vec.get(), int64_t{1} << 59).is_null());
  for (auto& [size, version] : versions) {
    ASSERT_EQ(rt::vector_count(version.get()), size);
    for (int64_t i = 0; i < size; i++) ASSERT_EQ(rt::vector_get(version.get(), i), num(3 * i)) << size << "/" << i;
    EXPECT_TRUE(rt::vector_get(version.get(), size).is_null());
  }
}

TEST_P(CollectionsTest, VectorOfFreshStringsKeepsEachElement) {
  // FAILURE-MODES #8: a stale raw pointer shows as aliased or garbage elements.
  int64_t n = scaled(5000, 150);
  Handle vec = hold(rt::vector_empty(t()));
  for (int64_t i = 0; i < n; i++) {
    Value s = str("element " + std::to_string(i));
    vec.set(rt::vector_push(t(), vec.get(), s));
  }
  for (int64_t i = 0; i < n; i++) {
    ASSERT_EQ(describe(rt::vector_get(vec.get(), i)), "\"element " + std::to_string(i) + "\"");
  }
}

TEST_P(CollectionsTest, VectorAssocLeavesOldVersionsUnchanged) {
  int64_t n = scaled(40000, 200);
  Handle original = hold(vector_of_ints(n));
  Handle changed = hold(original.get());
  int64_t step = stress() ? 1 : 7;
  for (int64_t i = 0; i < n; i += step) {
    changed.set(rt::vector_assoc(t(), changed.get(), i, num(-i)));
    ASSERT_EQ(rt::vector_get(changed.get(), i), num(-i));
    ASSERT_EQ(rt::vector_count(changed.get()), n);
  }
  for (int64_t i = 0; i < n; i++) {
    ASSERT_EQ(rt::vector_get(original.get(), i), num(i));
    ASSERT_EQ(rt::vector_get(changed.get(), i), num(i % step == 0 ? -i : i));
  }
  // The last element (in the tail) and the first (in the trie).
  Handle last = hold(rt::vector_assoc(t(), original.get(), n - 1, Value::boolean(true)));
  EXPECT_TRUE(rt::vector_get(last.get(), n - 1).is_true());
  EXPECT_EQ(rt::vector_get(original.get(), n - 1), num(n - 1));
}

TEST_P(CollectionsTest, VectorPopLastUndoesPush) {
  int64_t n = scaled(2200, 100);
  Handle vec = hold(vector_of_ints(n));
  for (int64_t count = n - 1; count >= 0; count--) {
    vec.set(rt::vector_pop_last(t(), vec.get()));
    ASSERT_EQ(rt::vector_count(vec.get()), count);
    if (count > 0) {
      ASSERT_EQ(rt::vector_get(vec.get(), count - 1), num(count - 1));
    }
    ASSERT_TRUE(rt::vector_get(vec.get(), count).is_null());
    bool boundary = count % 32 <= 1 || count % 1024 <= 1 || count % 97 == 0;
    if (boundary) {
      Value expected = vector_of_ints(count);
      ASSERT_TRUE(rt::values_equal(vec.get(), expected)) << "after popping to " << count;
      ASSERT_EQ(rt::vector_shift(vec.get()), rt::vector_shift(expected)) << "root not collapsed at " << count;
    }
  }
  Handle empty = hold(rt::vector_pop_last(t(), vec.get()));
  EXPECT_EQ(rt::vector_count(empty.get()), 0);
}

TEST_P(CollectionsTest, VectorFromMatchesPushes) {
  for (int64_t n : {0, 1, 31, 32, 33, 64, 65, 1056, 1057, 40000}) {
    if (stress() && n > 65) continue;  // VectorPushGetAndPersistence covers 1057 under stress
    Handle built = hold(vector_of_ints(n));
    Handle pushed = hold(rt::vector_empty(t()));
    for (int64_t i = 0; i < n; i++) pushed.set(rt::vector_push(t(), pushed.get(), num(i)));
    ASSERT_EQ(rt::vector_count(built.get()), n);
    ASSERT_EQ(rt::vector_shift(built.get()), rt::vector_shift(pushed.get())) << n;
    ASSERT_TRUE(rt::values_equal(built.get(), pushed.get())) << n;
    int64_t seen = 0;
    rt::vector_for_each(built.get(), [&seen](Value x) { EXPECT_EQ(x, num(seen++)); });
    EXPECT_EQ(seen, n);
  }
}

TEST_P(CollectionsTest, VectorFromArrayOfStrings) {
  int64_t n = scaled(3000, 70);
  Handle array = hold(rt::new_array(t(), n));
  for (int64_t i = 0; i < n; i++) {
    Value s = str("s" + std::to_string(i));
    rt::store_field(t(), array.get(), size_t(i), s);
  }
  Handle vec = hold(rt::vector_from_array(t(), array.get()));
  ASSERT_EQ(rt::vector_count(vec.get()), n);
  for (int64_t i = 0; i < n; i++) ASSERT_EQ(describe(rt::vector_get(vec.get(), i)), "\"s" + std::to_string(i) + "\"");
}

// ============================================================== maps

TEST_P(CollectionsTest, HashTestVectorsOfTheSpec) {
  // The orders below depend on hash_value (lang/runtime/hash.cc); a failure
  // here points there rather than at the map.
  Handle a = hold(str("a"));
  EXPECT_EQ(rt::hash_value(a.get()), 0x119b50b9a4f0e9f3u);
  EXPECT_EQ(rt::hash_value(kw("a")), 0xbeb9a6bbf61b58b4u);
  EXPECT_EQ(rt::hash_value(num(1)), 0x215d83d34b64736au);
  EXPECT_EQ(rt::hash_value(num(3)), 0x0a3336aaa850e4fbu);
}

TEST_P(CollectionsTest, MapOrdersOfTheSpec) {
  Handle strings = hold(map_of({{"a", 1}, {"b", 2}, {"c", 3}}));
  EXPECT_EQ(keys_in_order(strings.get()), (std::vector<std::string>{"\"b\"", "\"c\"", "\"a\""}));
  Handle keywords = hold(map_of({{Kw{"a"}, 1}, {Kw{"b"}, 2}}));
  EXPECT_EQ(keys_in_order(keywords.get()), (std::vector<std::string>{":b", ":a"}));
  Handle keys = hold(rt::map_keys(t(), keywords.get()));
  EXPECT_EQ(describe(keys.get()), "[:b, :a]");
  Handle vals = hold(rt::map_vals(t(), keywords.get()));
  EXPECT_EQ(describe(vals.get()), "[2, 1]");
  Handle person = hold(map_of({{Kw{"name"}, "A"}, {Kw{"age"}, 3}}));
  EXPECT_EQ(keys_in_order(person.get()), (std::vector<std::string>{":age", ":name"}));
  Handle ints = hold(set_of({1, 2, 3}));
  EXPECT_EQ(members_in_order(ints.get()), (std::vector<std::string>{"2", "1", "3"}));
  // Insertion order does not matter.
  Handle reversed = hold(map_of({{"c", 3}, {"b", 2}, {"a", 1}}));
  EXPECT_EQ(keys_in_order(reversed.get()), keys_in_order(strings.get()));
  Handle ints_reversed = hold(set_of({3, 2, 1}));
  EXPECT_EQ(members_in_order(ints_reversed.get()), members_in_order(ints.get()));
  check_map(strings.get());
  check_map(person.get());
}

TEST_P(CollectionsTest, MapGetAssocReplace) {
  Handle map = hold(map_of({{"x", 1}, {Kw{"y"}, 2}, {int64_t{7}, "seven"}}));
  ASSERT_EQ(rt::map_count(map.get()), 3);
  bool found = false;
  Handle x = hold(str("x"));  // a different String object with the same content
  EXPECT_EQ(rt::map_get(map.get(), x.get(), &found), num(1));
  EXPECT_TRUE(found);
  EXPECT_EQ(rt::map_get(map.get(), kw("y")), num(2));
  EXPECT_EQ(describe(rt::map_get(map.get(), num(7))), "\"seven\"");
  EXPECT_TRUE(rt::map_get(map.get(), num(8), &found).is_null());
  EXPECT_FALSE(found);
  Handle replaced = hold(rt::map_assoc(t(), map.get(), x.get(), num(100)));
  EXPECT_EQ(rt::map_count(replaced.get()), 3);
  EXPECT_EQ(rt::map_get(replaced.get(), x.get()), num(100));
  EXPECT_EQ(rt::map_get(map.get(), x.get()), num(1));
  EXPECT_EQ(keys_in_order(replaced.get()), keys_in_order(map.get()));
  Handle empty = hold(rt::map_empty(t()));
  EXPECT_EQ(rt::map_count(empty.get()), 0);
  EXPECT_FALSE(rt::map_contains(empty.get(), num(1)));
  EXPECT_EQ(rt::map_dissoc(t(), empty.get(), num(1)), empty.get());
}

TEST_P(CollectionsTest, IntAndFloatKeysAreDifferent) {
  Handle map = hold(map_of({{int64_t{2}, "i"}}));
  Handle two_float = hold(rt::new_float(t(), 2.0));
  bool found = true;
  EXPECT_TRUE(rt::map_get(map.get(), two_float.get(), &found).is_null());
  EXPECT_FALSE(found);
  Handle both = hold(rt::map_assoc(t(), map.get(), two_float.get(), num(0)));
  EXPECT_EQ(rt::map_count(both.get()), 2);
  EXPECT_EQ(describe(rt::map_get(both.get(), num(2))), "\"i\"");
  EXPECT_EQ(rt::map_get(both.get(), two_float.get()), num(0));
  // Equal Floats in different boxes are the same key.
  Handle other_two = hold(rt::new_float(t(), 2.0));
  EXPECT_EQ(rt::map_get(both.get(), other_two.get()), num(0));
  Handle set = hold(set_of({int64_t{2}}));
  EXPECT_TRUE(rt::set_contains(set.get(), num(2)));
  EXPECT_FALSE(rt::set_contains(set.get(), two_float.get()));
  check_map(both.get());
}

TEST_P(CollectionsTest, NullKeysAndValues) {
  Handle map = hold(map_of({{nullptr, 1}, {Kw{"a"}, nullptr}}));
  ASSERT_EQ(rt::map_count(map.get()), 2);
  bool found = false;
  EXPECT_EQ(rt::map_get(map.get(), Value::null(), &found), num(1));
  EXPECT_TRUE(found);
  EXPECT_TRUE(rt::map_get(map.get(), kw("a"), &found).is_null());
  EXPECT_TRUE(found);
  EXPECT_TRUE(rt::map_get(map.get(), kw("b"), &found).is_null());
  EXPECT_FALSE(found);
  Handle without = hold(rt::map_dissoc(t(), map.get(), Value::null()));
  EXPECT_EQ(rt::map_count(without.get()), 1);
  EXPECT_FALSE(rt::map_contains(without.get(), Value::null()));
  EXPECT_TRUE(rt::map_contains(without.get(), kw("a")));
  // Null keys next to nested nodes: many keys, then null, then more.
  Handle big = hold(rt::map_assoc(t(), map.get(), Value::null(), num(5)));
  for (int64_t i = 0; i < scaled(2000, 60); i++) big.set(rt::map_assoc(t(), big.get(), num(i), Value::null()));
  EXPECT_EQ(rt::map_get(big.get(), Value::null()), num(5));
  check_map(big.get());
}

// Builds a map of n keys of one kind, then removes every third key: the
// survivors keep their relative order, the old version is unchanged.
TEST_P(CollectionsTest, LargeMapsAndDissocKeepOrder) {
  int64_t n = scaled(10000, 80);
  for (int kind = 0; kind < 3; kind++) {
    auto key = [&](int64_t i) -> Value {
      if (kind == 0) return num(i * 7919);
      if (kind == 1) return str("key-" + std::to_string(i));
      return kw("k" + std::to_string(i));
    };
    HandleScope s(*thread->handles);
    Handle map = s.make(rt::map_empty(t()));
    for (int64_t i = 0; i < n; i++) {
      Value k = key(i);
      map.set(rt::map_assoc(t(), map.get(), k, num(i)));
    }
    ASSERT_EQ(rt::map_count(map.get()), n);
    check_map(map.get());
    for (int64_t i = 0; i < n; i++) {
      Value k = key(i);
      ASSERT_EQ(rt::map_get(map.get(), k), num(i)) << "kind " << kind << " key " << i;
    }
    Value absent = key(n);
    ASSERT_FALSE(rt::map_contains(map.get(), absent));

    std::vector<std::string> order = keys_in_order(map.get());
    Handle smaller = s.make(map.get());
    std::vector<std::string> removed;
    for (int64_t i = 0; i < n; i += 3) {
      Handle k = s.make(key(i));
      removed.push_back(describe(k.get()));
      smaller.set(rt::map_dissoc(t(), smaller.get(), k.get()));
      ASSERT_FALSE(rt::map_contains(smaller.get(), k.get()));
    }
    check_map(smaller.get());
    std::sort(removed.begin(), removed.end());
    std::vector<std::string> expected;
    for (const std::string& k : order) {
      if (!std::binary_search(removed.begin(), removed.end(), k)) expected.push_back(k);
    }
    EXPECT_EQ(keys_in_order(smaller.get()), expected) << "kind " << kind;
    EXPECT_EQ(keys_in_order(map.get()), order) << "old version changed, kind " << kind;
    // Removing an absent key returns the map itself.
    Value again = key(0);
    EXPECT_EQ(rt::map_dissoc(t(), smaller.get(), again), smaller.get());
    // Removing everything empties it.
    for (int64_t i = 0; i < n; i++) {
      Value k = key(i);
      smaller.set(rt::map_dissoc(t(), smaller.get(), k));
    }
    EXPECT_EQ(rt::map_count(smaller.get()), 0);
    EXPECT_TRUE(rt::map_root(smaller.get()).is_null());
  }
}

// Int 3 and the Float whose bits are 24 have the same full hash (§5.5).
TEST_P(CollectionsTest, CollidingKeysKeepInsertionOrder) {
  Handle float24 = hold(float_with_bits(24));
  ASSERT_EQ(rt::hash_value(num(3)), rt::hash_value(float24.get()));
  Handle map = hold(map_of({{Kw{"x"}, 0}}));
  map.set(rt::map_assoc(t(), map.get(), num(3), num(1)));
  map.set(rt::map_assoc(t(), map.get(), float24.get(), num(2)));
  EXPECT_EQ(rt::map_count(map.get()), 3);
  EXPECT_EQ(rt::map_get(map.get(), num(3)), num(1));
  EXPECT_EQ(rt::map_get(map.get(), float24.get()), num(2));
  check_map(map.get());
  auto position = [&](Value m, const std::string& key) {
    std::vector<std::string> keys = keys_in_order(m);
    return std::find(keys.begin(), keys.end(), key) - keys.begin();
  };
  std::string float_name = describe(float24.get());
  EXPECT_LT(position(map.get(), "3"), position(map.get(), float_name));
  // The other insertion order.
  Handle other = hold(map_of({{Kw{"x"}, 0}}));
  other.set(rt::map_assoc(t(), other.get(), float24.get(), num(2)));
  other.set(rt::map_assoc(t(), other.get(), num(3), num(1)));
  EXPECT_GT(position(other.get(), "3"), position(other.get(), float_name));
  // Replacing a colliding key's value keeps the order.
  Handle replaced = hold(rt::map_assoc(t(), map.get(), num(3), num(10)));
  EXPECT_EQ(keys_in_order(replaced.get()), keys_in_order(map.get()));
  EXPECT_EQ(rt::map_get(replaced.get(), num(3)), num(10));

  // A third key that shares the first chunk pushes the collision one level down.
  uint64_t h3 = rt::hash_value(num(3));
  int64_t neighbour = 4;
  while ((rt::hash_value(num(neighbour)) & 31) != (h3 & 31)) neighbour++;
  Handle three = hold(rt::map_assoc(t(), map.get(), num(neighbour), num(3)));
  EXPECT_EQ(rt::map_count(three.get()), 4);
  check_map(three.get());
  EXPECT_EQ(rt::map_get(three.get(), num(3)), num(1));
  EXPECT_EQ(rt::map_get(three.get(), float24.get()), num(2));
  EXPECT_EQ(rt::map_get(three.get(), num(neighbour)), num(3));

  // Removing one colliding key keeps the other.
  Handle without_int = hold(rt::map_dissoc(t(), three.get(), num(3)));
  EXPECT_EQ(rt::map_count(without_int.get()), 3);
  EXPECT_FALSE(rt::map_contains(without_int.get(), num(3)));
  EXPECT_EQ(rt::map_get(without_int.get(), float24.get()), num(2));
  check_map(without_int.get());
  Handle without_float = hold(rt::map_dissoc(t(), map.get(), float24.get()));
  EXPECT_EQ(rt::map_get(without_float.get(), num(3)), num(1));
  EXPECT_FALSE(rt::map_contains(without_float.get(), float24.get()));
  check_map(without_float.get());
}

TEST_P(CollectionsTest, MapSnapshotsAndConstructors) {
  Value items_raw[] = {num(1), num(10), num(2), num(20), num(1), num(11)};
  // Ints do not move, so a plain C++ array is a valid item source here.
  Handle map = hold(rt::map_from_pairs(t(), items_raw, 3));
  EXPECT_EQ(rt::map_count(map.get()), 2);
  EXPECT_EQ(rt::map_get(map.get(), num(1)), num(11));
  Handle entries = hold(rt::map_entries_array(t(), map.get()));
  ASSERT_EQ(rt::field_count(entries.get()), 4u);
  // #{1, 2} order is 2, 1.
  EXPECT_EQ(rt::fields(entries.get())[0], num(2));
  EXPECT_EQ(rt::fields(entries.get())[1], num(20));
  EXPECT_EQ(rt::fields(entries.get())[2], num(1));
  EXPECT_EQ(rt::fields(entries.get())[3], num(11));
}

// ============================================================== sets

TEST_P(CollectionsTest, SetOperations) {
  Handle set = hold(rt::set_empty(t()));
  EXPECT_EQ(rt::set_count(set.get()), 0);
  int64_t n = scaled(3000, 80);
  for (int64_t i = 0; i < n; i++) {
    Value member = str("m" + std::to_string(i % (n / 2)));  // every member twice
    set.set(rt::set_add(t(), set.get(), member));
  }
  EXPECT_EQ(rt::set_count(set.get()), n / 2);
  check_map(rt::set_map(set.get()));
  Handle m0 = hold(str("m0"));
  EXPECT_TRUE(rt::set_contains(set.get(), m0.get()));
  EXPECT_EQ(rt::set_add(t(), set.get(), m0.get()), set.get());
  Handle without = hold(rt::set_remove(t(), set.get(), m0.get()));
  EXPECT_FALSE(rt::set_contains(without.get(), m0.get()));
  EXPECT_TRUE(rt::set_contains(set.get(), m0.get()));
  EXPECT_EQ(rt::set_count(without.get()), n / 2 - 1);
  EXPECT_EQ(rt::set_remove(t(), without.get(), m0.get()), without.get());
  Handle members = hold(rt::set_members(t(), without.get()));
  EXPECT_EQ(rt::vector_count(members.get()), n / 2 - 1);
  std::vector<std::string> from_vector;
  rt::vector_for_each(members.get(), [&](Value m) { from_vector.push_back(describe(m)); });
  EXPECT_EQ(from_vector, members_in_order(without.get()));
  Value items[] = {num(3), num(1), num(2), num(3)};
  Handle from = hold(rt::set_from(t(), items, 4));
  EXPECT_EQ(members_in_order(from.get()), (std::vector<std::string>{"2", "1", "3"}));
  Handle nulls = hold(set_of({nullptr, int64_t{0}}));
  nulls.set(rt::set_add(t(), nulls.get(), Value::boolean(false)));
  EXPECT_EQ(rt::set_count(nulls.get()), 3);
  EXPECT_TRUE(rt::set_contains(nulls.get(), Value::null()));
  EXPECT_TRUE(rt::set_contains(nulls.get(), Value::boolean(false)));
  EXPECT_FALSE(rt::set_contains(nulls.get(), Value::boolean(true)));
  nulls.set(rt::set_remove(t(), nulls.get(), Value::null()));
  EXPECT_FALSE(rt::set_contains(nulls.get(), Value::null()));
  EXPECT_TRUE(rt::set_contains(nulls.get(), num(0)));
}

// ============================================================== equality

TEST_P(CollectionsTest, EqualityOfNumbers) {
  EXPECT_TRUE(rt::values_equal(num(2), num(2)));
  EXPECT_FALSE(rt::values_equal(num(2), num(3)));
  Handle two = hold(rt::new_float(t(), 2.0));
  Handle other_two = hold(rt::new_float(t(), 2.0));
  EXPECT_TRUE(rt::values_equal(num(2), two.get()));
  EXPECT_TRUE(rt::values_equal(two.get(), num(2)));
  EXPECT_TRUE(rt::values_equal(two.get(), other_two.get()));
  Handle half = hold(rt::new_float(t(), 2.5));
  EXPECT_FALSE(rt::values_equal(num(2), half.get()));
  Handle zero = hold(rt::new_float(t(), 0.0));
  Handle minus_zero = hold(rt::new_float(t(), -0.0));
  EXPECT_TRUE(rt::values_equal(zero.get(), minus_zero.get()));
  EXPECT_TRUE(rt::values_equal(num(0), minus_zero.get()));
  Handle nan = hold(rt::new_float(t(), std::numeric_limits<double>::quiet_NaN()));
  Handle other_nan = hold(rt::new_float(t(), std::numeric_limits<double>::quiet_NaN()));
  EXPECT_TRUE(rt::values_equal(nan.get(), nan.get()));
  EXPECT_FALSE(rt::values_equal(nan.get(), other_nan.get()));
  // Large Ints that round to the same double are still different Ints.
  EXPECT_FALSE(rt::values_equal(num(gc::Value::kMaxInt), num(gc::Value::kMaxInt - 1)));
  // [n] == [n] for the very same NaN box.
  Handle v1 = hold(rt::vector_empty(t()));
  v1.set(rt::vector_push(t(), v1.get(), nan.get()));
  Handle v2 = hold(rt::vector_empty(t()));
  v2.set(rt::vector_push(t(), v2.get(), nan.get()));
  EXPECT_TRUE(rt::values_equal(v1.get(), v2.get()));
  Handle v3 = hold(rt::vector_empty(t()));
  v3.set(rt::vector_push(t(), v3.get(), other_nan.get()));
  EXPECT_FALSE(rt::values_equal(v1.get(), v3.get()));
}

TEST_P(CollectionsTest, EqualityOfStringsKeywordsAndImmediates) {
  Handle a1 = hold(str("héllo"));
  Handle a2 = hold(str("héllo"));
  Handle b = hold(str("hello"));
  EXPECT_TRUE(rt::values_equal(a1.get(), a2.get()));
  EXPECT_FALSE(rt::values_equal(a1.get(), b.get()));
  EXPECT_TRUE(rt::values_equal(runtime->immortal_string("hello"), b.get()));
  EXPECT_TRUE(rt::values_equal(kw("a"), kw("a")));
  EXPECT_FALSE(rt::values_equal(kw("a"), kw("b")));
  // A keyword object that is not the interned one is still equal by name.
  Handle name = hold(str("a"));
  Handle copy = hold(rt::new_object(t(), Type::Keyword, 2));
  rt::init_field(copy.get(), 0, name.get());
  rt::init_field(copy.get(), 1, num(0));
  EXPECT_TRUE(rt::values_equal(copy.get(), kw("a")));
  EXPECT_FALSE(rt::values_equal(kw("a"), name.get()));  // a keyword is not a string
  Value null = Value::null(), t_ = Value::boolean(true), f = Value::boolean(false);
  EXPECT_TRUE(rt::values_equal(null, null));
  EXPECT_TRUE(rt::values_equal(t_, t_));
  EXPECT_FALSE(rt::values_equal(null, f));
  EXPECT_FALSE(rt::values_equal(num(0), f));
  EXPECT_FALSE(rt::values_equal(num(1), t_));
  EXPECT_FALSE(rt::values_equal(t_, f));
  EXPECT_FALSE(rt::values_equal(num(0), null));
  Handle zero_string = hold(str("0"));
  EXPECT_FALSE(rt::values_equal(num(0), zero_string.get()));
}

TEST_P(CollectionsTest, EqualityOfCollections) {
  // Vectors: element-wise, Int vs Float numerically, nested.
  Handle ints = hold(vector_of({1, 2, "x"}));
  Handle floats = hold(vector_of({1.0, 2.0, "x"}));
  Handle shorter = hold(vector_of({1, 2}));
  EXPECT_TRUE(rt::values_equal(ints.get(), floats.get()));
  EXPECT_FALSE(rt::values_equal(ints.get(), shorter.get()));
  Handle nested1 = hold(rt::vector_push(t(), shorter.get(), ints.get()));
  Handle nested2 = hold(rt::vector_push(t(), shorter.get(), floats.get()));
  EXPECT_TRUE(rt::values_equal(nested1.get(), nested2.get()));
  Handle big1 = hold(vector_of_ints(scaled(5000, 100)));
  Handle big2 = hold(vector_of_ints(scaled(5000, 100)));
  EXPECT_TRUE(rt::values_equal(big1.get(), big2.get()));
  big2.set(rt::vector_assoc(t(), big2.get(), 40, num(-1)));
  EXPECT_FALSE(rt::values_equal(big1.get(), big2.get()));

  // Maps: same keys (Int vs Float keys differ), equal values, any insertion order.
  Handle m1 = hold(map_of({{Kw{"a"}, 1}, {Kw{"b"}, "two"}, {"c", nullptr}}));
  Handle m2 = hold(map_of({{"c", nullptr}, {Kw{"b"}, "two"}, {Kw{"a"}, 1.0}}));
  EXPECT_TRUE(rt::values_equal(m1.get(), m2.get()));
  Handle m3 = hold(map_of({{Kw{"a"}, 1}, {Kw{"b"}, "two"}, {"d", nullptr}}));
  EXPECT_FALSE(rt::values_equal(m1.get(), m3.get()));
  Handle int_key = hold(map_of({{int64_t{2}, "i"}}));
  Handle float_key = hold(map_of({{2.0, "i"}}));
  EXPECT_FALSE(rt::values_equal(int_key.get(), float_key.get()));
  Handle with_vector = hold(rt::map_assoc(t(), m1.get(), kw("v"), ints.get()));
  Handle with_floats = hold(rt::map_assoc(t(), m2.get(), kw("v"), floats.get()));
  EXPECT_TRUE(rt::values_equal(with_vector.get(), with_floats.get()));
  Handle null_vs_absent = hold(map_of({{Kw{"a"}, 1}, {Kw{"b"}, "two"}, {Kw{"z"}, nullptr}}));
  EXPECT_FALSE(rt::values_equal(m1.get(), null_vs_absent.get()));
  Handle empty1 = hold(rt::map_empty(t()));
  Handle empty2 = hold(rt::map_empty(t()));
  EXPECT_TRUE(rt::values_equal(empty1.get(), empty2.get()));

  // Sets: by members.
  Handle s1 = hold(set_of({1, "a", Kw{"k"}}));
  Handle s2 = hold(set_of({Kw{"k"}, "a", 1}));
  Handle s3 = hold(set_of({1.0, "a", Kw{"k"}}));
  EXPECT_TRUE(rt::values_equal(s1.get(), s2.get()));
  EXPECT_FALSE(rt::values_equal(s1.get(), s3.get()));

  // Arrays: element-wise; never equal to a vector.
  Handle array1 = hold(rt::new_array(t(), 2));
  Handle array2 = hold(rt::new_array(t(), 2));
  rt::store_field(t(), array1.get(), 0, num(1));  // array2 was allocated since
  rt::init_field(array2.get(), 0, num(1));
  Handle ab = hold(str("b"));
  rt::store_field(t(), array1.get(), 1, ab.get());
  Value another_b = str("b");
  rt::store_field(t(), array2.get(), 1, another_b);
  EXPECT_TRUE(rt::values_equal(array1.get(), array2.get()));
  Handle vector_ab = hold(vector_of({1, "b"}));
  EXPECT_FALSE(rt::values_equal(array1.get(), vector_ab.get()));
  EXPECT_FALSE(rt::values_equal(vector_ab.get(), array1.get()));
  // Different collection types are never equal, even when empty.
  Handle empty_vector = hold(rt::vector_empty(t()));
  Handle empty_set = hold(rt::set_empty(t()));
  EXPECT_FALSE(rt::values_equal(empty_vector.get(), empty1.get()));
  EXPECT_FALSE(rt::values_equal(empty_set.get(), empty1.get()));
}

TEST_P(CollectionsTest, EqualityOfStructsAndFunctions) {
  Handle p1 = hold(struct_of(7, {1, "x"}));
  Handle p2 = hold(struct_of(7, {1.0, "x"}));
  Handle p3 = hold(struct_of(7, {1, "y"}));
  Handle q = hold(struct_of(8, {1, "x"}));
  EXPECT_TRUE(rt::values_equal(p1.get(), p2.get()));
  EXPECT_FALSE(rt::values_equal(p1.get(), p3.get()));
  EXPECT_FALSE(rt::values_equal(p1.get(), q.get()));
  Handle empty1 = hold(struct_of(9, {}));
  Handle empty2 = hold(struct_of(9, {}));
  EXPECT_TRUE(rt::values_equal(empty1.get(), empty2.get()));
  // A struct holding collections compares them structurally.
  Handle v = hold(vector_of({1, 2}));
  Handle w = hold(vector_of({1, 2}));
  Handle holder1 = hold(rt::new_object(t(), Type::Struct, 1, 3));
  rt::init_field(holder1.get(), 0, v.get());
  Handle holder2 = hold(rt::new_object(t(), Type::Struct, 1, 3));
  rt::init_field(holder2.get(), 0, w.get());
  EXPECT_TRUE(rt::values_equal(holder1.get(), holder2.get()));
  // Closures: identity only.
  Handle c1 = hold(rt::new_object(t(), Type::Closure, 1));
  Handle c2 = hold(rt::new_object(t(), Type::Closure, 1));
  EXPECT_TRUE(rt::values_equal(c1.get(), c1.get()));
  EXPECT_FALSE(rt::values_equal(c1.get(), c2.get()));
}

// Equality and lookups give the same answers after objects have moved
// (FAILURE-MODES #15: nothing may depend on addresses).
TEST_P(CollectionsTest, ResultsDoNotDependOnAddresses) {
  int64_t n = scaled(2000, 40);
  Handle map = hold(rt::map_empty(t()));
  for (int64_t i = 0; i < n; i++) {
    Handle k = hold(str("k" + std::to_string(i)));
    Value v = vector_of({i, "v"});
    map.set(rt::map_assoc(t(), map.get(), k.get(), v));
  }
  std::vector<std::string> before = keys_in_order(map.get());
  Handle copy = hold(rt::map_empty(t()));
  for (int64_t i = n - 1; i >= 0; i--) {
    Handle k = hold(str("k" + std::to_string(i)));
    Value v = vector_of({i, "v"});
    copy.set(rt::map_assoc(t(), copy.get(), k.get(), v));
  }
  Value address_before = map.get();
  // A moving collector moves it, unless it is already in an old generation
  // (generational: the old objects stay put).
  const gc::Collector& collector = runtime->heap().collector();
  bool moves = collector.attributes().moving &&
               (collector.generations() == nullptr || collector.generations()->is_young(map.get().address()));
  runtime->heap().collect(gc::GcReason::Explicit);
  if (moves) {
    EXPECT_NE(map.get().bits(), address_before.bits());  // (two semispace flips may bring it back)
  }
  runtime->heap().collect(gc::GcReason::Explicit);
  EXPECT_EQ(keys_in_order(map.get()), before);
  EXPECT_EQ(keys_in_order(copy.get()), before);
  EXPECT_TRUE(rt::values_equal(map.get(), copy.get()));
  check_map(map.get());
  Handle k5 = hold(str("k5"));
  EXPECT_EQ(describe(rt::map_get(map.get(), k5.get())), n > 5 ? "[5, \"v\"]" : "null");
}

// Only the gc-always configurations.
class CollectionsStressTest : public CollectionsTest {};

INSTANTIATE_TEST_SUITE_P(Collectors, CollectionsStressTest, testing::ValuesIn(configs(true)), config_name);

TEST_P(CollectionsStressTest, StressModeReallyCollectsAndMoves) {
  ASSERT_TRUE(stress());
  uint64_t collections = runtime->heap().stats().collections;
  Handle vec = hold(vector_of({1, 2, 3}));
  Value before = vec.get();
  Handle pushed = hold(rt::vector_push(t(), vec.get(), num(4)));
  EXPECT_GT(runtime->heap().stats().collections, collections);
  if (runtime->heap().collector().attributes().moving) {
    EXPECT_NE(before.bits(), vec.get().bits());
  }
  EXPECT_EQ(describe(pushed.get()), "[1, 2, 3, 4]");
}

}  // namespace
