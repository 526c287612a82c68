// The reference model of the property tests: a plain object graph in
// standard containers, holding what the heap should hold after the same
// operations. It knows nothing of addresses, headers or collectors.
//
// Objects are numbered 1, 2, 3, ... in allocation order (a shrunk sequence
// keeps the numbers it had, with gaps); that number, the object's id, is
// how steps and failure messages name them (#12). In the heap an
// object with fields keeps its id in field 0 (an Int), a float box as its
// double, a string as its text; an object with no fields is known by where
// it is in the graph only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace beagle::gc::prop {

// The object shapes, each laid out as the runtime lays it out
// (lang/runtime/objects.h): a mutable array, a struct instance (type data
// = its struct id), a float box and a string (both opaque).
enum class Shape : uint8_t { Array, Struct, Float, String };

const char* shape_name(Shape shape);

// A value in the model: null, an Int, or a reference to an object.
struct ModelValue {
  enum class Kind : uint8_t { Null, Int, Ref };
  Kind kind = Kind::Null;
  int64_t number = 0;  // Int: the number; Ref: the object's id

  static ModelValue null() { return {}; }
  static ModelValue integer(int64_t n) { return {Kind::Int, n}; }
  static ModelValue ref(int64_t id) { return {Kind::Ref, id}; }
  bool is_ref() const { return kind == Kind::Ref; }
  bool operator==(const ModelValue& other) const { return kind == other.kind && number == other.number; }
};

std::string describe(const ModelValue& v);

struct ModelObject {
  Shape shape = Shape::Array;
  uint32_t struct_id = 0;          // Struct
  std::vector<ModelValue> fields;  // Array, Struct: fields[0] is the id (if there is a field)
  size_t string_bytes = 0;         // String

  bool opaque() const { return shape == Shape::Float || shape == Shape::String; }
  // The words the object takes in the heap, its header included.
  size_t total_words() const;
};

// The text of string object `id`: the id in decimal, then letters up to
// `bytes` bytes, so that it names its object wherever it is found.
std::string string_text(int64_t id, size_t bytes);

// The two root classes a test holds values in: the test's root vector and
// the handle area (collectors/roots/handles.h).
enum class Area : uint8_t { Root, Handle };

// "root[3]", "handle[0]".
std::string slot_name(Area area, size_t index);

struct Model {
  // What the collector calls large (its attributes().large_object_words):
  // the generators make objects on both sides of it.
  size_t large_object_words = 256;

  // Every object ever allocated, reachable or not, by id. Each allocation
  // step carries the ids it allocates (the next ones when it was made), so
  // that removing an earlier step while shrinking leaves them as they were.
  std::map<int64_t, ModelObject> objects;
  int64_t next_id = 1;  // greater than every id in `objects`

  std::vector<ModelValue> roots;
  std::vector<ModelValue> handles;
  std::vector<size_t> scopes;  // the handle count when each open scope was opened

  // False if `id` is taken or below next_id (ids only increase).
  bool fresh(int64_t id) const { return id >= next_id; }
  void add(int64_t id, ModelObject object);
  void push(Area area, ModelValue v);

  // The ids of every object reachable from the roots and the handles.
  std::set<int64_t> reachable() const;
  size_t words_of(const std::set<int64_t>& ids) const;
};

}  // namespace beagle::gc::prop
