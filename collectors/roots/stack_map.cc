#include "collectors/roots/stack_map.h"

#include <stdexcept>
#include <string>

namespace beagle::gc {

void StackMapTable::add(uintptr_t return_address, StackMap map) {
  std::lock_guard<std::mutex> guard(lock_);
  bool inserted = maps_.emplace(return_address, std::move(map)).second;
  if (!inserted) throw std::logic_error("stack map added twice for return address " + std::to_string(return_address));
}

// Lookups happen while the world is stopped, but code may be registered by
// another thread compiling at the same time, so the lock is taken here too.
const StackMap* StackMapTable::find(uintptr_t return_address) const {
  std::lock_guard<std::mutex> guard(lock_);
  auto it = maps_.find(return_address);
  return it == maps_.end() ? nullptr : &it->second;
}

size_t StackMapTable::size() const {
  std::lock_guard<std::mutex> guard(lock_);
  return maps_.size();
}

}  // namespace beagle::gc
