#include "collectors/api/barrier.h"

#include <cstddef>
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

void log_entry(Mutator& m, Word* entry) {
  if (m.remembered_top == m.remembered_limit) grow_remembered(m);
  *m.remembered_top++ = entry;
}

}  // namespace

void remember(Mutator& m, Word* object, Value* slot) {
  Header h = header_of(object);
  if (h.total_words() < m.remember_slots_from) {
    // Atomic, since other threads read the header (and may store into the
    // object too: the one whose clear takes the bit logs the object).
    Word unlogged = Word(kUnlogged) << 8;
    if (__atomic_fetch_and(object, ~unlogged, __ATOMIC_RELAXED) & unlogged) log_entry(m, object);
  } else if (slot->is_reference()) {
    log_entry(m, reinterpret_cast<Word*>(reinterpret_cast<uintptr_t>(slot) | 1));
  }
}

void log_overwritten(Mutator& m, Value overwritten) {
  if (!overwritten.is_reference() || header_of(overwritten.address()).has(kImmortal)) return;
  log_entry(m, overwritten.address());
  if (m.remembered_top - m.remembered_begin >= std::ptrdiff_t(kSnapshotLogEntries)) m.log_sink->take_log(m);
}

Mutator::~Mutator() { std::free(remembered_begin); }

}  // namespace beagle::gc
