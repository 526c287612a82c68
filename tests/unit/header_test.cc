// The value tags and the one header format (FAILURE-MODES.md #2 and #18).
#include <gtest/gtest.h>

#include "collectors/api/header.h"
#include "collectors/api/value.h"

using beagle::gc::Header;
using beagle::gc::Value;
using beagle::gc::Word;
namespace gc = beagle::gc;

TEST(Value, IntsRoundTripAtTheEdgesOf61Bits) {
  for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{-1}, Value::kMaxInt, Value::kMinInt, int64_t{123456789}}) {
    Value v = Value::from_int(n);
    EXPECT_TRUE(v.is_int());
    EXPECT_FALSE(v.is_reference());
    EXPECT_EQ(v.as_int(), n);
  }
}

TEST(Value, IntArithmeticOnTaggedWordsWrapsAt61Bits) {
  Word sum = Value::from_int(Value::kMaxInt).bits() + Value::from_int(1).bits();
  EXPECT_EQ(Value::from_bits(sum).as_int(), Value::kMinInt);
  EXPECT_EQ(Value::from_int(Value::kMaxInt + 1).as_int(), Value::kMinInt);
}

TEST(Value, ImmediatesAreDistinctAndNotReferences) {
  Value null = Value::null(), t = Value::boolean(true), f = Value::boolean(false);
  EXPECT_TRUE(null.is_null());
  EXPECT_TRUE(t.is_true() && t.is_bool() && !t.is_false());
  EXPECT_TRUE(f.is_false() && f.is_bool() && !f.is_true());
  EXPECT_FALSE(null == t || null == f || t == f);
  for (Value v : {null, t, f}) {
    EXPECT_FALSE(v.is_reference());
    EXPECT_FALSE(v.is_int());
  }
  EXPECT_TRUE(Value().is_null());
}

TEST(Value, ReferencesKeepTheirTagWhenRelocated) {
  alignas(8) Word a[2] = {0, 0};
  alignas(8) Word b[2] = {0, 0};
  Value obj = Value::object(a);
  Value flt = Value::float_box(a);
  EXPECT_TRUE(obj.is_object() && obj.is_reference() && !obj.is_float());
  EXPECT_TRUE(flt.is_float() && flt.is_reference() && !flt.is_object());
  EXPECT_EQ(obj.address(), a);
  EXPECT_EQ(flt.address(), a);
  EXPECT_EQ(obj.relocated(b).address(), b);
  EXPECT_TRUE(obj.relocated(b).is_object());
  EXPECT_TRUE(flt.relocated(b).is_float());
}

TEST(Header, FieldsAreStoredUntaggedAndDecodeExactly) {
  Header h = Header::make(17, 1000, 4242, gc::kOpaque);
  EXPECT_EQ(h.type(), 17u);
  EXPECT_EQ(h.size_words(), 1000u);
  EXPECT_EQ(h.total_words(), 1001u);
  EXPECT_EQ(h.type_data(), 4242u);
  EXPECT_TRUE(h.has(gc::kOpaque));
  EXPECT_FALSE(h.has(gc::kMarked));
  EXPECT_FALSE(h.is_forwarded());
  // Untagged: the size is the plain number in the top 32 bits.
  EXPECT_EQ(h.bits() >> 32, 1000u);
  EXPECT_EQ((h.bits() >> 16) & 0xFFFF, 4242u);
}

TEST(Header, ExtremesOfEveryFieldSurvive) {
  Header h = Header::make(Header::kMaxType, Header::kMaxSize, Header::kMaxTypeData, 0xFF & ~1);
  EXPECT_EQ(h.type(), Header::kMaxType);
  EXPECT_EQ(h.size_words(), Header::kMaxSize);
  EXPECT_EQ(h.type_data(), Header::kMaxTypeData);
  EXPECT_FALSE(h.is_forwarded());
  Header zero = Header::make(0, 0);
  EXPECT_EQ(zero.size_words(), 0u);
  EXPECT_EQ(zero.total_words(), 1u);
}

TEST(Header, FlagsSetAndClearWithoutDisturbingOtherFields) {
  Header h = Header::make(5, 3, 9);
  Header marked = h.with(gc::kMarked).with(gc::kUnlogged);
  EXPECT_TRUE(marked.has(gc::kMarked));
  EXPECT_TRUE(marked.has(gc::kUnlogged));
  EXPECT_EQ(marked.type(), 5u);
  EXPECT_EQ(marked.size_words(), 3u);
  EXPECT_EQ(marked.type_data(), 9u);
  EXPECT_EQ(marked.without(gc::kMarked).without(gc::kUnlogged).bits(), h.bits());
  for (uint32_t age = 0; age < 4; age++) {
    Header aged = marked.with_age(age);
    EXPECT_EQ(aged.age(), age);
    EXPECT_TRUE(aged.has(gc::kMarked));
    EXPECT_EQ(aged.size_words(), 3u);
  }
}

// Forwarding replaces the whole header, so even an object with no payload
// (a zero-field struct) or one payload word (a float box) can be forwarded.
TEST(Header, ForwardingFitsInTheHeaderOfAnEmptyObject) {
  alignas(8) Word from[1] = {Header::make(3, 0).bits()};
  alignas(8) Word to[1] = {0};
  *from = Header::forwarding_to(to).bits();
  Header h = gc::header_of(from);
  EXPECT_TRUE(h.is_forwarded());
  EXPECT_EQ(h.forwarding_address(), to);
}
