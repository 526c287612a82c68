#include "collectors/spaces/large_object_space.h"

#include <unistd.h>

namespace beagle::gc {

LargeObjectSpace::LargeObjectSpace(const char* name) : name_(name) {}

// The pool unmaps what it keeps; the live objects' mappings go to it first.
LargeObjectSpace::~LargeObjectSpace() {
  for (const auto& [object, total_words] : objects_) pool_.give(object, mapping_bytes(total_words));
}

size_t LargeObjectSpace::mapping_bytes(size_t total_words) {
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  return (total_words * sizeof(Word) + page - 1) / page * page;
}

Word* LargeObjectSpace::allocate(size_t total_words) {
  size_t bytes = mapping_bytes(total_words);
  Word* object = pool_.take(bytes);
  if (object == nullptr) return nullptr;
  objects_.emplace(object, total_words);
  used_words_ += total_words;
  committed_bytes_ += bytes;
  allocated_since_sweep_bytes_ += bytes;
  return object;
}

void LargeObjectSpace::sweep() {
  for (auto it = objects_.begin(); it != objects_.end();) {
    Word* object = it->first;
    Header h = header_of(object);
    if (h.has(kMarked)) {
      *object = h.without(kMarked).bits();
      ++it;
    } else {
      size_t bytes = mapping_bytes(it->second);
      pool_.give(object, bytes);
      committed_bytes_ -= bytes;
      used_words_ -= it->second;
      it = objects_.erase(it);
    }
  }
  pool_.trim(allocated_since_sweep_bytes_);
  allocated_since_sweep_bytes_ = 0;
}

void LargeObjectSpace::for_each_range(const std::function<void(const SpaceRange&)>& fn) const {
  for (const auto& [object, total_words] : objects_) {
    fn({name_, object, object + total_words});
  }
}

}  // namespace beagle::gc
