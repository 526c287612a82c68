#include "property-tests/heap_under_test.h"

#include <rapidcheck.h>

#include <cstring>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "collectors/heap/verifier.h"
#include "lang/runtime/objects.h"
#include "lang/runtime/values.h"

namespace beagle::gc::prop {
namespace {

rt::Type type_of(Shape shape) {
  switch (shape) {
    case Shape::Array: return rt::Type::Array;
    case Shape::Struct: return rt::Type::Struct;
    case Shape::Float: return rt::Type::Float;
    case Shape::String: return rt::Type::String;
  }
  return rt::Type::Filler;
}

std::string describe_heap_value(Value v) {
  if (v.is_null()) return "null";
  if (v.is_int()) return "Int " + std::to_string(v.as_int());
  if (v.is_bool()) return v.is_true() ? "true" : "false";
  std::ostringstream s;
  s << (v.is_float() ? "a float reference to " : "a reference to ") << v.address();
  return s.str();
}

// Walks the roots and handles of the heap alongside the model's, pairing
// each model object with the heap object found in the same place.
class Matcher {
 public:
  Matcher(const Model& model, const std::string& step) : model_(model), step_(step) {}

  void root(const ModelValue& expected, Value actual, const std::string& where) { value(expected, actual, where); }

  // Compares the objects found, and those they reach, breadth first.
  std::map<int64_t, Value> finish() {
    for (size_t i = 0; i < pending_.size(); i++) object(pending_[i].id, pending_[i].reached_from);
    return std::move(heap_of_);
  }

 private:
  struct Pending {
    int64_t id;
    std::string reached_from;
  };
  const Model& model_;
  const std::string& step_;
  std::map<int64_t, Value> heap_of_;
  std::unordered_map<const Word*, int64_t> model_of_;
  std::vector<Pending> pending_;

  [[noreturn]] void fail(const std::string& where, const std::string& what) {
    RC_FAIL("after `" + step_ + "`: " + where + ": " + what);
  }

  void value(const ModelValue& expected, Value actual, const std::string& where) {
    switch (expected.kind) {
      case ModelValue::Kind::Null:
        if (!actual.is_null()) fail(where, "the heap holds " + describe_heap_value(actual) + ", the model null");
        return;
      case ModelValue::Kind::Int:
        if (!actual.is_int() || actual.as_int() != expected.number) {
          fail(where, "the heap holds " + describe_heap_value(actual) + ", the model " + describe(expected));
        }
        return;
      case ModelValue::Kind::Ref: reference(expected.number, actual, where); return;
    }
  }

  void reference(int64_t id, Value actual, const std::string& where) {
    const ModelObject& expected = model_.objects.at(id);
    bool want_float = expected.shape == Shape::Float;
    if (want_float ? !actual.is_float() : !actual.is_object()) {
      fail(where, "the heap holds " + describe_heap_value(actual) + ", the model #" + std::to_string(id) + " (a " +
                      shape_name(expected.shape) + ")");
    }
    auto known = heap_of_.find(id);
    if (known != heap_of_.end()) {
      if (known->second.bits() != actual.bits()) {
        fail(where, "#" + std::to_string(id) + " is two objects in the heap (" + describe_heap_value(known->second) +
                        " and " + describe_heap_value(actual) + "): its identity is lost");
      }
      return;
    }
    auto [it, added] = model_of_.emplace(actual.address(), id);
    if (!added) {
      fail(where, "#" + std::to_string(it->second) + " and #" + std::to_string(id) +
                      " of the model are one object in the heap (" + describe_heap_value(actual) + ")");
    }
    heap_of_.emplace(id, actual);
    pending_.push_back({id, where});
  }

  void object(int64_t id, const std::string& reached_from) {
    const ModelObject& expected = model_.objects.at(id);
    Value actual = heap_of_.at(id);
    std::string where = "#" + std::to_string(id) + " (a " + shape_name(expected.shape) + ", reached from " +
                        reached_from + ")";
    Header h = header_of(actual.address());
    if (h.is_forwarded()) fail(where, "its header is a forwarding address");
    if (h.type() != uint32_t(type_of(expected.shape))) {
      fail(where, "its header's type is " + std::to_string(h.type()) + ", not " +
                      std::to_string(uint32_t(type_of(expected.shape))));
    }
    if (h.has(kImmortal)) fail(where, "it is marked immortal");
    if (h.has(kOpaque) != expected.opaque()) fail(where, "its opaque flag is wrong");
    if (h.total_words() != expected.total_words()) {
      fail(where, "it has " + std::to_string(h.total_words()) + " words, the model " +
                      std::to_string(expected.total_words()));
    }
    switch (expected.shape) {
      case Shape::Struct:
        if (h.type_data() != expected.struct_id) {
          fail(where, "its struct id is " + std::to_string(h.type_data()) + ", not " +
                          std::to_string(expected.struct_id));
        }
        [[fallthrough]];
      case Shape::Array:
        for (size_t i = 0; i < expected.fields.size(); i++) {
          value(expected.fields[i], fields_of(actual.address())[i],
                "field " + std::to_string(i) + " of #" + std::to_string(id));
        }
        return;
      case Shape::Float:
        if (rt::float_value(actual) != double(id)) {
          fail(where, "it holds " + std::to_string(rt::float_value(actual)) + ", its id is " + std::to_string(id));
        }
        return;
      case Shape::String: {
        std::string text = string_text(id, expected.string_bytes);
        if (rt::string_view(actual) != text || rt::string_char_count(actual) != text.size()) {
          fail(where, "it holds \"" + std::string(rt::string_view(actual).substr(0, 40)) + "\", not \"" +
                          text.substr(0, 40) + "\"");
        }
        return;
      }
    }
  }
};

}  // namespace

void showValue(const HeapSetup& setup, std::ostream& os) {
  os << "--gc=" << setup.collector << ", stress schedule: ";
  switch (setup.stress) {
    case StressOptions::Kind::None: os << "none"; break;
    case StressOptions::Kind::Always: os << "always"; break;
    case StressOptions::Kind::Every: os << "every " << setup.every << " allocations"; break;
    case StressOptions::Kind::EveryBytes: os << "every " << setup.every << " bytes"; break;
    case StressOptions::Kind::Random:
      os << "random, seed " << setup.seed << ", probability " << setup.probability;
      break;
    default: os << "kind " << int(setup.stress); break;
  }
  if (setup.whole_heap) os << ", every forced collection of the whole heap";
}

void verified(const std::string& step, const std::function<void()>& fn) {
  try {
    fn();
  } catch (const VerificationError& e) {
    RC_FAIL("in `" + step + "`: " + e.what());
  }
}

HeapUnderTest::HeapUnderTest(const HeapSetup& setup) {
  HeapOptions options;
  options.collector = setup.collector;
  options.stress.kind = setup.stress;
  options.stress.every = setup.every;
  options.stress.seed = setup.seed;
  options.stress.probability = setup.probability;
  options.stress.whole_heap = setup.whole_heap;
  options.verify = true;
  options.max_type_id = uint32_t(rt::Type::Binding);  // the largest in objects.h, as the runtime sets it
  heap_.start(options);
  heap().add_root_source(&handles_);
}

HeapUnderTest::~HeapUnderTest() { heap().remove_root_source(&handles_); }

Value HeapUnderTest::object(int64_t id) const {
  auto it = objects_.find(id);
  RC_ASSERT(it != objects_.end());
  return it->second;
}

void HeapUnderTest::push(Area area, Value v) {
  if (area == Area::Root) {
    heap_.roots.values.push_back(v);
  } else {
    handle_slots_.push_back(handles_.push(v));
  }
}

void HeapUnderTest::drop_root(size_t index) {
  heap_.roots.values.erase(heap_.roots.values.begin() + std::ptrdiff_t(index));
}

void HeapUnderTest::open_scope() { scopes_.push_back(handles_.size()); }

void HeapUnderTest::close_scope() {
  handles_.pop_to(scopes_.back());
  handle_slots_.resize(scopes_.back());
  scopes_.pop_back();
}

// Laid out as the runtime lays them out (lang/runtime/objects.h), sized by
// that layout, not by the model (whose sizes the checks compare with).
Value HeapUnderTest::allocate(const ModelObject& object, int64_t id) {
  switch (object.shape) {
    case Shape::Array:
    case Shape::Struct: {
      size_t fields = object.fields.size();
      Word* p = heap_.allocate(1 + fields);
      *p = heap_.new_header(Header::make(uint32_t(type_of(object.shape)), fields, object.struct_id)).bits();
      Value v = Value::object(p);
      for (size_t i = 0; i < fields; i++) init(v, i, i == 0 ? Value::from_int(id) : Value::null());
      return v;
    }
    case Shape::Float: {
      double d = double(id);
      Word* p = heap_.allocate(1 + sizeof d / sizeof(Word));
      *p = heap_.new_header(Header::make(uint32_t(rt::Type::Float), sizeof d / sizeof(Word), 0, kOpaque)).bits();
      std::memcpy(p + 1, &d, sizeof d);
      return Value::float_box(p);
    }
    case Shape::String: {
      std::string text = string_text(id, object.string_bytes);
      size_t payload = rt::string_payload_words(text.size());
      Word* p = heap_.allocate(1 + payload);
      *p = heap_.new_header(Header::make(uint32_t(rt::Type::String), payload, 0, kOpaque)).bits();
      p[1] = text.size();
      p[2] = text.size();  // ASCII: one character per byte
      std::memset(p + 1 + rt::kStringPrefixWords, 0, (payload - rt::kStringPrefixWords) * sizeof(Word));
      std::memcpy(p + 1 + rt::kStringPrefixWords, text.data(), text.size());
      return Value::object(p);
    }
  }
  return Value::null();
}

void HeapUnderTest::init(Value object, size_t index, Value v) { init_field(object.address(), index, v); }

std::map<int64_t, Value> HeapUnderTest::match(const Model& model, const std::string& step) {
  Matcher matcher(model, step);
  RC_ASSERT(heap_.roots.values.size() == model.roots.size());
  RC_ASSERT(handle_slots_.size() == model.handles.size());
  RC_ASSERT(handles_.size() == model.handles.size());
  for (size_t i = 0; i < model.roots.size(); i++) {
    matcher.root(model.roots[i], heap_.roots.values[i], slot_name(Area::Root, i));
  }
  for (size_t i = 0; i < model.handles.size(); i++) {
    matcher.root(model.handles[i], *handle_slots_[i], slot_name(Area::Handle, i));
  }
  return matcher.finish();
}

std::map<int64_t, Value> HeapUnderTest::check_step(const Model& model, const std::string& step) {
  verified(step, [this] { heap().verify("after the step, after collection"); });
  std::map<int64_t, Value> objects = match(model, step);
  if (!attributes().moving) {
    for (const auto& [id, v] : objects) {
      auto [it, added] = addresses_.emplace(id, v.address());
      if (!added && it->second != v.address()) {
        std::ostringstream s;
        s << "after `" << step << "`: #" << id << " moved from " << it->second << " to " << v.address()
          << ", and the collector does not move objects";
        RC_FAIL(s.str());
      }
    }
  }
  objects_ = objects;
  return objects;
}

std::map<int64_t, uint64_t> HeapUnderTest::hashes(const std::map<int64_t, Value>& objects) {
  std::map<int64_t, uint64_t> result;
  for (const auto& [id, v] : objects) result.emplace(id, rt::hash_value(v));
  return result;
}

void HeapUnderTest::check_reclaimed(const Model& model) {
  std::string step = std::to_string(kFullCollectionsToReclaim) + " full collections";
  verified(step, [this] {
    for (int i = 0; i < kFullCollectionsToReclaim; i++) heap().collect(GcReason::Explicit);
  });
  check_step(model, step);
  size_t objects = 0, object_words = 0, filler_words = 0;
  heap().for_each_space([&](const SpaceRange& range) {
    if (std::strcmp(range.space, kImmortalSpaceName) == 0) return;
    for (Word* p = range.begin; p < range.end; p += header_of(p).total_words()) {
      if (header_of(p).type() == kFillerType) {
        filler_words += header_of(p).total_words();
      } else {
        objects++;
        object_words += header_of(p).total_words();
      }
    }
  });
  std::set<int64_t> expected = model.reachable();
  const char* which = "reachable";
  if (!attributes().reclaims) {
    expected.clear();
    for (const auto& entry : model.objects) expected.insert(entry.first);
    which = "ever allocated (the collector does not reclaim)";
  }
  size_t expected_words = model.words_of(expected);
  if (objects != expected.size() || object_words != expected_words) {
    RC_FAIL("after " + step + ": the collector's spaces hold " + std::to_string(objects) + " objects of " +
            std::to_string(object_words) + " words; the model has " + std::to_string(expected.size()) +
            " objects of " + std::to_string(expected_words) + " words " + which);
  }
  if (!attributes().reclaims) return;
  size_t used = heap().collector().usage().used_bytes;
  if (used < expected_words * sizeof(Word) || used > (object_words + filler_words) * sizeof(Word)) {
    RC_FAIL("after " + step + ": usage() says " + std::to_string(used) + " bytes are used; the live objects take " +
            std::to_string(expected_words * sizeof(Word)) + " bytes, and with the fillers in the spaces " +
            std::to_string((object_words + filler_words) * sizeof(Word)));
  }
}

}  // namespace beagle::gc::prop
