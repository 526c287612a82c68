#include "collectors/spaces/large_object_space.h"

#include <sys/mman.h>
#include <unistd.h>

namespace beagle::gc {

LargeObjectSpace::LargeObjectSpace(const char* name) : name_(name) {}

LargeObjectSpace::~LargeObjectSpace() {
  for (const auto& [object, total_words] : objects_) unmap(object, total_words);
}

size_t LargeObjectSpace::mapping_bytes(size_t total_words) {
  static const size_t page = size_t(sysconf(_SC_PAGESIZE));
  return (total_words * sizeof(Word) + page - 1) / page * page;
}

Word* LargeObjectSpace::allocate(size_t total_words) {
  size_t bytes = mapping_bytes(total_words);
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return nullptr;
  Word* object = static_cast<Word*>(memory);
  objects_.emplace(object, total_words);
  used_words_ += total_words;
  committed_bytes_ += bytes;
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
      unmap(object, it->second);
      used_words_ -= it->second;
      it = objects_.erase(it);
    }
  }
}

void LargeObjectSpace::for_each_range(const std::function<void(const SpaceRange&)>& fn) const {
  for (const auto& [object, total_words] : objects_) {
    fn({name_, object, object + total_words});
  }
}

void LargeObjectSpace::unmap(Word* object, size_t total_words) {
  size_t bytes = mapping_bytes(total_words);
  munmap(object, bytes);
  committed_bytes_ -= bytes;
}

}  // namespace beagle::gc
