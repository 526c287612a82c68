#include "collectors/api/allocation.h"

#include <algorithm>
#include <cassert>

namespace beagle::gc {

SizeClasses::SizeClasses(size_t max_object_words) {
  assert(max_object_words >= kMinCellWords);
  cell_words_.push_back(kMinCellWords);
  while (cell_words_.back() < max_object_words) {
    size_t last = cell_words_.back();
    size_t next = last < kLastExactWords ? last + 1 : last + (last + 3) / 4;
    cell_words_.push_back(std::min(next, max_object_words));
  }
  assert(cell_words_.size() <= kMaxSizeClasses);
  class_of_words_.resize(max_object_words + 1);
  size_t size_class = 0;
  for (size_t words = 0; words <= max_object_words; words++) {
    if (cell_words_[size_class] < words) size_class++;
    class_of_words_[words] = uint8_t(size_class);
  }
}

}  // namespace beagle::gc
