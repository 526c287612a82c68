#include "collectors/api/barrier.h"

#include <cstdlib>
#include <new>

namespace beagle::gc {
namespace {

constexpr size_t kInitialRememberedEntries = 256;

void grow_remembered(Mutator& m) {
  size_t used = size_t(m.remembered_top - m.remembered_begin);
  size_t capacity = size_t(m.remembered_limit - m.remembered_begin);
  size_t grown = capacity == 0 ? kInitialRememberedEntries : 2 * capacity;
  auto* entries = static_cast<Word**>(std::realloc(m.remembered_begin, grown * sizeof(Word*)));
  if (entries == nullptr) throw std::bad_alloc();
  m.remembered_begin = entries;
  m.remembered_top = entries + used;
  m.remembered_limit = entries + grown;
}

}  // namespace

void remember_object(Mutator& m, Word* object) {
  *object = header_of(object).without(kUnlogged).bits();
  if (m.remembered_top == m.remembered_limit) grow_remembered(m);
  *m.remembered_top++ = object;
}

Mutator::~Mutator() { std::free(remembered_begin); }

}  // namespace beagle::gc
