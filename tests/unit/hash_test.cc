// Unit tests of hash_value (lang/runtime/hash.cc): the exact hashes of
// LANGUAGE.md §5.5 on real runtime values, the map/set order they imply, and
// `values_equal(a, b)` => equal hashes for composites.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "lang/runtime/alloc.h"
#include "lang/runtime/collections/map.h"
#include "lang/runtime/collections/set.h"
#include "lang/runtime/collections/vector.h"
#include "lang/runtime/runtime.h"
#include "lang/runtime/store.h"
#include "lang/runtime/values.h"

namespace beagle::rt {
namespace {

using gc::Handle;

// The §5.5 chunks of a hash: c0 = h & 31, c1 = (h >> 5) & 31, ...
int chunk(uint64_t h, int i) { return int((h >> (5 * i)) & 31); }

// Map and set order: by (c0, c1, ..., c12), least significant chunk first.
bool before_in_hash_order(uint64_t a, uint64_t b) {
  for (int i = 0; i <= 12; i++) {
    if (chunk(a, i) != chunk(b, i)) return chunk(a, i) < chunk(b, i);
  }
  return false;
}

class HashTest : public ::testing::Test {
 protected:
  Runtime rt{gc::HeapOptions{}};
  Thread& thread = rt.main_thread();
  gc::HandleScope scope{*thread.handles};

  Value str(std::string_view s) { return scope.make(new_string(thread, s)).get(); }
  Value flt(double d) { return scope.make(new_float(thread, d)).get(); }
  static Value num(int64_t n) { return Value::from_int(n); }

  std::vector<Handle> hold(std::initializer_list<Value> items) {
    std::vector<Handle> held;
    for (Value v : items) held.push_back(scope.make(v));
    return held;
  }

  Value vec(std::initializer_list<Value> items) {
    std::vector<Handle> held = hold(items);
    Handle v = scope.make(vector_empty(thread));
    for (Handle& x : held) v.set(vector_push(thread, v.get(), x.get()));
    return v.get();
  }

  Value array(std::initializer_list<Value> items) {
    std::vector<Handle> held = hold(items);
    Value a = new_array(thread, held.size());
    for (size_t i = 0; i < held.size(); i++) init_field(a, i, held[i].get());
    return scope.make(a).get();
  }

  // {k0 v0, k1 v1, ...}, assoc'ed in the order given.
  Value map(std::initializer_list<Value> keys_and_values) {
    std::vector<Handle> held = hold(keys_and_values);
    Handle m = scope.make(map_empty(thread));
    for (size_t i = 0; i + 1 < held.size(); i += 2) m.set(map_assoc(thread, m.get(), held[i].get(), held[i + 1].get()));
    return m.get();
  }

  Value set(std::initializer_list<Value> members) {
    std::vector<Handle> held = hold(members);
    Handle s = scope.make(set_empty(thread));
    for (Handle& x : held) s.set(set_add(thread, s.get(), x.get()));
    return s.get();
  }

  Value instance(uint32_t struct_id, std::initializer_list<Value> field_values) {
    std::vector<Handle> held = hold(field_values);
    Value s = new_object(thread, Type::Struct, held.size(), struct_id);
    for (size_t i = 0; i < held.size(); i++) init_field(s, i, held[i].get());
    return scope.make(s).get();
  }

  Value function() {
    Word* memory = rt.heap().allocate_immortal(kFunctionPayloadWords + 1);
    memory[0] = Header::make(uint32_t(Type::Function), kFunctionPayloadWords, 0, gc::kOpaque | gc::kImmortal).bits();
    for (size_t i = 1; i <= kFunctionPayloadWords; i++) memory[i] = 0;
    return Value::object(memory);
  }

  Value closure(Value fn, std::initializer_list<Value> captures) {
    std::vector<Handle> held = hold(captures);
    Value c = new_object(thread, Type::Closure, 1 + held.size());
    init_field(c, 0, fn);
    for (size_t i = 0; i < held.size(); i++) init_field(c, 1 + i, held[i].get());
    return scope.make(c).get();
  }

  // The keys of a map in iteration order, hashed (to compare with `expected`).
  static std::vector<uint64_t> key_hashes_in_order(Value m) {
    std::vector<uint64_t> out;
    map_for_each(m, [&](Value key, Value) { out.push_back(hash_value(key)); });
    return out;
  }
};

// ------------------------------------------------------------ exact hashes

TEST_F(HashTest, StringVectorsAreMasked) {
  EXPECT_EQ(hash_value(str("a")), 0x119b50b9a4f0e9f3u);  // SipHash 0x719b50b9a4f0e9f3
  EXPECT_EQ(hash_value(str("b")), 0x0bd3e4fd8943240au);  // SipHash 0xebd3e4fd8943240a
  EXPECT_EQ(hash_value(str("c")), 0x0b0e195f0347fc4cu);  // SipHash 0x2b0e195f0347fc4c
  EXPECT_EQ(chunk(hash_value(str("a")), 0), 19);
  EXPECT_EQ(chunk(hash_value(str("b")), 0), 10);
  EXPECT_EQ(chunk(hash_value(str("c")), 0), 12);
  EXPECT_EQ(hash_value(str("")), 0x10406ea523c53defu);  // Rust: 0x30406ea523c53def
}

TEST_F(HashTest, StringsHashByContent) {
  EXPECT_EQ(hash_value(str("h\xC3\xA9llo")), hash_value(rt.immortal_string("h\xC3\xA9llo")));
  EXPECT_EQ(hash_value(str("h\xC3\xA9llo")), 0xe73616f26c73b87fu & 0x1FFF'FFFF'FFFF'FFFFu);
  EXPECT_NE(hash_value(str("ab")), hash_value(str("ba")));
  for (std::string_view s : {"", "a", "abcdefgh", "a longer string than one block"}) {
    EXPECT_LT(hash_value(str(s)), uint64_t(1) << 61) << s;
  }
}

TEST_F(HashTest, KeywordVectors) {
  EXPECT_EQ(hash_value(rt.keyword("a")), 0xbeb9a6bbf61b58b4u);
  EXPECT_EQ(hash_value(rt.keyword("b")), 0x0f28da6d4173e512u);
  EXPECT_EQ(hash_value(rt.keyword("c")), 0x98fc4ca95f54b936u);
  EXPECT_EQ(chunk(hash_value(rt.keyword("a")), 0), 20);
  EXPECT_EQ(chunk(hash_value(rt.keyword("b")), 0), 18);
  EXPECT_EQ(chunk(hash_value(rt.keyword("c")), 0), 22);
  EXPECT_EQ(hash_value(rt.keyword("name")), 0xd4302729ff3bcaceu);  // from Rust's DefaultHasher
  EXPECT_EQ(hash_value(rt.keyword("age")), 0x4cd2449556482ae4u);
}

TEST_F(HashTest, KeywordIsNotItsNameString) {
  EXPECT_NE(hash_value(rt.keyword("a")), hash_value(str("a")));
}

TEST_F(HashTest, IntVectors) {
  EXPECT_EQ(hash_value(num(1)), 0x215d83d34b64736au);
  EXPECT_EQ(hash_value(num(2)), 0x6125131ca9af2ee3u);
  EXPECT_EQ(hash_value(num(3)), 0x0a3336aaa850e4fbu);
  EXPECT_EQ(chunk(hash_value(num(1)), 0), 10);
  EXPECT_EQ(chunk(hash_value(num(2)), 0), 3);
  EXPECT_EQ(chunk(hash_value(num(3)), 0), 27);
  EXPECT_EQ(hash_value(num(0)), 0xbd60acb658c79e45u);   // from Rust's DefaultHasher
  EXPECT_EQ(hash_value(num(-1)), 0xf4cd359535fe0c15u);  // (-1 << 3) as u64
}

TEST_F(HashTest, FloatsHashTheirBits) {
  EXPECT_EQ(hash_value(flt(2.0)), 0xb143a7a3e1e823f3u);  // from Rust's DefaultHasher
  EXPECT_EQ(hash_value(flt(0.5)), 0x0f67be7f0b9f021au);
  EXPECT_EQ(hash_value(flt(-0.0)), 0xef0826fa9ec09086u);
  EXPECT_EQ(hash_value(flt(2.0)), hash_value(rt.immortal_float(2.0)));
  EXPECT_NE(hash_value(flt(2.0)), hash_value(num(2)));  // different map keys (§4.9)
  // The subnormal whose bits are 24 collides with Int 3 (24 = 3 << 3).
  double subnormal;
  uint64_t bits = 24;
  std::memcpy(&subnormal, &bits, sizeof bits);
  EXPECT_EQ(hash_value(flt(subnormal)), hash_value(num(3)));
}

TEST_F(HashTest, Immediates) {
  EXPECT_EQ(hash_value(Value::boolean(false)), 0xfd8c671699409cfau);  // bytes of 3
  EXPECT_EQ(hash_value(Value::boolean(true)), 0x157dbcb1260ec7eeu);   // bytes of 11
  EXPECT_EQ(hash_value(Value::null()), 0x6634b0bda4fe8a7bu);          // bytes of 7
}

// ------------------------------------------------------------ §5.5 order

TEST_F(HashTest, ChunkOrderConsequences) {
  auto sorted = [](std::vector<std::pair<std::string, uint64_t>> items) {
    std::stable_sort(items.begin(), items.end(),
                     [](const auto& a, const auto& b) { return before_in_hash_order(a.second, b.second); });
    std::string out;
    for (auto& [name, h] : items) out += name + " ";
    return out;
  };
  EXPECT_EQ(sorted({{"a", hash_value(str("a"))}, {"b", hash_value(str("b"))}, {"c", hash_value(str("c"))}}),
            "b c a ");
  EXPECT_EQ(sorted({{":a", hash_value(rt.keyword("a"))}, {":b", hash_value(rt.keyword("b"))}}), ":b :a ");
  EXPECT_EQ(sorted({{"1", hash_value(num(1))}, {"2", hash_value(num(2))}, {"3", hash_value(num(3))}}), "2 1 3 ");
  EXPECT_EQ(sorted({{":name", hash_value(rt.keyword("name"))}, {":age", hash_value(rt.keyword("age"))}}),
            ":age :name ");
}

// The same consequences through real maps and sets: {"a" 1, "b" 2, "c" 3}
// iterates "b", "c", "a"; #{1, 2, 3} iterates 2, 1, 3.
TEST_F(HashTest, MapsAndSetsIterateInHashOrder) {
  Value m = map({str("a"), num(1), str("b"), num(2), str("c"), num(3)});
  std::vector<uint64_t> expected = {hash_value(str("b")), hash_value(str("c")), hash_value(str("a"))};
  EXPECT_EQ(key_hashes_in_order(m), expected);

  std::vector<int64_t> members;
  set_for_each(set({num(1), num(2), num(3)}), [&](Value x) { members.push_back(x.as_int()); });
  EXPECT_EQ(members, (std::vector<int64_t>{2, 1, 3}));
}

// ------------------------------------------------------------ composites

TEST_F(HashTest, VectorsHashElementsInOrder) {
  EXPECT_EQ(hash_value(vec({num(1), str("x")})), hash_value(vec({num(1), str("x")})));
  EXPECT_NE(hash_value(vec({num(1), num(2)})), hash_value(vec({num(2), num(1)})));
  EXPECT_NE(hash_value(vec({num(1)})), hash_value(vec({num(1), num(1)})));
  EXPECT_NE(hash_value(vec({str("a")})), hash_value(vec({str("b")})));
  EXPECT_NE(hash_value(vec({})), hash_value(vec({Value::null()})));
}

TEST_F(HashTest, NumbersInsideCompositesHashByNumericValue) {
  // [2] == [2.0] (§4.6), so they must hash alike.
  EXPECT_EQ(hash_value(vec({num(2)})), hash_value(vec({flt(2.0)})));
  EXPECT_EQ(hash_value(vec({flt(-0.0)})), hash_value(vec({num(0)})));
  EXPECT_EQ(hash_value(vec({vec({num(1)}), str("a")})), hash_value(vec({vec({flt(1.0)}), str("a")})));
  EXPECT_NE(hash_value(vec({num(2)})), hash_value(vec({flt(2.5)})));
}

TEST_F(HashTest, LongVectorsUseTheWholeTrie) {
  Handle ints = scope.make(vector_empty(thread));
  Handle floats = scope.make(vector_empty(thread));
  Handle other = scope.make(vector_empty(thread));
  for (int i = 0; i < 100; i++) {
    ints.set(vector_push(thread, ints.get(), num(i)));
    floats.set(vector_push(thread, floats.get(), flt(i)));
    other.set(vector_push(thread, other.get(), num(i == 40 ? -1 : i)));  // differs inside the trie
  }
  EXPECT_EQ(hash_value(ints.get()), hash_value(floats.get()));
  EXPECT_NE(hash_value(ints.get()), hash_value(other.get()));
}

TEST_F(HashTest, ArraysHashLikeVectors) {
  EXPECT_EQ(hash_value(array({num(2), str("s")})), hash_value(array({flt(2.0), str("s")})));
  EXPECT_EQ(hash_value(array({num(2), str("s")})), hash_value(vec({num(2), str("s")})));
  EXPECT_NE(hash_value(array({num(1), num(2)})), hash_value(array({num(2), num(1)})));
}

TEST_F(HashTest, ArrayContainingItselfTerminates) {
  Value a = array({Value::null(), Value::null()});
  store_field(thread, a, 0, a);
  store_field(thread, a, 1, a);
  EXPECT_EQ(hash_value(a), hash_value(a));
}

TEST_F(HashTest, MapsIgnoreInsertionOrderAndCompareValuesNumerically) {
  Value ka = rt.keyword("a"), kb = rt.keyword("b");
  EXPECT_EQ(hash_value(map({ka, num(1), kb, num(2)})), hash_value(map({kb, num(2), ka, num(1)})));
  EXPECT_EQ(hash_value(map({ka, num(2)})), hash_value(map({ka, flt(2.0)})));  // {:a 2} == {:a 2.0}
  EXPECT_NE(hash_value(map({ka, num(1)})), hash_value(map({ka, num(2)})));
  EXPECT_NE(hash_value(map({ka, num(1)})), hash_value(map({kb, num(1)})));
  EXPECT_NE(hash_value(map({ka, num(1), kb, num(2)})), hash_value(map({ka, num(2), kb, num(1)})));
}

TEST_F(HashTest, SetsIgnoreInsertionOrder) {
  EXPECT_EQ(hash_value(set({num(1), num(2), num(3)})), hash_value(set({num(3), num(1), num(2)})));
  EXPECT_EQ(hash_value(set({str("x"), rt.keyword("y")})), hash_value(set({rt.keyword("y"), str("x")})));
  EXPECT_NE(hash_value(set({num(1), num(2)})), hash_value(set({num(1), num(3)})));
  EXPECT_NE(hash_value(set({num(1)})), hash_value(map({num(1), Value::boolean(true)})));
}

TEST_F(HashTest, StructsHashIdAndFields) {
  EXPECT_EQ(hash_value(instance(7, {num(1), str("s")})), hash_value(instance(7, {flt(1.0), str("s")})));
  EXPECT_NE(hash_value(instance(7, {num(1), str("s")})), hash_value(instance(8, {num(1), str("s")})));
  EXPECT_NE(hash_value(instance(7, {num(1), str("s")})), hash_value(instance(7, {num(2), str("s")})));
}

TEST_F(HashTest, FunctionsHashByAddress) {
  Value f = function(), g = function();
  EXPECT_EQ(hash_value(f), hash_value(f));
  EXPECT_NE(hash_value(f), hash_value(g));
}

// A closure may be moved by a collector: its hash must not depend on where
// it lives. An identical copy elsewhere stands in for the moved object.
TEST_F(HashTest, ClosuresDoNotHashByTheirAddress) {
  Value f = function(), g = function();
  Value c = closure(f, {num(1), str("captured")});
  Value copy = closure(f, {num(1), str("captured")});
  ASSERT_NE(c.bits(), copy.bits());
  EXPECT_EQ(hash_value(c), hash_value(copy));
  EXPECT_NE(hash_value(c), hash_value(closure(g, {num(1), str("captured")})));
  EXPECT_NE(hash_value(c), hash_value(closure(f, {num(1)})));
}

// The contract: values_equal(a, b) implies hash_value(a) == hash_value(b),
// except between top-level numbers, which §5.5 hashes by kind and bits.
TEST_F(HashTest, EqualValuesHashEqually) {
  Value ka = rt.keyword("a");
  std::vector<Handle> pool = hold({
      str("a"), str("a"), rt.immortal_string("a"), ka, rt.keyword("a"), Value::null(), Value::boolean(true),
      vec({}), vec({num(2)}), vec({flt(2.0)}), vec({flt(-0.0), str("z")}), vec({num(0), str("z")}),
      array({num(2)}), array({flt(2.0)}), map({ka, num(1)}), map({ka, flt(1.0)}), map({str("k"), vec({num(3)})}),
      map({str("k"), vec({flt(3.0)})}), set({num(1), num(2)}), set({num(2), num(1)}), set({flt(1.0), num(2)}),
      instance(3, {num(5)}), instance(3, {flt(5.0)}), instance(4, {num(5)}),
  });
  int equal_pairs = 0;
  for (Handle& a : pool) {
    for (Handle& b : pool) {
      if (!values_equal(a.get(), b.get())) continue;
      equal_pairs++;
      EXPECT_EQ(hash_value(a.get()), hash_value(b.get()));
    }
  }
  EXPECT_GT(equal_pairs, int(pool.size()));  // some distinct values were equal
}

}  // namespace
}  // namespace beagle::rt
