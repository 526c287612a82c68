#include "property-tests/model.h"

#include <algorithm>

namespace beagle::gc::prop {

const char* shape_name(Shape shape) {
  switch (shape) {
    case Shape::Array: return "array";
    case Shape::Struct: return "struct";
    case Shape::Float: return "float";
    case Shape::String: return "string";
  }
  return "?";
}

std::string describe(const ModelValue& v) {
  switch (v.kind) {
    case ModelValue::Kind::Null: return "null";
    case ModelValue::Kind::Int: return "Int " + std::to_string(v.number);
    case ModelValue::Kind::Ref: return "#" + std::to_string(v.number);
  }
  return "?";
}

size_t ModelObject::total_words() const {
  switch (shape) {
    case Shape::Array:
    case Shape::Struct: return 1 + fields.size();
    case Shape::Float: return 2;  // the header and the double
    case Shape::String: return 3 + (string_bytes + 7) / 8;  // header, byte length, character count, bytes
  }
  return 0;
}

std::string string_text(int64_t id, size_t bytes) {
  std::string text = std::to_string(id);
  if (text.size() < bytes) text.append(bytes - text.size(), char('a' + id % 26));
  return text;
}

std::string slot_name(Area area, size_t index) {
  return std::string(area == Area::Root ? "root[" : "handle[") + std::to_string(index) + "]";
}

void Model::add(int64_t id, ModelObject object) {
  objects.emplace(id, std::move(object));
  next_id = id + 1;
}

void Model::push(Area area, ModelValue v) { (area == Area::Root ? roots : handles).push_back(v); }

std::set<int64_t> Model::reachable() const {
  std::set<int64_t> seen;
  std::vector<int64_t> pending;
  auto reach = [&](const ModelValue& v) {
    if (v.is_ref() && seen.insert(v.number).second) pending.push_back(v.number);
  };
  for (const ModelValue& v : roots) reach(v);
  for (const ModelValue& v : handles) reach(v);
  while (!pending.empty()) {
    int64_t id = pending.back();
    pending.pop_back();
    for (const ModelValue& v : objects.at(id).fields) reach(v);
  }
  return seen;
}

size_t Model::words_of(const std::set<int64_t>& ids) const {
  size_t words = 0;
  for (int64_t id : ids) words += objects.at(id).total_words();
  return words;
}

}  // namespace beagle::gc::prop
