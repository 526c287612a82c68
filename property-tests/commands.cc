#include "property-tests/commands.h"

#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "collectors/roots/handles.h"
#include "lang/runtime/values.h"

namespace beagle::gc::prop {
namespace {

// Where an allocation's result goes.
enum class Destination : uint8_t { Root, Handle, Nowhere };

const char* destination_name(Destination d) {
  switch (d) {
    case Destination::Root: return "root";
    case Destination::Handle: return "handle";
    case Destination::Nowhere: return "nowhere (garbage at once)";
  }
  return "?";
}

void push(Model& model, Destination d, ModelValue v) {
  if (d != Destination::Nowhere) model.push(d == Destination::Root ? Area::Root : Area::Handle, v);
}

void push(HeapUnderTest& sut, Destination d, Value v) {
  if (d != Destination::Nowhere) sut.push(d == Destination::Root ? Area::Root : Area::Handle, v);
}

const char* area_name(Area area) { return area == Area::Root ? "root" : "handle"; }

// A value a step stores or pushes: null, an Int, or a reachable object
// (named by its id, so that a step keeps its meaning when shrinking
// removes earlier ones).
struct Source {
  enum class Kind : uint8_t { Null, Int, Object };
  Kind kind = Kind::Null;
  int64_t number = 0;  // Int: the number; Object: the id

  bool valid(const std::set<int64_t>& reachable) const { return kind != Kind::Object || reachable.count(number) != 0; }
  ModelValue in() const {
    switch (kind) {
      case Kind::Null: return ModelValue::null();
      case Kind::Int: return ModelValue::integer(number);
      case Kind::Object: return ModelValue::ref(number);
    }
    return {};
  }
  // Where the object is now: only until the next allocation.
  Value read(const HeapUnderTest& sut) const {
    switch (kind) {
      case Kind::Null: return Value::null();
      case Kind::Int: return Value::from_int(number);
      case Kind::Object: return sut.object(number);
    }
    return {};
  }
  std::string text() const { return describe(in()); }
};

// A new object of the given shape: its id in field 0, null elsewhere.
ModelObject new_object(Shape shape, size_t size, uint32_t struct_id, int64_t id) {
  ModelObject object;
  object.shape = shape;
  object.struct_id = shape == Shape::Struct ? struct_id : 0;
  if (shape == Shape::Array || shape == Shape::Struct) {
    object.fields.assign(size, ModelValue::null());
    if (size > 0) object.fields[0] = ModelValue::integer(id);
  }
  if (shape == Shape::String) object.string_bytes = string_text(id, size).size();
  return object;
}

// Is object `id` reachable, with a field `index` that a step may overwrite
// (never field 0, the id)?
bool has_writable_field(const Model& model, const std::set<int64_t>& reachable, int64_t id, size_t index) {
  if (reachable.count(id) == 0) return false;
  const ModelObject& object = model.objects.at(id);
  return !object.opaque() && index >= 1 && index < object.fields.size();
}

// ------------------------------------------------------------ the steps

class Allocate final : public Step {
 public:
  Allocate(int64_t id, Shape shape, size_t size, uint32_t struct_id, std::vector<std::pair<size_t, Source>> inits,
           Destination destination)
      : id_(id), shape_(shape), size_(size), struct_id_(struct_id), inits_(std::move(inits)),
        destination_(destination) {}

  void checkPreconditions(const Model& s0) const override {
    RC_PRE(s0.fresh(id_));
    if (inits_.empty()) return;
    std::set<int64_t> reachable = s0.reachable();
    for (const auto& [index, source] : inits_) {
      RC_PRE(index >= 1 && index < size_ && (shape_ == Shape::Array || shape_ == Shape::Struct));
      RC_PRE(source.valid(reachable));
    }
  }
  void apply(Model& s0) const override {
    ModelObject object = new_object(shape_, size_, struct_id_, id_);
    for (const auto& [index, source] : inits_) object.fields[index] = source.in();
    s0.add(id_, std::move(object));
    push(s0, destination_, ModelValue::ref(id_));
  }
  void show(std::ostream& os) const override {
    os << "new " << shape_name(shape_) << " #" << id_;
    if (shape_ == Shape::Struct) os << " (struct id " << struct_id_ << ")";
    if (shape_ == Shape::String) os << " of " << size_ << " bytes";
    if (shape_ == Shape::Array || shape_ == Shape::Struct) os << " of " << size_ << " fields";
    os << " -> " << destination_name(destination_);
    const char* separator = "; ";
    for (const auto& [index, source] : inits_) {
      os << separator << "field " << index << " = " << source.text();
      separator = ", ";
    }
  }

 protected:
  // As runtime code does it: the values to store are held in handles
  // across the allocation, which may move them, and read back after it.
  void perform(const Model&, HeapUnderTest& sut) const override {
    Value object;
    {
      HandleScope scope(sut.handles());
      std::vector<Handle> held;
      for (const auto& init : inits_) held.push_back(scope.make(init.second.read(sut)));
      object = sut.allocate(new_object(shape_, size_, struct_id_, id_), id_);
      for (size_t i = 0; i < inits_.size(); i++) HeapUnderTest::init(object, inits_[i].first, held[i].get());
    }
    push(sut, destination_, object);
  }

 private:
  int64_t id_;
  Shape shape_;
  size_t size_;  // fields, or a string's bytes
  uint32_t struct_id_;
  std::vector<std::pair<size_t, Source>> inits_;
  Destination destination_;
};

// A linked list built as runtime code builds one: the node made last held
// in a handle of a scope while the next is allocated.
class AllocateList final : public Step {
 public:
  AllocateList(int64_t first_id, size_t count, size_t fields, Destination destination)
      : first_id_(first_id), count_(count), fields_(fields), destination_(destination) {}

  void checkPreconditions(const Model& s0) const override {
    RC_PRE(s0.fresh(first_id_) && count_ >= 1 && fields_ >= 2);
  }
  void apply(Model& s0) const override {
    ModelValue previous = ModelValue::null();
    for (size_t i = 0; i < count_; i++) {
      int64_t id = first_id_ + int64_t(i);
      ModelObject node = new_object(Shape::Array, fields_, 0, id);
      node.fields[1] = previous;
      s0.add(id, std::move(node));
      previous = ModelValue::ref(id);
    }
    push(s0, destination_, previous);
  }
  void show(std::ostream& os) const override {
    os << "new list #" << first_id_ << "..#" << first_id_ + int64_t(count_) - 1 << ": " << count_
       << " arrays of " << fields_ << " fields, field 1 of each the one before -> " << destination_name(destination_);
  }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override {
    Value head;
    {
      HandleScope scope(sut.handles());
      Handle previous = scope.make(Value::null());
      for (size_t i = 0; i < count_; i++) {
        int64_t id = first_id_ + int64_t(i);
        Value node = sut.allocate(new_object(Shape::Array, fields_, 0, id), id);
        HeapUnderTest::init(node, 1, previous.get());
        previous.set(node);
      }
      head = previous.get();
    }
    push(sut, destination_, head);
  }

 private:
  int64_t first_id_;
  size_t count_;
  size_t fields_;
  Destination destination_;
};

// A store into an existing object, through the store path: a link when the
// value is a reference, an unlink otherwise.
class Store final : public Step {
 public:
  Store(int64_t target, size_t index, Source value) : target_(target), index_(index), value_(value) {}

  void checkPreconditions(const Model& s0) const override {
    std::set<int64_t> reachable = s0.reachable();
    RC_PRE(has_writable_field(s0, reachable, target_, index_));
    RC_PRE(value_.valid(reachable));
  }
  void apply(Model& s0) const override { s0.objects.at(target_).fields[index_] = value_.in(); }
  void show(std::ostream& os) const override {
    os << "store field " << index_ << " of #" << target_ << " = " << value_.text();
  }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override {
    sut.store(sut.object(target_), index_, value_.read(sut));
  }

 private:
  int64_t target_;
  size_t index_;
  Source value_;
};

class Push final : public Step {
 public:
  Push(Source value, Area to) : value_(value), to_(to) {}

  void checkPreconditions(const Model& s0) const override { RC_PRE(value_.valid(s0.reachable())); }
  void apply(Model& s0) const override { s0.push(to_, value_.in()); }
  void show(std::ostream& os) const override { os << "push " << area_name(to_) << " = " << value_.text(); }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override { sut.push(to_, value_.read(sut)); }

 private:
  Source value_;
  Area to_;
};

class DropRoot final : public Step {
 public:
  explicit DropRoot(size_t index) : index_(index) {}

  void checkPreconditions(const Model& s0) const override { RC_PRE(index_ < s0.roots.size()); }
  void apply(Model& s0) const override { s0.roots.erase(s0.roots.begin() + std::ptrdiff_t(index_)); }
  void show(std::ostream& os) const override { os << "drop root[" << index_ << "] (the later roots move down)"; }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override { sut.drop_root(index_); }

 private:
  size_t index_;
};

class OpenScope final : public Step {
 public:
  void apply(Model& s0) const override { s0.scopes.push_back(s0.handles.size()); }
  void show(std::ostream& os) const override { os << "open a handle scope"; }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override { sut.open_scope(); }
};

class CloseScope final : public Step {
 public:
  void checkPreconditions(const Model& s0) const override { RC_PRE(!s0.scopes.empty()); }
  void apply(Model& s0) const override {
    s0.handles.resize(s0.scopes.back());
    s0.scopes.pop_back();
  }
  void show(std::ostream& os) const override { os << "close the handle scope (dropping its handles)"; }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override { sut.close_scope(); }
};

// A collection as the Heap asks for one: HeapFull and Stress let the
// collector choose (a minor collection, for one with generations), Explicit
// collects the whole heap.
class Collect final : public Step {
 public:
  explicit Collect(GcReason reason) : reason_(reason) {}
  void show(std::ostream& os) const override {
    os << "collect (" << gc_reason_name(reason_)
       << (reason_ == GcReason::Explicit ? ": the whole heap)" : ": the collector chooses)");
  }

 protected:
  void perform(const Model&, HeapUnderTest& sut) const override { sut.heap().collect(reason_); }
  bool collects() const override { return true; }

 private:
  GcReason reason_;
};

class CheckReclaimed final : public Step {
 public:
  void show(std::ostream& os) const override {
    os << kFullCollectionsToReclaim << " full collections, then count what the spaces hold";
  }

 protected:
  void perform(const Model& s0, HeapUnderTest& sut) const override { sut.check_reclaimed(s0); }
  bool collects() const override { return true; }
};

// ------------------------------------------------------------ generators

template <typename T, typename... Args>
std::shared_ptr<const HeapCommand> make(Args&&... args) {
  return std::make_shared<const T>(std::forward<Args>(args)...);
}

rc::Gen<Source> any_source(const std::vector<int64_t>& reachable) {
  return rc::gen::exec([reachable] {
    Source source;
    source.kind = *rc::gen::weightedElement<Source::Kind>(
        {{1, Source::Kind::Null}, {2, Source::Kind::Int}, {reachable.empty() ? 0u : 5u, Source::Kind::Object}});
    if (source.kind == Source::Kind::Int) source.number = *rc::gen::inRange<int64_t>(-1000, 1000);
    if (source.kind == Source::Kind::Object) source.number = *rc::gen::elementOf(reachable);
    return source;
  });
}

rc::Gen<Destination> any_destination() {
  return rc::gen::weightedElement<Destination>(
      {{4, Destination::Root}, {2, Destination::Handle}, {1, Destination::Nowhere}});
}

// Mostly small, sometimes up to a few cache lines, sometimes past the
// collector's large-object threshold (`large` words, the header included).
rc::Gen<size_t> any_field_count(size_t large) {
  return rc::gen::weightedOneOf<size_t>({{6, rc::gen::inRange<size_t>(0, 9)},
                                         {2, rc::gen::inRange<size_t>(9, 65)},
                                         {1, rc::gen::inRange<size_t>(large - 8, large + 200)}});
}

rc::Gen<size_t> any_string_bytes(size_t large) {
  return rc::gen::weightedOneOf<size_t>({{6, rc::gen::inRange<size_t>(0, 40)},
                                         {2, rc::gen::inRange<size_t>(40, 520)},
                                         {1, rc::gen::inRange<size_t>((large - 8) * 8, (large + 200) * 8)}});
}

rc::Gen<std::shared_ptr<const HeapCommand>> any_allocation(const Model& model,
                                                          const std::vector<int64_t>& reachable) {
  return rc::gen::exec([id = model.next_id, large = model.large_object_words, reachable] {
    Shape shape = *rc::gen::weightedElement<Shape>(
        {{5, Shape::Array}, {3, Shape::Struct}, {1, Shape::Float}, {1, Shape::String}});
    size_t size = 0;
    uint32_t struct_id = 0;
    if (shape == Shape::Array) size = *any_field_count(large);
    if (shape == Shape::Struct) {
      size = *rc::gen::inRange<size_t>(0, 12);
      struct_id = *rc::gen::inRange<uint32_t>(1, 6);
    }
    if (shape == Shape::String) size = *any_string_bytes(large);
    std::vector<std::pair<size_t, Source>> inits;
    if (size >= 2 && shape != Shape::String) {
      size_t count = *rc::gen::inRange<size_t>(0, 4);
      for (size_t i = 0; i < count; i++) {
        size_t index = *rc::gen::inRange<size_t>(1, size);
        inits.emplace_back(index, *any_source(reachable));
      }
    }
    return make<Allocate>(id, shape, size, struct_id, std::move(inits), *any_destination());
  });
}

rc::Gen<std::shared_ptr<const HeapCommand>> any_list(const Model& model) {
  return rc::gen::exec([first_id = model.next_id] {
    size_t count = *rc::gen::inRange<size_t>(1, 200);
    size_t fields = *rc::gen::inRange<size_t>(2, 6);
    return make<AllocateList>(first_id, count, fields, *any_destination());
  });
}

// A store into a reachable object with a field besides its id.
rc::Gen<std::shared_ptr<const HeapCommand>> any_store(const std::vector<std::pair<int64_t, size_t>>& targets,
                                                     const std::vector<int64_t>& reachable) {
  return rc::gen::exec([targets, reachable] {
    auto [target, fields] = *rc::gen::elementOf(targets);
    size_t index = *rc::gen::inRange<size_t>(1, fields);
    return make<Store>(target, index, *any_source(reachable));
  });
}

rc::Gen<std::shared_ptr<const HeapCommand>> any_push(const std::vector<int64_t>& reachable) {
  return rc::gen::exec([reachable] {
    Source value = *any_source(reachable);
    return make<Push>(value, *rc::gen::element(Area::Root, Area::Handle));
  });
}

rc::Gen<std::shared_ptr<const HeapCommand>> any_collection() {
  return rc::gen::map(rc::gen::element(GcReason::HeapFull, GcReason::Stress, GcReason::Explicit),
                      [](GcReason reason) { return make<Collect>(reason); });
}

}  // namespace

void Step::run(const Model& s0, HeapUnderTest& sut) const {
  std::ostringstream shown;
  show(shown);
  std::map<int64_t, uint64_t> before;
  if (collects()) before = HeapUnderTest::hashes(sut.objects());
  verified(shown.str(), [&] { perform(s0, sut); });
  std::map<int64_t, Value> after = sut.check_step(nextState(s0), shown.str());
  for (const auto& [id, hash] : before) {
    auto it = after.find(id);
    if (it != after.end() && rt::hash_value(it->second) != hash) {
      RC_FAIL("after `" + shown.str() + "`: the hash of #" + std::to_string(id) + " changed");
    }
  }
}

rc::Gen<std::shared_ptr<const HeapCommand>> any_step(const Model& model) {
  // Each choice with its weight; only those valid in this state.
  std::vector<std::pair<size_t, rc::Gen<std::shared_ptr<const HeapCommand>>>> choices;
  std::set<int64_t> reachable_set = model.reachable();
  std::vector<int64_t> reachable(reachable_set.begin(), reachable_set.end());
  std::vector<std::pair<int64_t, size_t>> targets;  // and their field counts
  for (int64_t id : reachable) {
    if (has_writable_field(model, reachable_set, id, 1)) targets.push_back({id, model.objects.at(id).fields.size()});
  }
  choices.emplace_back(25, any_allocation(model, reachable));
  choices.emplace_back(3, any_list(model));
  if (!targets.empty()) choices.emplace_back(25, any_store(targets, reachable));
  choices.emplace_back(8, any_push(reachable));
  if (!model.roots.empty()) {
    choices.emplace_back(8, rc::gen::map(rc::gen::inRange<size_t>(0, model.roots.size()),
                                         [](size_t i) { return make<DropRoot>(i); }));
  }
  choices.emplace_back(3, rc::gen::just(make<OpenScope>()));
  if (!model.scopes.empty()) choices.emplace_back(3, rc::gen::just(make<CloseScope>()));
  choices.emplace_back(12, any_collection());
  choices.emplace_back(2, rc::gen::just(make<CheckReclaimed>()));

  // Uniform whatever RapidCheck's size (gen::inRange is not), each choice
  // as many times as its weight.
  std::vector<rc::Gen<std::shared_ptr<const HeapCommand>>> weighted;
  for (const auto& [weight, gen] : choices) weighted.insert(weighted.end(), weight, gen);
  return rc::gen::join(rc::gen::elementOf(weighted));
}

}  // namespace beagle::gc::prop
